// SPDX-License-Identifier: BSD-3-Clause
// Tests of EVPN route reflection and relay (cp/bgp/bgp_out.c, with the
// decisions of cp/bgp/bgp_export.c): a speaker of AS 65000 (router ID and
// cluster ID 10.0.0.9) with two route-reflector clients for l2vpn evpn (A, B),
// an iBGP non-client (C) and two eBGP neighbors of AS 65004 (D, E), their
// sessions faked as Established, their output decoded. Routes enter the EVPN RIB
// as a received UPDATE would put them. Checks who is sent what (never the
// source; non-client to clients only; eBGP not to a neighbor of the path's first
// AS), the attributes (ORIGINATOR_ID, CLUSTER_LIST, AS prepended, next hop,
// extended communities and PMSI tunnel unchanged, NLRI bytes as received),
// withdrawals when the best path goes or changes source, the initial table
// over many polls while routes are withdrawn, End-of-RIB, and route refresh;
// our own routes, originated into the RIB by the EVPN module (evpn_bgp_out.c).
// Run under valgrind/ASan.
#include <arpa/inet.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cp/bgp/bgp_decode.h"
#include "cp/bgp/bgp_out.h"
#include "cp/bgp/bgp_export.h"
#include "cp/bgp/bgp_family.h"
#include "cp/bgp/bgp_fsm.h"
#include "cp/bgp/bgp_io.h"
#include "cp/bgp/bgp_nlri.h"
#include "cp/bgp/bgp_peer.h"
#include "cp/bgp/bgp_rib.h"
#include "cp/bgp/bgp_speaker.h"
#include "cp/config/config.h"
#include "cp/evpn/evpn_bgp_out.h"
#include "cp/evpn/evpn_family.h"
#include "cp/evpn/evpn_local.h"

static const char conf[] = "dataplane\n"
			   " port p0 devargs net_null0\n"
			   "router bgp 65000\n"
			   " bgp router-id 10.0.0.9\n"
			   " neighbor 10.0.0.1 remote-as 65000\n"
			   " neighbor 10.0.0.2 remote-as 65000\n"
			   " neighbor 10.0.0.3 remote-as 65000\n"
			   " neighbor 10.0.0.4 remote-as 65004\n"
			   " neighbor 10.0.0.5 remote-as 65004\n"
			   " address-family l2vpn evpn\n"
			   "  neighbor 10.0.0.1 activate\n"
			   "  neighbor 10.0.0.1 route-reflector-client\n"
			   "  neighbor 10.0.0.2 activate\n"
			   "  neighbor 10.0.0.2 route-reflector-client\n"
			   "  neighbor 10.0.0.3 activate\n"
			   "  neighbor 10.0.0.4 activate\n"
			   "  neighbor 10.0.0.5 activate\n"
			   " exit-address-family\n";

enum { A, B, C, D, E, N_PEERS };
static struct bgp_peer *peer[N_PEERS];
static struct evpnd_config cfg;

// What a neighbor was sent.
struct seen {
	size_t announced, withdrawn, eor, updates;
	size_t borr, eorr, announced_at_borr, announced_at_eorr; // RFC 7313 markers
	struct bgp_update last; // of the last announcement (points into last_msg)
	uint8_t last_msg[BGP_MAX_MSG_LEN];
	uint8_t last_nlri[BGP_NLRI_MAX];
	size_t last_nlri_len;
};
static struct seen seen[N_PEERS];

static void up(int i, bool ebgp, const char *rid)
{
	struct bgp_peer *p = peer[i];
	struct bgp_conn *c = calloc(1, sizeof(*c));

	assert_non_null(c);
	c->fd = open("/dev/null", O_WRONLY);
	c->peer = p;
	p->conn = c;
	p->state = BGP_ESTABLISHED;
	p->established_count++;
	p->af[BGP_AF_L2VPN_EVPN] = true;
	p->ctx.four_octet_as = true;
	p->ctx.ebgp = ebgp;
	p->src.ebgp = ebgp;
	p->remote_as = ebgp ? 65004 : 65000;
	inet_pton(AF_INET, rid, &p->src.router_id);
}

static void down(int i)
{
	struct bgp_peer *p = peer[i];

	p->state = BGP_IDLE;
	bgp_nlri_rib_flush(&p->src, BGP_AF_L2VPN_EVPN, 0);
	close(p->conn->fd);
	bgp_buf_free(&p->conn->tx);
	free(p->conn);
	p->conn = NULL;
}

static int setup(void **state)
{
	struct cfg_error err;
	(void)state;

	setenv("EVPND_BGP_PORT", "17999", 1); // listening may fail: only a warning
	config_init(&cfg);
	assert_int_equal(config_parse_string(&cfg, conf, "t.conf", &err), 0);
	assert_int_equal(bgp_init(&cfg), 0);
	assert_int_equal(evpn_family_register(), 0); // as at start-up: the EVPN RIB's key
	const char *names[N_PEERS] = {"10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"};
	const char *rids[N_PEERS] = {"1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"};
	for (int i = 0; i < N_PEERS; i++) {
		assert_non_null(peer[i] = bgp_peer_find(names[i]));
		up(i, i >= D, rids[i]);
	}
	assert_true(peer[A]->src.rr_client[BGP_AF_L2VPN_EVPN] &&
		    peer[B]->src.rr_client[BGP_AF_L2VPN_EVPN]);
	assert_false(peer[C]->src.rr_client[BGP_AF_L2VPN_EVPN]);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (int i = 0; i < N_PEERS; i++)
		if (peer[i]->conn != NULL)
			down(i);
	bgp_out_poll();
	bgp_out_fini();
	bgp_fini();
	config_free(&cfg);
	assert_int_equal(bgp_pattr_count(), 0);
	return 0;
}

static void decode_one(int i, const uint8_t *m, size_t len)
{
	struct bgp_codec_ctx ctx = {.four_octet_as = true, .ebgp = peer[i]->src.ebgp};
	struct bgp_msg msg;
	struct bgp_afi_safi af;
	struct bgp_nlri_iter it;
	struct bgp_typed_nlri t;
	struct seen *s = &seen[i];

	assert_int_equal(bgp_msg_decode(m, len, &ctx, &msg), 0);
	if (msg.type == BGP_MSG_ROUTE_REFRESH) {
		assert_int_equal(msg.route_refresh.afi, BGP_AFI_L2VPN);
		assert_int_equal(msg.route_refresh.safi, BGP_SAFI_EVPN);
		if (msg.route_refresh.subtype == BGP_RR_BORR)
			s->borr++, s->announced_at_borr = s->announced;
		else if (msg.route_refresh.subtype == BGP_RR_EORR)
			s->eorr++, s->announced_at_eorr = s->announced;
		else
			fail();
		return;
	}
	assert_int_equal(msg.type, BGP_MSG_UPDATE);
	s->updates++;
	if (bgp_update_is_eor(&msg.update, &af)) {
		assert_int_equal(af.afi, BGP_AFI_L2VPN);
		s->eor++;
		return;
	}
	if (bgp_update_has(&msg.update, BGP_ATTR_MP_UNREACH_NLRI)) {
		bgp_nlri_iter_init(&it, msg.update.mp_unreach.nlri, BGP_AFI_L2VPN, false);
		while (bgp_typed_nlri_next(&it, &t) > 0)
			s->withdrawn++;
	}
	if (!bgp_update_has(&msg.update, BGP_ATTR_MP_REACH_NLRI))
		return;
	bgp_nlri_iter_init(&it, msg.update.mp_reach.nlri, BGP_AFI_L2VPN, false);
	while (bgp_typed_nlri_next(&it, &t) > 0) {
		s->announced++;
		memcpy(s->last_nlri, t.whole.ptr, t.whole.len);
		s->last_nlri_len = t.whole.len;
	}
	// keep the message: the decoded fields point into it
	memcpy(s->last_msg, m, len);
	assert_int_equal(bgp_msg_decode(s->last_msg, len, &ctx, &msg), 0);
	s->last = msg.update;
}

static void drain(int i)
{
	struct bgp_buf *b;

	if (peer[i]->conn == NULL)
		return;
	b = &peer[i]->conn->tx;
	while (bgp_buf_used(b) >= BGP_HDR_LEN) {
		const uint8_t *m = b->data + b->off;
		size_t len = (size_t)m[16] << 8 | m[17];
		assert_true(len >= BGP_HDR_LEN && len <= bgp_buf_used(b));
		decode_one(i, m, len);
		b->off += len;
	}
}

static void poll_all(void)
{
	memset(seen, 0, sizeof(seen));
	for (int n = 0; n < 1000; n++) {
		unsigned done = bgp_out_poll();
		for (int i = 0; i < N_PEERS; i++)
			drain(i);
		if (done == 0)
			break;
	}
}

// Type 3 of originator 10.1.1.x, RD 10.1.1.x:100.
static size_t type3(uint8_t *n, uint8_t x)
{
	const uint8_t v[] = {3, 17, 0, 1, 10, 1, 1, x, 0, 100, 0, 0, 0, 0, 32, 10, 1, 1, x};
	memcpy(n, v, sizeof(v));
	return sizeof(v);
}

// Type 2 of MAC 02:00:00:hi:mid:lo, label 100.
static size_t type2(uint8_t *n, uint32_t mac)
{
	uint8_t v[35] = {2, 33, 0, 1, 10, 1, 1, 1, 0, 100};
	uint8_t *m = v + 2 + 8 + 10 + 4;
	m[0] = 48;
	m[1] = 2, m[4] = (uint8_t)(mac >> 16), m[5] = (uint8_t)(mac >> 8), m[6] = (uint8_t)mac;
	m[7] = 0;     // no IP
	m[10] = 100; // label: VNI 100
	memcpy(n, v, sizeof(v));
	return sizeof(v);
}

// Attributes as received: next hop 10.1.1.x, RT 65000:100 and VXLAN
// encapsulation, PMSI ingress replication, LOCAL_PREF lp (iBGP), AS path
// "first" for eBGP.
static struct bgp_pattr *attrs_nh(uint8_t x, uint32_t lp, uint32_t first, const uint8_t *nh6)
{
	static struct bgp_pattr_tmp t;
	const uint8_t ext[16] = {0x00, 0x02, 0xfd, 0xe8, 0, 0, 0, 100, 0x03, 0x0c, 0, 0, 0, 0, 0, 8};
	size_t off = 0;

	bgp_pattr_tmp_init(&t);
	t.a.origin = BGP_ORIGIN_IGP;
	t.a.next_hop.s_addr = htonl(0x0a010100u | x);
	if (lp) {
		t.a.has |= BGP_AS_LOCAL_PREF;
		t.a.local_pref = lp;
	}
	if (first) {
		const uint8_t path[] = {BGP_ASPATH_SEQUENCE, 1, (uint8_t)(first >> 24),
			(uint8_t)(first >> 16), (uint8_t)(first >> 8), (uint8_t)first};
		assert_int_equal(bgp_pattr_tmp_set_aspath(&t, path, sizeof(path)), 0);
		off = sizeof(path);
	}
	memcpy(t.a.data + off, ext, sizeof(ext));
	t.a.n_ext = 2;
	t.a.has |= BGP_AS_PMSI_TUNNEL;
	t.a.pmsi_type = 6;
	t.a.pmsi_label = 100;
	t.a.pmsi_id_len = 4;
	memcpy(t.a.pmsi_id, &t.a.next_hop, 4);
	if (nh6 != NULL) { // an IPv6 VTEP (MP_REACH next hop of 16 octets)
		t.a.has |= BGP_PATTR_NH6;
		t.a.next_hop.s_addr = 0;
		memcpy(&t.a.next_hop6, nh6, 16);
	}
	struct bgp_pattr *a = bgp_pattr_intern(&t);
	assert_non_null(a);
	return a;
}

static struct bgp_pattr *attrs(uint8_t x, uint32_t lp, uint32_t first)
{
	return attrs_nh(x, lp, first, NULL);
}

static void rx(int from, const uint8_t *nlri, size_t len, struct bgp_pattr *a)
{
	assert_true(bgp_nlri_rib_update(BGP_AF_L2VPN_EVPN, &peer[from]->src, nlri, len, a) >= 0);
	bgp_pattr_unref(a);
}

static uint32_t first_as(const struct bgp_update *u)
{
	const uint8_t *p = u->as_path.ptr;
	return u->as_path.len >= 6 ? (uint32_t)p[2] << 24 | (uint32_t)p[3] << 16 |
					     (uint32_t)p[4] << 8 | p[5]
				   : 0;
}

// One route from client A: to B (reflected: ORIGINATOR_ID A, CLUSTER_LIST us),
// C (non-client: a client's route goes to all), D and E (eBGP: our AS
// prepended, next hop unchanged); never back to A. Then withdrawn the same way.
static void test_from_client(void **state)
{
	uint8_t n[BGP_NLRI_MAX];
	size_t len = type3(n, 1);
	(void)state;

	rx(A, n, len, attrs(1, 100, 0));
	poll_all();
	assert_int_equal(seen[A].announced, 0);
	for (int i = B; i <= E; i++) {
		assert_int_equal(seen[i].announced, 1);
		assert_int_equal(seen[i].last_nlri_len, len);
		assert_memory_equal(seen[i].last_nlri, n, len);
		const struct bgp_update *u = &seen[i].last;
		assert_int_equal(u->mp_reach.nexthop.len, 4);
		assert_int_equal(ntohl(*(const uint32_t *)(const void *)u->mp_reach.nexthop.ptr),
			0x0a010101u); // the VTEP, unchanged
		assert_int_equal(u->ext_communities.len, 16);
		assert_true(bgp_update_has(u, BGP_ATTR_PMSI_TUNNEL));
		assert_int_equal(u->pmsi.tunnel_type, 6);
		assert_int_equal(u->pmsi.label, 100);
	}
	for (int i = B; i <= C; i++) {
		const struct bgp_update *u = &seen[i].last;
		assert_true(bgp_update_has(u, BGP_ATTR_ORIGINATOR_ID));
		assert_int_equal(u->originator_id.s_addr, inet_addr("1.1.1.1"));
		assert_int_equal(u->cluster_list.len, 4);
		assert_memory_equal(u->cluster_list.ptr, &(in_addr_t){inet_addr("10.0.0.9")}, 4);
		assert_int_equal(u->local_pref, 100);
		assert_int_equal(u->as_path.len, 0);
	}
	for (int i = D; i <= E; i++) {
		const struct bgp_update *u = &seen[i].last;
		assert_false(bgp_update_has(u, BGP_ATTR_ORIGINATOR_ID));
		assert_false(bgp_update_has(u, BGP_ATTR_CLUSTER_LIST));
		assert_false(bgp_update_has(u, BGP_ATTR_LOCAL_PREF));
		assert_int_equal(first_as(u), 65000);
	}
	assert_int_equal(bgp_out_advertised("10.0.0.2", BGP_AF_L2VPN_EVPN), 1);
	assert_int_equal(bgp_out_advertised("10.0.0.1", BGP_AF_L2VPN_EVPN), 0);

	assert_int_equal(bgp_nlri_rib_withdraw(BGP_AF_L2VPN_EVPN, &peer[A]->src, n, len), 1);
	poll_all();
	assert_int_equal(seen[A].withdrawn, 0);
	for (int i = B; i <= E; i++)
		assert_int_equal(seen[i].withdrawn, 1);
}

// From non-client C: to the clients and eBGP only. From eBGP D: to every iBGP
// neighbor, not to E (the path starts with E's AS) nor D.
static void test_non_client_and_ebgp(void **state)
{
	uint8_t n[BGP_NLRI_MAX];
	size_t len = type3(n, 3);
	(void)state;

	rx(C, n, len, attrs(3, 100, 0));
	poll_all();
	size_t want_c[N_PEERS] = {1, 1, 0, 1, 1};
	for (int i = 0; i < N_PEERS; i++)
		assert_int_equal(seen[i].announced, want_c[i]);
	assert_int_equal(bgp_nlri_rib_withdraw(BGP_AF_L2VPN_EVPN, &peer[C]->src, n, len), 1);
	poll_all();
	for (int i = 0; i < N_PEERS; i++)
		assert_int_equal(seen[i].withdrawn, want_c[i]);

	len = type3(n, 4);
	rx(D, n, len, attrs(4, 0, 65004));
	poll_all();
	size_t want_d[N_PEERS] = {1, 1, 1, 0, 0};
	for (int i = 0; i < N_PEERS; i++)
		assert_int_equal(seen[i].announced, want_d[i]);
	// iBGP: AS path as received, LOCAL_PREF 100, no ORIGINATOR_ID (not reflected)
	assert_int_equal(first_as(&seen[C].last), 65004);
	assert_int_equal(seen[C].last.local_pref, 100);
	assert_false(bgp_update_has(&seen[C].last, BGP_ATTR_ORIGINATOR_ID));
	assert_int_equal(ntohl(*(const uint32_t *)(const void *)seen[C].last.mp_reach.nexthop.ptr),
		0x0a010104u);
	assert_int_equal(bgp_nlri_rib_withdraw(BGP_AF_L2VPN_EVPN, &peer[D]->src, n, len), 1);
	poll_all();
	for (int i = 0; i < N_PEERS; i++)
		assert_int_equal(seen[i].withdrawn, want_d[i]);
}

// The best path changes source: from C (non-client) to A (client, higher
// LOCAL_PREF). A had C's path and must lose it (it is now the source); C gets
// A's; B, D, E get the new one in place of the old. Then A's goes and C's is
// best again: A gets it back, C's copy of A's is withdrawn.
static void test_best_changes_source(void **state)
{
	uint8_t n[BGP_NLRI_MAX];
	size_t len = type3(n, 7);
	(void)state;

	rx(C, n, len, attrs(7, 100, 0));
	poll_all();
	rx(A, n, len, attrs(8, 200, 0));
	poll_all();
	size_t ann[N_PEERS] = {0, 1, 1, 1, 1}, wd[N_PEERS] = {1, 0, 0, 0, 0};
	for (int i = 0; i < N_PEERS; i++) {
		assert_int_equal(seen[i].announced, ann[i]);
		assert_int_equal(seen[i].withdrawn, wd[i]);
	}
	assert_int_equal(seen[C].last.originator_id.s_addr, inet_addr("1.1.1.1"));

	assert_int_equal(bgp_nlri_rib_withdraw(BGP_AF_L2VPN_EVPN, &peer[A]->src, n, len), 1);
	poll_all();
	size_t ann2[N_PEERS] = {1, 1, 0, 1, 1}, wd2[N_PEERS] = {0, 0, 1, 0, 0};
	for (int i = 0; i < N_PEERS; i++) {
		assert_int_equal(seen[i].announced, ann2[i]);
		assert_int_equal(seen[i].withdrawn, wd2[i]);
	}
	assert_int_equal(seen[A].last.originator_id.s_addr, inet_addr("3.3.3.3"));
	assert_int_equal(bgp_nlri_rib_withdraw(BGP_AF_L2VPN_EVPN, &peer[C]->src, n, len), 1);
	poll_all();
}

#define N_MANY 20000 // more than one dump step (8192)

// A neighbor coming up is sent the table over several polls, packed many NLRI
// per UPDATE, routes withdrawn meanwhile are not lost, then End-of-RIB; a route
// refresh sends it again.
static void test_table_and_refresh(void **state)
{
	uint8_t n[BGP_NLRI_MAX];
	size_t len = 0;
	struct bgp_pattr *a = attrs(1, 100, 0);
	(void)state;

	for (uint32_t i = 0; i < N_MANY; i++) {
		len = type2(n, i);
		assert_true(bgp_nlri_rib_update(BGP_AF_L2VPN_EVPN, &peer[A]->src, n, len, a) >= 0);
	}
	bgp_pattr_unref(a);
	poll_all();
	assert_int_equal(seen[B].announced, N_MANY);
	assert_true(seen[B].updates < N_MANY / 50); // about 110 NLRI per UPDATE

	// B's session goes down and up again: the table, then End-of-RIB; half the
	// routes are withdrawn after the first step.
	down(B);
	bgp_out_poll();
	up(B, false, "2.2.2.2");
	memset(seen, 0, sizeof(seen));
	bgp_out_poll();
	for (int i = 0; i < N_PEERS; i++)
		drain(i);
	assert_true(seen[B].announced > 0 && seen[B].announced < N_MANY);
	assert_int_equal(seen[B].eor, 0);
	struct seen first = seen[B];
	for (uint32_t i = 0; i < N_MANY; i += 2) {
		len = type2(n, i);
		assert_int_equal(
			bgp_nlri_rib_withdraw(BGP_AF_L2VPN_EVPN, &peer[A]->src, n, len), 1);
	}
	poll_all();
	assert_int_equal(seen[B].eor, 1);
	assert_true(first.announced + seen[B].announced >= N_MANY / 2);
	assert_int_equal(seen[C].withdrawn, N_MANY / 2);
	assert_int_equal(bgp_out_advertised("10.0.0.2", BGP_AF_L2VPN_EVPN), N_MANY / 2);

	// Route refresh from C (the entry of every family): the table again, no
	// End-of-RIB.
	bgp_peer_refresh_out(peer[C], BGP_AF_L2VPN_EVPN);
	poll_all();
	assert_int_equal(seen[C].announced, N_MANY / 2);
	assert_int_equal(seen[C].eor, 0);
	assert_int_equal(seen[C].borr + seen[C].eorr, 0); // C did not negotiate RFC 7313
	assert_int_equal(seen[B].announced, 0);

	// Enhanced route refresh: BoRR, the whole table, EoRR; asked again before
	// the end, the table starts over inside the same BoRR/EoRR.
	peer[C]->peer_enh_rr = true;
	peer[C]->resend |= 1u << BGP_AF_L2VPN_EVPN;
	bgp_out_poll();
	peer[C]->resend |= 1u << BGP_AF_L2VPN_EVPN;
	poll_all();
	assert_int_equal(seen[C].eorr, 1);
	assert_int_equal(seen[C].announced_at_eorr, seen[C].announced);
	assert_true(seen[C].announced >= N_MANY / 2);
	assert_int_equal(seen[C].eor, 0);
	assert_int_equal(seen[B].borr + seen[B].eorr, 0);
	peer[C]->resend |= 1u << BGP_AF_L2VPN_EVPN;
	poll_all();
	assert_int_equal(seen[C].borr, 1);
	assert_int_equal(seen[C].announced_at_borr, 0);
	assert_int_equal(seen[C].eorr, 1);
	assert_int_equal(seen[C].announced_at_eorr, N_MANY / 2);
	assert_int_equal(seen[C].announced, N_MANY / 2);
	peer[C]->peer_enh_rr = false;
	bgp_nlri_rib_flush(&peer[A]->src, BGP_AF_L2VPN_EVPN, 0);
	poll_all();
	assert_int_equal(seen[C].withdrawn, N_MANY / 2);
	assert_int_equal(seen[A].withdrawn, 0);
}

// The decision alone: family, split horizon, reflection, eBGP first AS.
// Our route (a type 3 the EVPN module originates: next hop our VTEP 10.9.9.9)
// enters the RIB from the local source and goes to every neighbor: iBGP with
// LOCAL_PREF 100 and no reflection attributes, eBGP with our AS. A received
// path of the same route key stays behind it (weight) and goes out when ours
// is withdrawn, never back to its source.
static void originate(struct evpn_route_out *r, uint8_t x, bool live)
{
	const uint8_t ext[16] = {
		0x00, 0x02, 0xfd, 0xe8, 0, 0, 0, 100, 0x03, 0x0c, 0, 0, 0, 0, 0, 8};
	const uint8_t pmsi[9] = {0, 6, 0, 0, 100, 10, 9, 9, 9};

	memset(r, 0, sizeof(*r));
	r->nlri_len = (uint8_t)type3(r->nlri, x);
	r->nexthop.family = AF_INET;
	inet_pton(AF_INET, "10.9.9.9", &r->nexthop.v4);
	memcpy(r->ecomm, ext, sizeof(ext));
	r->ecomm_len = sizeof(ext);
	memcpy(r->pmsi, pmsi, sizeof(pmsi));
	r->pmsi_len = sizeof(pmsi);
	if (live)
		assert_int_equal(evpn_local_set(100, r), 0);
	else
		assert_int_equal(evpn_local_del(r->nlri, r->nlri_len), 0);
	assert_int_equal(evpn_bgp_out_poll(), 1);
}

static void test_ours(void **state)
{
	struct evpn_route_out r;
	struct bgp_route best;
	(void)state;

	assert_int_equal(evpn_local_init(), 0);
	originate(&r, 1, true);
	assert_int_equal(bgp_rib_best(BGP_AF_L2VPN_EVPN, r.nlri, r.nlri_len, &best), 1);
	assert_true(best.src->local);
	assert_int_equal(best.attrs->weight, BGP_WEIGHT_LOCAL);
	poll_all();
	for (int i = A; i <= E; i++) {
		const struct bgp_update *u = &seen[i].last;
		assert_int_equal(seen[i].announced, 1);
		assert_memory_equal(seen[i].last_nlri, r.nlri, r.nlri_len);
		assert_int_equal(ntohl(*(const uint32_t *)(const void *)u->mp_reach.nexthop.ptr),
			0x0a090909u);
		assert_int_equal(u->ext_communities.len, 16);
		assert_memory_equal(u->ext_communities.ptr, r.ecomm, 16);
		assert_int_equal(u->pmsi.tunnel_type, 6);
		assert_int_equal(u->pmsi.label, 100);
		assert_int_equal(u->pmsi.tunnel_id.len, 4);
		assert_false(bgp_update_has(u, BGP_ATTR_ORIGINATOR_ID));
		assert_false(bgp_update_has(u, BGP_ATTR_CLUSTER_LIST));
		assert_int_equal(u->origin, BGP_ORIGIN_IGP);
		if (i <= C) {
			assert_int_equal(u->local_pref, 100);
			assert_int_equal(u->as_path.len, 0);
		} else {
			assert_false(bgp_update_has(u, BGP_ATTR_LOCAL_PREF));
			assert_int_equal(first_as(u), 65000);
		}
	}
	assert_int_equal(bgp_out_advertised("10.0.0.1", BGP_AF_L2VPN_EVPN), 1);
	// A sends the same route (as a reflected copy would come back): ours stays best.
	rx(A, r.nlri, r.nlri_len, attrs(1, 300, 0));
	poll_all();
	for (int i = A; i <= E; i++)
		assert_int_equal(seen[i].updates, 0);
	// Ours withdrawn: A's path goes to the others in its place, A is told ours is gone.
	originate(&r, 1, false);
	assert_int_equal(bgp_rib_best(BGP_AF_L2VPN_EVPN, r.nlri, r.nlri_len, &best), 1);
	assert_ptr_equal(best.src, &peer[A]->src);
	poll_all();
	assert_int_equal(seen[A].withdrawn, 1);
	assert_int_equal(seen[A].announced, 0);
	for (int i = B; i <= E; i++) {
		assert_int_equal(seen[i].announced, 1);
		assert_int_equal(
			ntohl(*(const uint32_t *)(const void *)seen[i].last.mp_reach.nexthop.ptr),
			0x0a010101u);
	}
	assert_int_equal(
		bgp_nlri_rib_withdraw(BGP_AF_L2VPN_EVPN, &peer[A]->src, r.nlri, r.nlri_len), 1);
	poll_all();
	for (int i = B; i <= E; i++)
		assert_int_equal(seen[i].withdrawn, 1);
	assert_int_equal(bgp_nlri_rib_count(BGP_AF_L2VPN_EVPN), 0);
	evpn_local_fini();
}

// Over an IPv6 underlay: our type 3 (originating IP 2001:db8::9, 128 bits) goes
// to every neighbor with a 16-octet MP_REACH next hop and PMSI tunnel endpoint;
// a received path with an IPv6 next hop is reflected and relayed with it
// unchanged (eBGP too: a VTEP's address is kept).
static void test_ipv6_next_hop(void **state)
{
	static const uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 9};
	const uint8_t ext[16] = {
		0x00, 0x02, 0xfd, 0xe8, 0, 0, 0, 100, 0x03, 0x0c, 0, 0, 0, 0, 0, 8};
	struct evpn_route_out r;
	uint8_t n6[64];
	(void)state;

	assert_int_equal(evpn_local_init(), 0);
	memset(&r, 0, sizeof(r));
	const uint8_t head[] = {3, 29, 0, 1, 10, 1, 1, 9, 0, 100, 0, 0, 0, 0, 128};
	memcpy(r.nlri, head, sizeof(head));
	memcpy(r.nlri + sizeof(head), v6, 16);
	r.nlri_len = sizeof(head) + 16;
	r.nexthop.family = AF_INET6;
	memcpy(r.nexthop.bytes, v6, 16);
	memcpy(r.ecomm, ext, sizeof(ext));
	r.ecomm_len = sizeof(ext);
	memcpy(r.pmsi, (const uint8_t[]){0, 6, 0, 0, 100}, 5);
	memcpy(r.pmsi + 5, v6, 16);
	r.pmsi_len = 21;
	assert_int_equal(evpn_local_set(100, &r), 0);
	assert_int_equal(evpn_bgp_out_poll(), 1);
	poll_all();
	for (int i = A; i <= E; i++) {
		const struct bgp_update *u = &seen[i].last;
		assert_int_equal(seen[i].announced, 1);
		assert_int_equal(u->mp_reach.nexthop.len, 16);
		assert_memory_equal(u->mp_reach.nexthop.ptr, v6, 16);
		assert_int_equal(u->pmsi.tunnel_id.len, 16);
		assert_memory_equal(u->pmsi.tunnel_id.ptr, v6, 16);
	}
	assert_int_equal(evpn_local_del(r.nlri, r.nlri_len), 0);
	assert_int_equal(evpn_bgp_out_poll(), 1);
	poll_all();

	// From client A, next hop 2001:db8::9: to the others with it.
	size_t len = type3(n6, 7);
	rx(A, n6, len, attrs_nh(1, 100, 0, v6));
	poll_all();
	assert_int_equal(seen[A].announced, 0);
	for (int i = B; i <= E; i++) {
		assert_int_equal(seen[i].announced, 1);
		assert_int_equal(seen[i].last.mp_reach.nexthop.len, 16);
		assert_memory_equal(seen[i].last.mp_reach.nexthop.ptr, v6, 16);
	}
	assert_int_equal(bgp_nlri_rib_withdraw(BGP_AF_L2VPN_EVPN, &peer[A]->src, n6, len), 1);
	poll_all();
	evpn_local_fini();
}

static void test_allowed(void **state)
{
	struct bgp_src client = {.rr_client[BGP_AF_L2VPN_EVPN] = true, .owner = &client};
	struct bgp_src uc_client = {.rr_client[BGP_AF_IPV4_UNICAST] = true,
		.rr_client[BGP_AF_IPV6_UNICAST] = true,
		.owner = &uc_client};
	struct bgp_src ebgp = {.ebgp = true, .owner = &ebgp};
	struct bgp_pattr *a = attrs(1, 0, 65004);
	struct bgp_path from_client = {.src = &client, .attrs = a};
	struct bgp_path from_uc = {.src = &uc_client, .attrs = a};
	struct bgp_path from_ebgp = {.src = &ebgp, .attrs = a};
	struct bgp_export_key ibgp = {.af[BGP_AF_L2VPN_EVPN] = true, .self = &uc_client};
	struct bgp_export_key ebgp_k = {
		.af[BGP_AF_L2VPN_EVPN] = true, .ebgp = true, .remote_as = 65004};
	struct bgp_export_key ebgp_k2 = {
		.af[BGP_AF_L2VPN_EVPN] = true, .ebgp = true, .remote_as = 65005};
	(void)state;

	assert_true(bgp_export_allowed(&from_client, BGP_AF_L2VPN_EVPN, &ibgp));
	// a client for unicast only is not one for EVPN
	struct bgp_export_key other = {.af[BGP_AF_L2VPN_EVPN] = true};
	assert_false(bgp_export_allowed(&from_uc, BGP_AF_L2VPN_EVPN, &other));
	assert_false(bgp_export_allowed(&from_uc, BGP_AF_L2VPN_EVPN, &ibgp)); // its source
	other.af[BGP_AF_L2VPN_EVPN] = false;
	assert_false(bgp_export_allowed(&from_client, BGP_AF_L2VPN_EVPN, &other));
	assert_false(bgp_export_allowed(&from_ebgp, BGP_AF_L2VPN_EVPN, &ebgp_k));
	assert_true(bgp_export_allowed(&from_ebgp, BGP_AF_L2VPN_EVPN, &ebgp_k2));
	bgp_pattr_unref(a);
}

// A labelled family with only its table registered (a test VPNv4 table: the
// whole NLRI as key) goes out of the same sender: a neighbor whose new session
// negotiated it gets its End-of-RIB, then a route of it from an eBGP neighbor
// in MP_REACH_NLRI with AFI 1/SAFI 128 and the NLRI as received, its
// withdrawal in MP_UNREACH_NLRI; a neighbor without the family gets none.
struct vpn_seen {
	size_t eor, announced, withdrawn;
	uint8_t nlri[BGP_NLRI_MAX];
	size_t nlri_len;
};

static void vpn_decode(struct vpn_seen *v, const uint8_t *m, size_t len)
{
	struct bgp_codec_ctx ctx = {.four_octet_as = true};
	struct bgp_msg msg;
	struct bgp_afi_safi af;

	assert_int_equal(bgp_msg_decode(m, len, &ctx, &msg), 0);
	if (msg.type != BGP_MSG_UPDATE)
		return;
	if (bgp_update_is_eor(&msg.update, &af)) {
		v->eor += af.afi == BGP_AFI_IPV4 && af.safi == BGP_SAFI_MPLS_VPN;
		return;
	}
	if (bgp_update_has(&msg.update, BGP_ATTR_MP_UNREACH_NLRI) &&
		msg.update.mp_unreach.safi == BGP_SAFI_MPLS_VPN)
		v->withdrawn++;
	if (bgp_update_has(&msg.update, BGP_ATTR_MP_REACH_NLRI) &&
		msg.update.mp_reach.safi == BGP_SAFI_MPLS_VPN) {
		assert_int_equal(msg.update.mp_reach.afi, BGP_AFI_IPV4);
		v->announced++;
		v->nlri_len = msg.update.mp_reach.nlri.len;
		memcpy(v->nlri, msg.update.mp_reach.nlri.ptr, v->nlri_len);
	}
}

// Polls; B's messages are decoded as VPN ones, the others' as usual.
static void poll_vpn(struct vpn_seen *v)
{
	memset(seen, 0, sizeof(seen));
	for (int n = 0; n < 1000; n++) {
		unsigned done = bgp_out_poll();
		for (int i = 0; i < N_PEERS; i++) {
			struct bgp_buf *b = &peer[i]->conn->tx;
			if (i != B) {
				drain(i);
				continue;
			}
			while (bgp_buf_used(b) >= BGP_HDR_LEN) {
				const uint8_t *m = b->data + b->off;
				size_t len = (size_t)m[16] << 8 | m[17];
				vpn_decode(v, m, len);
				b->off += len;
			}
		}
		if (done == 0)
			break;
	}
}

static int vpn_key(const uint8_t *nlri, size_t len, uint8_t *key)
{
	if (len > BGP_FAMILY_KEY_MAX)
		return -EINVAL;
	memcpy(key, nlri, len);
	return (int)len;
}

static void test_labelled_family(void **state)
{
	static const struct bgp_family vpn = {
		.af = BGP_AF_IPV4_VPN, .name = "test vpnv4", .key = vpn_key};
	// label 100 (bottom of stack), RD 10.1.1.4:100, 10.20.30.0/24
	const uint8_t nlri[] = {112, 0x00, 0x06, 0x41, 0, 1, 10, 1, 1, 4, 0, 100, 10, 20, 30};
	struct vpn_seen v = {0};
	(void)state;

	assert_int_equal(bgp_family_register(&vpn), 0);
	assert_true(bgp_out_serves(BGP_AF_IPV4_VPN));
	assert_false(bgp_out_serves(BGP_AF_IPV4_UNICAST)); // the update groups'
	poll_all();
	peer[B]->af[BGP_AF_IPV4_VPN] = true; // a new session of B with the family
	peer[B]->established_count++;
	poll_vpn(&v);
	assert_int_equal(v.eor, 1);
	struct bgp_pattr *a = attrs(4, 0, 65004);
	assert_int_equal(bgp_nlri_rib_update(BGP_AF_IPV4_VPN, &peer[D]->src, nlri, sizeof(nlri), a), 1);
	bgp_pattr_unref(a);
	poll_vpn(&v);
	assert_int_equal(v.announced, 1);
	assert_int_equal(v.nlri_len, sizeof(nlri));
	assert_memory_equal(v.nlri, nlri, sizeof(nlri));
	assert_int_equal(seen[A].announced + seen[C].announced + seen[E].announced, 0);
	assert_int_equal(bgp_out_advertised("10.0.0.2", BGP_AF_IPV4_VPN), 1);
	assert_int_equal(bgp_out_advertised("10.0.0.1", BGP_AF_IPV4_VPN), 0);
	assert_int_equal(bgp_nlri_rib_withdraw(BGP_AF_IPV4_VPN, &peer[D]->src, nlri, sizeof(nlri)), 1);
	poll_vpn(&v);
	assert_int_equal(v.withdrawn, 1);
	peer[B]->af[BGP_AF_IPV4_VPN] = false;
	bgp_family_unregister(BGP_AF_IPV4_VPN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_from_client),
		cmocka_unit_test(test_non_client_and_ebgp),
		cmocka_unit_test(test_best_changes_source),
		cmocka_unit_test(test_table_and_refresh),
		cmocka_unit_test(test_ours),
		cmocka_unit_test(test_ipv6_next_hop),
		cmocka_unit_test(test_allowed),
		cmocka_unit_test(test_labelled_family),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
