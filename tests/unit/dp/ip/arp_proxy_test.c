// SPDX-License-Identifier: BSD-3-Clause
// Tests of dp/ip/arp_proxy.c (and its edge from l2_fwd): ARP suppression per RFC 9161.
// A request for a target in the proxy table is answered out of the port and VLAN it
// came in on; unknown targets flood or drop by the domain's policy; announcements,
// probes and replies are never answered; malformed ARP is a counted drop; the requests
// l2_fwd hands it are snooped here.
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

dp_node_process_t arp_proxy_process;

#define HOST_IP RTE_BE32(RTE_IPV4(10, 1, 0, 1))	 // the requester, behind port 1
#define KNOWN_IP RTE_BE32(RTE_IPV4(10, 1, 0, 2)) // in the proxy table
#define UNKNOWN_IP RTE_BE32(RTE_IPV4(10, 1, 0, 9))

static struct rte_ether_addr host_mac, known_mac;

static int bd_suppress(bool on, bool unknown_drop)
{
	struct dp_msg m = {.type = DP_MSG_BD_SET,
		.bd = {.bd = DPT_BD,
			.vni = DPT_VNI,
			.aging_sec = 300,
			.learning = true,
			.arp_suppress = on,
			.unknown_drop = unknown_drop}};
	return dpt_apply(&m);
}

static int neigh(uint16_t type, uint16_t bd, rte_be32_t ip, const struct rte_ether_addr *mac)
{
	struct dp_msg m = {.type = type, .neigh = {.bd = bd}};
	m.neigh.ip.family = AF_INET;
	m.neigh.ip.v4.s_addr = ip;
	memcpy(m.neigh.mac, mac, 6);
	return dpt_apply(&m);
}

static int setup(void **state)
{
	if (dpt_setup(state) != 0)
		return -1;
	dpt_topology();
	host_mac = dpt_mac(0x101);
	known_mac = dpt_mac(0x102);
	assert_int_equal(bd_suppress(true, false), 0);
	assert_int_equal(neigh(DP_MSG_NEIGH_ADD, DPT_BD, KNOWN_IP, &known_mac), 0);
	return 0;
}

static struct rte_mbuf *request(
	uint16_t op, rte_be32_t sip, rte_be32_t tip, uint16_t port, uint16_t vlan)
{
	struct dpt_pkt p;
	dpt_arp_pkt(&p, op, &host_mac, sip, tip);
	return dpt_l2_mbuf(&p, DPT_BD, port, vlan, false);
}

static int proxy(struct rte_mbuf *m)
{
	return dpt_feed("arp_proxy", arp_proxy_process, m);
}

// The reply on `port`: tagged with `vlan` when not 0, every field of RFC 826's reply.
static void check_reply(uint16_t port, uint16_t vlan)
{
	struct rte_mbuf *m;
	const struct rte_ether_hdr *eth;
	const struct rte_arp_hdr *a;
	size_t off = sizeof(*eth);

	assert_int_equal(dpt_tx_take(port, &m, 1), 1);
	eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	assert_memory_equal(&eth->dst_addr, &host_mac, 6);
	assert_memory_equal(&eth->src_addr, &known_mac, 6);
	if (vlan != 0) {
		const struct rte_vlan_hdr *vh = (const struct rte_vlan_hdr *)(eth + 1);
		assert_int_equal(eth->ether_type, RTE_BE16(RTE_ETHER_TYPE_VLAN));
		assert_int_equal(rte_be_to_cpu_16(vh->vlan_tci) & 0xfff, vlan);
		assert_int_equal(vh->eth_proto, RTE_BE16(RTE_ETHER_TYPE_ARP));
		off += sizeof(*vh);
	} else {
		assert_int_equal(eth->ether_type, RTE_BE16(RTE_ETHER_TYPE_ARP));
	}
	assert_int_equal(rte_pktmbuf_pkt_len(m), off + sizeof(*a));
	a = rte_pktmbuf_mtod_offset(m, const struct rte_arp_hdr *, off);
	assert_int_equal(a->arp_hardware, RTE_BE16(RTE_ARP_HRD_ETHER));
	assert_int_equal(a->arp_protocol, RTE_BE16(RTE_ETHER_TYPE_IPV4));
	assert_int_equal(a->arp_hlen, 6);
	assert_int_equal(a->arp_plen, 4);
	assert_int_equal(a->arp_opcode, RTE_BE16(RTE_ARP_OP_REPLY));
	assert_memory_equal(&a->arp_data.arp_sha, &known_mac, 6);
	assert_int_equal(a->arp_data.arp_sip, KNOWN_IP);
	assert_memory_equal(&a->arp_data.arp_tha, &host_mac, 6);
	assert_int_equal(a->arp_data.arp_tip, HOST_IP);
	rte_pktmbuf_free(m);
}

static void test_known_target_answered(void **state)
{
	(void)state;
	assert_edge(proxy(request(RTE_ARP_OP_REQUEST, HOST_IP, KNOWN_IP, DPT_A1, 0)),
		dpt_cnt("arp_proxy", "reply_sent"));
	check_reply(DPT_A1, 0);
	assert_int_equal(DPT_VEC(bum_flood)->n, 0);
	assert_int_equal(dpt_pending(), 0);
}

// Port 2 is a member of the domain with VLAN 100: the reply goes back tagged.
static void test_vlan_tagged_port(void **state)
{
	(void)state;
	assert_edge(proxy(request(RTE_ARP_OP_REQUEST, HOST_IP, KNOWN_IP, DPT_A2, 100)),
		dpt_cnt("arp_proxy", "reply_sent"));
	check_reply(DPT_A2, 100);
	assert_int_equal(dpt_pending(), 0);
}

static void test_unknown_target(void **state)
{
	(void)state;
	assert_edge(proxy(request(RTE_ARP_OP_REQUEST, HOST_IP, UNKNOWN_IP, DPT_A1, 0)),
		dpt_cnt("arp_proxy", "unknown_flooded"));
	assert_int_equal(DPT_VEC(bum_flood)->n, 1);
	// The same target in another domain is not known either.
	assert_int_equal(neigh(DP_MSG_NEIGH_ADD, DPT_BD2, UNKNOWN_IP, &known_mac), 0);
	assert_edge(proxy(request(RTE_ARP_OP_REQUEST, HOST_IP, UNKNOWN_IP, DPT_A1, 0)),
		dpt_cnt("arp_proxy", "unknown_flooded"));
	// unknown-unicast-suppression: dropped, counted.
	assert_int_equal(bd_suppress(true, true), 0);
	assert_edge(proxy(request(RTE_ARP_OP_REQUEST, HOST_IP, UNKNOWN_IP, DPT_A1, 0)),
		dpt_cnt("arp_proxy", "unknown_dropped"));
	assert_int_equal(DPT_VEC(bum_flood)->n, 2);
	assert_int_equal(dpt_tx_take(DPT_A1, &(struct rte_mbuf *){NULL}, 1), 0);
}

// Announcements, probes, replies and a host asking for its own address go the usual way.
static void test_never_answered(void **state)
{
	(void)state;
	assert_edge(proxy(request(RTE_ARP_OP_REQUEST, KNOWN_IP, KNOWN_IP, DPT_A1, 0)),
		dpt_cnt("arp_proxy", "not_proxied"));
	assert_edge(proxy(request(RTE_ARP_OP_REQUEST, 0, KNOWN_IP, DPT_A1, 0)),
		dpt_cnt("arp_proxy", "not_proxied"));
	assert_edge(proxy(request(RTE_ARP_OP_REPLY, HOST_IP, KNOWN_IP, DPT_A1, 0)),
		dpt_cnt("arp_proxy", "not_proxied"));
	assert_int_equal(neigh(DP_MSG_NEIGH_ADD, DPT_BD, HOST_IP, &host_mac), 0);
	assert_edge(proxy(request(RTE_ARP_OP_REQUEST, KNOWN_IP, HOST_IP, DPT_A1, 0)),
		dpt_cnt("arp_proxy", "not_proxied"));
	assert_int_equal(DPT_VEC(bum_flood)->n, 4);
	assert_int_equal(dpt_tx_take(DPT_A1, &(struct rte_mbuf *){NULL}, 1), 0);
}

static void test_malformed(void **state)
{
	struct dpt_pkt p;
	struct rte_arp_hdr *a;
	(void)state;
	dpt_arp_pkt(&p, RTE_ARP_OP_REQUEST, &host_mac, HOST_IP, KNOWN_IP);
	a = (struct rte_arp_hdr *)(p.b + p.l3);
	a->arp_hlen = 8;
	assert_edge(proxy(dpt_l2_mbuf(&p, DPT_BD, DPT_A1, 0, false)),
		dpt_cnt("arp_proxy", "malformed"));
	a->arp_hlen = 6;
	a->arp_protocol = RTE_BE16(RTE_ETHER_TYPE_IPV6);
	assert_edge(proxy(dpt_l2_mbuf(&p, DPT_BD, DPT_A1, 0, false)),
		dpt_cnt("arp_proxy", "malformed"));
	a->arp_protocol = RTE_BE16(RTE_ETHER_TYPE_IPV4);
	p.len = (uint16_t)(p.l3 + sizeof(*a) - 1); // one byte short
	assert_edge(proxy(dpt_l2_mbuf(&p, DPT_BD, DPT_A1, 0, false)),
		dpt_cnt("arp_proxy", "malformed"));
	assert_int_equal(dpt_pending(), 0);
}

// NEIGH_DEL removes the entry only while it maps to the MAC it names.
static void test_neigh_del(void **state)
{
	struct rte_ether_addr other = dpt_mac(0x999);
	uint8_t mac[6];
	struct dp_ip ip = {.family = AF_INET};
	(void)state;
	ip.v4.s_addr = KNOWN_IP;
	assert_int_equal(neigh(DP_MSG_NEIGH_DEL, DPT_BD, KNOWN_IP, &other), 0);
	assert_int_equal(dp_neigh_get(DPT_BD, &ip, mac), 0);
	assert_memory_equal(mac, &known_mac, 6);
	assert_int_equal(neigh(DP_MSG_NEIGH_DEL, DPT_BD, KNOWN_IP, &known_mac), 0);
	assert_int_equal(dp_neigh_get(DPT_BD, &ip, mac), -ENOENT);
	assert_int_equal(neigh(DP_MSG_NEIGH_DEL, DPT_BD, KNOWN_IP, &known_mac), 0); // absent
	dpt_reclaim();
	assert_edge(proxy(request(RTE_ARP_OP_REQUEST, HOST_IP, KNOWN_IP, DPT_A1, 0)),
		dpt_cnt("arp_proxy", "unknown_flooded"));
	// Refused: no such domain, a multicast MAC.
	assert_int_equal(neigh(DP_MSG_NEIGH_ADD, 99, KNOWN_IP, &known_mac), -EINVAL);
	assert_int_equal(neigh(DP_MSG_NEIGH_ADD, DPT_BD, KNOWN_IP, &dpt_bcast), -EINVAL);
	// A domain that goes away takes its entries with it.
	assert_int_equal(neigh(DP_MSG_NEIGH_ADD, DPT_BD2, KNOWN_IP, &known_mac), 0);
	assert_int_equal(dpt_bd_del(DPT_BD2), 0);
	assert_int_equal(dp_neigh_get(DPT_BD2, &ip, mac), -ENOENT);
}

// A full table refuses the entry, counted; the entries in it keep answering.
static void test_table_full(void **state)
{
	uint32_t n = 0;
	int ret = 0;
	(void)state;
	assert_int_equal(dp_neigh_table_size(1024), 0);
	assert_int_equal(neigh(DP_MSG_NEIGH_ADD, DPT_BD, KNOWN_IP, &known_mac), 0);
	while (n < 4096 && (ret = neigh(DP_MSG_NEIGH_ADD, DPT_BD,
				    rte_cpu_to_be_32(RTE_IPV4(10, 2, 0, 0) + n), &known_mac)) == 0)
		n++;
	assert_int_equal(ret, -ENOSPC);
	assert_true(n >= 900); // about the size asked for (rte_hash buckets)
	assert_int_equal(dp_writer.stats.neigh_table_full, 1);
	assert_edge(proxy(request(RTE_ARP_OP_REQUEST, HOST_IP, KNOWN_IP, DPT_A1, 0)),
		dpt_cnt("arp_proxy", "reply_sent"));
	check_reply(DPT_A1, 0);
}

// l2_fwd sends broadcast ARP from access ports of a suppressing domain to arp_proxy,
// and nothing else: from a tunnel, or with suppression off, it floods as before.
static void test_l2_fwd_edge(void **state)
{
	(void)state;
	assert_edge(dpt_feed("l2_fwd", l2_fwd_process,
			    request(RTE_ARP_OP_REQUEST, HOST_IP, KNOWN_IP, DPT_A1, 0)),
		dpt_cnt("l2_fwd", "to_arp_proxy"));
	assert_int_equal(DPT_VEC(arp_proxy)->n, 1);
	struct dpt_pkt p;
	dpt_arp_pkt(&p, RTE_ARP_OP_REQUEST, &host_mac, HOST_IP, KNOWN_IP);
	assert_edge(dpt_feed("l2_fwd", l2_fwd_process, dpt_l2_mbuf(&p, DPT_BD, 0, 0, true)),
		dpt_cnt("l2_fwd", "to_bum_flood"));
	assert_int_equal(bd_suppress(false, false), 0);
	assert_edge(dpt_feed("l2_fwd", l2_fwd_process,
			    request(RTE_ARP_OP_REQUEST, HOST_IP, KNOWN_IP, DPT_A1, 0)),
		dpt_cnt("l2_fwd", "to_bum_flood"));
	assert_int_equal(DPT_VEC(arp_proxy)->n, 1);
	assert_int_equal(DPT_VEC(bum_flood)->n, 2);
}

// l2_fwd -> arp_proxy, the way the pipeline runs them; the edge arp_proxy took.
static int through_l2_fwd(struct rte_mbuf *m)
{
	assert_edge(dpt_feed("l2_fwd", l2_fwd_process, m), dpt_cnt("l2_fwd", "to_arp_proxy"));
	assert_int_equal(dpt_vec_take(DPT_VEC(arp_proxy), &m, 1), 1);
	return proxy(m);
}

// The snoop events posted, after the learn events they follow.
static unsigned snoop_events(struct dp_event *out, unsigned max)
{
	struct dp_event ev[16];
	unsigned n = dpt_events_take(ev, 16), k = 0;
	for (unsigned i = 0; i < n; i++) {
		if (ev[i].type == DP_EVENT_LEARN) {
			assert_int_equal(k, 0);
			continue;
		}
		assert_int_equal(ev[i].type, DP_EVENT_SNOOP);
		if (k < max)
			out[k++] = ev[i];
	}
	return k;
}

// The requests l2_fwd hands to arp_proxy are snooped there (dp_meta.snoop), answered
// or not, once a second per (MAC, IP) unless the source was just learned again (it
// moved); frames fed straight to arp_proxy (no l2_fwd) are not.
static void test_snooped_via_l2_fwd(void **state)
{
	const rte_be32_t other_ip = RTE_BE32(RTE_IPV4(10, 1, 0, 3));
	struct dp_event ev[4];
	(void)state;
	dpt_clock(0);
	dpt_events_take(ev, 4);
	assert_edge(through_l2_fwd(request(RTE_ARP_OP_REQUEST, HOST_IP, KNOWN_IP, DPT_A1, 0)),
		dpt_cnt("arp_proxy", "reply_sent"));
	assert_int_equal(snoop_events(ev, 4), 1);
	assert_memory_equal(ev[0].mac, &host_mac, 6);
	assert_int_equal(ev[0].ip.family, AF_INET);
	assert_int_equal(ev[0].ip.v4.s_addr, HOST_IP);
	assert_int_equal(ev[0].port, DPT_A1);
	check_reply(DPT_A1, 0);

	// the same pair this second: filtered; another sender IP: its own event (flooded)
	assert_edge(through_l2_fwd(request(RTE_ARP_OP_REQUEST, HOST_IP, KNOWN_IP, DPT_A1, 0)),
		dpt_cnt("arp_proxy", "reply_sent"));
	check_reply(DPT_A1, 0);
	assert_int_equal(snoop_events(ev, 4), 0);
	assert_edge(through_l2_fwd(request(RTE_ARP_OP_REQUEST, other_ip, UNKNOWN_IP, DPT_A1, 0)),
		dpt_cnt("arp_proxy", "unknown_flooded"));
	assert_int_equal(snoop_events(ev, 4), 1);
	assert_int_equal(ev[0].ip.v4.s_addr, other_ip);

	// moved to another port within the second: learned again, so snooped again
	assert_edge(through_l2_fwd(request(RTE_ARP_OP_REQUEST, HOST_IP, KNOWN_IP, DPT_A2, 0)),
		dpt_cnt("arp_proxy", "reply_sent"));
	check_reply(DPT_A2, 0);
	assert_int_equal(snoop_events(ev, 4), 1);
	assert_int_equal(ev[0].port, DPT_A2);

	// straight to arp_proxy, next second: answered, nothing snooped
	dpt_clock(1);
	assert_edge(proxy(request(RTE_ARP_OP_REQUEST, HOST_IP, KNOWN_IP, DPT_A1, 0)),
		dpt_cnt("arp_proxy", "reply_sent"));
	check_reply(DPT_A1, 0);
	assert_int_equal(snoop_events(ev, 4), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_known_target_answered, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_vlan_tagged_port, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_target, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_never_answered, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_malformed, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_neigh_del, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_table_full, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_l2_fwd_edge, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_snooped_via_l2_fwd, setup, dpt_teardown),
	};
	dpt_eal_init("arp_proxy_test");
	int ret = cmocka_run_group_tests(tests, NULL, NULL);
	dpt_eal_fini();
	return ret;
}
