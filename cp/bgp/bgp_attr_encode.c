// SPDX-License-Identifier: BSD-3-Clause
// Encoding path attributes from a bgp_attr_set, in type order, with 2- or
// 4-octet ASNs as the session needs (RFC 6793 4.2.2 for old speakers).
#include "bgp_encode.h"
#include "bgp_wire.h"

#include <errno.h>

#define WELL_KNOWN BGP_ATTR_F_TRANSITIVE
#define OPT_TRANS (BGP_ATTR_F_OPTIONAL | BGP_ATTR_F_TRANSITIVE)
#define OPT_NON_TRANS BGP_ATTR_F_OPTIONAL

// Flags, type and length; the extended length form only when needed.
static void attr_hdr(struct bgp_out *o, uint8_t flags, uint8_t type, size_t len)
{
	if (len > UINT16_MAX) {
		o->full = true;
		return;
	}
	flags &= (uint8_t)~BGP_ATTR_F_EXT_LEN;
	if (len > 255)
		flags |= BGP_ATTR_F_EXT_LEN;
	bgp_out_u8(o, flags);
	bgp_out_u8(o, type);
	if (len > 255)
		bgp_out_u16(o, (uint16_t)len);
	else
		bgp_out_u8(o, (uint8_t)len);
}

static void attr_u32(struct bgp_out *o, uint8_t flags, uint8_t type, uint32_t v)
{
	attr_hdr(o, flags, type, 4);
	bgp_out_u32(o, v);
}

static bool is_confed(uint8_t type)
{
	return type == BGP_ASPATH_CONFED_SEQUENCE || type == BGP_ASPATH_CONFED_SET;
}

static bool path_valid(const struct bgp_attr_set *a)
{
	for (unsigned i = 0; i < a->n_segs; i++) {
		const struct bgp_path_seg *s = &a->as_path[i];
		if (s->count == 0 || s->type < BGP_ASPATH_SET || s->type > BGP_ASPATH_CONFED_SET)
			return false;
	}
	return true;
}

// True when an old speaker must also get AS4_PATH.
static bool path_needs_as4(const struct bgp_attr_set *a)
{
	for (unsigned i = 0; i < a->n_segs; i++)
		for (unsigned j = 0; j < a->as_path[i].count; j++)
			if (a->as_path[i].asns[j] > UINT16_MAX && !is_confed(a->as_path[i].type))
				return true;
	return false;
}

// AS_PATH (as4 false: 2-octet ASNs, AS_TRANS for the big ones) or AS4_PATH
// (as4 true: confed segments left out).
static void aspath_put(
	struct bgp_out *o, const struct bgp_attr_set *a, uint8_t type, unsigned asn_size)
{
	bool as4_path = type == BGP_ATTR_AS4_PATH;
	size_t len = 0;

	for (unsigned i = 0; i < a->n_segs; i++)
		if (!(as4_path && is_confed(a->as_path[i].type)))
			len += 2 + (size_t)a->as_path[i].count * asn_size;
	if (as4_path && len == 0)
		return;
	attr_hdr(o, as4_path ? OPT_TRANS : WELL_KNOWN, type, len);
	for (unsigned i = 0; i < a->n_segs; i++) {
		const struct bgp_path_seg *s = &a->as_path[i];
		if (as4_path && is_confed(s->type))
			continue;
		bgp_out_u8(o, s->type);
		bgp_out_u8(o, s->count);
		for (unsigned j = 0; j < s->count; j++) {
			if (asn_size == 4)
				bgp_out_u32(o, s->asns[j]);
			else
				bgp_out_u16(o, s->asns[j] > UINT16_MAX ? BGP_AS_TRANS : s->asns[j]);
		}
	}
}

static void aggregator_put(struct bgp_out *o, const struct bgp_attr_set *a, bool four)
{
	if (four) {
		attr_hdr(o, OPT_TRANS, BGP_ATTR_AGGREGATOR, 8);
		bgp_out_u32(o, a->aggregator.asn);
	} else {
		uint32_t asn = a->aggregator.asn;
		attr_hdr(o, OPT_TRANS, BGP_ATTR_AGGREGATOR, 6);
		bgp_out_u16(o, asn > UINT16_MAX ? BGP_AS_TRANS : (uint16_t)asn);
	}
	bgp_out_bytes(o, &a->aggregator.addr, 4);
}

static void lists_put(struct bgp_out *o, const struct bgp_attr_set *a)
{
	if (a->n_communities) {
		attr_hdr(o, OPT_TRANS, BGP_ATTR_COMMUNITIES, (size_t)a->n_communities * 4);
		for (unsigned i = 0; i < a->n_communities; i++)
			bgp_out_u32(o, a->communities[i]);
	}
	if (a->has & BGP_AS_ORIGINATOR_ID) {
		attr_hdr(o, OPT_NON_TRANS, BGP_ATTR_ORIGINATOR_ID, 4);
		bgp_out_bytes(o, &a->originator_id, 4);
	}
	if (a->n_cluster_list) {
		attr_hdr(o, OPT_NON_TRANS, BGP_ATTR_CLUSTER_LIST, (size_t)a->n_cluster_list * 4);
		bgp_out_bytes(o, a->cluster_list, (size_t)a->n_cluster_list * 4);
	}
	if (a->n_ext_communities) {
		size_t n = (size_t)a->n_ext_communities * 8;
		attr_hdr(o, OPT_TRANS, BGP_ATTR_EXT_COMMUNITIES, n);
		bgp_out_bytes(o, a->ext_communities, n);
	}
}

static void as4_put(struct bgp_out *o, const struct bgp_attr_set *a, bool four)
{
	if (four)
		return;
	if (path_needs_as4(a))
		aspath_put(o, a, BGP_ATTR_AS4_PATH, 4);
	if ((a->has & BGP_AS_AGGREGATOR) && a->aggregator.asn > UINT16_MAX) {
		attr_hdr(o, OPT_TRANS, BGP_ATTR_AS4_AGGREGATOR, 8);
		bgp_out_u32(o, a->aggregator.asn);
		bgp_out_bytes(o, &a->aggregator.addr, 4);
	}
}

static void tail_put(struct bgp_out *o, const struct bgp_attr_set *a)
{
	if (a->has & BGP_AS_PMSI_TUNNEL) {
		attr_hdr(o, OPT_TRANS, BGP_ATTR_PMSI_TUNNEL, 5 + (size_t)a->pmsi.tunnel_id.len);
		bgp_out_u8(o, a->pmsi.flags);
		bgp_out_u8(o, a->pmsi.tunnel_type);
		uint8_t *p = bgp_out_take(o, 3);
		if (p)
			bgp_put24(p, a->pmsi.label);
		bgp_out_bytes(o, a->pmsi.tunnel_id.ptr, a->pmsi.tunnel_id.len);
	}
	if (a->n_large_communities) {
		attr_hdr(o, OPT_TRANS, BGP_ATTR_LARGE_COMMUNITY,
			(size_t)a->n_large_communities * 12);
		for (unsigned i = 0; i < a->n_large_communities; i++) {
			bgp_out_u32(o, a->large_communities[i].global);
			bgp_out_u32(o, a->large_communities[i].local1);
			bgp_out_u32(o, a->large_communities[i].local2);
		}
	}
	// Unknown transitive attributes passed on: partial (RFC 4271 5).
	for (unsigned i = 0; i < a->n_passthrough; i++) {
		const struct bgp_raw_attr *r = &a->passthrough[i];
		attr_hdr(o, r->flags | BGP_ATTR_F_PARTIAL, r->type, r->value.len);
		bgp_out_bytes(o, r->value.ptr, r->value.len);
	}
}

int bgp_attrs_encode(uint8_t *buf, size_t cap, const struct bgp_attr_set *a,
	const struct bgp_codec_ctx *ctx, bool with_next_hop)
{
	struct bgp_out o = {.buf = buf, .cap = cap};
	bool four = ctx->four_octet_as;

	if (a->origin > BGP_ORIGIN_INCOMPLETE || !path_valid(a))
		return -EINVAL;
	attr_hdr(&o, WELL_KNOWN, BGP_ATTR_ORIGIN, 1);
	bgp_out_u8(&o, a->origin);
	aspath_put(&o, a, BGP_ATTR_AS_PATH, four ? 4 : 2);
	if (with_next_hop) {
		attr_hdr(&o, WELL_KNOWN, BGP_ATTR_NEXT_HOP, 4);
		bgp_out_bytes(&o, &a->next_hop, 4);
	}
	if (a->has & BGP_AS_MED)
		attr_u32(&o, OPT_NON_TRANS, BGP_ATTR_MED, a->med);
	if (a->has & BGP_AS_LOCAL_PREF)
		attr_u32(&o, WELL_KNOWN, BGP_ATTR_LOCAL_PREF, a->local_pref);
	if (a->has & BGP_AS_ATOMIC_AGGREGATE)
		attr_hdr(&o, WELL_KNOWN, BGP_ATTR_ATOMIC_AGGREGATE, 0);
	if (a->has & BGP_AS_AGGREGATOR)
		aggregator_put(&o, a, four);
	lists_put(&o, a);
	as4_put(&o, a, four);
	tail_put(&o, a);
	return o.full ? -ENOSPC : (int)o.len;
}
