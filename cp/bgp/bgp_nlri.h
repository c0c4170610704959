// SPDX-License-Identifier: BSD-3-Clause
// NLRI fields: IPv4/IPv6 prefixes (RFC 4271 4.3, RFC 4760 5, path
// identifiers of RFC 7911) and typed NLRI such as EVPN's (RFC 7432 7: route
// type, length, value). Iterators walk a bounded view; checkers tell whether
// a whole field parses (RFC 7606 5.3).
#ifndef EVPND_BGP_NLRI_H
#define EVPND_BGP_NLRI_H

#include "bgp_msg.h"

struct bgp_prefix {
	uint16_t afi;	  // BGP_AFI_IPV4 or BGP_AFI_IPV6
	uint8_t len;	  // bits
	uint32_t path_id; // 0 without add-path
	uint8_t addr[16]; // network order, bits past len zeroed
};

struct bgp_nlri_iter {
	const uint8_t *p;
	const uint8_t *end;
	uint16_t afi;
	bool add_path;
};

// One typed NLRI (EVPN route): the value is what follows type and length.
struct bgp_typed_nlri {
	uint8_t type;
	uint32_t path_id;
	struct bgp_bytes value;
	struct bgp_bytes whole; // type, length and value as on the wire
};

// Starts a walk over 'field' holding NLRI of 'afi'.
void bgp_nlri_iter_init(
	struct bgp_nlri_iter *it, struct bgp_bytes field, uint16_t afi, bool add_path);
// Next prefix: 1 and *out filled, 0 at the end, -EBADMSG if the field is bad.
int bgp_nlri_next(struct bgp_nlri_iter *it, struct bgp_prefix *out);
// Next typed NLRI (EVPN): 1, 0 at the end, -EBADMSG when a length overruns.
int bgp_typed_nlri_next(struct bgp_nlri_iter *it, struct bgp_typed_nlri *out);

// 0 when every prefix in 'field' is well formed for 'afi', else -EBADMSG.
int bgp_nlri_check(struct bgp_bytes field, uint16_t afi, bool add_path);
// Same for a field of typed NLRI.
int bgp_typed_nlri_check(struct bgp_bytes field, bool add_path);
// True for the families whose NLRI the codec walks (and so checks).
bool bgp_nlri_is_prefix_family(uint16_t afi, uint8_t safi);

// Writes one prefix in NLRI form; returns its size, -ENOSPC or -EINVAL.
int bgp_prefix_encode(uint8_t *buf, size_t cap, const struct bgp_prefix *p, bool add_path);

// The per-family index of the context switches, or BGP_AF_MAX.
enum bgp_af bgp_af_index(uint16_t afi, uint8_t safi);
// Its inverse (AFI and SAFI 0 for BGP_AF_MAX).
struct bgp_afi_safi bgp_af_family(enum bgp_af af);

#endif
