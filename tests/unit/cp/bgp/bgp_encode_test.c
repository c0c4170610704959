// SPDX-License-Identifier: BSD-3-Clause
// cp/bgp/bgp_encode.c, bgp_attr_encode.c, bgp_update_build.c: every message
// and attribute encoded, decoded back and compared; UPDATEs packed to 4096.
#include "bgp_test.h"

#include "cp/bgp/bgp_attr.h"
#include "cp/bgp/bgp_encode.h"
#include "cp/bgp/bgp_nlri.h"

#include <arpa/inet.h>
#include <errno.h>

static const struct bgp_codec_ctx ibgp4 = {.four_octet_as = true};
static const struct bgp_codec_ctx ibgp2 = {0};

static void keepalive_notification_rr(void **state)
{
	(void)state;
	static uint8_t buf[8192], data[5000];
	struct bgp_msg m;

	assert_int_equal(bgp_encode_keepalive(buf, 18), -ENOSPC);
	assert_int_equal(bgp_encode_keepalive(buf, sizeof(buf)), 19);
	assert_int_equal(bgp_msg_decode(buf, 19, &ibgp4, &m), 0);
	assert_int_equal(m.type, BGP_MSG_KEEPALIVE);

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)i;
	int n = bgp_encode_notification(
		buf, sizeof(buf), BGP_ERR_UPDATE, BGP_UPD_ERR_AS_PATH, data, 3);
	assert_int_equal(n, 24);
	assert_int_equal(bgp_msg_decode(buf, (size_t)n, &ibgp4, &m), 0);
	assert_int_equal(m.notification.code, BGP_ERR_UPDATE);
	assert_int_equal(m.notification.subcode, BGP_UPD_ERR_AS_PATH);
	assert_int_equal(m.notification.data.len, 3);
	assert_memory_equal(m.notification.data.ptr, data, 3);
	// Data cut to what fits in 4096 octets.
	n = bgp_encode_notification(buf, sizeof(buf), BGP_ERR_CEASE, 2, data, sizeof(data));
	assert_int_equal(n, BGP_MAX_MSG_LEN);
	assert_int_equal(bgp_msg_decode(buf, (size_t)n, &ibgp4, &m), 0);
	assert_int_equal(m.notification.data.len, BGP_MAX_MSG_LEN - 21);
	assert_int_equal(bgp_encode_notification(buf, 20, BGP_ERR_CEASE, 2, NULL, 0), -ENOSPC);

	for (uint8_t st = 0; st < 3; st++) {
		n = bgp_encode_route_refresh(buf, sizeof(buf), BGP_AFI_IPV6, BGP_SAFI_UNICAST, st);
		assert_int_equal(n, 23);
		assert_int_equal(bgp_msg_decode(buf, (size_t)n, &ibgp4, &m), 0);
		assert_int_equal(m.route_refresh.afi, BGP_AFI_IPV6);
		assert_int_equal(m.route_refresh.safi, BGP_SAFI_UNICAST);
		assert_int_equal(m.route_refresh.subtype, st);
	}
}

static void caps_equal(const struct bgp_caps *a, const struct bgp_caps *b)
{
	assert_int_equal(a->route_refresh, b->route_refresh);
	assert_int_equal(a->enhanced_rr, b->enhanced_rr);
	assert_int_equal(a->ext_message, b->ext_message);
	assert_int_equal(a->has_as4, b->has_as4);
	assert_int_equal(a->as4, b->as4);
	assert_int_equal(a->has_gr, b->has_gr);
	assert_int_equal(a->gr_flags, b->gr_flags);
	assert_int_equal(a->gr_time, b->gr_time);
	assert_int_equal(a->n_mp, b->n_mp);
	for (unsigned i = 0; i < a->n_mp; i++) { // field by field: the structs have padding
		assert_int_equal(a->mp[i].afi, b->mp[i].afi);
		assert_int_equal(a->mp[i].safi, b->mp[i].safi);
	}
	assert_int_equal(a->n_gr, b->n_gr);
	assert_memory_equal(a->gr, b->gr, sizeof(a->gr[0]) * a->n_gr);
	assert_int_equal(a->n_ext_nh, b->n_ext_nh);
	assert_memory_equal(a->ext_nh, b->ext_nh, sizeof(a->ext_nh[0]) * a->n_ext_nh);
	assert_int_equal(a->n_add_path, b->n_add_path);
	assert_memory_equal(a->add_path, b->add_path, sizeof(a->add_path[0]) * a->n_add_path);
	assert_int_equal(a->n_unknown, b->n_unknown);
	for (unsigned i = 0; i < a->n_unknown; i++) {
		assert_int_equal(a->unknown[i].code, b->unknown[i].code);
		assert_int_equal(a->unknown[i].len, b->unknown[i].len);
		assert_memory_equal(a->unknown[i].value, b->unknown[i].value, a->unknown[i].len);
	}
}

static void open_equal(const struct bgp_open *a, const struct bgp_open *b)
{
	assert_int_equal(a->my_as, b->my_as);
	assert_int_equal(a->hold_time, b->hold_time);
	assert_int_equal(a->bgp_id.s_addr, b->bgp_id.s_addr);
	caps_equal(&a->caps, &b->caps);
}

static void open_round_trip(void **state)
{
	(void)state;
	uint8_t buf[4096];
	struct bgp_msg m;
	static const uint8_t fqdn[] = "\x05vtep9\x00";
	struct bgp_open o = {
		.version = 4,
		.hold_time = 9,
		.caps =
			{
				.route_refresh = true,
				.enhanced_rr = true,
				.ext_message = true,
				.has_gr = true,
				.gr_flags = BGP_GR_F_RESTART,
				.gr_time = 120,
				.n_mp = 3,
				.mp = {{1, 1}, {2, 1}, {25, 70}},
				.n_gr = 2,
				.gr = {{1, 1, BGP_GR_AF_F_FORWARDING}, {25, 70, 0}},
				.n_ext_nh = 1,
				.ext_nh = {{1, 1, 2}},
				.n_add_path = 1,
				.add_path = {{25, 70, BGP_ADD_PATH_RECEIVE}},
				.n_unknown = 1,
				.unknown = {{73, 7, fqdn}},
			},
	};
	inet_pton(AF_INET, "198.51.100.9", &o.bgp_id);
	bgp_open_set_asn(&o, 4200000000u);
	assert_int_equal(o.my_as, BGP_AS_TRANS);

	int n = bgp_encode_open(buf, sizeof(buf), &o);
	assert_true(n > 29);
	assert_int_equal(bgp_msg_decode(buf, (size_t)n, &ibgp4, &m), 0);
	open_equal(&o, &m.open);
	assert_false(m.open.ext_params);
	assert_int_equal(bgp_open_peer_as(&m.open), 4200000000u);
	assert_int_equal(bgp_encode_open(buf, (size_t)n - 1, &o), -ENOSPC);

	// Small AS, no capabilities at all.
	struct bgp_open bare = {.version = 4, .hold_time = 0, .bgp_id = o.bgp_id};
	bare.my_as = 65001;
	n = bgp_encode_open(buf, sizeof(buf), &bare);
	assert_int_equal(n, 29);
	assert_int_equal(bgp_msg_decode(buf, (size_t)n, &ibgp4, &m), 0);
	open_equal(&bare, &m.open);

	// Over 255 octets of capabilities: the RFC 9072 form.
	static uint8_t big[200];
	o.caps.n_unknown = 2;
	o.caps.unknown[1] = (struct bgp_cap_raw){0xf0, sizeof(big), big};
	n = bgp_encode_open(buf, sizeof(buf), &o);
	assert_int_equal(bgp_msg_decode(buf, (size_t)n, &ibgp4, &m), 0);
	assert_true(m.open.ext_params);
	open_equal(&o, &m.open);
}

// FRR's OPEN decoded, encoded our way (one parameter), decoded again.
static void open_frr_reencoded(void **state)
{
	(void)state;
	uint8_t out[4096];
	struct bgp_msg a, b;
	size_t len;

	uint8_t *in = fixture_load("bgp_evpn_frr_f14_open_97.bin", &len);
	assert_int_equal(bgp_msg_decode(in, len, &ibgp4, &a), 0);
	int n = bgp_encode_open(out, sizeof(out), &a.open);
	assert_true(n > 0);
	assert_int_equal(bgp_msg_decode(out, (size_t)n, &ibgp4, &b), 0);
	open_equal(&a.open, &b.open);
	free(in);
}

static void eor(void **state)
{
	(void)state;
	uint8_t buf[64];
	struct bgp_msg m;
	struct bgp_afi_safi af;
	size_t len;

	int n = bgp_encode_eor(buf, sizeof(buf), BGP_AFI_IPV4, BGP_SAFI_UNICAST);
	assert_int_equal(n, 23);
	assert_int_equal(bgp_msg_decode(buf, (size_t)n, &ibgp4, &m), 0);
	assert_true(bgp_update_is_eor(&m.update, &af));
	assert_int_equal(af.afi, BGP_AFI_IPV4);

	n = bgp_encode_eor(buf, sizeof(buf), BGP_AFI_L2VPN, BGP_SAFI_EVPN);
	assert_int_equal(bgp_msg_decode(buf, (size_t)n, &ibgp4, &m), 0);
	assert_true(bgp_update_is_eor(&m.update, &af));
	assert_int_equal(af.afi, BGP_AFI_L2VPN);
	assert_int_equal(af.safi, BGP_SAFI_EVPN);
	// Byte for byte what FRR sends.
	uint8_t *frr = fixture_load("bgp_evpn_frr_f27_update_29.bin", &len);
	assert_int_equal(n, (int)len);
	assert_memory_equal(buf, frr, len);
	free(frr);
	assert_int_equal(bgp_encode_eor(buf, 28, BGP_AFI_L2VPN, BGP_SAFI_EVPN), -ENOSPC);
}

static const uint32_t path_asns[] = {65001, 4200000000u, 65002};
static const uint32_t set_asns[] = {65010, 65011};
static const uint32_t confed_asns[] = {64512};
static const struct bgp_path_seg full_path[] = {
	{BGP_ASPATH_CONFED_SEQUENCE, 1, confed_asns},
	{BGP_ASPATH_SEQUENCE, 3, path_asns},
	{BGP_ASPATH_SET, 2, set_asns},
};
static const uint32_t comms[] = {0xfde80064, 0xffffff01};
static const struct in_addr clusters[] = {{0x0300a8c0}, {0x0400a8c0}};
static const struct bgp_large_comm larges[] = {{4200000000u, 1, 2}};
static const uint8_t pass_value[] = {0xab, 0xcd};
static const struct bgp_raw_attr pass[] = {
	{BGP_ATTR_F_OPTIONAL | BGP_ATTR_F_TRANSITIVE, 99, {pass_value, 2}}};
static const uint8_t tunnel_ip[] = {198, 51, 100, 1};

static struct bgp_attr_set full_attrs(struct bgp_ext_comm *ecs)
{
	ecs[0] = bgp_ext_comm_encap_make(BGP_ENCAP_VXLAN);
	ecs[1] = bgp_ext_comm_rt_as2(65000, 100);
	struct bgp_attr_set a = {
		.afi = BGP_AFI_IPV4,
		.safi = BGP_SAFI_UNICAST,
		.has = BGP_AS_MED | BGP_AS_LOCAL_PREF | BGP_AS_ATOMIC_AGGREGATE |
		       BGP_AS_AGGREGATOR | BGP_AS_ORIGINATOR_ID | BGP_AS_PMSI_TUNNEL,
		.origin = BGP_ORIGIN_INCOMPLETE,
		.n_segs = 3,
		.as_path = full_path,
		.next_hop = {htonl(0xc0000201)},
		.med = 7,
		.local_pref = 200,
		.aggregator = {4200000001u, {htonl(0x0a000001)}},
		.n_communities = 2,
		.communities = comms,
		.originator_id = {htonl(0x0a000002)},
		.n_cluster_list = 2,
		.cluster_list = clusters,
		.n_ext_communities = 2,
		.ext_communities = ecs,
		.n_large_communities = 1,
		.large_communities = larges,
		.pmsi = {0, BGP_PMSI_INGRESS_REPLICATION, 100, {tunnel_ip, 4}},
		.n_passthrough = 1,
		.passthrough = pass,
	};
	return a;
}

// Compares a decoded AS_PATH with full_path, 'skip_confed' for AS4_PATH.
static void path_equal(struct bgp_bytes wire, bool four, bool skip_confed, bool as_trans)
{
	struct bgp_aspath_iter it;
	struct bgp_aspath_seg seg;
	unsigned i = skip_confed ? 1 : 0;

	bgp_aspath_iter_init(&it, wire, four);
	while (bgp_aspath_next(&it, &seg) > 0) {
		assert_true(i < 3);
		assert_int_equal(seg.type, full_path[i].type);
		assert_int_equal(seg.count, full_path[i].count);
		for (unsigned j = 0; j < seg.count; j++) {
			uint32_t want = full_path[i].asns[j];
			if (as_trans && want > UINT16_MAX)
				want = BGP_AS_TRANS;
			assert_int_equal(bgp_aspath_seg_asn(&seg, j), want);
		}
		i++;
	}
	assert_int_equal(i, 3);
}

static void attrs_equal(const struct bgp_update *u, const struct bgp_attr_set *a, bool four)
{
	assert_int_equal(u->origin, a->origin);
	path_equal(u->as_path, four, false, !four);
	assert_int_equal(bgp_aspath_hops(u->as_path, four), 4);
	assert_int_equal(u->med, a->med);
	assert_int_equal(u->local_pref, a->local_pref);
	assert_true(bgp_update_has(u, BGP_ATTR_ATOMIC_AGGREGATE));
	assert_int_equal(u->aggregator.addr.s_addr, a->aggregator.addr.s_addr);
	assert_int_equal(u->communities.len, 8);
	assert_int_equal(bgp_community_at(u->communities, 1), comms[1]);
	assert_int_equal(u->originator_id.s_addr, a->originator_id.s_addr);
	assert_int_equal(u->cluster_list.len, 8);
	assert_int_equal(bgp_cluster_at(u->cluster_list, 1).s_addr, clusters[1].s_addr);
	assert_int_equal(u->ext_communities.len, 16);
	assert_memory_equal(u->ext_communities.ptr, a->ext_communities, 16);
	struct bgp_large_comm lc = bgp_large_comm_at(u->large_communities, 0);
	assert_memory_equal(&lc, &larges[0], sizeof(lc));
	assert_int_equal(u->pmsi.tunnel_type, BGP_PMSI_INGRESS_REPLICATION);
	assert_int_equal(u->pmsi.label, 100);
	assert_memory_equal(u->pmsi.tunnel_id.ptr, tunnel_ip, 4);
	assert_int_equal(u->n_unknown, 1);
	assert_int_equal(u->unknown[0].type, 99);
	assert_int_equal(u->unknown[0].flags, pass[0].flags | BGP_ATTR_F_PARTIAL);
	assert_memory_equal(u->unknown[0].value.ptr, pass_value, 2);
}

static void update_ipv4_all_attributes(void **state)
{
	(void)state;
	uint8_t buf[4096];
	struct bgp_update_builder b;
	struct bgp_ext_comm ecs[2];
	struct bgp_attr_set a = full_attrs(ecs);
	struct bgp_msg m;
	struct bgp_prefix p = {.afi = BGP_AFI_IPV4, .len = 24, .addr = {10, 1, 2}};

	// 4-octet session: ASNs as they are, no AS4_*.
	assert_int_equal(bgp_update_begin(&b, buf, sizeof(buf), &ibgp4, &a), 0);
	assert_int_equal(bgp_update_add_prefix(&b, &p), 0);
	int n = bgp_update_finish(&b);
	assert_int_equal(bgp_msg_decode(buf, (size_t)n, &ibgp4, &m), 0);
	assert_int_equal(m.fault.action, BGP_ACTION_OK);
	attrs_equal(&m.update, &a, true);
	assert_int_equal(m.update.aggregator.asn, a.aggregator.asn);
	assert_int_equal(m.update.next_hop.s_addr, a.next_hop.s_addr);
	assert_false(bgp_update_has(&m.update, BGP_ATTR_AS4_PATH));
	assert_int_equal(m.update.nlri.len, 4);
	assert_memory_equal(m.update.nlri.ptr, "\x18\x0a\x01\x02", 4);

	// 2-octet session: AS_TRANS in AS_PATH/AGGREGATOR, the truth in AS4_*.
	assert_int_equal(bgp_update_begin(&b, buf, sizeof(buf), &ibgp2, &a), 0);
	assert_int_equal(bgp_update_add_prefix(&b, &p), 0);
	n = bgp_update_finish(&b);
	assert_int_equal(bgp_msg_decode(buf, (size_t)n, &ibgp2, &m), 0);
	assert_int_equal(m.fault.action, BGP_ACTION_OK);
	attrs_equal(&m.update, &a, false);
	assert_int_equal(m.update.aggregator.asn, BGP_AS_TRANS);
	assert_true(bgp_update_has(&m.update, BGP_ATTR_AS4_PATH));
	path_equal(m.update.as4_path, true, true, false);
	assert_true(bgp_update_has(&m.update, BGP_ATTR_AS4_AGGREGATOR));
	assert_int_equal(m.update.as4_aggregator.asn, a.aggregator.asn);

	// Nothing needs 4 octets: no AS4_*.
	a.n_segs = 1;
	a.as_path = &full_path[2];
	a.aggregator.asn = 65000;
	assert_int_equal(bgp_update_begin(&b, buf, sizeof(buf), &ibgp2, &a), 0);
	n = bgp_update_finish(&b);
	assert_int_equal(bgp_msg_decode(buf, (size_t)n, &ibgp2, &m), 0);
	assert_false(bgp_update_has(&m.update, BGP_ATTR_AS4_PATH));
	assert_false(bgp_update_has(&m.update, BGP_ATTR_AS4_AGGREGATOR));
	assert_int_equal(m.update.aggregator.asn, 65000);

	// Bad input refused.
	struct bgp_path_seg empty = {BGP_ASPATH_SEQUENCE, 0, NULL};
	a.as_path = &empty;
	assert_int_equal(bgp_update_begin(&b, buf, sizeof(buf), &ibgp2, &a), -EINVAL);
	a.as_path = &full_path[2];
	a.origin = 3;
	assert_int_equal(bgp_update_begin(&b, buf, sizeof(buf), &ibgp2, &a), -EINVAL);
}

// Attributes past 255 octets take the extended length.
static void update_extended_length(void **state)
{
	(void)state;
	uint8_t buf[4096];
	uint32_t many[100];
	struct bgp_update_builder b;
	struct bgp_msg m;

	for (unsigned i = 0; i < 100; i++)
		many[i] = 0xfde80000 + i;
	struct bgp_attr_set a = {
		.afi = BGP_AFI_IPV4,
		.safi = BGP_SAFI_UNICAST,
		.n_communities = 100,
		.communities = many,
		.next_hop = {htonl(0xc0000201)},
	};
	assert_int_equal(bgp_update_begin(&b, buf, sizeof(buf), &ibgp4, &a), 0);
	int n = bgp_update_finish(&b);
	assert_int_equal(bgp_msg_decode(buf, (size_t)n, &ibgp4, &m), 0);
	assert_int_equal(m.fault.action, BGP_ACTION_OK);
	assert_int_equal(m.update.communities.len, 400);
	assert_int_equal(bgp_community_at(m.update.communities, 99), many[99]);
	assert_int_equal(m.update.as_path.len, 0);
}

// An EVPN route of the FRR lab rebuilt and compared with FRR's own.
static void update_evpn_like_frr(void **state)
{
	(void)state;
	uint8_t out[4096];
	struct bgp_update_builder b;
	struct bgp_msg frr, ours;
	struct bgp_nlri_iter it;
	struct bgp_typed_nlri tn;
	size_t len;

	uint8_t *in = fixture_load("bgp_evpn_frr_f27_update_101.bin", &len);
	assert_int_equal(bgp_msg_decode(in, len, &ibgp4, &frr), 0);
	const struct bgp_update *f = &frr.update;
	struct bgp_attr_set a = {
		.afi = BGP_AFI_L2VPN,
		.safi = BGP_SAFI_EVPN,
		.has = BGP_AS_LOCAL_PREF | BGP_AS_PMSI_TUNNEL,
		.origin = f->origin,
		.local_pref = f->local_pref,
		.mp_nexthop_len = (uint8_t)f->mp_reach.nexthop.len,
		.n_ext_communities = f->ext_communities.len / 8,
		.ext_communities = (const struct bgp_ext_comm *)f->ext_communities.ptr,
		.pmsi = f->pmsi,
	};
	memcpy(a.mp_nexthop, f->mp_reach.nexthop.ptr, a.mp_nexthop_len);
	assert_int_equal(bgp_update_begin(&b, out, sizeof(out), &ibgp4, &a), 0);
	bgp_nlri_iter_init(&it, f->mp_reach.nlri, 0, false);
	while (bgp_typed_nlri_next(&it, &tn) > 0)
		assert_int_equal(bgp_update_add_nlri(&b, tn.whole.ptr, tn.whole.len), 0);
	int n = bgp_update_finish(&b);
	assert_int_equal(bgp_msg_decode(out, (size_t)n, &ibgp4, &ours), 0);
	const struct bgp_update *o = &ours.update;
	assert_int_equal(ours.fault.action, BGP_ACTION_OK);
	assert_int_equal(o->mp_reach.afi, BGP_AFI_L2VPN);
	assert_int_equal(o->mp_reach.safi, BGP_SAFI_EVPN);
	assert_int_equal(o->mp_reach.nexthop.len, 4);
	assert_memory_equal(o->mp_reach.nexthop.ptr, f->mp_reach.nexthop.ptr, 4);
	assert_int_equal(o->mp_reach.nlri.len, f->mp_reach.nlri.len);
	assert_memory_equal(o->mp_reach.nlri.ptr, f->mp_reach.nlri.ptr, f->mp_reach.nlri.len);
	assert_int_equal(o->ext_communities.len, f->ext_communities.len);
	assert_memory_equal(o->ext_communities.ptr, f->ext_communities.ptr, f->ext_communities.len);
	assert_int_equal(o->pmsi.label, f->pmsi.label);
	assert_int_equal(o->pmsi.tunnel_id.len, 4);
	assert_memory_equal(o->pmsi.tunnel_id.ptr, f->pmsi.tunnel_id.ptr, 4);
	assert_int_equal(o->local_pref, 100);
	// MP_REACH_NLRI first (RFC 7606 5.1); FRR spends one more octet on AS_PATH.
	assert_int_equal(out[23 + 1], BGP_ATTR_MP_REACH_NLRI);
	assert_int_equal(n, (int)len - 1);
	free(in);
}

static void pack_ipv4(void **state)
{
	(void)state;
	uint8_t buf[4096];
	struct bgp_update_builder b;
	struct bgp_msg m;
	struct bgp_ext_comm ecs[2];
	struct bgp_attr_set a = full_attrs(ecs);
	struct bgp_prefix p = {.afi = BGP_AFI_IPV4, .len = 24};

	assert_int_equal(bgp_update_begin(&b, buf, sizeof(buf), &ibgp4, &a), 0);
	int attrs_len = b.len - 23;
	unsigned i = 0;
	for (;; i++) {
		p.addr[1] = (uint8_t)(i >> 8), p.addr[2] = (uint8_t)i;
		if (bgp_update_add_prefix(&b, &p) == -ENOSPC)
			break;
	}
	assert_int_equal(i, (4096 - 23 - attrs_len) / 4);
	int n = bgp_update_finish(&b);
	assert_true(n <= 4096 && n > 4096 - 4);
	assert_int_equal(bgp_msg_decode(buf, (size_t)n, &ibgp4, &m), 0);
	assert_int_equal(m.fault.action, BGP_ACTION_OK);
	struct bgp_nlri_iter it;
	struct bgp_prefix q;
	unsigned count = 0;
	bgp_nlri_iter_init(&it, m.update.nlri, BGP_AFI_IPV4, false);
	while (bgp_nlri_next(&it, &q) > 0) {
		assert_int_equal(q.len, 24);
		assert_int_equal(q.addr[2], (uint8_t)count);
		count++;
	}
	assert_int_equal(count, i);
	assert_int_equal(b.n_nlri, i);
}

// EVPN type-2 routes (35 octets each) with the attributes parked at the end.
static void pack_evpn(void **state)
{
	(void)state;
	uint8_t buf[4096], route[35] = {2, 33};
	struct bgp_update_builder b;
	struct bgp_msg m;
	struct bgp_ext_comm ecs[2] = {
		bgp_ext_comm_encap_make(BGP_ENCAP_VXLAN), bgp_ext_comm_rt_as2(65000, 100)};
	struct bgp_attr_set a = {
		.afi = BGP_AFI_L2VPN,
		.safi = BGP_SAFI_EVPN,
		.has = BGP_AS_LOCAL_PREF,
		.local_pref = 100,
		.mp_nexthop_len = 4,
		.mp_nexthop = {198, 51, 100, 1},
		.n_ext_communities = 2,
		.ext_communities = ecs,
	};
	assert_int_equal(bgp_update_begin(&b, buf, sizeof(buf), &ibgp4, &a), 0);
	unsigned i = 0;
	for (;; i++) {
		route[30] = (uint8_t)i; // in the label field
		if (bgp_update_add_nlri(&b, route, sizeof(route)) == -ENOSPC)
			break;
	}
	int n = bgp_update_finish(&b);
	assert_true(n <= 4096 && n > 4096 - 35);
	assert_int_equal(bgp_msg_decode(buf, (size_t)n, &ibgp4, &m), 0);
	assert_int_equal(m.fault.action, BGP_ACTION_OK);
	assert_int_equal(m.update.mp_reach.nlri.len, i * 35);
	assert_int_equal(m.update.ext_communities.len, 16);
	assert_int_equal(m.update.local_pref, 100);
	struct bgp_nlri_iter it;
	struct bgp_typed_nlri tn;
	unsigned count = 0;
	bgp_nlri_iter_init(&it, m.update.mp_reach.nlri, 0, false);
	while (bgp_typed_nlri_next(&it, &tn) > 0)
		assert_int_equal(tn.value.ptr[28], (uint8_t)count++);
	assert_int_equal(count, i);

	// A smaller message budget packs fewer.
	struct bgp_codec_ctx small = {.four_octet_as = true, .max_len = 512};
	assert_int_equal(bgp_update_begin(&b, buf, sizeof(buf), &small, &a), 0);
	for (i = 0; bgp_update_add_nlri(&b, route, sizeof(route)) == 0; i++)
		;
	n = bgp_update_finish(&b);
	assert_true(n <= 512 && n > 512 - 35);
	assert_int_equal(bgp_msg_decode(buf, (size_t)n, &small, &m), 0);
	assert_int_equal(m.update.mp_reach.nlri.len, i * 35);

	// Wrong inputs.
	struct bgp_prefix p = {.afi = BGP_AFI_IPV4, .len = 8};
	assert_int_equal(bgp_update_begin(&b, buf, sizeof(buf), &ibgp4, &a), 0);
	assert_int_equal(bgp_update_add_prefix(&b, &p), -EINVAL);
	a.mp_nexthop_len = 5;
	assert_int_equal(bgp_update_begin(&b, buf, sizeof(buf), &ibgp4, &a), -EINVAL);
	assert_int_equal(bgp_update_begin(&b, buf, 22, &ibgp4, &a), -ENOSPC);
}

static void pack_withdrawals(void **state)
{
	(void)state;
	uint8_t buf[4096];
	struct bgp_update_builder b;
	struct bgp_msg m;
	struct bgp_prefix p = {.afi = BGP_AFI_IPV4, .len = 32, .addr = {10}};
	unsigned i;

	assert_int_equal(bgp_update_begin_withdraw(&b, buf, sizeof(buf), &ibgp4, 1, 1), 0);
	for (i = 0;; i++) {
		p.addr[3] = (uint8_t)i, p.addr[2] = (uint8_t)(i >> 8);
		if (bgp_update_add_prefix(&b, &p) == -ENOSPC)
			break;
	}
	assert_int_equal(i, (4096 - 23) / 5);
	int n = bgp_update_finish(&b);
	assert_int_equal(bgp_msg_decode(buf, (size_t)n, &ibgp4, &m), 0);
	assert_int_equal(m.fault.action, BGP_ACTION_OK);
	assert_int_equal(m.update.withdrawn.len, i * 5);
	assert_int_equal(m.update.attrs.len, 0);

	struct bgp_prefix p6 = {.afi = BGP_AFI_IPV6, .len = 64, .addr = {0x20, 0x01, 0x0d, 0xb8}};
	assert_int_equal(bgp_update_begin_withdraw(&b, buf, sizeof(buf), &ibgp4, 2, 1), 0);
	for (i = 0; bgp_update_add_prefix(&b, &p6) == 0; i++)
		p6.addr[7] = (uint8_t)i;
	n = bgp_update_finish(&b);
	assert_int_equal(i, (4096 - 23 - 7) / 9);
	assert_int_equal(bgp_msg_decode(buf, (size_t)n, &ibgp4, &m), 0);
	assert_int_equal(m.fault.action, BGP_ACTION_OK);
	assert_int_equal(m.update.mp_unreach.afi, BGP_AFI_IPV6);
	assert_int_equal(m.update.mp_unreach.nlri.len, i * 9);

	// Nothing added: an End-of-RIB.
	struct bgp_afi_safi af;
	assert_int_equal(bgp_update_begin_withdraw(&b, buf, sizeof(buf), &ibgp4, 2, 1), 0);
	n = bgp_update_finish(&b);
	assert_int_equal(bgp_msg_decode(buf, (size_t)n, &ibgp4, &m), 0);
	assert_true(bgp_update_is_eor(&m.update, &af));
	assert_int_equal(af.afi, BGP_AFI_IPV6);
}

// Add-path (RFC 7911): path identifiers in front of each prefix.
static void add_path_round_trip(void **state)
{
	(void)state;
	uint8_t buf[4096];
	struct bgp_update_builder b;
	struct bgp_msg m;
	struct bgp_codec_ctx ctx = {.four_octet_as = true};
	ctx.add_path[BGP_AF_IPV4_UNICAST] = true;
	ctx.add_path[BGP_AF_IPV6_UNICAST] = true;
	struct bgp_attr_set a = {.afi = 1, .safi = 1, .next_hop = {htonl(0xc0000201)}};
	struct bgp_prefix p = {.afi = 1, .len = 16, .addr = {10, 9}, .path_id = 7};

	assert_int_equal(bgp_update_begin(&b, buf, sizeof(buf), &ctx, &a), 0);
	assert_int_equal(bgp_update_add_prefix(&b, &p), 0);
	p.path_id = 8;
	assert_int_equal(bgp_update_add_prefix(&b, &p), 0);
	int n = bgp_update_finish(&b);
	assert_int_equal(bgp_msg_decode(buf, (size_t)n, &ctx, &m), 0);
	assert_int_equal(m.fault.action, BGP_ACTION_OK);
	struct bgp_nlri_iter it;
	struct bgp_prefix q;
	bgp_nlri_iter_init(&it, m.update.nlri, 1, true);
	assert_int_equal(bgp_nlri_next(&it, &q), 1);
	assert_int_equal(q.path_id, 7);
	assert_int_equal(bgp_nlri_next(&it, &q), 1);
	assert_int_equal(q.path_id, 8);
	assert_int_equal(q.len, 16);
	assert_int_equal(bgp_nlri_next(&it, &q), 0);
	// Without add-path the same bytes are not prefixes.
	assert_int_equal(bgp_msg_decode(buf, (size_t)n, &ibgp4, &m), -EBADMSG);

	struct bgp_attr_set a6 = {.afi = 2, .safi = 1, .mp_nexthop_len = 16};
	a6.mp_nexthop[0] = 0xfe, a6.mp_nexthop[1] = 0x80;
	struct bgp_prefix p6 = {.afi = 2, .len = 128, .path_id = 1, .addr = {0x20, 1}};
	assert_int_equal(bgp_update_begin(&b, buf, sizeof(buf), &ctx, &a6), 0);
	assert_int_equal(bgp_update_add_prefix(&b, &p6), 0);
	n = bgp_update_finish(&b);
	assert_int_equal(bgp_msg_decode(buf, (size_t)n, &ctx, &m), 0);
	assert_int_equal(m.fault.action, BGP_ACTION_OK);
	assert_int_equal(m.update.mp_reach.nlri.len, 4 + 1 + 16);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keepalive_notification_rr),
		cmocka_unit_test(open_round_trip),
		cmocka_unit_test(open_frr_reencoded),
		cmocka_unit_test(eor),
		cmocka_unit_test(update_ipv4_all_attributes),
		cmocka_unit_test(update_extended_length),
		cmocka_unit_test(update_evpn_like_frr),
		cmocka_unit_test(pack_ipv4),
		cmocka_unit_test(pack_evpn),
		cmocka_unit_test(pack_withdrawals),
		cmocka_unit_test(add_path_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
