// SPDX-License-Identifier: BSD-3-Clause
// Encoding BGP messages. Every function writes one whole message into buf
// (cap octets) and returns its length, or -ENOSPC when it does not fit and
// -EINVAL when the input cannot be encoded. Output decodes back with
// bgp_decode.h to the same values.
#ifndef EVPND_BGP_ENCODE_H
#define EVPND_BGP_ENCODE_H

#include "bgp_attr.h"
#include "bgp_msg.h"
#include "bgp_nlri.h"

int bgp_encode_keepalive(uint8_t *buf, size_t cap);
// OPEN with the capabilities of open->caps (unknown ones written back as is).
int bgp_encode_open(uint8_t *buf, size_t cap, const struct bgp_open *open);
// Data longer than what fits in 4096 octets is cut.
int bgp_encode_notification(uint8_t *buf, size_t cap, uint8_t code, uint8_t subcode,
	const uint8_t *data, size_t data_len);
int bgp_encode_route_refresh(uint8_t *buf, size_t cap, uint16_t afi, uint8_t safi, uint8_t subtype);
// End-of-RIB: an empty UPDATE for IPv4 unicast, an empty MP_UNREACH_NLRI else.
int bgp_encode_eor(uint8_t *buf, size_t cap, uint16_t afi, uint8_t safi);

// Sets my_as and the 4-octet AS capability for 'asn' (AS_TRANS when needed).
void bgp_open_set_asn(struct bgp_open *open, uint32_t asn);

// One AS_PATH segment to encode: at most 255 ASNs.
struct bgp_path_seg {
	uint8_t type; // BGP_ASPATH_*
	uint8_t count;
	const uint32_t *asns;
};

// Optional attributes present in a bgp_attr_set (lists are present when
// their count is not 0; ORIGIN and AS_PATH are always written).
#define BGP_AS_MED (1u << 0)
#define BGP_AS_LOCAL_PREF (1u << 1)
#define BGP_AS_ATOMIC_AGGREGATE (1u << 2)
#define BGP_AS_AGGREGATOR (1u << 3)
#define BGP_AS_ORIGINATOR_ID (1u << 4)
#define BGP_AS_PMSI_TUNNEL (1u << 5)

// The path attributes of the routes of one UPDATE, and their family. For
// IPv4 unicast next_hop becomes NEXT_HOP; for any other family (or with a
// 16/32-octet next hop) mp_nexthop goes into MP_REACH_NLRI.
struct bgp_attr_set {
	uint16_t afi;
	uint8_t safi;
	uint32_t has; // BGP_AS_*
	uint8_t origin;
	uint8_t n_segs;
	const struct bgp_path_seg *as_path;
	struct in_addr next_hop;
	uint8_t mp_nexthop_len; // 4, 16 or 32
	uint8_t mp_nexthop[32];
	uint32_t med;
	uint32_t local_pref;
	struct bgp_aggregator aggregator;
	uint16_t n_communities;
	const uint32_t *communities;
	struct in_addr originator_id;
	uint16_t n_cluster_list;
	const struct in_addr *cluster_list;
	uint16_t n_ext_communities;
	const struct bgp_ext_comm *ext_communities;
	uint16_t n_large_communities;
	const struct bgp_large_comm *large_communities;
	struct bgp_pmsi pmsi;
	uint8_t n_passthrough; // unknown optional transitive: sent with the partial bit
	const struct bgp_raw_attr *passthrough;
};

// Writes every attribute of 'a' except MP_REACH_NLRI, NEXT_HOP only if
// with_next_hop; 2- or 4-octet ASNs per ctx (AS4_PATH/AS4_AGGREGATOR added for
// an old speaker when needed). Returns the octets written or -errno.
int bgp_attrs_encode(uint8_t *buf, size_t cap, const struct bgp_attr_set *a,
	const struct bgp_codec_ctx *ctx, bool with_next_hop);

// Builds UPDATEs packing as many NLRI as fit: begin, add until -ENOSPC,
// finish, send, begin again with the NLRI that did not fit.
struct bgp_update_builder {
	uint8_t *buf;
	uint16_t limit;	   // message size budget
	uint16_t len;	   // octets written at the front
	uint16_t tail_len; // attributes parked at buf + limit - tail_len
	uint16_t mp_off;   // offset of the MP attribute, 0 if none
	uint16_t afi;
	uint8_t safi;
	bool withdraw;
	bool add_path;
	unsigned n_nlri;
};

// Starts an UPDATE announcing routes of a->afi/safi with attributes 'a'. buf
// must hold ctx->max_len (or 4096) octets or cap, the smaller.
int bgp_update_begin(struct bgp_update_builder *b, uint8_t *buf, size_t cap,
	const struct bgp_codec_ctx *ctx, const struct bgp_attr_set *a);
// Starts an UPDATE withdrawing routes of afi/safi.
int bgp_update_begin_withdraw(struct bgp_update_builder *b, uint8_t *buf, size_t cap,
	const struct bgp_codec_ctx *ctx, uint16_t afi, uint8_t safi);
// Adds one NLRI already in wire form (path identifier included with
// add-path); -ENOSPC when the message is full (nothing written then).
int bgp_update_add_nlri(struct bgp_update_builder *b, const uint8_t *nlri, size_t len);
int bgp_update_add_prefix(struct bgp_update_builder *b, const struct bgp_prefix *p);
// Closes the message; returns its length.
int bgp_update_finish(struct bgp_update_builder *b);

#endif
