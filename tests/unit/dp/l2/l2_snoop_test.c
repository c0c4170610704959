// SPDX-License-Identifier: BSD-3-Clause
// Tests of dp/l2/l2_snoop.c (l2_fwd's side step) and its writer side: ARP and ND
// frames from access ports give a snoop event with (bd, MAC, IP) after the learn
// event, at most once a second per pair, and keep being forwarded; so do DHCPACKs
// from either side, for (chaddr, yiaddr), and malformed DHCP frames give nothing; the
// writer turns the event into DP_NOTIFY_MAC_IP only for a MAC that is local.
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
#define SERVER 101
#define R 3
#define HOST_IP RTE_BE32(RTE_IPV4(10, 1, 0, 1))
#define OTHER_IP RTE_BE32(RTE_IPV4(10, 1, 0, 9))
#define SERVER_IP RTE_BE32(RTE_IPV4(10, 1, 0, 254))
#define BOOTP_LEN 240 // fixed part and magic cookie

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
	assert_edge(dpt_feed("l2_fwd", l2_fwd_process, m), dpt_cnt("l2_fwd", "to_bum_flood"));
	assert_int_equal(dpt_vec_take(DPT_VEC(bum_flood), &m, 1), 1);
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
	assert_int_equal(dpt_delta(&before, dpt_cnt("l2_fwd", "learn_event")), 1);
	assert_int_equal(dpt_delta(&before, dpt_cnt("l2_fwd", "snoop_event")), 1);
	assert_int_equal(snoops(ev, 4), 1);
	assert_snoop4(&ev[0], HOST, HOST_IP);

	dpt_arp_pkt(&f, RTE_ARP_OP_REPLY, &h, OTHER_IP, HOST_IP); // another IP: its own event
	feed(&f, false);
	assert_int_equal(snoops(ev, 4), 1);
	assert_snoop4(&ev[0], HOST, OTHER_IP);

	dpt_arp_pkt(&f, RTE_ARP_OP_REQUEST, &h, HOST_IP, HOST_IP); // gratuitous, same second
	feed(&f, false);
	assert_int_equal(snoops(ev, 4), 0);
	assert_int_equal(dpt_delta(&before, dpt_cnt("l2_fwd", "snoop_event")), 2);
	dpt_clock(1); // next second: reported again
	feed(&f, false);
	assert_int_equal(snoops(ev, 4), 1);
	assert_snoop4(&ev[0], HOST, HOST_IP);
}

// A host whose learn event goes again in the same second (it moved to another port;
// or its MAC was flushed, clear mac or link down, and it speaks again) gets its snoop
// event again too: the once-a-second filter must not hide the IP from a MAC the writer
// is (re)learning, or its MAC+IP route stays withdrawn.
static void test_arp_again_with_a_new_learn(void **state)
{
	struct rte_ether_addr h = dpt_mac(HOST);
	struct rte_mbuf *m;
	struct dp_event ev[4];
	struct dpt_pkt f;
	(void)state;
	dpt_arp_pkt(&f, RTE_ARP_OP_REQUEST, &h, HOST_IP, OTHER_IP);
	feed(&f, false);
	assert_int_equal(snoops(ev, 4), 1);

	m = dpt_l2_mbuf(&f, DPT_BD, DPT_A2, 0, false); // same second, another port
	assert_edge(dpt_feed("l2_fwd", l2_fwd_process, m), dpt_cnt("l2_fwd", "to_bum_flood"));
	assert_int_equal(dpt_vec_take(DPT_VEC(bum_flood), &m, 1), 1);
	rte_pktmbuf_free(m);
	assert_int_equal(snoops(ev, 4), 1);
	assert_memory_equal(ev[0].mac, &h, 6);
	assert_int_equal(ev[0].ip.v4.s_addr, HOST_IP);
	assert_int_equal(ev[0].port, DPT_A2);
}

// A flush (clear mac, link down) makes the worker forget its "this second" filters: a
// host back within the same second is learned and snooped again at once, not when the
// second rolls (its MAC+IP route would stay withdrawn meanwhile).
static void test_flush_forgets_this_second(void **state)
{
	struct rte_ether_addr h = dpt_mac(HOST);
	struct dpt_cnt before;
	struct dp_event ev[4];
	struct dpt_pkt f;
	(void)state;
	assert_int_equal(dpt_mac_local(DPT_BD, &h, DP_MAC_LOCAL, DPT_A1, 0), 0);
	dpt_arp_pkt(&f, RTE_ARP_OP_REQUEST, &h, HOST_IP, OTHER_IP);
	feed(&f, false); // known and fresh: remembered, snooped
	assert_int_equal(snoops(ev, 4), 1);
	feed(&f, false); // the same second: nothing
	assert_int_equal(snoops(ev, 4), 0);

	writer_mac_flush(&(struct writer_flush){.bd = DPT_BD, .port = DP_PORT_ANY});
	dpt_snap(&before);
	feed(&f, false); // same second, MAC gone: learned and snooped again
	assert_int_equal(dpt_delta(&before, dpt_cnt("l2_fwd", "learn_event")), 1);
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
	assert_int_equal(dpt.w->cnt[dpt_cnt("l2_fwd", "snoop_event")], 0);
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
	assert_int_equal(dpt.w->cnt[dpt_cnt("l2_fwd", "snoop_event")], 2);
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
	assert_int_equal(dpt.w->cnt[dpt_cnt("l2_fwd", "snoop_event")], 0);
}

// A DHCP reply from SERVER, broadcast, UDP 67 -> 68: BOOTP `op` for `chaddr` with
// `yiaddr`, then the options `opts` as given (the caller ends them).
static void dhcp_pkt(struct dpt_pkt *f, uint8_t op, uint16_t chaddr, rte_be32_t yiaddr,
	const uint8_t *opts, uint16_t olen)
{
	struct rte_ether_addr s = dpt_mac(SERVER), c = dpt_mac(chaddr);
	static const uint8_t cookie[4] = {99, 130, 83, 99};
	uint8_t *b;

	dpt_pkt_init(f);
	dpt_put_eth(f, &dpt_bcast, &s, RTE_ETHER_TYPE_IPV4);
	dpt_put_ipv4(f, SERVER_IP, RTE_BE32(UINT32_MAX), IPPROTO_UDP);
	dpt_put_udp(f, 67, 68);
	b = dpt_put(f, NULL, BOOTP_LEN);
	b[0] = op;
	b[1] = 1; // Ethernet
	b[2] = 6;
	memcpy(b + 16, &yiaddr, 4);
	memcpy(b + 28, &c, 6);
	memcpy(b + 236, cookie, 4);
	dpt_put(f, opts, olen);
	dpt_fix_lengths(f);
}

static const uint8_t ack_opts[] = {53, 1, 5, 54, 4, 10, 1, 0, 254, 51, 4, 0, 0, 0x0e, 0x10, 255};

static void dhcp_ack(struct dpt_pkt *f, uint16_t chaddr, rte_be32_t yiaddr)
{
	dhcp_pkt(f, 2, chaddr, yiaddr, ack_opts, sizeof(ack_opts));
}

static void test_dhcp_ack_local_server(void **state)
{
	struct dpt_cnt before;
	struct dp_event ev[4];
	struct dpt_pkt f;
	(void)state;
	dpt_snap(&before);
	dhcp_ack(&f, HOST, HOST_IP);
	feed(&f, false);
	assert_int_equal(snoops(ev, 4), 1); // after the server's own learn event
	assert_snoop4(&ev[0], HOST, HOST_IP);
	assert_int_equal(dpt_delta(&before, dpt_cnt("l2_fwd", "snoop_event")), 1);
	assert_int_equal(dpt_delta(&before, dpt_cnt("l2_fwd", "snoop_dhcp_event")), 1);
	feed(&f, false); // the same pair this second: once
	assert_int_equal(snoops(ev, 4), 0);
	assert_int_equal(dpt_delta(&before, dpt_cnt("l2_fwd", "snoop_dhcp_event")), 1);
}

// The server is behind a remote VTEP: its reply comes out of the tunnel, with the
// bridge domain learning or not (the writer decides whether the client is ours).
static void test_dhcp_ack_from_tunnel(void **state)
{
	struct dp_event ev[4];
	struct dpt_pkt f;
	(void)state;
	dhcp_ack(&f, HOST, HOST_IP);
	feed(&f, true);
	assert_int_equal(dpt_events_take(ev, 4), 1);
	assert_int_equal(ev[0].type, DP_EVENT_SNOOP);
	assert_snoop4(&ev[0], HOST, HOST_IP);
	assert_int_equal(dpt_bd_set(DPT_BD, DPT_VNI, 300, false), 0);
	dhcp_ack(&f, HOST, OTHER_IP);
	feed(&f, true);
	assert_int_equal(snoops(ev, 4), 1);
	assert_snoop4(&ev[0], HOST, OTHER_IP);
	assert_int_equal(dpt.w->cnt[dpt_cnt("l2_fwd", "snoop_dhcp_event")], 2);
}

// IP options before UDP, pads before option 53, option 53 after others: still an ACK.
static void test_dhcp_ack_layouts(void **state)
{
	static const uint8_t opts[] = {0, 0, 54, 4, 10, 1, 0, 254, 0, 53, 1, 5, 255};
	struct dp_event ev[4];
	struct dpt_pkt f, g;
	(void)state;
	dhcp_pkt(&f, 2, HOST, HOST_IP, opts, sizeof(opts));
	feed(&f, false);
	assert_int_equal(snoops(ev, 4), 1);

	// The same with a 4-byte IP option (NOP x4): IHL 6.
	dhcp_ack(&f, HOST, OTHER_IP);
	memcpy(g.b, f.b, f.l4);
	memset(g.b + f.l4, 1, 4);
	memcpy(g.b + f.l4 + 4, f.b + f.l4, f.len - f.l4);
	g.len = (uint16_t)(f.len + 4);
	g.b[f.l3] = 0x46;
	g.b[f.l3 + 3] = (uint8_t)(g.b[f.l3 + 3] + 4); // total length (< 256 + 256 here)
	if (g.b[f.l3 + 3] < 4)
		g.b[f.l3 + 2]++;
	feed(&g, false);
	assert_int_equal(snoops(ev, 4), 1);
	assert_snoop4(&ev[0], HOST, OTHER_IP);
}

// Each frame is forwarded as before (feed checks) and gives no event.
static void test_dhcp_ignored(void **state)
{
	static const uint8_t offer[] = {53, 1, 2, 255};
	static const uint8_t no_type[] = {54, 4, 10, 1, 0, 254, 255};
	static const uint8_t long_type[] = {53, 2, 5, 0, 255};
	static const uint8_t overrun[] = {54, 200, 10, 1, 0, 254, 53, 1, 5, 255};
	static const uint8_t after_end[] = {255, 53, 1, 5};
	static const uint8_t cut_type[] = {53};
	struct dp_event ev[4];
	struct dpt_pkt f;
	(void)state;
	dhcp_pkt(&f, 2, HOST, HOST_IP, offer, sizeof(offer));
	feed(&f, false);
	dhcp_pkt(&f, 2, HOST, HOST_IP, no_type, sizeof(no_type));
	feed(&f, false);
	dhcp_pkt(&f, 2, HOST, HOST_IP, long_type, sizeof(long_type));
	feed(&f, false);
	dhcp_pkt(&f, 2, HOST, HOST_IP, overrun, sizeof(overrun));
	feed(&f, false);
	dhcp_pkt(&f, 2, HOST, HOST_IP, after_end, sizeof(after_end));
	feed(&f, false);
	dhcp_pkt(&f, 2, HOST, HOST_IP, cut_type, sizeof(cut_type));
	feed(&f, false);
	dhcp_pkt(&f, 2, HOST, HOST_IP, NULL, 0); // no options at all
	feed(&f, false);
	dhcp_pkt(&f, 1, HOST, HOST_IP, ack_opts, sizeof(ack_opts)); // a request
	feed(&f, false);
	dhcp_ack(&f, HOST, 0); // DHCPINFORM's ACK: no address
	feed(&f, false);
	dhcp_ack(&f, HOST, RTE_BE32(RTE_IPV4(239, 1, 1, 1)));
	feed(&f, false);
	dhcp_ack(&f, HOST, RTE_BE32(UINT32_MAX));
	feed(&f, false);
	dhcp_ack(&f, HOST, HOST_IP);
	f.b[f.l5 + 2] = 16; // hlen
	feed(&f, false);
	dhcp_ack(&f, HOST, HOST_IP);
	f.b[f.l5 + 1] = 6; // htype IEEE 802
	feed(&f, false);
	dhcp_ack(&f, HOST, HOST_IP);
	f.b[f.l5 + 236] = 0; // cookie
	feed(&f, false);
	dhcp_ack(&f, 0xffff, HOST_IP); // chaddr 02:00:00:00:ff:ff is fine; make it multicast
	f.b[f.l5 + 28] = 0x03;
	feed(&f, false);
	dhcp_ack(&f, HOST, HOST_IP);
	f.b[f.l4 + 1] = 68; // 68 -> 68
	feed(&f, false);
	dhcp_ack(&f, HOST, HOST_IP);
	f.b[f.l3 + 9] = IPPROTO_TCP;
	feed(&f, false);
	dhcp_ack(&f, HOST, HOST_IP);
	f.b[f.l3 + 6] = 0x20; // more fragments
	feed(&f, false);
	dhcp_ack(&f, HOST, HOST_IP);
	f.b[f.l3] = 0x44; // IHL 4
	feed(&f, false);
	dhcp_ack(&f, HOST, HOST_IP);
	f.b[f.l3] = 0x65; // version 6 in an IPv4 frame
	feed(&f, false);
	dhcp_ack(&f, HOST, HOST_IP);
	f.b[f.l4 + 4] = 0; // UDP length 7
	f.b[f.l4 + 5] = 7;
	feed(&f, false);
	dhcp_ack(&f, HOST, HOST_IP);
	f.b[f.l4 + 4] = 0; // UDP length short of the cookie
	f.b[f.l4 + 5] = 8 + BOOTP_LEN - 1;
	feed(&f, false);
	dhcp_ack(&f, HOST, HOST_IP);
	f.b[f.l3 + 2] = 0; // IP total length ends before option 53's value
	f.b[f.l3 + 3] = (uint8_t)(20 + 8 + BOOTP_LEN + 2);
	feed(&f, false);
	assert_int_equal(snoops(ev, 4), 0);
	assert_int_equal(dpt.w->cnt[dpt_cnt("l2_fwd", "snoop_dhcp_event")], 0);
}

// An ACK cut at every length: an event only once option 53's value is in the frame.
static void test_dhcp_truncated(void **state)
{
	struct dp_event ev[4];
	struct dpt_pkt f, g;
	unsigned posted = 0;
	(void)state;
	dhcp_ack(&f, HOST, HOST_IP);
	for (uint16_t len = 1; len <= f.len; len++) {
		g = f;
		g.len = len;
		dpt_clock(len); // past the once-a-second filter
		feed(&g, true);
		if (snoops(ev, 4) == 1) {
			assert_true(len >= f.l5 + BOOTP_LEN + 3);
			posted++;
		}
	}
	assert_int_equal(posted, f.len - (f.l5 + BOOTP_LEN + 3) + 1);
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

// A DHCP reply from the tunnel: the notification carries the MAC's own port and VLAN.
static void test_writer_notify_dhcp(void **state)
{
	struct rte_ether_addr h = dpt_mac(HOST);
	struct dp_event snoop = {.type = DP_EVENT_SNOOP,
		.bd = DPT_BD,
		.port = DPT_UL,
		.ip = {.family = AF_INET, .v4 = {HOST_IP}}};
	struct dp_notify n[8];
	(void)state;
	assert_int_equal(dpt_mac_local(DPT_BD, &h, DP_MAC_LOCAL, DPT_A2, 100), 0);
	dpt_notify_take(n, 8);
	memcpy(snoop.mac, &h, 6);
	writer_apply_event(&snoop);
	assert_int_equal(dpt_notify_take(n, 8), 1);
	assert_int_equal(n[0].type, DP_NOTIFY_MAC_IP);
	assert_int_equal(n[0].port, DPT_A2);
	assert_int_equal(n[0].vlan, 100);
	assert_memory_equal(n[0].mac, &h, 6);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_arp_request_reply_gratuitous, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_arp_again_with_a_new_learn, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_flush_forgets_this_second, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_arp_ignored, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_learning_off, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_nd, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_nd_ignored, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_dhcp_ack_local_server, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_dhcp_ack_from_tunnel, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_dhcp_ack_layouts, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_dhcp_ignored, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_dhcp_truncated, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_writer_notify, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_writer_notify_dhcp, setup, dpt_teardown),
	};
	int ret;
	(void)argc;
	dpt_eal_init(argv[0]);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	dpt_eal_fini();
	return ret;
}
