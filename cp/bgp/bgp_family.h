// SPDX-License-Identifier: BSD-3-Clause
// What the speaker must know of an address family whose NLRI it keeps as bytes
// (l2vpn evpn today; VPNv4/VPNv6 next): the route key of an NLRI, how to
// print one and its export rule. The module that owns the family registers it
// at start-up (the EVPN module for l2vpn evpn), so the speaker parses none of
// its NLRI; until then the family's routes are refused (-ENOTSUP) and not
// kept. Control thread only.
#ifndef EVPND_BGP_FAMILY_H
#define EVPND_BGP_FAMILY_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include "cp/bgp/bgp_msg.h"

#define BGP_FAMILY_KEY_MAX 48 // octets of a route key

struct bgp_family {
	enum bgp_af af;
	const char *name; // "l2vpn evpn"
	// The route key of one NLRI (as received, without path id) into key
	// (BGP_FAMILY_KEY_MAX): its length, or -EINVAL (lengths that contradict
	// the NLRI's type, too long) or -ENOTSUP (a type the family does not know).
	int (*key)(const uint8_t *nlri, size_t len, uint8_t *key);
	// One NLRI as text for logs and "show" (snprintf semantics).
	int (*print)(char *buf, size_t size, const uint8_t *nlri, size_t len);
	// Export rule (bgp_export.c): the family's paths keep their next hop
	// towards every neighbor, never next hop self (l2vpn evpn: the VTEP that
	// originated the route).
	bool keep_next_hop;
	// The next hop is a tunnel endpoint (l2vpn evpn: the VTEP): it must be a
	// unicast address a tunnel can end at, IPv4 or IPv6 (of a 32-octet next
	// hop the global one). One that is not (unspecified, loopback, multicast,
	// IPv6 link-local or IPv4-mapped) makes the UPDATE treat-as-withdraw.
	bool tunnel_next_hop;
};

// f must stay valid until unregistered. 0, -EINVAL (af out of range, no key
// function) or -EEXIST (another table registered for af).
int bgp_family_register(const struct bgp_family *f);
void bgp_family_unregister(enum bgp_af af);

extern const struct bgp_family *bgp_families[BGP_AF_MAX];

// The table of af, or NULL when none is registered.
static inline const struct bgp_family *bgp_family_get(enum bgp_af af)
{
	return (unsigned)af < BGP_AF_MAX ? bgp_families[af] : NULL;
}

// The family's key of nlri (see struct bgp_family), -ENOTSUP without a table.
static inline int bgp_family_key(enum bgp_af af, const uint8_t *nlri, size_t len, uint8_t *key)
{
	const struct bgp_family *f = bgp_family_get(af);

	return f != NULL ? f->key(nlri, len, key) : -ENOTSUP;
}

#endif
