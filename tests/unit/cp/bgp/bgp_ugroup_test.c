// SPDX-License-Identifier: BSD-3-Clause
// Tests of the update groups (cp/bgp/bgp_ugroup.c): two iBGP peers of one group,
// the second joining while the group holds more routes than one dump step sends,
// and routes withdrawn during its dump. Checks what each peer is sent and that
// the group's Adj-RIB-Out holds exactly the routes still advertised (withdrawn
// entries used to stay behind while a member dumped), and that routes of
// alternating attribute sets are regrouped into one UPDATE per set. Run under
// valgrind/ASan.
#include <arpa/inet.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cp/bgp/bgp_decode.h"
#include "cp/bgp/bgp_fsm.h"
#include "cp/bgp/bgp_io.h"
#include "cp/bgp/bgp_nlri.h"
#include "cp/bgp/bgp_peer.h"
#include "cp/bgp/bgp_rib.h"
#include "cp/bgp/bgp_ugroup.h"

#define N_ROUTES 20000 // more than one dump step (8192)

static struct bgp_src local = {.local = true};

struct counts {
	size_t announced, withdrawn, eor;
};

static struct bgp_peer *peer_new(const char *addr)
{
	struct bgp_peer *p = calloc(1, sizeof(*p));
	struct bgp_conn *c = calloc(1, sizeof(*c));

	assert_non_null(p);
	assert_non_null(c);
	c->fd = open("/dev/null", O_WRONLY);
	assert_true(c->fd >= 0);
	c->peer = p;
	inet_pton(AF_INET, "192.0.2.1", &c->local);
	p->conn = c;
	p->state = BGP_ESTABLISHED;
	p->af[BGP_AF_IPV4_UNICAST] = true;
	p->ctx.four_octet_as = true;
	inet_pton(AF_INET, addr, &p->src.addr);
	return p;
}

static void peer_free(struct bgp_peer *p)
{
	bgp_ugroup_leave(p);
	close(p->conn->fd);
	bgp_buf_free(&p->conn->tx);
	free(p->conn);
	free(p);
}

// Decodes and counts what was queued for p, then empties its buffer.
static void drain_tx(struct bgp_peer *p, struct counts *n)
{
	struct bgp_buf *b = &p->conn->tx;
	struct bgp_codec_ctx ctx = {.four_octet_as = true};

	while (bgp_buf_used(b) >= BGP_HDR_LEN) {
		const uint8_t *m = b->data + b->off;
		size_t len = (size_t)m[16] << 8 | m[17];
		struct bgp_msg msg;
		struct bgp_nlri_iter it;
		struct bgp_prefix pf;

		assert_true(len >= BGP_HDR_LEN && len <= bgp_buf_used(b));
		assert_int_equal(bgp_msg_decode(m, len, &ctx, &msg), 0);
		assert_int_equal(msg.type, BGP_MSG_UPDATE);
		const struct bgp_update u = msg.update;
		struct bgp_afi_safi af;
		if (bgp_update_is_eor(&u, &af))
			n->eor++;
		bgp_nlri_iter_init(&it, u.withdrawn, BGP_AFI_IPV4, false);
		while (bgp_nlri_next(&it, &pf) > 0)
			n->withdrawn++;
		bgp_nlri_iter_init(&it, u.nlri, BGP_AFI_IPV4, false);
		while (bgp_nlri_next(&it, &pf) > 0)
			n->announced++;
		b->off += len;
	}
}

static void poll_all(struct bgp_peer *a, struct counts *na, struct bgp_peer *b, struct counts *nb)
{
	for (int i = 0; i < 100; i++) {
		unsigned done = bgp_ugroup_poll();
		drain_tx(a, na);
		if (b != NULL)
			drain_tx(b, nb);
		if (done == 0)
			break;
	}
}

static struct in_addr nth(uint32_t i)
{
	struct in_addr a = {.s_addr = htonl(0x0a000000u | i << 8)}; // 10.x.y.0/24
	return a;
}

static void test_dump_with_withdraws(void **state)
{
	static struct bgp_pattr_tmp t;
	struct counts na = {0}, nb = {0};
	struct bgp_pattr *a;
	(void)state;

	bgp_pattr_tmp_init(&t);
	t.a.origin = BGP_ORIGIN_IGP;
	a = bgp_pattr_intern(&t);
	for (uint32_t i = 0; i < N_ROUTES; i++)
		assert_true(bgp_rib_update(&local, nth(i), 24, a) >= 0);
	bgp_pattr_unref(a);

	struct bgp_peer *pa = peer_new("192.0.2.2"), *pb = peer_new("192.0.2.3");
	assert_int_equal(bgp_ugroup_join(pa), 0);
	poll_all(pa, &na, NULL, NULL);
	assert_int_equal(na.announced, N_ROUTES);
	assert_int_equal(na.eor, 1);
	assert_int_equal(bgp_ugroup_routes(pa), N_ROUTES);

	// B joins the same group and is sent the table; half of it is withdrawn
	// after the first dump step.
	assert_int_equal(bgp_ugroup_join(pb), 0);
	assert_ptr_equal(pa->group, pb->group);
	assert_true(pb->dumping);
	bgp_ugroup_poll();
	drain_tx(pa, &na);
	drain_tx(pb, &nb);
	assert_true(pb->dumping);
	for (uint32_t i = 0; i < N_ROUTES; i += 2)
		assert_int_equal(bgp_rib_withdraw(&local, nth(i), 24), 1);
	poll_all(pa, &na, pb, &nb);
	assert_false(pb->dumping);
	assert_int_equal(nb.eor, 1);
	assert_int_equal(na.withdrawn, N_ROUTES / 2);
	assert_true(nb.withdrawn == N_ROUTES / 2);
	// B saw every route still there at least once.
	assert_true(nb.announced >= N_ROUTES / 2);
	assert_int_equal(bgp_ugroup_routes(pa), N_ROUTES / 2);
	assert_int_equal(bgp_ugroup_count(), 1);

	peer_free(pb);
	assert_int_equal(bgp_ugroup_count(), 1);
	peer_free(pa);
	assert_int_equal(bgp_ugroup_count(), 0);
	bgp_rib_src_flush(&local, BGP_AF_MAX, 0);
	assert_int_equal(bgp_rib_count(), 0);
	assert_int_equal(bgp_pattr_count(), 0);
	bgp_ugroup_fini();
	bgp_nlri_rib_fini();
}

// The messages queued for p in order: 'B'/'E' for a BoRR/EoRR of IPv4 unicast,
// 'U' for UPDATEs announcing routes (one letter per run), 'R' for End-of-RIB.
static void drain_markers(struct bgp_peer *p, char *seq, size_t cap, size_t *announced)
{
	struct bgp_buf *b = &p->conn->tx;
	struct bgp_codec_ctx ctx = {.four_octet_as = true};
	size_t k = strlen(seq);

	while (bgp_buf_used(b) >= BGP_HDR_LEN) {
		const uint8_t *m = b->data + b->off;
		size_t len = (size_t)m[16] << 8 | m[17];
		static struct bgp_msg msg;
		struct bgp_afi_safi af;
		char c = 'U';

		assert_int_equal(bgp_msg_decode(m, len, &ctx, &msg), 0);
		if (msg.type == BGP_MSG_ROUTE_REFRESH) {
			assert_int_equal(msg.route_refresh.afi, BGP_AFI_IPV4);
			assert_int_equal(msg.route_refresh.safi, BGP_SAFI_UNICAST);
			c = msg.route_refresh.subtype == BGP_RR_BORR ? 'B'
			    : msg.route_refresh.subtype == BGP_RR_EORR ? 'E' : '?';
		} else if (bgp_update_is_eor(&msg.update, &af)) {
			c = 'R';
		} else {
			struct bgp_nlri_iter it;
			struct bgp_prefix pf;
			bgp_nlri_iter_init(&it, msg.update.nlri, BGP_AFI_IPV4, false);
			while (bgp_nlri_next(&it, &pf) > 0)
				(*announced)++;
		}
		if (k == 0 || seq[k - 1] != c) {
			assert_true(k + 1 < cap);
			seq[k++] = c;
			seq[k] = '\0';
		}
		b->off += len;
	}
}

static void poll_markers(struct bgp_peer *p, char *seq, size_t cap, size_t *announced)
{
	for (int i = 0; i < 100; i++) {
		unsigned done = bgp_ugroup_poll();
		drain_markers(p, seq, cap, announced);
		if (done == 0)
			break;
	}
}

// Route refresh to a peer with enhanced route refresh: BoRR, the table over
// several dump steps, EoRR (RFC 7313 4); asked again during the dump, the
// dump starts over without another BoRR. Without the capability: the table
// alone. No End-of-RIB either way.
static void test_enhanced_refresh(void **state)
{
	static struct bgp_pattr_tmp t;
	struct bgp_pattr *a;
	char seq[16] = "";
	size_t n = 0;
	(void)state;

	bgp_pattr_tmp_init(&t);
	t.a.origin = BGP_ORIGIN_IGP;
	a = bgp_pattr_intern(&t);
	for (uint32_t i = 0; i < N_ROUTES; i++)
		assert_true(bgp_rib_update(&local, nth(i), 24, a) >= 0);
	bgp_pattr_unref(a);
	struct bgp_peer *p = peer_new("192.0.2.2");
	p->peer_enh_rr = true;
	assert_int_equal(bgp_ugroup_join(p), 0);
	poll_markers(p, seq, sizeof(seq), &n);
	assert_string_equal(seq, "UR");
	assert_int_equal(n, N_ROUTES);

	seq[0] = '\0', n = 0;
	bgp_peer_refresh_out(p, BGP_AF_IPV4_UNICAST); // the entry of every family
	bgp_ugroup_poll();
	drain_markers(p, seq, sizeof(seq), &n);
	assert_true(p->dumping);
	bgp_ugroup_refresh(p, BGP_AF_IPV4_UNICAST); // again, mid-dump
	poll_markers(p, seq, sizeof(seq), &n);
	assert_string_equal(seq, "BUE");
	assert_true(n > N_ROUTES);
	assert_int_equal(p->eorr_due, 0);

	seq[0] = '\0', n = 0;
	p->peer_enh_rr = false;
	bgp_ugroup_refresh(p, BGP_AF_IPV4_UNICAST);
	poll_markers(p, seq, sizeof(seq), &n);
	assert_string_equal(seq, "U");
	assert_int_equal(n, N_ROUTES);

	peer_free(p);
	bgp_rib_src_flush(&local, BGP_AF_MAX, 0);
	assert_int_equal(bgp_pattr_count(), 0);
	bgp_ugroup_fini();
	bgp_nlri_rib_fini();
}

// Decodes the first UPDATE queued for p that announces something.
static void first_update(struct bgp_peer *p, struct bgp_msg *msg)
{
	struct bgp_buf *b = &p->conn->tx;
	struct bgp_codec_ctx ctx = {.four_octet_as = true};

	while (bgp_buf_used(b) >= BGP_HDR_LEN) {
		const uint8_t *m = b->data + b->off;
		size_t len = (size_t)m[16] << 8 | m[17];
		assert_int_equal(bgp_msg_decode(m, len, &ctx, msg), 0);
		b->off += len;
		if (msg->update.nlri.len > 0 || bgp_update_has(&msg->update, BGP_ATTR_MP_REACH_NLRI))
			return;
	}
	fail_msg("no UPDATE announcing routes");
}

// RFC 8950: a reflected IPv4 route with an IPv6 next hop goes as is (in
// MP_REACH_NLRI) to a group that negotiated extended next hop, and with next hop
// self (NEXT_HOP) to one that did not.
static void test_ipv6_next_hop_export(void **state)
{
	static struct bgp_pattr_tmp t;
	struct bgp_src client = {.rr_client[BGP_AF_IPV4_UNICAST] = true,
		.rr_client[BGP_AF_IPV6_UNICAST] = true,
		.router_id = {0x09000000}};
	struct bgp_msg m;
	(void)state;

	bgp_pattr_tmp_init(&t);
	t.a.has = BGP_PATTR_NH6 | BGP_AS_LOCAL_PREF;
	t.a.local_pref = 100;
	inet_pton(AF_INET6, "2001:db8::7", &t.a.next_hop6);
	struct bgp_pattr *a = bgp_pattr_intern(&t);
	assert_int_equal(bgp_rib_update(&client, nth(1), 24, a), 1);
	bgp_pattr_unref(a);

	struct bgp_peer *p6 = peer_new("192.0.2.2"), *p4 = peer_new("192.0.2.3");
	p6->ext_nh = true;
	assert_int_equal(bgp_ugroup_join(p6), 0);
	assert_int_equal(bgp_ugroup_join(p4), 0);
	assert_int_equal(bgp_ugroup_count(), 2);
	for (int i = 0; i < 4; i++)
		bgp_ugroup_poll();

	first_update(p6, &m);
	assert_true(bgp_update_has(&m.update, BGP_ATTR_MP_REACH_NLRI));
	assert_int_equal(m.update.mp_reach.afi, BGP_AFI_IPV4);
	assert_int_equal(m.update.mp_reach.nexthop.len, 16);
	struct in6_addr nh6;
	inet_pton(AF_INET6, "2001:db8::7", &nh6);
	assert_memory_equal(m.update.mp_reach.nexthop.ptr, &nh6, 16);
	first_update(p4, &m);
	assert_true(m.update.nlri.len > 0);
	assert_int_equal(m.update.next_hop.s_addr, p4->conn->local.s_addr);
	assert_true(bgp_update_has(&m.update, BGP_ATTR_ORIGINATOR_ID));

	peer_free(p6);
	peer_free(p4);
	bgp_rib_src_flush(&client, BGP_AF_MAX, 0);
	assert_int_equal(bgp_pattr_count(), 0);
	bgp_ugroup_fini();
	bgp_nlri_rib_fini();
}

struct counts6 {
	size_t announced, withdrawn, eor, v4;
	struct in6_addr nh;
};

// Counts the IPv6 unicast NLRI queued for p (MP_REACH/MP_UNREACH), then empties it.
static void drain_tx6(struct bgp_peer *p, struct counts6 *n)
{
	struct bgp_buf *b = &p->conn->tx;
	struct bgp_codec_ctx ctx = {.four_octet_as = true};
	struct bgp_nlri_iter it;
	struct bgp_prefix pf;
	struct bgp_afi_safi af;
	struct bgp_msg m;

	while (bgp_buf_used(b) >= BGP_HDR_LEN) {
		const uint8_t *msg = b->data + b->off;
		size_t len = (size_t)msg[16] << 8 | msg[17];
		assert_int_equal(bgp_msg_decode(msg, len, &ctx, &m), 0);
		b->off += len;
		const struct bgp_update *u = &m.update;
		if (bgp_update_is_eor(u, &af)) {
			n->eor += af.afi == BGP_AFI_IPV6;
			continue;
		}
		n->v4 += u->nlri.len > 0;
		if (bgp_update_has(u, BGP_ATTR_MP_REACH_NLRI) && u->mp_reach.afi == BGP_AFI_IPV6) {
			assert_int_equal(u->mp_reach.nexthop.len, 16);
			memcpy(&n->nh, u->mp_reach.nexthop.ptr, 16);
			bgp_nlri_iter_init(&it, u->mp_reach.nlri, BGP_AFI_IPV6, false);
			while (bgp_nlri_next(&it, &pf) > 0)
				n->announced++;
		}
		if (bgp_update_has(u, BGP_ATTR_MP_UNREACH_NLRI) && u->mp_unreach.afi == BGP_AFI_IPV6) {
			bgp_nlri_iter_init(&it, u->mp_unreach.nlri, BGP_AFI_IPV6, false);
			while (bgp_nlri_next(&it, &pf) > 0)
				n->withdrawn++;
		}
	}
}

// IPv6 unicast routes go in MP_REACH_NLRI with our IPv6 address as next hop
// to peers that negotiated the family, with their own End-of-RIB, and nowhere
// else; a withdraw goes in MP_UNREACH_NLRI.
static void test_ipv6_unicast(void **state)
{
	static struct bgp_pattr_tmp t;
	struct counts6 n6 = {0}, n4 = {0};
	struct in6_addr pfx, local6;
	(void)state;

	bgp_pattr_tmp_init(&t);
	t.a.origin = BGP_ORIGIN_IGP;
	struct bgp_pattr *a = bgp_pattr_intern(&t);
	inet_pton(AF_INET6, "2001:db8:1::", &pfx);
	inet_pton(AF_INET6, "2001:db8::1", &local6);
	assert_int_equal(bgp_rib_update6(&local, &pfx, 48, a), 1);
	assert_int_equal(bgp_rib_update(&local, nth(1), 24, a), 1);
	bgp_pattr_unref(a);

	struct bgp_peer *p6 = peer_new("192.0.2.2"), *p4 = peer_new("192.0.2.3");
	p6->af[BGP_AF_IPV6_UNICAST] = true;
	p6->conn->local6 = local6;
	assert_int_equal(bgp_ugroup_join(p6), 0);
	assert_int_equal(bgp_ugroup_join(p4), 0);
	assert_int_equal(bgp_ugroup_count(), 2);
	for (int i = 0; i < 4; i++)
		bgp_ugroup_poll();
	drain_tx6(p6, &n6);
	drain_tx6(p4, &n4);
	assert_int_equal(n6.announced, 1);
	assert_memory_equal(&n6.nh, &local6, 16);
	assert_int_equal(n6.eor, 1);
	assert_int_equal(n6.v4, 1);
	assert_int_equal(n4.announced, 0);
	assert_int_equal(n4.eor, 0);
	assert_int_equal(n4.v4, 1);

	assert_int_equal(bgp_rib_withdraw6(&local, &pfx, 48), 1);
	for (int i = 0; i < 4; i++)
		bgp_ugroup_poll();
	drain_tx6(p6, &n6);
	drain_tx6(p4, &n4);
	assert_int_equal(n6.withdrawn, 1);
	assert_int_equal(n4.withdrawn, 0);
	assert_int_equal(bgp_ugroup_routes(p6), 1);

	peer_free(p6);
	peer_free(p4);
	bgp_rib_src_flush(&local, BGP_AF_MAX, 0);
	assert_int_equal(bgp_pattr_count(), 0);
	bgp_ugroup_fini();
	bgp_nlri_rib_fini();
}

struct per_update {
	size_t updates, withdraws, announced, withdrawn;
	uint32_t med_seen; // MEDs of the announcing UPDATEs, as bits
};

// Counts the UPDATEs queued for p and what they carry; asserts each MED comes
// in one announcing UPDATE only (the batch was regrouped by attribute set).
static void drain_per_update(struct bgp_peer *p, struct per_update *n)
{
	struct bgp_buf *b = &p->conn->tx;
	struct bgp_codec_ctx ctx = {.four_octet_as = true};
	struct bgp_nlri_iter it;
	struct bgp_prefix pf;
	struct bgp_afi_safi af;
	struct bgp_msg m;

	while (bgp_buf_used(b) >= BGP_HDR_LEN) {
		const uint8_t *msg = b->data + b->off;
		size_t len = (size_t)msg[16] << 8 | msg[17];
		assert_int_equal(bgp_msg_decode(msg, len, &ctx, &m), 0);
		b->off += len;
		if (bgp_update_is_eor(&m.update, &af))
			continue;
		n->updates++;
		if (m.update.nlri.len > 0) {
			assert_true(m.update.med < 32);
			assert_false(n->med_seen & 1u << m.update.med);
			n->med_seen |= 1u << m.update.med;
		}
		n->withdraws += m.update.withdrawn.len > 0;
		bgp_nlri_iter_init(&it, m.update.withdrawn, BGP_AFI_IPV4, false);
		while (bgp_nlri_next(&it, &pf) > 0)
			n->withdrawn++;
		bgp_nlri_iter_init(&it, m.update.nlri, BGP_AFI_IPV4, false);
		while (bgp_nlri_next(&it, &pf) > 0)
			n->announced++;
	}
}

// Routes whose attribute sets alternate (and withdrawals among them) still go
// out as one UPDATE per set: the flush regroups the batch.
static void test_interleaved_sets(void **state)
{
	static struct bgp_pattr_tmp t;
	enum { SETS = 3, PER_SET = 900 }; // 900 /24s fit one UPDATE
	struct bgp_pattr *a[SETS];
	struct per_update n = {0};
	(void)state;

	for (int k = 0; k < SETS; k++) {
		bgp_pattr_tmp_init(&t);
		t.a.origin = BGP_ORIGIN_IGP;
		t.a.has = BGP_AS_MED;
		t.a.med = (uint32_t)k + 1;
		a[k] = bgp_pattr_intern(&t);
	}
	struct bgp_peer *p = peer_new("192.0.2.2");
	assert_int_equal(bgp_ugroup_join(p), 0);
	for (uint32_t i = 0; i < SETS * PER_SET; i++)
		assert_int_equal(bgp_rib_update(&local, nth(i), 24, a[i % SETS]), 1);
	bgp_ugroup_poll();
	drain_per_update(p, &n);
	assert_int_equal(n.updates, SETS);
	assert_int_equal(n.announced, SETS * PER_SET);
	assert_int_equal(n.med_seen, 0x2 | 0x4 | 0x8);

	// Set 1's routes withdrawn, set 2's moved to set 3, in turn: one UPDATE each.
	n = (struct per_update){0};
	for (uint32_t i = 0; i < SETS * PER_SET; i++) {
		if (i % SETS == 0)
			assert_int_equal(bgp_rib_withdraw(&local, nth(i), 24), 1);
		else if (i % SETS == 1)
			assert_int_equal(bgp_rib_update(&local, nth(i), 24, a[2]), 0);
	}
	bgp_ugroup_poll();
	drain_per_update(p, &n);
	assert_int_equal(n.updates, 2);
	assert_int_equal(n.withdraws, 1);
	assert_int_equal(n.withdrawn, PER_SET);
	assert_int_equal(n.announced, PER_SET);
	assert_int_equal(n.med_seen, 0x8);
	assert_int_equal(bgp_ugroup_routes(p), 2 * PER_SET);

	peer_free(p);
	for (int k = 0; k < SETS; k++)
		bgp_pattr_unref(a[k]);
	bgp_rib_src_flush(&local, BGP_AF_MAX, 0);
	assert_int_equal(bgp_pattr_count(), 0);
	bgp_ugroup_fini();
	bgp_nlri_rib_fini();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dump_with_withdraws),
		cmocka_unit_test(test_ipv6_next_hop_export),
		cmocka_unit_test(test_ipv6_unicast),
		cmocka_unit_test(test_interleaved_sets),
		cmocka_unit_test(test_enhanced_refresh),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
