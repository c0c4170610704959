// SPDX-License-Identifier: BSD-3-Clause
// Internal to the cp/bgp decoder: the faults an UPDATE can have and the
// functions the decoding files share.
#ifndef EVPND_BGP_DECODE_PRIV_H
#define EVPND_BGP_DECODE_PRIV_H

#include "bgp_msg.h"

// Every UPDATE fault the decoder can find. bgp_rfc7606.c maps each to its
// approach, NOTIFICATION subcode and log string.
enum bgp_upd_fault {
	BGP_UF_NONE,
	BGP_UF_WITHDRAWN_LEN,	 // Withdrawn Routes Length overruns the message
	BGP_UF_ATTRS_LEN,	 // Total Path Attribute Length overruns the message
	BGP_UF_WITHDRAWN_SYNTAX, // a withdrawn prefix is bad (RFC 7606 5.3)
	BGP_UF_NLRI_SYNTAX,	 // an NLRI prefix is bad (RFC 7606 5.3)
	BGP_UF_ATTR_OVERRUN,	 // an attribute overruns the attribute block (RFC 7606 4)
	BGP_UF_ATTR_OVERRUN_MP,	 // ... and it is MP_REACH/MP_UNREACH: its NLRI are lost
	BGP_UF_DUPLICATE,	 // repeated attribute: later ones dropped (RFC 7606 3.g)
	BGP_UF_DUPLICATE_MP,	 // repeated MP_REACH/MP_UNREACH
	BGP_UF_FLAGS,		 // optional/transitive bits wrong (RFC 7606 3.c)
	BGP_UF_UNKNOWN_WELLKNOWN,
	BGP_UF_MISSING_ORIGIN,
	BGP_UF_MISSING_AS_PATH,
	BGP_UF_MISSING_NEXT_HOP,
	BGP_UF_ORIGIN_LEN,
	BGP_UF_ORIGIN_VALUE,
	BGP_UF_AS_PATH_MALFORMED,
	BGP_UF_AS_PATH_CONFED,
	BGP_UF_AS_PATH_AS0,
	BGP_UF_NEXT_HOP_LEN,
	BGP_UF_MED_LEN,
	BGP_UF_LOCAL_PREF_EBGP,
	BGP_UF_LOCAL_PREF_LEN,
	BGP_UF_ATOMIC_AGGREGATE_LEN,
	BGP_UF_AGGREGATOR_LEN,
	BGP_UF_AGGREGATOR_AS0,
	BGP_UF_COMMUNITIES_LEN,
	BGP_UF_ORIGINATOR_ID_EBGP,
	BGP_UF_ORIGINATOR_ID_LEN,
	BGP_UF_CLUSTER_LIST_EBGP,
	BGP_UF_CLUSTER_LIST_LEN,
	BGP_UF_MP_SHORT,   // too short to hold AFI/SAFI
	BGP_UF_MP_NEXTHOP, // next hop length overruns or is wrong for the family
	BGP_UF_MP_NLRI,	   // the NLRI inside does not parse
	BGP_UF_EXT_COMMUNITIES_LEN,
	BGP_UF_AS4_PATH_MALFORMED,
	BGP_UF_AS4_AGGREGATOR_LEN,
	BGP_UF_AS4_FROM_AS4, // AS4_* from a 4-octet speaker (RFC 6793 3)
	BGP_UF_PMSI_TUNNEL_LEN,
	BGP_UF_LARGE_COMMUNITY_LEN,
	BGP_UF_TOO_MANY_UNKNOWN, // more unknown transitive attributes than we keep
	BGP_UF_MAX,
};

// One attribute as found on the wire.
struct bgp_attr_in {
	uint8_t flags;
	uint8_t type;
	struct bgp_bytes value;
	struct bgp_bytes whole; // flags, type, length and value
};

// Records a fault; the strongest approach wins, the first one among equals.
// attr may be NULL; afi/safi matter for AFI_SAFI_DISABLE.
void bgp_7606_raise(struct bgp_fault *f, enum bgp_upd_fault uf, const struct bgp_attr_in *attr,
	uint16_t afi, uint8_t safi);
// The approach a fault gets (for tests and the fault table's users).
enum bgp_action bgp_7606_action(enum bgp_upd_fault uf);
// Marks a fault as a session reset with the given NOTIFICATION (non-UPDATE).
void bgp_fault_reset(struct bgp_fault *f, uint8_t code, uint8_t subcode, const uint8_t *data,
	size_t data_len, const char *reason);

// Walks upd->attrs, filling *upd and raising faults.
void bgp_attrs_decode(struct bgp_update *upd, const struct bgp_codec_ctx *ctx, struct bgp_fault *f);

static inline void bgp_bit_set(uint64_t *map, uint8_t bit)
{
	map[bit / 64] |= 1ull << (bit % 64);
}

static inline bool bgp_bit_test(const uint64_t *map, uint8_t bit)
{
	return map[bit / 64] & (1ull << (bit % 64));
}

#endif
