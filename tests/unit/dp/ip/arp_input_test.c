// SPDX-License-Identifier: BSD-3-Clause
// Tests of dp/ip/arp_input.c: requests for our addresses answered in place, neighbours
// reported to the writer, everything else dropped with a reason.
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

static int setup(void **state)
{
	if (dpt_setup(state) != 0)
		return -1;
	dpt_topology();
	return 0;
}

static int arp_m(uint16_t port, struct rte_mbuf *m)
{
	dp_meta(m)->in_port = port;
	return dpt_feed("arp_input", arp_input_process, m);
}

static int arp(uint16_t port, const struct dpt_pkt *p)
{
	return arp_m(port, dpt_mbuf(p));
}

static struct rte_arp_hdr *arp_hdr(struct dpt_pkt *p)
{
	return (struct rte_arp_hdr *)(p->b + p->l3);
}

static void check_neigh_event(rte_be32_t ip, const struct rte_ether_addr *mac)
{
	struct dp_event ev;
	assert_int_equal(dpt_events_take(&ev, 1), 1);
	assert_int_equal(ev.type, DP_EVENT_NEIGH);
	assert_int_equal(ev.port, DPT_UL);
	assert_int_equal(ev.ip.family, AF_INET);
	assert_int_equal(ev.ip.v4.s_addr, ip);
	assert_memory_equal(ev.mac, mac, 6);
	assert_int_equal(dpt_events_take(&ev, 1), 0);
}

static void check_reply(rte_be32_t our_ip, rte_be32_t peer_ip)
{
	struct rte_mbuf *m;
	const struct rte_ether_hdr *eth;
	const struct rte_arp_hdr *a;

	assert_int_equal(dpt_tx_take(DPT_UL, &m, 1), 1);
	eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	a = (const struct rte_arp_hdr *)(eth + 1);
	assert_int_equal(rte_pktmbuf_pkt_len(m), 14 + sizeof(*a));
	assert_memory_equal(&eth->dst_addr, &dpt_peer_mac, 6);
	assert_memory_equal(&eth->src_addr, &dpt.port_mac[DPT_UL], 6);
	assert_int_equal(eth->ether_type, RTE_BE16(RTE_ETHER_TYPE_ARP));
	assert_int_equal(a->arp_hardware, RTE_BE16(RTE_ARP_HRD_ETHER));
	assert_int_equal(a->arp_protocol, RTE_BE16(RTE_ETHER_TYPE_IPV4));
	assert_int_equal(a->arp_hlen, 6);
	assert_int_equal(a->arp_plen, 4);
	assert_int_equal(a->arp_opcode, RTE_BE16(RTE_ARP_OP_REPLY));
	assert_memory_equal(&a->arp_data.arp_sha, &dpt.port_mac[DPT_UL], 6);
	assert_int_equal(a->arp_data.arp_sip, our_ip);
	assert_memory_equal(&a->arp_data.arp_tha, &dpt_peer_mac, 6);
	assert_int_equal(a->arp_data.arp_tip, peer_ip);
	assert_int_equal(m->ol_flags, 0);
	rte_pktmbuf_free(m);
}

static void test_request_for_interface_address(void **state)
{
	struct dpt_pkt p;
	(void)state;
	dpt_arp_pkt(&p, RTE_ARP_OP_REQUEST, &dpt_peer_mac, DPT_PEER4, DPT_UL4);
	assert_edge(arp(DPT_UL, &p), dpt_cnt("arp_input", "reply_sent"));
	check_reply(DPT_UL4, DPT_PEER4);
	check_neigh_event(DPT_PEER4, &dpt_peer_mac);
}

// The VTEP address is answered on any underlay port.
static void test_request_for_vtep(void **state)
{
	struct dpt_pkt p;
	(void)state;
	dpt_arp_pkt(&p, RTE_ARP_OP_REQUEST, &dpt_peer_mac, DPT_PEER4, DPT_VTEP4);
	assert_edge(arp(DPT_UL, &p), dpt_cnt("arp_input", "reply_sent"));
	check_reply(DPT_VTEP4, DPT_PEER4);
	check_neigh_event(DPT_PEER4, &dpt_peer_mac);
}

// A reply (to our request) is a neighbour, not something to answer.
static void test_reply_is_neighbor(void **state)
{
	struct dpt_pkt p;
	(void)state;
	dpt_arp_pkt(&p, RTE_ARP_OP_REPLY, &dpt_peer_mac, DPT_PEER4, DPT_UL4);
	assert_edge(arp(DPT_UL, &p), dpt_cnt("arp_input", "neighbor_seen"));
	check_neigh_event(DPT_PEER4, &dpt_peer_mac);
	assert_int_equal(dpt_pending(), 0);
}

// The writer turns the worker's event into a NEIGH notification.
static void test_neighbor_notification(void **state)
{
	struct dpt_pkt p;
	struct dp_notify n;
	(void)state;
	dpt_arp_pkt(&p, RTE_ARP_OP_REPLY, &dpt_peer_mac, DPT_PEER4, DPT_UL4);
	assert_edge(arp(DPT_UL, &p), dpt_cnt("arp_input", "neighbor_seen"));
	dp_writer_poll();
	assert_int_equal(dpt_notify_take(&n, 1), 1);
	assert_int_equal(n.type, DP_NOTIFY_NEIGH);
	assert_int_equal(n.port, DPT_UL);
	assert_int_equal(n.ip.family, AF_INET);
	assert_int_equal(n.ip.v4.s_addr, DPT_PEER4);
	assert_memory_equal(n.mac, &dpt_peer_mac, 6);
}

static void test_not_for_us(void **state)
{
	struct dpt_pkt p;
	(void)state;
	dpt_arp_pkt(
		&p, RTE_ARP_OP_REQUEST, &dpt_peer_mac, DPT_PEER4, RTE_BE32(RTE_IPV4(10, 0, 0, 3)));
	assert_edge(arp(DPT_UL, &p), dpt_cnt("arp_input", "not_for_us"));
	// Gratuitous ARP of the neighbour's own address, on an access port.
	dpt_arp_pkt(&p, RTE_ARP_OP_REQUEST, &dpt_peer_mac, DPT_PEER4, DPT_PEER4);
	assert_edge(arp(DPT_A1, &p), dpt_cnt("arp_input", "not_for_us"));
	// Target 0.0.0.0 is never ours.
	dpt_arp_pkt(&p, RTE_ARP_OP_REQUEST, &dpt_peer_mac, DPT_PEER4, 0);
	assert_edge(arp(DPT_UL, &p), dpt_cnt("arp_input", "not_for_us"));
	// An interface address is answered only on its own port.
	dpt_arp_pkt(&p, RTE_ARP_OP_REQUEST, &dpt_peer_mac, DPT_PEER4, DPT_UL4);
	assert_edge(arp(DPT_A1, &p), dpt_cnt("arp_input", "not_for_us"));
	assert_int_equal(dpt_events_take(&(struct dp_event){0}, 1), 0);
	assert_int_equal(dpt_pending(), 0);
}

// A gratuitous ARP (request or reply, the sender's own address as target) on an
// underlay port is a neighbour event marked announced, up to the control plane, which
// updates a neighbour it knows (a gateway whose MAC changed); nothing is answered.
static void test_gratuitous(void **state)
{
	static const uint16_t ops[] = {RTE_ARP_OP_REQUEST, RTE_ARP_OP_REPLY};
	struct dpt_pkt p;
	struct dp_event ev;
	struct dp_notify n;
	(void)state;
	for (unsigned i = 0; i < 2; i++) {
		dpt_arp_pkt(&p, ops[i], &dpt_peer_mac, DPT_PEER4, DPT_PEER4);
		assert_edge(arp(DPT_UL, &p), dpt_cnt("arp_input", "gratuitous"));
		assert_int_equal(dpt_events_take(&ev, 1), 1);
		assert_int_equal(ev.type, DP_EVENT_NEIGH);
		assert_int_equal(ev.announced, 1);
		assert_int_equal(ev.ip.v4.s_addr, DPT_PEER4);
		assert_memory_equal(ev.mac, &dpt_peer_mac, 6);
		assert_int_equal(dpt_tx_take(DPT_UL, &(struct rte_mbuf *){NULL}, 1), 0);
	}
	dpt_arp_pkt(&p, RTE_ARP_OP_REQUEST, &dpt_peer_mac, DPT_PEER4, DPT_PEER4);
	assert_edge(arp(DPT_UL, &p), dpt_cnt("arp_input", "gratuitous"));
	dp_writer_poll();
	assert_int_equal(dpt_notify_take(&n, 1), 1);
	assert_int_equal(n.type, DP_NOTIFY_NEIGH);
	assert_int_equal(n.announced, 1);
	assert_memory_equal(n.mac, &dpt_peer_mac, 6);
	// An ARP aimed at us is not an announcement.
	dpt_arp_pkt(&p, RTE_ARP_OP_REPLY, &dpt_peer_mac, DPT_PEER4, DPT_UL4);
	assert_edge(arp(DPT_UL, &p), dpt_cnt("arp_input", "neighbor_seen"));
	assert_int_equal(dpt_events_take(&ev, 1), 1);
	assert_int_equal(ev.announced, 0);
	assert_int_equal(dpt_pending(), 0);
}

static void test_malformed(void **state)
{
	struct dpt_pkt p;
	(void)state;
	dpt_arp_pkt(&p, RTE_ARP_OP_REQUEST, &dpt_peer_mac, DPT_PEER4, DPT_UL4);
	arp_hdr(&p)->arp_hlen = 8;
	assert_edge(arp(DPT_UL, &p), dpt_cnt("arp_input", "malformed"));
	arp_hdr(&p)->arp_hlen = 6;
	arp_hdr(&p)->arp_plen = 16;
	assert_edge(arp(DPT_UL, &p), dpt_cnt("arp_input", "malformed"));
	arp_hdr(&p)->arp_plen = 4;
	arp_hdr(&p)->arp_hardware = RTE_BE16(6); // IEEE 802
	assert_edge(arp(DPT_UL, &p), dpt_cnt("arp_input", "malformed"));
	arp_hdr(&p)->arp_hardware = RTE_BE16(RTE_ARP_HRD_ETHER);
	arp_hdr(&p)->arp_protocol = RTE_BE16(RTE_ETHER_TYPE_IPV6);
	assert_edge(arp(DPT_UL, &p), dpt_cnt("arp_input", "malformed"));
	arp_hdr(&p)->arp_protocol = RTE_BE16(RTE_ETHER_TYPE_IPV4);
	// Truncated: the target address is cut off.
	assert_edge(arp_m(DPT_UL, dpt_mbuf_bytes(p.b, (uint16_t)(p.len - 1))),
		dpt_cnt("arp_input", "malformed"));
	assert_edge(arp_m(DPT_UL, dpt_mbuf_bytes(p.b, 14)), dpt_cnt("arp_input", "malformed"));
	assert_int_equal(dpt_events_take(&(struct dp_event){0}, 1), 0);
	assert_int_equal(dpt_pending(), 0);
	// The untouched packet is fine.
	assert_edge(arp(DPT_UL, &p), dpt_cnt("arp_input", "reply_sent"));
}

// An ARP probe (sender 0.0.0.0, RFC 5227) is answered, but there is no neighbour to
// report; neither is a sender with a group MAC.
static void test_probe_and_bad_sender(void **state)
{
	struct dpt_pkt p;
	struct rte_ether_addr mc = {{0x01, 0x00, 0x5e, 0, 0, 1}};
	(void)state;
	dpt_arp_pkt(&p, RTE_ARP_OP_REQUEST, &dpt_peer_mac, 0, DPT_UL4);
	assert_edge(arp(DPT_UL, &p), dpt_cnt("arp_input", "reply_sent"));
	check_reply(DPT_UL4, 0);
	assert_int_equal(dpt_events_take(&(struct dp_event){0}, 1), 0);
	dpt_arp_pkt(&p, RTE_ARP_OP_REPLY, &mc, DPT_PEER4, DPT_UL4);
	assert_edge(arp(DPT_UL, &p), dpt_cnt("arp_input", "neighbor_seen"));
	assert_int_equal(dpt_events_take(&(struct dp_event){0}, 1), 0);
}

// Ethernet padding after the ARP body is kept and harmless.
static void test_padded(void **state)
{
	struct dpt_pkt p;
	(void)state;
	dpt_arp_pkt(&p, RTE_ARP_OP_REQUEST, &dpt_peer_mac, DPT_PEER4, DPT_UL4);
	dpt_put(&p, NULL, 18);
	assert_edge(arp(DPT_UL, &p), dpt_cnt("arp_input", "reply_sent"));
	{
		struct rte_mbuf *m;
		assert_int_equal(dpt_tx_take(DPT_UL, &m, 1), 1);
		assert_int_equal(rte_pktmbuf_mtod_offset(m, struct rte_arp_hdr *, 14)->arp_opcode,
			RTE_BE16(RTE_ARP_OP_REPLY));
		rte_pktmbuf_free(m);
	}
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_request_for_interface_address, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_request_for_vtep, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_reply_is_neighbor, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_neighbor_notification, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_not_for_us, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_gratuitous, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_malformed, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_probe_and_bad_sender, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_padded, setup, dpt_teardown),
	};
	int ret;
	(void)argc;
	dpt_eal_init(argv[0]);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	dpt_eal_fini();
	return ret;
}
