// SPDX-License-Identifier: BSD-3-Clause
// libFuzzer target for the BGP decoder (cp/bgp): one message under an iBGP
// 4-octet-AS context and an eBGP 2-octet one with add-path, then everything
// the decoder handed back is walked, and UPDATEs are re-encoded through the
// builder and decoded again; their attribute sets are built as the RIB does
// (AS4_PATH merge on the 2-octet context) and EVPN NLRI keyed as the EVPN RIB
// does. Build and run with tests/fuzz/run.sh.
#include "cp/bgp/bgp_attr.h"
#include "cp/bgp/bgp_decode.h"
#include "cp/bgp/bgp_encode.h"
#include "cp/bgp/bgp_nlri.h"
#include "cp/bgp/bgp_pattr.h"
#include "cp/bgp/bgp_print.h"
#include "cp/bgp/bgp_rib.h"
#include "cp/evpn/evpn_family.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile uint32_t sink;

static void walk_prefixes(struct bgp_bytes field, uint16_t afi, bool add_path)
{
	struct bgp_nlri_iter it;
	struct bgp_prefix p;

	bgp_nlri_iter_init(&it, field, afi, add_path);
	while (bgp_nlri_next(&it, &p) > 0)
		sink += p.len + p.addr[0];
}

static void walk_mp(struct bgp_bytes nlri, uint16_t afi, uint8_t safi, bool add_path)
{
	struct bgp_nlri_iter it;
	struct bgp_typed_nlri n;

	if (bgp_nlri_is_prefix_family(afi, safi)) {
		walk_prefixes(nlri, afi, add_path);
		return;
	}
	bgp_nlri_iter_init(&it, nlri, afi, add_path);
	while (bgp_typed_nlri_next(&it, &n) > 0) {
		uint8_t key[BGP_FAMILY_KEY_MAX];
		sink += n.type + n.value.len;
		if (afi == BGP_AFI_L2VPN && safi == BGP_SAFI_EVPN)
			sink += (uint32_t)evpn_nlri_key(n.whole.ptr, n.whole.len, key);
	}
}

// The attribute set the RIB would intern, and its AS path as text.
static void build_set(const struct bgp_update *u, const struct bgp_codec_ctx *ctx)
{
	static struct bgp_pattr_tmp t;
	char text[1024];

	if (bgp_pattr_from_update(&t, u, ctx->four_octet_as) < 0)
		return;
	bgp_pattr_aspath_str(&t.a, text, sizeof(text));
	sink += t.a.aspath_len + (uint8_t)text[0] + bgp_pattr_aspath_hops(&t.a);
}

static void walk_lists(const struct bgp_update *u)
{
	struct bgp_aspath_iter it;
	struct bgp_aspath_seg seg;
	uint32_t g, l;

	bgp_aspath_iter_init(&it, u->as_path, u->as4_path_width);
	while (bgp_aspath_next(&it, &seg) > 0)
		for (unsigned i = 0; i < seg.count; i++)
			sink += bgp_aspath_seg_asn(&seg, i);
	sink += bgp_aspath_hops(u->as4_path, true);
	for (unsigned i = 0; i < u->communities.len / 4u; i++)
		sink += bgp_community_at(u->communities, i);
	for (unsigned i = 0; i < u->ext_communities.len / 8u; i++) {
		struct bgp_ext_comm ec = bgp_ext_comm_at(u->ext_communities, i);
		if (bgp_ext_comm_rt(&ec, &g, &l))
			sink += g + l;
		sink += (uint32_t)bgp_ext_comm_encap(&ec);
	}
	for (unsigned i = 0; i < u->large_communities.len / 12u; i++)
		sink += bgp_large_comm_at(u->large_communities, i).local2;
	for (unsigned i = 0; i < u->cluster_list.len / 4u; i++)
		sink += bgp_cluster_at(u->cluster_list, i).s_addr;
	for (unsigned i = 0; i < u->n_unknown; i++)
		if (u->unknown[i].value.len)
			sink += u->unknown[i].value.ptr[u->unknown[i].value.len - 1];
}

// Re-announce the NLRI field with the decoded attributes we can carry.
static void reencode(const struct bgp_update *u, const struct bgp_codec_ctx *ctx)
{
	static uint8_t out[BGP_MAX_MSG_LEN];
	struct bgp_update_builder b;
	struct bgp_nlri_iter it;
	struct bgp_prefix p;
	struct bgp_msg m;
	struct bgp_attr_set a = {
		.afi = BGP_AFI_IPV4,
		.safi = BGP_SAFI_UNICAST,
		.origin = u->origin,
		.next_hop = u->next_hop,
		.n_communities = 0,
		.n_ext_communities = u->ext_communities.len / 8,
		.ext_communities = (const struct bgp_ext_comm *)u->ext_communities.ptr,
		.n_passthrough = u->n_unknown,
		.passthrough = u->unknown,
		.pmsi = u->pmsi,
	};
	if (bgp_update_has(u, BGP_ATTR_PMSI_TUNNEL))
		a.has |= BGP_AS_PMSI_TUNNEL;
	if (bgp_update_begin(&b, out, sizeof(out), ctx, &a) < 0)
		return;
	bgp_nlri_iter_init(&it, u->nlri, BGP_AFI_IPV4, ctx->add_path[BGP_AF_IPV4_UNICAST]);
	while (bgp_nlri_next(&it, &p) > 0)
		if (bgp_update_add_prefix(&b, &p) < 0)
			break;
	int n = bgp_update_finish(&b);
	if (bgp_msg_decode(out, (size_t)n, ctx, &m) != 0 || m.fault.action != BGP_ACTION_OK)
		abort(); // what we encode must decode cleanly
}

static void check(const uint8_t *data, size_t size, const struct bgp_codec_ctx *ctx)
{
	struct bgp_msg m;
	char line[256];

	int rc = bgp_msg_decode(data, size, ctx, &m);
	bgp_fault_format(line, sizeof(line), &m.fault);
	if (rc < 0)
		return;
	if (m.type == BGP_MSG_NOTIFICATION && m.notification.data.len)
		sink += m.notification.data.ptr[m.notification.data.len - 1];
	if (m.type == BGP_MSG_OPEN) {
		static uint8_t out[BGP_MAX_MSG_LEN];
		struct bgp_msg again;
		int n = bgp_encode_open(out, sizeof(out), &m.open);
		if (n > 0 && bgp_msg_decode(out, (size_t)n, ctx, &again) != 0)
			abort();
	}
	if (m.type != BGP_MSG_UPDATE)
		return;
	const struct bgp_update *u = &m.update;
	bool ap = ctx->add_path[BGP_AF_IPV4_UNICAST];
	walk_prefixes(u->withdrawn, BGP_AFI_IPV4, ap);
	walk_prefixes(u->nlri, BGP_AFI_IPV4, ap);
	if (bgp_update_has(u, BGP_ATTR_MP_REACH_NLRI))
		walk_mp(u->mp_reach.nlri, u->mp_reach.afi, u->mp_reach.safi, false);
	if (bgp_update_has(u, BGP_ATTR_MP_UNREACH_NLRI))
		walk_mp(u->mp_unreach.nlri, u->mp_unreach.afi, u->mp_unreach.safi, false);
	walk_lists(u);
	struct bgp_afi_safi af;
	sink += bgp_update_is_eor(u, &af);
	if (m.fault.action == BGP_ACTION_OK && bgp_update_has(u, BGP_ATTR_NEXT_HOP))
		reencode(u, ctx);
	if (m.fault.action <= BGP_ACTION_ATTR_DISCARD)
		build_set(u, ctx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct bgp_codec_ctx ibgp4 = {.four_octet_as = true};
	static struct bgp_codec_ctx ebgp2 = {.ebgp = true};

	ebgp2.add_path[BGP_AF_IPV4_UNICAST] = true;
	// A copy of exactly 'size' octets so ASan sees any read past the end.
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	check(copy, size, &ibgp4);
	check(copy, size, &ebgp2);
	free(copy);
	return 0;
}
