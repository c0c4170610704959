// SPDX-License-Identifier: BSD-3-Clause
// Tests of dp/ip/nd_input.c: solicitations for our addresses answered in place with
// a correct advertisement, neighbours reported, and RFC 4861 validation.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <rte_ip.h>

#include "dp/core/dp_meta.h"
#include "dp/ip/nd_packet.h"
#include "dp/writer/writer.h"
#include "tests/unit/dp/dp_test_env.h"

static const uint8_t unspec[16];
static const uint8_t all_nodes[16] = {0xff, 0x02, [15] = 1};
static const uint8_t other6[16] = {0xfd, 0x00, [15] = 0x33};

static int setup(void **state)
{
	if (dpt_setup(state) != 0)
		return -1;
	dpt_topology();
	return 0;
}

// The solicited-node group of an address (RFC 4291 2.7.1).
static void snm(uint8_t out[16], const uint8_t addr[16])
{
	static const uint8_t prefix[13] = {0xff, 0x02, [11] = 0x01, [12] = 0xff};
	memcpy(out, prefix, 13);
	memcpy(out + 13, addr + 13, 3);
}

static int nd_m(uint16_t port, struct rte_mbuf *m)
{
	dp_meta(m)->in_port = port;
	return dpt_feed("nd_input", nd_input_process, m);
}

static int nd(uint16_t port, const struct dpt_pkt *p)
{
	return nd_m(port, dpt_mbuf(p));
}

static void ns_for(struct dpt_pkt *p, const uint8_t target[16])
{
	uint8_t group[16];
	snm(group, target);
	dpt_ns_pkt(p, &dpt_peer_mac, dpt_peer6, group, target);
}

static struct rte_ipv6_hdr *ip6(struct dpt_pkt *p)
{
	return (struct rte_ipv6_hdr *)(p->b + p->l3);
}

static struct nd_msg *msg(struct dpt_pkt *p)
{
	return (struct nd_msg *)(p->b + p->l4);
}

static void check_event(const uint8_t ip[16], const struct rte_ether_addr *mac)
{
	struct dp_event ev;
	assert_int_equal(dpt_events_take(&ev, 1), 1);
	assert_int_equal(ev.type, DP_EVENT_NEIGH);
	assert_int_equal(ev.port, DPT_UL);
	assert_int_equal(ev.ip.family, AF_INET6);
	assert_memory_equal(ev.ip.bytes, ip, 16);
	assert_memory_equal(ev.mac, mac, 6);
	assert_int_equal(dpt_events_take(&ev, 1), 0);
}

static void check_no_event(void)
{
	struct dp_event ev;
	assert_int_equal(dpt_events_take(&ev, 1), 0);
}

// The advertisement answering a solicitation for `target`: every field.
static void check_advert(const uint8_t target[16])
{
	struct rte_mbuf *m;
	const struct rte_ether_hdr *eth;
	const struct rte_ipv6_hdr *ip;
	const struct nd_msg *na;
	const struct nd_opt_lladdr *opt;

	assert_int_equal(dpt_tx_take(DPT_UL, &m, 1), 1);
	eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	ip = (const struct rte_ipv6_hdr *)(eth + 1);
	na = (const struct nd_msg *)(ip + 1);
	opt = (const struct nd_opt_lladdr *)(na + 1);
	assert_int_equal(rte_pktmbuf_pkt_len(m), 14 + 40 + 24 + 8);
	assert_memory_equal(&eth->dst_addr, &dpt_peer_mac, 6);
	assert_memory_equal(&eth->src_addr, &dpt.port_mac[DPT_UL], 6);
	assert_int_equal(eth->ether_type, RTE_BE16(RTE_ETHER_TYPE_IPV6));
	assert_int_equal(rte_be_to_cpu_32(ip->vtc_flow) >> 28, 6);
	assert_int_equal(rte_be_to_cpu_16(ip->payload_len), 32);
	assert_int_equal(ip->proto, IPPROTO_ICMPV6);
	assert_int_equal(ip->hop_limits, 255);
	assert_memory_equal(ip->src_addr, target, 16);
	assert_memory_equal(ip->dst_addr, dpt_peer6, 16);
	assert_int_equal(na->type, ND_TYPE_NA);
	assert_int_equal(na->code, 0);
	assert_int_equal(na->flags, ND_NA_FLAG_SOLICITED | ND_NA_FLAG_OVERRIDE);
	assert_memory_equal(na->target, target, 16);
	assert_int_equal(opt->type, ND_OPT_TGT_LLADDR);
	assert_int_equal(opt->len, 1);
	assert_memory_equal(&opt->mac, &dpt.port_mac[DPT_UL], 6);
	assert_int_equal(rte_ipv6_udptcp_cksum_verify(ip, na), 0);
	assert_int_equal(m->ol_flags, 0);
	rte_pktmbuf_free(m);
}

static void test_ns_for_interface_address(void **state)
{
	struct dpt_pkt p;
	(void)state;
	ns_for(&p, dpt_ul6);
	assert_edge(nd(DPT_UL, &p), dpt_cnt("nd_input", "advert_sent"));
	check_advert(dpt_ul6);
	check_event(dpt_peer6, &dpt_peer_mac);
}

static void test_ns_for_vtep(void **state)
{
	struct dpt_pkt p;
	(void)state;
	ns_for(&p, dpt_vtep6);
	assert_edge(nd(DPT_UL, &p), dpt_cnt("nd_input", "advert_sent"));
	check_advert(dpt_vtep6);
}

// Unicast NS (neighbour unreachability detection) is answered too.
static void test_ns_unicast(void **state)
{
	struct dpt_pkt p;
	(void)state;
	dpt_ns_pkt(&p, &dpt_peer_mac, dpt_peer6, dpt_ul6, dpt_ul6);
	assert_edge(nd(DPT_UL, &p), dpt_cnt("nd_input", "advert_sent"));
	check_advert(dpt_ul6);
}

// No source link-layer option: answered (the reply grows to hold our option), no event.
static void test_ns_without_option(void **state)
{
	struct dpt_pkt p;
	(void)state;
	ns_for(&p, dpt_ul6);
	p.len = (uint16_t)(p.l4 + sizeof(struct nd_msg));
	dpt_fix_lengths(&p);
	dpt_fix_icmp6_csum(&p);
	assert_edge(nd(DPT_UL, &p), dpt_cnt("nd_input", "advert_sent"));
	check_advert(dpt_ul6);
	check_no_event();
}

// The same NS in a frame that fills its buffer: no room for the option, so not
// answered (and nothing written past the buffer), counted.
static void test_ns_without_option_no_tailroom(void **state)
{
	struct dpt_pkt p;
	struct rte_mbuf *m;
	uint16_t end;
	(void)state;
	ns_for(&p, dpt_ul6);
	p.len = (uint16_t)(p.l4 + sizeof(struct nd_msg));
	dpt_fix_lengths(&p);
	dpt_fix_icmp6_csum(&p);
	m = dpt_mbuf(&p);
	end = (uint16_t)(m->buf_len - p.len);
	memcpy((uint8_t *)m->buf_addr + end, p.b, p.len);
	m->data_off = end;
	assert_int_equal(rte_pktmbuf_tailroom(m), 0);
	assert_edge(nd_m(DPT_UL, m), dpt_cnt("nd_input", "no_room_for_reply"));
	assert_int_equal(dpt_tx_take(DPT_UL, &m, 1), 0);
	check_no_event();
}

// Duplicate address detection (source ::) is not answered and reports nothing.
static void test_ns_dad(void **state)
{
	struct dpt_pkt p;
	uint8_t group[16];
	(void)state;
	snm(group, dpt_ul6);
	dpt_ns_pkt(&p, &dpt_peer_mac, unspec, group, dpt_ul6);
	assert_edge(nd(DPT_UL, &p), dpt_cnt("nd_input", "neighbor_seen"));
	check_no_event();
	assert_int_equal(dpt_pending(), 0);
}

static void test_ns_not_for_us(void **state)
{
	struct dpt_pkt p;
	(void)state;
	ns_for(&p, other6);
	assert_edge(nd(DPT_UL, &p), dpt_cnt("nd_input", "not_for_us"));
	// An interface address is answered only on its own port.
	ns_for(&p, dpt_ul6);
	assert_edge(nd(DPT_A1, &p), dpt_cnt("nd_input", "not_for_us"));
	check_no_event();
	assert_int_equal(dpt_pending(), 0);
}

static void test_na(void **state)
{
	struct dpt_pkt p;
	struct dp_notify n;
	(void)state;
	dpt_na_pkt(&p, &dpt_peer_mac, dpt_peer6, dpt_ul6, dpt_peer6);
	assert_edge(nd(DPT_UL, &p), dpt_cnt("nd_input", "neighbor_seen"));
	check_event(dpt_peer6, &dpt_peer_mac);
	// Unsolicited, to all nodes.
	dpt_na_pkt(&p, &dpt_peer_mac, dpt_peer6, all_nodes, dpt_peer6);
	assert_edge(nd(DPT_UL, &p), dpt_cnt("nd_input", "neighbor_seen"));
	// The writer reports it to the control plane.
	dp_writer_poll();
	assert_int_equal(dpt_notify_take(&n, 1), 1);
	assert_int_equal(n.type, DP_NOTIFY_NEIGH);
	assert_int_equal(n.ip.family, AF_INET6);
	assert_memory_equal(n.ip.bytes, dpt_peer6, 16);
	assert_memory_equal(n.mac, &dpt_peer_mac, 6);
	assert_int_equal(dpt_pending(), 0);
}

static void test_na_not_for_us(void **state)
{
	struct dpt_pkt p;
	(void)state;
	dpt_na_pkt(&p, &dpt_peer_mac, dpt_peer6, other6, dpt_peer6);
	assert_edge(nd(DPT_UL, &p), dpt_cnt("nd_input", "not_for_us"));
	check_no_event();
}

static void test_bad_hop_limit(void **state)
{
	struct dpt_pkt p;
	(void)state;
	ns_for(&p, dpt_ul6);
	ip6(&p)->hop_limits = 254; // routed: not on-link (the checksum does not cover it)
	assert_edge(nd(DPT_UL, &p), dpt_cnt("nd_input", "malformed"));
	dpt_na_pkt(&p, &dpt_peer_mac, dpt_peer6, dpt_ul6, dpt_peer6);
	ip6(&p)->hop_limits = 64;
	assert_edge(nd(DPT_UL, &p), dpt_cnt("nd_input", "malformed"));
	check_no_event();
	assert_int_equal(dpt_pending(), 0);
}

static void test_bad_checksum(void **state)
{
	struct dpt_pkt p;
	(void)state;
	ns_for(&p, dpt_ul6);
	msg(&p)->cksum ^= RTE_BE16(1);
	assert_edge(nd(DPT_UL, &p), dpt_cnt("nd_input", "malformed"));
	// A changed target without a new checksum.
	ns_for(&p, dpt_ul6);
	msg(&p)->target[15] ^= 0x40;
	assert_edge(nd(DPT_UL, &p), dpt_cnt("nd_input", "malformed"));
	check_no_event();
	assert_int_equal(dpt_pending(), 0);
}

static void test_bad_code(void **state)
{
	struct dpt_pkt p;
	(void)state;
	ns_for(&p, dpt_ul6);
	msg(&p)->code = 1;
	dpt_fix_icmp6_csum(&p);
	assert_edge(nd(DPT_UL, &p), dpt_cnt("nd_input", "malformed"));
}

static void test_truncated(void **state)
{
	struct dpt_pkt p;
	(void)state;
	// ICMPv6 length below an NS body.
	ns_for(&p, dpt_ul6);
	p.len = (uint16_t)(p.l4 + sizeof(struct nd_msg) - 1);
	dpt_fix_lengths(&p);
	dpt_fix_icmp6_csum(&p);
	assert_edge(nd(DPT_UL, &p), dpt_cnt("nd_input", "malformed"));
	// Payload length beyond what the frame holds.
	ns_for(&p, dpt_ul6);
	assert_edge(nd_m(DPT_UL, dpt_mbuf_bytes(p.b, (uint16_t)(p.len - 4))),
		dpt_cnt("nd_input", "malformed"));
	assert_int_equal(dpt_pending(), 0);
}

// RFC 4861 7.1.1: a message with a zero-length option is invalid and silently dropped.
static void test_zero_length_option(void **state)
{
	struct dpt_pkt p;
	uint8_t *opt;
	(void)state;
	ns_for(&p, dpt_ul6);
	opt = p.b + p.l4 + sizeof(struct nd_msg);
	opt[1] = 0;
	dpt_fix_icmp6_csum(&p);
	assert_edge(nd(DPT_UL, &p), dpt_cnt("nd_input", "malformed"));
	// Zero-length option after a valid source link-layer option.
	ns_for(&p, dpt_ul6);
	dpt_put(&p, (const uint8_t[8]){14, 0}, 8);
	dpt_fix_lengths(&p);
	dpt_fix_icmp6_csum(&p);
	assert_edge(nd(DPT_UL, &p), dpt_cnt("nd_input", "malformed"));
	// In an advertisement too.
	dpt_na_pkt(&p, &dpt_peer_mac, dpt_peer6, dpt_ul6, dpt_peer6);
	opt = p.b + p.l4 + sizeof(struct nd_msg);
	opt[1] = 0;
	dpt_fix_icmp6_csum(&p);
	assert_edge(nd(DPT_UL, &p), dpt_cnt("nd_input", "malformed"));
	check_no_event();
	assert_int_equal(dpt_pending(), 0);
}

// Options other than link-layer ones (here a nonce, RFC 3971) are skipped.
static void test_other_option_skipped(void **state)
{
	struct dpt_pkt p;
	uint8_t group[16];
	struct nd_opt_lladdr *opt;
	(void)state;
	snm(group, dpt_ul6);
	dpt_ns_pkt(&p, &dpt_peer_mac, dpt_peer6, group, dpt_ul6);
	p.len = (uint16_t)(p.l4 + sizeof(struct nd_msg));
	dpt_put(&p, (const uint8_t[8]){14, 1, 1, 2, 3, 4, 5, 6}, 8);
	opt = dpt_put(&p, NULL, sizeof(*opt));
	opt->type = ND_OPT_SRC_LLADDR;
	opt->len = 1;
	opt->mac = dpt_peer_mac;
	dpt_fix_lengths(&p);
	dpt_fix_icmp6_csum(&p);
	assert_edge(nd(DPT_UL, &p), dpt_cnt("nd_input", "advert_sent"));
	check_advert(dpt_ul6);
	check_event(dpt_peer6, &dpt_peer_mac);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ns_for_interface_address, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_ns_for_vtep, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_ns_unicast, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_ns_without_option, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_ns_without_option_no_tailroom, setup,
			dpt_teardown),
		cmocka_unit_test_setup_teardown(test_ns_dad, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_ns_not_for_us, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_na, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_na_not_for_us, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_bad_hop_limit, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_bad_checksum, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_bad_code, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_truncated, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_zero_length_option, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_other_option_skipped, setup, dpt_teardown),
	};
	int ret;
	(void)argc;
	dpt_eal_init(argv[0]);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	dpt_eal_fini();
	return ret;
}
