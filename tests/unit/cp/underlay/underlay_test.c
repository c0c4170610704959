// SPDX-License-Identifier: BSD-3-Clause
// Tests of cp/underlay/underlay.c: a remote VTEP behind a route's gateway is resolved
// from the neighbour the dataplane reports, and re-programmed when the gateway
// announces a new MAC (gratuitous ARP); an announcement from an address we do not
// know adds no neighbour. The dataplane is a stub that keeps what it is sent.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>

#include "cp/underlay/underlay.h"

static struct dp_msg sent[64];
static unsigned n_sent;

// The ring to the table writer, as cp_send uses it.
int dp_msg_send(const struct dp_msg *m)
{
	if (n_sent < sizeof(sent) / sizeof(sent[0]))
		sent[n_sent++] = *m;
	return 0;
}

unsigned dp_msg_pending(void)
{
	return 0;
}

static const char conf[] = "dataplane\n"
			   " port uplink0 devargs net_null0\n"
			   "underlay\n"
			   " vtep-address 192.0.2.1\n"
			   " address 192.0.2.1/24 port uplink0\n"
			   " route 198.51.100.0/24 via 192.0.2.254\n";
static const uint8_t gw_mac[6] = {2, 0, 0, 0, 0xfe, 1}, gw_mac2[6] = {2, 0, 0, 0, 0xfe, 2};
static struct evpnd_config cfg;
static const uint16_t port_ids[] = {3};

static int setup(void **state)
{
	struct cfg_error err;
	(void)state;
	config_init(&cfg);
	if (config_parse_string(&cfg, conf, "x.conf", &err) != 0)
		return -1;
	n_sent = 0;
	return underlay_init(&cfg, port_ids);
}

static int teardown(void **state)
{
	(void)state;
	underlay_fini();
	config_free(&cfg);
	return 0;
}

static struct cp_ip ip4(const char *s)
{
	struct cp_ip ip = {.family = AF_INET};
	inet_pton(AF_INET, s, &ip.v4);
	return ip;
}

static void neigh(const char *ip, const uint8_t mac[6], bool announced)
{
	struct dp_notify n = {.type = DP_NOTIFY_NEIGH, .port = 3, .announced = announced};
	n.ip.family = AF_INET;
	inet_pton(AF_INET, ip, &n.ip.v4);
	memcpy(n.mac, mac, 6);
	underlay_on_neigh(&n);
}

// The last NH_SET sent since *from, or NULL; *from moves past what was read.
static const struct dp_msg_nh *last_nh_set(unsigned *from)
{
	const struct dp_msg_nh *nh = NULL;
	for (; *from < n_sent; (*from)++)
		if (sent[*from].type == DP_MSG_NH_SET)
			nh = &sent[*from].nh;
	return nh;
}

static void test_gateway_resolved_and_announced(void **state)
{
	struct cp_ip vtep = ip4("198.51.100.2");
	const struct dp_msg_nh *nh;
	unsigned from = 0;
	uint32_t id;
	(void)state;
	id = underlay_nh_ref(&vtep);
	assert_int_not_equal(id, 0);
	nh = last_nh_set(&from);
	assert_non_null(nh);
	assert_false(nh->resolved);
	// An announcement from the gateway before we know it: nothing learned.
	neigh("192.0.2.254", gw_mac, true);
	assert_null(last_nh_set(&from));
	// Its answer to our request: resolved, the gateway's MAC as destination.
	neigh("192.0.2.254", gw_mac, false);
	nh = last_nh_set(&from);
	assert_non_null(nh);
	assert_true(nh->resolved);
	assert_int_equal(nh->nh, id);
	assert_int_equal(nh->port, 3);
	assert_memory_equal(nh->dst_mac, gw_mac, 6);
	// The same again changes nothing; its announcement of a new MAC re-programs.
	neigh("192.0.2.254", gw_mac, true);
	assert_null(last_nh_set(&from));
	neigh("192.0.2.254", gw_mac2, true);
	nh = last_nh_set(&from);
	assert_non_null(nh);
	assert_true(nh->resolved);
	assert_memory_equal(nh->dst_mac, gw_mac2, 6);
	// Someone else's announcement touches no next hop.
	neigh("192.0.2.77", gw_mac, true);
	assert_null(last_nh_set(&from));
	underlay_nh_unref(id);
}

// An announcement from an unknown address is not kept: a next hop made after it is
// still unresolved (a known one would resolve it at once).
static void test_unknown_announcement_not_kept(void **state)
{
	struct cp_ip vtep = ip4("198.51.100.2");
	const struct dp_msg_nh *nh;
	unsigned from = 0;
	(void)state;
	neigh("192.0.2.254", gw_mac, true);
	underlay_nh_ref(&vtep);
	nh = last_nh_set(&from);
	assert_non_null(nh);
	assert_false(nh->resolved);
}

// The contrast: a neighbour seen in an ARP aimed at us is kept.
static void test_seen_neighbour_kept(void **state)
{
	struct cp_ip vtep = ip4("198.51.100.2");
	const struct dp_msg_nh *nh;
	unsigned from = 0;
	(void)state;
	neigh("192.0.2.254", gw_mac, false);
	underlay_nh_ref(&vtep);
	nh = last_nh_set(&from);
	assert_non_null(nh);
	assert_true(nh->resolved);
	assert_memory_equal(nh->dst_mac, gw_mac, 6);
}

// An MPLS next hop toward a remote PE: resolved through its neighbour (not the PE, which
// no route reaches), programmed with encap MPLS and its labels; the same request shares
// it, another stack or neighbour does not; no VTEP next hop is reused for it.
static void test_mpls_next_hop(void **state)
{
	struct cp_ip pe = ip4("203.0.113.3"), via = ip4("192.0.2.254"), via2 = ip4("192.0.2.253");
	const uint32_t stack[] = {16002, 16003}, other[] = {16004};
	const struct dp_msg_nh *nh;
	unsigned from = 0;
	uint32_t id;
	(void)state;
	neigh("192.0.2.254", gw_mac, false);
	id = underlay_nh_ref_mpls(&pe, &via, stack, 2, false);
	assert_int_not_equal(id, 0);
	nh = last_nh_set(&from);
	assert_non_null(nh);
	assert_int_equal(nh->encap, DP_ENCAP_MPLS);
	assert_true(nh->resolved);
	assert_memory_equal(nh->dst_mac, gw_mac, 6);
	assert_int_equal(nh->n_labels, 2);
	assert_int_equal(nh->labels[0], 16002);
	assert_int_equal(nh->labels[1], 16003);
	assert_int_equal(nh->local.family, 0);
	assert_true(underlay_nh_routable(id));
	assert_int_equal(underlay_nh_ref_mpls(&pe, &via, stack, 2, false), id);
	assert_int_not_equal(underlay_nh_ref_mpls(&pe, &via, other, 1, false), id);
	assert_int_not_equal(underlay_nh_ref_mpls(&pe, &via2, stack, 2, false), id);
	assert_int_not_equal(underlay_nh_ref(&pe), id);
	// with an entropy label: another next hop
	assert_int_not_equal(underlay_nh_ref_mpls(&pe, &via, stack, 2, true), id);
	nh = last_nh_set(&from);
	assert_true(nh->entropy_label);
	// an empty stack (implicit null, or a P's next hop)
	assert_int_not_equal(underlay_nh_ref_mpls(&via, &via, NULL, 0, false), 0);
	nh = last_nh_set(&from);
	assert_int_equal(nh->n_labels, 0);
	assert_int_equal(underlay_nh_ref_mpls(&pe, &via, stack, DP_MPLS_MAX_PUSH + 1, false), 0);
}

// MPLS-in-UDP: routed to the PE and sourced from our VTEP address, as VXLAN; its own
// next hop beside the PE's VXLAN one.
static void test_mpls_udp_next_hop(void **state)
{
	struct cp_ip pe = ip4("203.0.113.3");
	const struct dp_msg_nh *nh;
	unsigned from = 0;
	uint32_t id, vx;
	(void)state;
	neigh("192.0.2.254", gw_mac, false);
	vx = underlay_nh_ref(&pe);
	id = underlay_nh_ref_mpls_udp(&pe);
	assert_int_not_equal(id, 0);
	assert_int_not_equal(id, vx);
	nh = last_nh_set(&from);
	assert_non_null(nh);
	assert_int_equal(nh->encap, DP_ENCAP_MPLS_UDP);
	assert_int_equal(nh->local.family, AF_INET);
	assert_int_equal(nh->remote.v4.s_addr, pe.v4.s_addr);
	assert_int_equal(underlay_nh_ref_mpls_udp(&pe), id);
	assert_int_equal(underlay_nh_ref(&pe), vx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_gateway_resolved_and_announced, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_unknown_announcement_not_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seen_neighbour_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mpls_next_hop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mpls_udp_next_hop, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
