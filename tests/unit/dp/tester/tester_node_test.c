// SPDX-License-Identifier: BSD-3-Clause
// Tests of dp/tester: frames tester_gen_fill makes (each encapsulation, checksums,
// lengths, emulated hosts and VTEPs counted up, IMIX sizes) are found and accounted by
// tester_rx_process: no loss in order, a missing frame is loss and a repeated one a
// duplicate, the wrong port and the wrong VNI are counted, a frame that is no test
// frame is dropped as not_test; tester_gen_budget keeps the rate, count and duration.
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <rte_cycles.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include "dp/dp_api.h"
#include "dp/mpls/mpls_lse.h"
#include "dp/tester/tester.h"
#include "pipelines/tester_pipeline.h"
#include "tests/unit/dp/dp_test_env.h"

dp_node_input_t tester_rx_process;

#define VTEP_A RTE_BE32(RTE_IPV4(198, 51, 100, 10))
#define VTEP_DUT RTE_BE32(RTE_IPV4(198, 51, 100, 1))

static const struct rte_ether_addr host_mac = {{0x02, 0x00, 0x00, 0x00, 0x01, 0xfe}};
static const struct rte_ether_addr dst_mac = {{0x02, 0x00, 0x00, 0x00, 0x02, 0x01}};
static const struct rte_ether_addr dut_mac = {{0x02, 0x00, 0x00, 0x00, 0x99, 0x01}};

static struct tester_stream_conf stream_conf(uint8_t encap)
{
	struct tester_stream_conf c = {
		.encap = encap, .tx_port = DPT_UL, .rx_port = DPT_UL, .next_hop_mac = dut_mac,
		.src_vtep = VTEP_A, .n_vteps = 1, .dst_vtep = VTEP_DUT, .vni = 100,
		.n_labels = 2, .labels = {16001, 300}, .src_mac = host_mac, .n_macs = 1,
		.dst_mac = dst_mac, .src_ip = RTE_BE32(RTE_IPV4(10, 1, 0, 1)),
		.dst_ip = RTE_BE32(RTE_IPV4(10, 1, 0, 2)), .sizes = {128}, .n_sizes = 1,
	};
	strcpy(c.name, "s");
	return c;
}

static int setup(void **state)
{
	if (dpt_setup(state) != 0 || dp_graph_build(&tester_pipeline) != 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	tester_fini();
	return dpt_teardown(state);
}

static int start(const struct tester_stream_conf *c, unsigned n)
{
	int ret = tester_init(c, n, 1);
	tester.run.start_tsc = rte_rdtsc();
	tester.run.gen++;
	tester.run.running = true;
	return ret;
}

// Frames 0..n-1 of stream id, as tester_gen sends them.
static void make(uint16_t id, struct rte_mbuf **pkts, unsigned n)
{
	struct tester_worker *tw = tester_worker_sync(0);

	for (unsigned i = 0; i < n; i++) {
		pkts[i] = rte_pktmbuf_alloc(dpt.pool);
		assert_non_null(pkts[i]);
		tester_gen_fill(&tester.stream[id], id, &tw->tx[id], pkts[i], rte_rdtsc());
	}
}

static uint64_t cnt(const char *name)
{
	return dpt.w->cnt[dpt_cnt("tester_rx", name)];
}

static void check_ipv4(const uint8_t *p, uint16_t ip_len)
{
	const struct rte_ipv4_hdr *ip = (const struct rte_ipv4_hdr *)p;

	assert_int_equal(rte_be_to_cpu_16(ip->total_length), ip_len);
	assert_int_equal(rte_ipv4_cksum(ip), 0xffff - 0xffff); // a valid sum folds to 0
	assert_int_equal(rte_be_to_cpu_16(((const struct rte_udp_hdr *)(ip + 1))->dgram_len),
		ip_len - 20);
}

static void run_encap(uint8_t encap, uint16_t outer_ip, uint16_t inner_eth)
{
	struct tester_stream_conf c = stream_conf(encap);
	struct rte_mbuf *pkts[8];
	const uint8_t *p;

	assert_int_equal(start(&c, 1), 0);
	assert_int_equal(tester.stream[0].outer_ip, outer_ip);
	assert_int_equal(tester.stream[0].inner_eth, inner_eth);
	make(0, pkts, 8);
	p = rte_pktmbuf_mtod(pkts[3], const uint8_t *);
	assert_int_equal(pkts[3]->pkt_len, 124);
	if (outer_ip != 0)
		check_ipv4(p + outer_ip, (uint16_t)(124 - outer_ip));
	check_ipv4(p + inner_eth + 14, (uint16_t)(124 - inner_eth - 14));
	if (encap == TESTER_ENCAP_VXLAN)
		assert_int_equal(p[outer_ip + 28 + 6], 100); // the VNI's low byte
	if (encap == TESTER_ENCAP_MPLS) {
		assert_int_equal(lse_get(p + 14), lse_make(16001, false, 64));
		assert_int_equal(lse_get(p + 18), lse_make(300, true, 64));
	}
	assert_memory_equal(p + inner_eth, &dst_mac, 6);
	tester_rx_process(dpt.w, DPT_UL, pkts, 8);
	struct tester_acct *a = &tester.worker[0]->rx[0];
	assert_int_equal(a->pkts, 8);
	assert_int_equal(a->bytes, 8 * 128);
	assert_int_equal(a->lost, 0);
	assert_int_equal(a->dup, 0);
	assert_int_equal(a->wrong_port + a->wrong_vni, 0);
	assert_int_equal(a->lat_n, 8);
	assert_int_equal(cnt("test_frames"), 8);
	assert_int_equal(tester.worker[0]->tx[0].pkts, 8);
	assert_int_equal(tester.worker[0]->tx[0].bytes, 8 * 128);
}

static void test_vxlan(void **state)
{
	(void)state;
	run_encap(TESTER_ENCAP_VXLAN, 14, 50);
}

static void test_mpls(void **state)
{
	(void)state;
	run_encap(TESTER_ENCAP_MPLS, 0, 22);
}

static void test_mpls_udp(void **state)
{
	(void)state;
	run_encap(TESTER_ENCAP_MPLS_UDP, 14, 50);
}

static void test_ethernet(void **state)
{
	(void)state;
	run_encap(TESTER_ENCAP_ETHERNET, 0, 0);
}

// A lost frame and a repeated one; one on the wrong port, one with a wrong VNI.
static void test_loss_dup_wrong(void **state)
{
	struct tester_stream_conf c = stream_conf(TESTER_ENCAP_VXLAN);
	struct rte_mbuf *pkts[6], *in[6];
	struct tester_acct *a;

	(void)state;
	assert_int_equal(start(&c, 1), 0);
	make(0, pkts, 6);
	rte_pktmbuf_free(pkts[2]);
	in[0] = pkts[0], in[1] = pkts[1], in[2] = pkts[3], in[3] = rte_pktmbuf_copy(pkts[3],
		dpt.pool, 0, UINT32_MAX), in[4] = pkts[4];
	tester_rx_process(dpt.w, DPT_UL, in, 5);
	rte_pktmbuf_mtod(pkts[5], uint8_t *)[14 + 28 + 6] = 101; // VNI 101
	tester_rx_process(dpt.w, DPT_A1, &pkts[5], 1);
	a = &tester.worker[0]->rx[0];
	assert_int_equal(a->pkts, 6);
	assert_int_equal(a->lost, 1);
	assert_int_equal(a->dup, 1);
	assert_int_equal(a->reorder, 0);
	assert_int_equal(a->wrong_port, 1);
	assert_int_equal(a->wrong_vni, 1);
}

// Emulated hosts and VTEPs counted up per frame; IMIX sizes cycled, raised to the
// headers' size; a frame that is no test frame is dropped; an unknown stream too.
static void test_hosts_sizes_other(void **state)
{
	struct tester_stream_conf c = stream_conf(TESTER_ENCAP_VXLAN);
	struct rte_mbuf *pkts[4], *other;
	struct dpt_pkt f;
	const uint8_t *p;

	(void)state;
	c.n_macs = 3;
	c.n_vteps = 2;
	c.n_sizes = 3;
	c.sizes[0] = 64, c.sizes[1] = 594, c.sizes[2] = 1518;
	assert_int_equal(start(&c, 1), 0);
	assert_int_equal(tester.stream[0].c.sizes[0], 50 + 42 + 24 + 4);
	make(0, pkts, 4);
	p = rte_pktmbuf_mtod(pkts[2], const uint8_t *);
	assert_int_equal(p[50 + 11], 0x00); // fe + 2 carried into the fifth byte
	assert_int_equal(p[50 + 10], 0x02);
	assert_int_equal(pkts[1]->pkt_len, 590);
	assert_int_equal(pkts[2]->pkt_len, 1514);
	assert_int_equal(pkts[3]->pkt_len, 116);
	p = rte_pktmbuf_mtod(pkts[1], const uint8_t *);
	assert_int_equal(p[14 + 15], 11); // 198.51.100.10 + 1
	tester_rx_process(dpt.w, DPT_UL, pkts, 4);
	assert_int_equal(tester.worker[0]->rx[0].lost, 0);
	dpt_pkt_init(&f);
	dpt_frame(&f, &dst_mac, &host_mac, 0, 64);
	other = dpt_mbuf(&f);
	tester_rx_process(dpt.w, DPT_A1, &other, 1);
	assert_int_equal(cnt("not_test"), 1);
	make(0, pkts, 1);
	rte_pktmbuf_mtod(pkts[0], uint8_t *)[tester.stream[0].hdr_len + 5] = 9; // stream 9
	tester_rx_process(dpt.w, DPT_UL, pkts, 1);
	assert_int_equal(cnt("bad_stream"), 1);
	// to the test port without the magic: somebody else's, not a test frame
	make(0, pkts, 1);
	rte_pktmbuf_mtod(pkts[0], uint8_t *)[tester.stream[0].hdr_len] ^= 1;
	tester_rx_process(dpt.w, DPT_UL, pkts, 1);
	assert_int_equal(cnt("not_test"), 2);
	assert_int_equal(cnt("bad_stream"), 1);
}

static void test_budget(void **state)
{
	struct tester_stream_conf c = stream_conf(TESTER_ENCAP_ETHERNET);
	struct tester_tx tx = {0};
	const struct tester_stream *s = &tester.stream[0];
	uint64_t t0;

	(void)state;
	c.pps = 1000;
	c.duration_ms = 2000;
	assert_int_equal(start(&c, 1), 0);
	t0 = tester.run.start_tsc;
	assert_int_equal(tester_gen_budget(s, &tx, t0), 1); // the first frame at once
	tx.pkts = 490;
	assert_int_equal(tester_gen_budget(s, &tx, t0 + tester.hz / 2), 11);
	tx.pkts = 400;
	assert_int_equal(tester_gen_budget(s, &tx, t0 + tester.hz / 2), DP_BURST);
	assert_false(tx.done);
	// late after the end: what was due before it, then done
	tx.pkts = 1990;
	assert_int_equal(tester_gen_budget(s, &tx, t0 + tester.hz * 3), 10);
	assert_false(tx.done);
	tx.pkts = 2000;
	assert_int_equal(tester_gen_budget(s, &tx, t0 + tester.hz * 3), 0);
	assert_true(tx.done);
	// count: never beyond it; max rate: a burst each call
	c.pps = 0;
	c.duration_ms = 0;
	c.count = 40;
	assert_int_equal(start(&c, 1), 0);
	tx = (struct tester_tx){0};
	assert_int_equal(tester_gen_budget(s, &tx, t0), DP_BURST);
	tx.pkts = 32;
	assert_int_equal(tester_gen_budget(s, &tx, t0), 8);
	tx.pkts = 40;
	assert_int_equal(tester_gen_budget(s, &tx, t0), 0);
	assert_true(tx.done);
	// max rate for a duration: a burst each call, then done at its end
	c.count = 0;
	c.duration_ms = 1000;
	assert_int_equal(start(&c, 1), 0);
	t0 = tester.run.start_tsc;
	tx = (struct tester_tx){.pkts = 5000};
	assert_int_equal(tester_gen_budget(s, &tx, t0 + tester.hz / 2), DP_BURST);
	assert_int_equal(tester_gen_budget(s, &tx, t0 + tester.hz), 0);
	assert_true(tx.done);
}

// The outer destination of a frame of a VXLAN stream: the path it came back by.
static void set_path(struct rte_mbuf *m, rte_be32_t dst)
{
	memcpy(rte_pktmbuf_mtod_offset(m, uint8_t *, 14 + 16), &dst, 4);
}

static int find_info(const struct dp_tester_info *i, void *arg)
{
	if (strcmp(i->name, "toward") != 0)
		return 0;
	*(struct dp_tester_info *)arg = *i;
	return 1;
}

// tester move: stream 0 emulates a host behind VTEP A of A, B; stream 1 goes toward it
// and comes back encapsulated toward A, then (after the move, a gap of 2 lost) B.
static void test_move(void **state)
{
	struct tester_stream_conf c[2] = {stream_conf(TESTER_ENCAP_VXLAN),
		stream_conf(TESTER_ENCAP_VXLAN)};
	rte_be32_t vtep_b = RTE_BE32(RTE_IPV4(198, 51, 100, 11));
	struct rte_mbuf *pkts[10], *h[2];
	struct dp_tester_info info;
	uint32_t vtep = UINT32_MAX, from;
	unsigned measured;

	(void)state;
	c[0].n_vteps = 2;
	c[1].dst_vtep = VTEP_A;
	c[1].dst_mac = host_mac;
	strcpy(c[1].name, "toward");
	assert_int_equal(start(c, 2), 0);
	tester.run.running = false;
	assert_int_equal(dp_tester_move(0, 0, &vtep, &from, &measured), -EAGAIN);
	tester.run.running = true;
	vtep = 1;
	assert_int_equal(dp_tester_move(1, 0, &vtep, &from, &measured), -EINVAL); // 1 VTEP
	assert_int_equal(dp_tester_move(0, 1, &vtep, &from, &measured), -EINVAL); // 1 host
	make(1, pkts, 10);
	tester_rx_process(dpt.w, DPT_UL, pkts, 2); // 0, 1 by A before the move
	vtep = UINT32_MAX;
	assert_int_equal(dp_tester_move(0, 0, &vtep, &from, &measured), 0);
	assert_int_equal(from, 0);
	assert_int_equal(vtep, 1);
	assert_int_equal(measured, 1);
	// the host's frames now come from B
	make(0, h, 2);
	assert_memory_equal(rte_pktmbuf_mtod_offset(h[0], uint8_t *, 14 + 12), &vtep_b, 4);
	assert_memory_equal(rte_pktmbuf_mtod_offset(h[1], uint8_t *, 14 + 12), &vtep_b, 4);
	rte_pktmbuf_free_bulk(h, 2);
	tester_rx_process(dpt.w, DPT_UL, &pkts[2], 3); // 2-4 by A after it
	rte_pktmbuf_free_bulk(&pkts[5], 2);	   // 5, 6 lost
	for (unsigned i = 7; i < 10; i++)
		set_path(pkts[i], vtep_b);
	rte_delay_us_block(200);
	tester_rx_process(dpt.w, DPT_UL, &pkts[7], 3); // 7-9 by B, 200 us later
	assert_int_equal(dp_tester_walk(find_info, &info), 1);
	assert_true(info.moved);
	assert_true(info.converged);
	assert_int_equal(info.move_from, VTEP_A);
	assert_int_equal(info.move_to, vtep_b);
	assert_int_equal(info.old_path_pkts, 3);
	assert_int_equal(info.new_path_pkts, 3);
	assert_int_equal(info.move_lost, 2);
	assert_int_equal(info.misdelivered, 0); // all sent before the move
	assert_in_range(info.outage_ns, 200000, 100000000);
	assert_in_range(info.outage_tx_ns, 0, 100000); // sent together
	assert_int_equal(info.frame_gap_ns, 0);	       // no rate: as fast as the port takes
	// a new run measures no move; the host stays behind B
	assert_int_equal(dp_tester_stop(), 0);
	assert_int_equal(dp_tester_start(), 0);
	assert_int_equal(dp_tester_walk(find_info, &info), 1);
	assert_false(info.moved);
	// the last frame before the next move comes by B (then the old path): the outage
	// starts there, though no frame comes by B after the move
	make(1, pkts, 2);
	set_path(pkts[0], vtep_b);
	tester_rx_process(dpt.w, DPT_UL, pkts, 1);
	vtep = UINT32_MAX;
	assert_int_equal(dp_tester_move(0, 0, &vtep, &from, &measured), 0);
	assert_int_equal(from, 1);
	assert_int_equal(vtep, 0);
	rte_delay_us_block(300);
	tester_rx_process(dpt.w, DPT_UL, &pkts[1], 1);
	assert_int_equal(dp_tester_walk(find_info, &info), 1);
	assert_true(info.converged);
	assert_int_equal(info.old_path_pkts, 0);
	assert_in_range(info.outage_ns, 300000, 100000000);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_vxlan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mpls, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mpls_udp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ethernet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loss_dup_wrong, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hosts_sizes_other, setup, teardown),
		cmocka_unit_test_setup_teardown(test_budget, setup, teardown),
		cmocka_unit_test_setup_teardown(test_move, setup, teardown),
	};
	int ret;

	(void)argc;
	dpt_eal_init(argv[0]);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	dpt_eal_fini();
	return ret;
}
