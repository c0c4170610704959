// SPDX-License-Identifier: BSD-3-Clause
// What EVPN programs into the dataplane: remote MACs (type 2) and flood-list
// entries (type 3) per bridge domain, sent as DP_MSG_MAC_ADD/DEL and
// DP_MSG_FLOOD_ADD/DEL. A VTEP with MACs or flood entries behind it holds a
// reference on its underlay next hop (underlay_nh_ref) while it has any; a VTEP
// the underlay does not route to is refused (-EHOSTUNREACH) and nothing is
// programmed. Flood VTEPs configured with `flood-vtep` belong to the bridge
// domain config: EVPN neither adds nor removes them. Control thread only.
#ifndef EVPND_EVPN_DP_H
#define EVPND_EVPN_DP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cp/config/config.h"
#include "dp/dp_api.h"

int evpn_dp_init(const struct evpnd_config *cfg);
// A reload put a new configuration in *cfg: the pointers into its bridge domains
// are taken again.
void evpn_dp_config_swapped(const struct evpnd_config *cfg);
// Removes everything EVPN programmed and drops the next-hop references.
void evpn_dp_fini(void);

// Remote MAC behind vtep, sent with send_vni, in place of the remote entry
// behind `replaces` (NULL: none was programmed; the same VTEP: the entry is
// programmed again, to pin or unpin it). `pinned`: a local sighting does not
// displace it in the dataplane (evpn_mac decides when). 0; -EHOSTUNREACH (no
// underlay route), -ENOMEM, -ENOBUFS: then nothing is programmed for the MAC,
// the entry it replaced removed. The caller (evpn_mac) remembers which VTEP
// each MAC is behind: no per-MAC state here, only a count per VTEP.
int evpn_dp_mac_install(uint16_t bd, const uint8_t mac[6], const struct dp_ip *vtep,
	uint32_t send_vni, bool pinned, const struct dp_ip *replaces);
// Removes the remote MAC programmed behind vtep.
void evpn_dp_mac_remove(uint16_t bd, const uint8_t mac[6], const struct dp_ip *vtep);
// The dataplane replaced the remote MAC behind vtep by a local one (learned on
// an access port): release it without a MAC_DEL.
void evpn_dp_mac_forget(uint16_t bd, const struct dp_ip *vtep);

// Whether the underlay reaches vtep (a connected prefix, or a route to one).
bool evpn_dp_vtep_reachable(const struct dp_ip *vtep);

// A remote VTEP (type 3) in the flood list. 0, -EHOSTUNREACH, -ENOSPC, -ENOBUFS.
int evpn_dp_flood_add(uint16_t bd, const struct dp_ip *vtep, uint32_t send_vni);
void evpn_dp_flood_del(uint16_t bd, const struct dp_ip *vtep);

// The flood VTEPs EVPN programmed for bd (show), and how many there are.
typedef int (*evpn_dp_flood_cb)(const struct dp_ip *vtep, uint32_t send_vni, void *arg);
int evpn_dp_flood_walk(uint16_t bd, evpn_dp_flood_cb cb, void *arg);
size_t evpn_dp_flood_count(uint16_t bd);
size_t evpn_dp_mac_count(uint16_t bd);

#endif
