// SPDX-License-Identifier: BSD-3-Clause
// What the speaker must know of an address family (its NLRI are kept as bytes
// in one RIB, bgp_rib_nlri.c): the route key of an NLRI, how to print one and
// its export rule. IPv4 and IPv6 unicast are the speaker's own, registered from
// the start (bgp_family_unicast.c); the module that owns another family
// registers it at start-up (the EVPN module for l2vpn evpn; VPNv4/VPNv6 next),
// so the speaker parses none of its NLRI; until then the family's routes are
// refused (-ENOTSUP) and not kept. Control thread only.
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
	// The key of an NLRI is the NLRI made canonical (unicast: bits past the
	// prefix cleared): the RIB keeps the key as the path's NLRI and compares
	// routes without calling key.
	bool nlri_is_key;
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

// IPv4 and IPv6 unicast (bgp_family_unicast.c): an NLRI is the prefix length
// in bits and the prefix's octets (bits past the length zero).
extern const struct bgp_family bgp_family_ipv4_unicast, bgp_family_ipv6_unicast;
#define BGP_UNICAST_NLRI_MAX 17
// The NLRI of addr/bits (16 octets readable at addr for IPv6, 4 for IPv4) into
// nlri (BGP_UNICAST_NLRI_MAX): its length.
size_t bgp_unicast_nlri(uint8_t *nlri, uint8_t bits, const void *addr);
// The prefix of a unicast NLRI into addr (16 octets, zero past the prefix): its
// length in bits.
uint8_t bgp_unicast_addr(const uint8_t *nlri, size_t len, void *addr);

#endif
