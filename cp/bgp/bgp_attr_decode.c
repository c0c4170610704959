// SPDX-License-Identifier: BSD-3-Clause
// Path attributes of an UPDATE: framing, flags, duplicates and each known
// attribute's value. Decoders name the fault; bgp_7606_raise decides.
#include "bgp_attr.h"
#include "bgp_decode_priv.h"
#include "bgp_nlri.h"
#include "bgp_wire.h"

#include <string.h>

#define WELL_KNOWN BGP_ATTR_F_TRANSITIVE
#define OPT_TRANS (BGP_ATTR_F_OPTIONAL | BGP_ATTR_F_TRANSITIVE)
#define OPT_NON_TRANS BGP_ATTR_F_OPTIONAL

// Each decoder fills its fields and returns BGP_UF_NONE, or the fault found.
typedef enum bgp_upd_fault (*attr_fn)(
	struct bgp_update *u, const struct bgp_codec_ctx *ctx, const struct bgp_attr_in *a);

static bool internal(const struct bgp_codec_ctx *ctx)
{
	return !ctx->ebgp || ctx->confed;
}

// A list attribute must hold a non-zero whole number of items.
static bool list_ok(const struct bgp_attr_in *a, unsigned size)
{
	return a->value.len > 0 && a->value.len % size == 0;
}

static enum bgp_upd_fault origin(
	struct bgp_update *u, const struct bgp_codec_ctx *ctx, const struct bgp_attr_in *a)
{
	(void)ctx;
	if (a->value.len != 1)
		return BGP_UF_ORIGIN_LEN;
	if (a->value.ptr[0] > BGP_ORIGIN_INCOMPLETE)
		return BGP_UF_ORIGIN_VALUE;
	u->origin = a->value.ptr[0];
	return BGP_UF_NONE;
}

static enum bgp_upd_fault as_path(
	struct bgp_update *u, const struct bgp_codec_ctx *ctx, const struct bgp_attr_in *a)
{
	switch (bgp_aspath_check(a->value, ctx->four_octet_as, internal(ctx))) {
	case BGP_ASPATH_OK:
		break;
	case BGP_ASPATH_CONFED:
		return BGP_UF_AS_PATH_CONFED;
	case BGP_ASPATH_AS0:
		return BGP_UF_AS_PATH_AS0;
	default:
		return BGP_UF_AS_PATH_MALFORMED;
	}
	u->as_path = a->value;
	u->as4_path_width = ctx->four_octet_as;
	return BGP_UF_NONE;
}

static enum bgp_upd_fault next_hop(
	struct bgp_update *u, const struct bgp_codec_ctx *ctx, const struct bgp_attr_in *a)
{
	(void)ctx;
	if (a->value.len != 4)
		return BGP_UF_NEXT_HOP_LEN;
	memcpy(&u->next_hop, a->value.ptr, 4);
	return BGP_UF_NONE;
}

static enum bgp_upd_fault med(
	struct bgp_update *u, const struct bgp_codec_ctx *ctx, const struct bgp_attr_in *a)
{
	(void)ctx;
	if (a->value.len != 4)
		return BGP_UF_MED_LEN;
	u->med = bgp_get32(a->value.ptr);
	return BGP_UF_NONE;
}

static enum bgp_upd_fault local_pref(
	struct bgp_update *u, const struct bgp_codec_ctx *ctx, const struct bgp_attr_in *a)
{
	if (!internal(ctx))
		return BGP_UF_LOCAL_PREF_EBGP;
	if (a->value.len != 4)
		return BGP_UF_LOCAL_PREF_LEN;
	u->local_pref = bgp_get32(a->value.ptr);
	return BGP_UF_NONE;
}

static enum bgp_upd_fault atomic_aggregate(
	struct bgp_update *u, const struct bgp_codec_ctx *ctx, const struct bgp_attr_in *a)
{
	(void)u;
	(void)ctx;
	if (a->value.len != 0)
		return BGP_UF_ATOMIC_AGGREGATE_LEN;
	return BGP_UF_NONE;
}

static enum bgp_upd_fault aggregator(
	struct bgp_update *u, const struct bgp_codec_ctx *ctx, const struct bgp_attr_in *a)
{
	unsigned as_len = ctx->four_octet_as ? 4 : 2;
	if (a->value.len != as_len + 4)
		return BGP_UF_AGGREGATOR_LEN;
	uint32_t asn = as_len == 4 ? bgp_get32(a->value.ptr) : bgp_get16(a->value.ptr);
	if (asn == 0)
		return BGP_UF_AGGREGATOR_AS0;
	u->aggregator.asn = asn;
	memcpy(&u->aggregator.addr, a->value.ptr + as_len, 4);
	return BGP_UF_NONE;
}

static enum bgp_upd_fault communities(
	struct bgp_update *u, const struct bgp_codec_ctx *ctx, const struct bgp_attr_in *a)
{
	(void)ctx;
	if (!list_ok(a, 4))
		return BGP_UF_COMMUNITIES_LEN;
	u->communities = a->value;
	return BGP_UF_NONE;
}

static enum bgp_upd_fault originator_id(
	struct bgp_update *u, const struct bgp_codec_ctx *ctx, const struct bgp_attr_in *a)
{
	if (!internal(ctx))
		return BGP_UF_ORIGINATOR_ID_EBGP;
	if (a->value.len != 4)
		return BGP_UF_ORIGINATOR_ID_LEN;
	memcpy(&u->originator_id, a->value.ptr, 4);
	return BGP_UF_NONE;
}

static enum bgp_upd_fault cluster_list(
	struct bgp_update *u, const struct bgp_codec_ctx *ctx, const struct bgp_attr_in *a)
{
	if (!internal(ctx))
		return BGP_UF_CLUSTER_LIST_EBGP;
	if (!list_ok(a, 4))
		return BGP_UF_CLUSTER_LIST_LEN;
	u->cluster_list = a->value;
	return BGP_UF_NONE;
}

static bool nexthop_len_ok(uint16_t afi, uint8_t safi, uint8_t len)
{
	// The VTEP's address; of 32 octets (global, link-local) the global one counts.
	if (afi == BGP_AFI_L2VPN && safi == BGP_SAFI_EVPN)
		return len == 4 || len == 16 || len == 32;
	if (!bgp_nlri_is_prefix_family(afi, safi))
		return true; // a family we do not know: its next hop is its business
	if (afi == BGP_AFI_IPV4)
		return len == 4 || len == 16 || len == 32; // 16/32: RFC 8950
	return len == 16 || len == 32;
}

// The NLRI of the families we know must parse whole (RFC 7606 5.3, 5.4).
static bool mp_nlri_ok(
	const struct bgp_codec_ctx *ctx, uint16_t afi, uint8_t safi, struct bgp_bytes nlri)
{
	enum bgp_af af = bgp_af_index(afi, safi);
	bool add_path = af < BGP_AF_MAX && ctx->add_path[af];

	if (bgp_nlri_is_prefix_family(afi, safi))
		return bgp_nlri_check(nlri, afi, add_path) == 0;
	if (af == BGP_AF_L2VPN_EVPN)
		return bgp_typed_nlri_check(nlri, add_path) == 0;
	return true;
}

static enum bgp_upd_fault mp_reach(
	struct bgp_update *u, const struct bgp_codec_ctx *ctx, const struct bgp_attr_in *a)
{
	const uint8_t *v = a->value.ptr;
	uint16_t len = a->value.len;

	if (len < 3)
		return BGP_UF_MP_SHORT;
	uint16_t afi = bgp_get16(v);
	uint8_t safi = v[2];
	// AFI, SAFI, next hop length, next hop, reserved octet.
	if (len < 5 || len < 5 + v[3] || !nexthop_len_ok(afi, safi, v[3]))
		return BGP_UF_MP_NEXTHOP;
	struct bgp_bytes nlri = {v + 5 + v[3], (uint16_t)(len - 5 - v[3])};
	if (!mp_nlri_ok(ctx, afi, safi, nlri))
		return BGP_UF_MP_NLRI;
	u->mp_reach = (struct bgp_mp_reach){
		.afi = afi,
		.safi = safi,
		.nexthop = {v + 4, v[3]},
		.nlri = nlri,
	};
	return BGP_UF_NONE;
}

static enum bgp_upd_fault mp_unreach(
	struct bgp_update *u, const struct bgp_codec_ctx *ctx, const struct bgp_attr_in *a)
{
	const uint8_t *v = a->value.ptr;

	if (a->value.len < 3)
		return BGP_UF_MP_SHORT;
	uint16_t afi = bgp_get16(v);
	uint8_t safi = v[2];
	struct bgp_bytes nlri = {v + 3, (uint16_t)(a->value.len - 3)};
	if (!mp_nlri_ok(ctx, afi, safi, nlri))
		return BGP_UF_MP_NLRI;
	u->mp_unreach = (struct bgp_mp_unreach){.afi = afi, .safi = safi, .nlri = nlri};
	return BGP_UF_NONE;
}

static enum bgp_upd_fault ext_communities(
	struct bgp_update *u, const struct bgp_codec_ctx *ctx, const struct bgp_attr_in *a)
{
	(void)ctx;
	if (!list_ok(a, 8))
		return BGP_UF_EXT_COMMUNITIES_LEN;
	u->ext_communities = a->value;
	return BGP_UF_NONE;
}

// RFC 6793: a 4-octet speaker ignores AS4_* from another one; from an old
// speaker a bad AS4_* is discarded (confed segments and AS 0 included).
static enum bgp_upd_fault as4_path(
	struct bgp_update *u, const struct bgp_codec_ctx *ctx, const struct bgp_attr_in *a)
{
	if (ctx->four_octet_as)
		return BGP_UF_AS4_FROM_AS4;
	if (bgp_aspath_check(a->value, true, false) != BGP_ASPATH_OK)
		return BGP_UF_AS4_PATH_MALFORMED;
	u->as4_path = a->value;
	return BGP_UF_NONE;
}

static enum bgp_upd_fault as4_aggregator(
	struct bgp_update *u, const struct bgp_codec_ctx *ctx, const struct bgp_attr_in *a)
{
	if (ctx->four_octet_as)
		return BGP_UF_AS4_FROM_AS4;
	if (a->value.len != 8 || bgp_get32(a->value.ptr) == 0)
		return BGP_UF_AS4_AGGREGATOR_LEN;
	u->as4_aggregator.asn = bgp_get32(a->value.ptr);
	memcpy(&u->as4_aggregator.addr, a->value.ptr + 4, 4);
	return BGP_UF_NONE;
}

// RFC 6514 5: flags, tunnel type, MPLS label (3 octets), tunnel identifier.
// An ingress replication identifier is the endpoint's address.
static enum bgp_upd_fault pmsi_tunnel(
	struct bgp_update *u, const struct bgp_codec_ctx *ctx, const struct bgp_attr_in *a)
{
	const uint8_t *v = a->value.ptr;
	(void)ctx;

	if (a->value.len < 5)
		return BGP_UF_PMSI_TUNNEL_LEN;
	uint16_t id_len = a->value.len - 5;
	if (v[1] == BGP_PMSI_INGRESS_REPLICATION && id_len != 4 && id_len != 16)
		return BGP_UF_PMSI_TUNNEL_LEN;
	u->pmsi = (struct bgp_pmsi){
		.flags = v[0],
		.tunnel_type = v[1],
		.label = bgp_get24(v + 2),
		.tunnel_id = {v + 5, id_len},
	};
	return BGP_UF_NONE;
}

static enum bgp_upd_fault large_community(
	struct bgp_update *u, const struct bgp_codec_ctx *ctx, const struct bgp_attr_in *a)
{
	(void)ctx;
	if (!list_ok(a, 12))
		return BGP_UF_LARGE_COMMUNITY_LEN;
	u->large_communities = a->value;
	return BGP_UF_NONE;
}

struct attr_kind {
	uint8_t flags; // expected optional and transitive bits
	attr_fn decode;
};

static const struct attr_kind kinds[256] = {
	[BGP_ATTR_ORIGIN] = {WELL_KNOWN, origin},
	[BGP_ATTR_AS_PATH] = {WELL_KNOWN, as_path},
	[BGP_ATTR_NEXT_HOP] = {WELL_KNOWN, next_hop},
	[BGP_ATTR_MED] = {OPT_NON_TRANS, med},
	[BGP_ATTR_LOCAL_PREF] = {WELL_KNOWN, local_pref},
	[BGP_ATTR_ATOMIC_AGGREGATE] = {WELL_KNOWN, atomic_aggregate},
	[BGP_ATTR_AGGREGATOR] = {OPT_TRANS, aggregator},
	[BGP_ATTR_COMMUNITIES] = {OPT_TRANS, communities},
	[BGP_ATTR_ORIGINATOR_ID] = {OPT_NON_TRANS, originator_id},
	[BGP_ATTR_CLUSTER_LIST] = {OPT_NON_TRANS, cluster_list},
	[BGP_ATTR_MP_REACH_NLRI] = {OPT_NON_TRANS, mp_reach},
	[BGP_ATTR_MP_UNREACH_NLRI] = {OPT_NON_TRANS, mp_unreach},
	[BGP_ATTR_EXT_COMMUNITIES] = {OPT_TRANS, ext_communities},
	[BGP_ATTR_AS4_PATH] = {OPT_TRANS, as4_path},
	[BGP_ATTR_AS4_AGGREGATOR] = {OPT_TRANS, as4_aggregator},
	[BGP_ATTR_PMSI_TUNNEL] = {OPT_TRANS, pmsi_tunnel},
	[BGP_ATTR_LARGE_COMMUNITY] = {OPT_TRANS, large_community},
};

static bool is_mp(uint8_t type)
{
	return type == BGP_ATTR_MP_REACH_NLRI || type == BGP_ATTR_MP_UNREACH_NLRI;
}

// An attribute we do not know: well-known is fatal, optional transitive is
// kept for passing on, optional non-transitive is quietly dropped.
static enum bgp_upd_fault unknown(struct bgp_update *u, const struct bgp_attr_in *a)
{
	if (!(a->flags & BGP_ATTR_F_OPTIONAL))
		return BGP_UF_UNKNOWN_WELLKNOWN;
	if (!(a->flags & BGP_ATTR_F_TRANSITIVE))
		return BGP_UF_NONE;
	if (u->n_unknown == BGP_MAX_UNKNOWN_ATTRS)
		return BGP_UF_TOO_MANY_UNKNOWN;
	u->unknown[u->n_unknown++] = (struct bgp_raw_attr){a->flags, a->type, a->value};
	return BGP_UF_NONE;
}

// Reads the attribute at p; false (and a fault) when it overruns 'end'.
static bool frame(const uint8_t *p, const uint8_t *end, struct bgp_attr_in *a, struct bgp_fault *f)
{
	size_t left = (size_t)(end - p);
	size_t hdr = p[0] & BGP_ATTR_F_EXT_LEN ? 4 : 3;
	size_t len = 0;

	// RFC 7606 4: fewer octets than a header, or a length past the block.
	// Losing MP_REACH/MP_UNREACH means losing NLRI: no treat-as-withdraw then.
	if (left >= hdr)
		len = hdr == 4 ? bgp_get16(p + 2) : p[2];
	if (left < hdr || left - hdr < len) {
		bool mp = left >= 2 && is_mp(p[1]);
		bgp_7606_raise(f, mp ? BGP_UF_ATTR_OVERRUN_MP : BGP_UF_ATTR_OVERRUN, NULL, 0, 0);
		return false;
	}
	*a = (struct bgp_attr_in){
		.flags = p[0],
		.type = p[1],
		.value = {p + hdr, (uint16_t)len},
		.whole = {p, (uint16_t)(hdr + len)},
	};
	return true;
}

// Decodes one attribute whose framing is sound and records the outcome.
static void attr_decode(struct bgp_update *u, const struct bgp_codec_ctx *ctx,
	const struct bgp_attr_in *a, struct bgp_fault *f)
{
	const struct attr_kind *k = &kinds[a->type];
	enum bgp_upd_fault uf;
	uint16_t afi = 0;
	uint8_t safi = 0;

	if (k->decode == NULL) {
		uf = unknown(u, a);
	} else {
		// A flags error does not stop decoding: the MP attributes are
		// still needed to withdraw what they carry.
		if ((a->flags & (BGP_ATTR_F_OPTIONAL | BGP_ATTR_F_TRANSITIVE)) != k->flags)
			bgp_7606_raise(f, BGP_UF_FLAGS, a, 0, 0);
		uf = k->decode(u, ctx, a);
	}
	if (uf == BGP_UF_NONE) {
		if (k->decode != NULL)
			bgp_bit_set(u->present, a->type);
		return;
	}
	if (bgp_7606_action(uf) == BGP_ACTION_ATTR_DISCARD)
		bgp_bit_set(u->discarded, a->type);
	if (is_mp(a->type) && a->value.len >= 3) {
		afi = bgp_get16(a->value.ptr);
		safi = a->value.ptr[2];
	}
	bgp_7606_raise(f, uf, a, afi, safi);
}

void bgp_attrs_decode(struct bgp_update *u, const struct bgp_codec_ctx *ctx, struct bgp_fault *f)
{
	const uint8_t *p = u->attrs.ptr;
	const uint8_t *end = p + u->attrs.len;
	uint64_t seen[4] = {0};
	struct bgp_attr_in a;

	while (p < end && f->action < BGP_ACTION_SESSION_RESET) {
		if (!frame(p, end, &a, f))
			break;
		p += a.whole.len;
		if (bgp_bit_test(seen, a.type)) {
			enum bgp_upd_fault uf =
				is_mp(a.type) ? BGP_UF_DUPLICATE_MP : BGP_UF_DUPLICATE;
			bgp_7606_raise(f, uf, &a, 0, 0);
			continue;
		}
		bgp_bit_set(seen, a.type);
		attr_decode(u, ctx, &a, f);
	}
}
