// SPDX-License-Identifier: BSD-3-Clause
// The difference between the running configuration and a new one (evpnctl reload,
// SIGHUP), section by section: the changes evpnd can apply at run time (bridge
// domains, their members, static MACs and flood-vteps, a VNI's rd and route targets,
// BGP neighbors), or the first change it cannot (with its line and what it needs).
// Pure C on two parsed configs.
#ifndef EVPND_CONFIG_DIFF_H
#define EVPND_CONFIG_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cp/config/config.h"

enum cfg_change_kind {
	CFG_CHANGE_BD,	     // a whole bridge domain (VXLAN, no gateway or vrf) and its VNI
	CFG_CHANGE_MAC,	     // a static MAC of a bridge domain ("mac M port P", "... remote-vtep")
	CFG_CHANGE_FLOOD,    // a flood-vtep of a bridge domain
	CFG_CHANGE_MEMBER,   // an access member of a bridge domain
	CFG_CHANGE_VNI,	     // the rd/route-targets of a domain's VNI ("vni N" block): add
	CFG_CHANGE_NEIGHBOR, // a BGP neighbor (not a peer-group): idx in bgp.nbrs, bd unused
};

// One change. Removals name the running config's item, additions the new one's.
struct cfg_change {
	enum cfg_change_kind kind;
	bool add;
	uint32_t bd;   // the bridge domain's id
	size_t bd_idx; // its index in the config the item belongs to
	size_t idx;    // the item's index in that bridge domain's array
	unsigned line; // of the item in its file, 0 in memory
};

struct cfg_diff {
	struct cfg_change *v; // removals first, then additions
	size_t n;
	// Not applicable at run time: the first change that is not, "LINE: what changed:
	// what it needs" (line of the new file when it has one).
	bool refused;
	unsigned line;
	char reason[256];
};

// Fills *d (zeroed first) with the changes from run to next. 0, or -ENOMEM. A
// change that cannot be applied at run time sets d->refused (and returns 0).
int config_diff(const struct evpnd_config *run, const struct evpnd_config *next,
	struct cfg_diff *d);
void config_diff_free(struct cfg_diff *d);

// The change as the log line says it: "bridge-domain 10: mac 02:..:01 port host0 added".
void cfg_change_str(const struct evpnd_config *run, const struct evpnd_config *next,
	const struct cfg_change *c, char *buf, size_t len);

#endif
