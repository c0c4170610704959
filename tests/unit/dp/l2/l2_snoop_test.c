// SPDX-License-Identifier: BSD-3-Clause
// Tests of dp/l2/l2_snoop.c (l2_fwd's side step) and its writer side: ARP and ND
// frames from access ports give a snoop event with (bd, MAC, IP) after the learn
// event, at most once a second per pair, and keep being forwarded; the writer turns
// the event into DP_NOTIFY_MAC_IP only for a MAC that is local.
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <rte_arp.h>

#include "dp/core/dp_meta.h"
#include "dp/writer/writer.h"
#include "tests/unit/dp/dp_test_env.h"

#define HOST 100
#define R 3
#define HOST_IP RTE_BE32(RTE_IPV4(10, 1, 0, 1))
#define OTHER_IP RTE_BE32(RTE_IPV4(10, 1, 0, 9))

static const uint8_t host6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 1};
static const uint8_t other6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 9};
static const uint8_t ll6[16] = {0xfe, 0x80, [15] = 1};
static const uint8_t unspec6[16];
static const uint8_t snm6[16] = {0xff, 0x02, [11] = 1, 0xff, 0, 0, 9}; // solicited-node

static int setup(void **state)
{
	struct rte_ether_addr r = dpt_mac(R);
	if (dpt_setup(state) != 0)
		return -1;
	dpt_topology();
	assert_int_equal(dpt_mac_remote(DPT_BD, &r, DP_MAC_REMOTE, 1, 0), 0);
	dpt_clock(0);
	return 0;
}

// Feeds an access frame to l2_fwd; the frame must go on (flooded) as it did before.
static void feed(const struct dpt_pkt *f, bool from_tunnel)
{
	struct rte_mbuf *m = dpt_l2_mbuf(f, DPT_BD, DPT_A1, 0, from_tunnel);
	// Broadcast, multicast or an unknown unicast: flooded, snooped or not.
	assert_edge(dpt_feed("l2_fwd", l2_fwd_process, m), DP_CNT_L2_FWD_FLOOD);
	assert_int_equal(dpt_vec_take(&dpt.w->flood, &m, 1), 1);
	rte_pktmbuf_free(m);
}

// The snoop events among what the worker posted; learn events are checked to come first.
static unsigned snoops(struct dp_event *out, unsigned max)
{
	struct dp_event ev[16];
	unsigned n = dpt_events_take(ev, 16), k = 0;
	bool seen_snoop = false;
	for (unsigned i = 0; i < n; i++) {
		if (ev[i].type == DP_EVENT_LEARN) {
			assert_false(seen_snoop);
			continue;
		}
		assert_int_equal(ev[i].type, DP_EVENT_SNOOP);
		seen_snoop = true;
		if (k < max)
			out[k++] = ev[i];
	}
	return k;
}

static void assert_snoop4(const struct dp_event *ev, uint16_t mac, rte_be32_t ip)
{
	struct rte_ether_addr a = dpt_mac(mac);
	assert_int_equal(ev->bd, DPT_BD);
	assert_int_equal(ev->port, DPT_A1);
	assert_memory_equal(ev->mac, &a, 6);
	assert_int_equal(ev->ip.family, AF_INET);
	assert_int_equal(ev->ip.v4.s_addr, ip);
}

static void assert_snoop6(const struct dp_event *ev, uint16_t mac, const uint8_t ip[16])
{
	struct rte_ether_addr a = dpt_mac(mac);
	assert_memory_equal(ev->mac, &a, 6);
	assert_int_equal(ev->ip.family, AF_INET6);
	assert_memory_equal(ev->ip.bytes, ip, 16);
}

static void test_arp_request_reply_gratuitous(void **state)
{
	struct rte_ether_addr h = dpt_mac(HOST);
	struct dpt_cnt before;
	struct dp_event ev[4];
	struct dpt_pkt f;
	(void)state;
	dpt_snap(&before);
	dpt_arp_pkt(&f, RTE_ARP_OP_REQUEST, &h, HOST_IP, OTHER_IP);
	feed(&f, false);
	assert_int_equal(dpt_delta(&before, DP_CNT_L2_FWD_LEARN), 1);
	assert_int_equal(dpt_delta(&before, DP_CNT_L2_FWD_SNOOP), 1);
	assert_int_equal(snoops(ev, 4), 1);
	assert_snoop4(&ev[0], HOST, HOST_IP);

	dpt_arp_pkt(&f, RTE_ARP_OP_REPLY, &h, OTHER_IP, HOST_IP); // another IP: its own event
	feed(&f, false);
	assert_int_equal(snoops(ev, 4), 1);
	assert_snoop4(&ev[0], HOST, OTHER_IP);

	dpt_arp_pkt(&f, RTE_ARP_OP_REQUEST, &h, HOST_IP, HOST_IP); // gratuitous, same second
	feed(&f, false);
	assert_int_equal(snoops(ev, 4), 0);
	assert_int_equal(dpt_delta(&before, DP_CNT_L2_FWD_SNOOP), 2);
	dpt_clock(1); // next second: reported again
	feed(&f, false);
	assert_int_equal(snoops(ev, 4), 1);
	assert_snoop4(&ev[0], HOST, HOST_IP);
}

static void test_arp_ignored(void **state)
{
	struct rte_ether_addr h = dpt_mac(HOST);
	struct dp_event ev[4];
	struct dpt_pkt f;
	(void)state;
	dpt_arp_pkt(&f, RTE_ARP_OP_REQUEST, &h, 0, HOST_IP); // probe: claims nothing
	feed(&f, false);
	dpt_arp_pkt(&f, RTE_ARP_OP_REQUEST, &h, RTE_BE32(RTE_IPV4(224, 0, 0, 1)), HOST_IP);
	feed(&f, false);
	dpt_arp_pkt(&f, RTE_ARP_OP_REQUEST, &h, HOST_IP, OTHER_IP);
	((struct rte_arp_hdr *)(f.b + f.l3))->arp_opcode = RTE_BE16(3); // RARP
	feed(&f, false);
	dpt_arp_pkt(&f, RTE_ARP_OP_REQUEST, &h, HOST_IP, OTHER_IP);
	f.len = (uint16_t)(f.l3 + 20); // truncated
	feed(&f, false);
	dpt_arp_pkt(&f, RTE_ARP_OP_REQUEST, &h, HOST_IP, OTHER_IP);
	feed(&f, true); // from the tunnel: the remote VTEP's host, not ours
	assert_int_equal(snoops(ev, 4), 0);
	assert_int_equal(dpt.w->cnt[DP_CNT_L2_FWD_SNOOP], 0);
}

static void test_learning_off(void **state)
{
	struct rte_ether_addr h = dpt_mac(HOST);
	struct dp_event ev[4];
	struct dpt_pkt f;
	(void)state;
	assert_int_equal(dpt_bd_set(DPT_BD, DPT_VNI, 300, false), 0);
	dpt_arp_pkt(&f, RTE_ARP_OP_REQUEST, &h, HOST_IP, OTHER_IP);
	feed(&f, false);
	assert_int_equal(snoops(ev, 4), 0);
}

static void test_nd(void **state)
{
	struct rte_ether_addr h = dpt_mac(HOST);
	struct dp_event ev[4];
	struct dpt_pkt f;
	(void)state;
	dpt_ns_pkt(&f, &h, host6, snm6, other6); // NS: the source with its SLLA
	feed(&f, false);
	assert_int_equal(snoops(ev, 4), 1);
	assert_snoop6(&ev[0], HOST, host6);
	dpt_na_pkt(&f, &h, other6, host6, other6); // NA: the target with its TLLA
	feed(&f, false);
	assert_int_equal(snoops(ev, 4), 1);
	assert_snoop6(&ev[0], HOST, other6);
	assert_int_equal(dpt.w->cnt[DP_CNT_L2_FWD_SNOOP], 2);
}

static void test_nd_ignored(void **state)
{
	struct rte_ether_addr h = dpt_mac(HOST);
	struct dp_event ev[4];
	struct dpt_pkt f;
	(void)state;
	dpt_ns_pkt(&f, &h, unspec6, snm6, host6); // DAD
	feed(&f, false);
	dpt_ns_pkt(&f, &h, ll6, snm6, other6); // link-local source
	feed(&f, false);
	dpt_ns_pkt(&f, &h, host6, snm6, other6);
	f.b[f.l3 + 7] = 64; // hop limit not 255: not ND
	feed(&f, false);
	dpt_frame(&f, &dpt_bcast, &h, 0, 60); // IPv4 frame: not looked at
	feed(&f, false);
	assert_int_equal(snoops(ev, 4), 0);
	assert_int_equal(dpt.w->cnt[DP_CNT_L2_FWD_SNOOP], 0);
}

// The writer: a snoop event for a local MAC becomes DP_NOTIFY_MAC_IP; for a MAC it
// does not know, or one behind a remote VTEP, nothing.
static void test_writer_notify(void **state)
{
	struct rte_ether_addr h = dpt_mac(HOST), r = dpt_mac(R);
	struct dp_event learn = {.type = DP_EVENT_LEARN, .bd = DPT_BD, .port = DPT_A1},
			snoop = {.type = DP_EVENT_SNOOP,
				.bd = DPT_BD,
				.port = DPT_A1,
				.ip = {.family = AF_INET, .v4 = {HOST_IP}}};
	struct dp_notify n[8];
	uint64_t before = dp_writer.stats.macip_snooped;
	(void)state;
	dpt_notify_take(n, 8);
	memcpy(snoop.mac, &h, 6);
	writer_apply_event(&snoop); // not learned yet
	assert_int_equal(dpt_notify_take(n, 8), 0);
	memcpy(snoop.mac, &r, 6);
	writer_apply_event(&snoop); // remote
	assert_int_equal(dpt_notify_take(n, 8), 0);

	memcpy(learn.mac, &h, 6);
	memcpy(snoop.mac, &h, 6);
	writer_apply_event(&learn);
	writer_apply_event(&snoop);
	assert_int_equal(dpt_notify_take(n, 8), 2);
	assert_int_equal(n[0].type, DP_NOTIFY_MAC_LEARNED);
	assert_int_equal(n[1].type, DP_NOTIFY_MAC_IP);
	assert_int_equal(n[1].bd, DPT_BD);
	assert_int_equal(n[1].port, DPT_A1);
	assert_memory_equal(n[1].mac, &h, 6);
	assert_int_equal(n[1].ip.family, AF_INET);
	assert_int_equal(n[1].ip.v4.s_addr, HOST_IP);
	assert_int_equal(dp_writer.stats.macip_snooped, before + 1);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_arp_request_reply_gratuitous, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_arp_ignored, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_learning_off, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_nd, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_nd_ignored, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_writer_notify, setup, dpt_teardown),
	};
	int ret;
	(void)argc;
	dpt_eal_init(argv[0]);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	dpt_eal_fini();
	return ret;
}
