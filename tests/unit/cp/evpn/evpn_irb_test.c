// SPDX-License-Identifier: BSD-3-Clause
// cp/evpn/evpn_irb.c and the symmetric IRB parts of evpn_route.c, cp/l3/l3_host.c and
// cp/l3/l3_nexthop.c: our MAC+IP routes of a VNI attached to a VRF with an L3VNI are
// octet for octet FRR's (frr_irb captures: two labels, the VRF's RT, Router MAC); FRR's
// decode to "symmetric" for a VRF of ours, and become host routes via one shared L3
// next hop (VTEP, router MAC, L3VNI); withdrawals and moves remove or replace them; a
// zero router MAC, an unknown L3VNI or a gateway's route installs nothing. The dataplane is a stub that
// keeps what it is sent.
#include "evpn_test.h"

#include <arpa/inet.h>
#include <errno.h>

#include "cp/cp_msgq.h"
#include "cp/evpn/evpn_irb.h"
#include "cp/evpn/evpn_route.h"
#include "cp/l3/l3_host.h"
#include "cp/l3/l3_nexthop.h"
#include "cp/l3/l3_vrf.h"
#include "cp/underlay/underlay.h"

static struct dp_msg sent[256];
static unsigned n_sent;

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

// vtep1 of the frr_irb lab (tests/integration/data/frr_irb/README.md), as evpnd.
static const char conf[] = "dataplane\n"
			   " port uplink0 devargs net_null0\n"
			   " port host0 devargs net_null1\n"
			   "underlay\n"
			   " vtep-address 192.0.2.1\n"
			   " address 192.0.2.1/24 port uplink0\n"
			   "bridge-domain 100\n"
			   " vni 100\n"
			   " member host0 untagged\n"
			   " gateway-mac 00:00:5e:00:01:01\n"
			   " gateway-address 10.1.0.254/24\n"
			   " vrf tenant1\n"
			   "vrf tenant1\n"
			   " vni 5000\n"
			   " router-mac 02:00:00:00:50:01\n";
static struct evpnd_config cfg;
static const uint16_t port_ids[] = {0, 1};
static const uint8_t rmac2[6] = {2, 0, 0, 0, 0x50, 2};

static int setup(void **state)
{
	struct cfg_error err;

	(void)state;
	config_init(&cfg);
	if (config_parse_string(&cfg, conf, "x.conf", &err) != 0 ||
		underlay_init(&cfg, port_ids) != 0 || l3_vrf_apply(&cfg) != 0)
		return -1;
	cp_send_flush();
	n_sent = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	evpn_irb_fini();
	l3_vrf_fini();
	underlay_fini();
	cp_send_flush();
	config_free(&cfg);
	return 0;
}

static unsigned count_sent(uint16_t type)
{
	unsigned n = 0;

	cp_send_flush();
	for (unsigned i = 0; i < n_sent; i++)
		n += sent[i].type == type;
	return n;
}

static const struct dp_msg *last_sent(uint16_t type)
{
	cp_send_flush();
	for (unsigned i = n_sent; i-- > 0;)
		if (sent[i].type == type)
			return &sent[i];
	return NULL;
}

// Our MAC+IP routes for h2 behind vtep2 (frames 23, 27): the same octets as FRR's.
static void build_same_as_frr(void **state)
{
	static const struct {
		const char *fixture;
		const char *ip;
	} fx[] = {{"frr_irb_f23_m0.bin", "10.2.0.2"}, {"frr_irb_f27_m0.bin", "fd00:2::2"}};
	static const uint8_t rid2[4] = {192, 0, 2, 2}, mac[6] = {2, 0, 0, 2, 0, 2};
	struct dp_ip vtep = {.family = AF_INET};
	struct evpn_inst in;
	struct evpn_rd rd;
	struct evpn_vni *v;

	(void)state;
	inet_pton(AF_INET, "192.0.2.2", &vtep.v4);
	evpn_inst_init(&in, 65000, rid2);
	v = evpn_vni_add(&in, 200);
	evpn_rd_make_ip(&rd, rid2, 3); // FRR's index 3 (the L3VNI took 1)
	evpn_vni_set_rd(&in, v, &rd);
	v->l3vni = 5000;
	memcpy(v->rmac, rmac2, 6);
	v->l3_rt = evpn_auto_rt(&in, 5000);
	for (size_t i = 0; i < sizeof(fx) / sizeof(fx[0]); i++) {
		size_t len;
		uint8_t *m = evpn_fixture(fx[i].fixture, &len);
		struct evpn_test_update u;
		struct evpn_route_out out;
		struct cp_ip ip;

		evpn_test_parse(m, len, &u);
		cp_ip_parse(fx[i].ip, &ip);
		assert_int_equal(evpn_build_macip(v, mac, &ip, 0, false, &vtep, &out), 0);
		assert_int_equal(out.nlri_len, u.reach_len);
		assert_memory_equal(out.nlri, u.reach, u.reach_len);
		assert_int_equal(out.ecomm_len, u.ecomm_len);
		assert_memory_equal(out.ecomm, u.ecomm, u.ecomm_len);
		// MAC only: neither the second label nor the L3 communities.
		assert_int_equal(evpn_build_macip(v, mac, NULL, 0, false, &vtep, &out), 0);
		assert_int_equal(out.route.n_labels, 1);
		assert_int_equal(out.ecomm_len, 16);
		free(m);
	}
	evpn_inst_fini(&in);
}

static int vrf_5000(uint32_t l3vni, void *arg)
{
	(void)arg;
	return l3vni == 5000 ? 1 : -1;
}

// FRR's MAC+IP route of h1 (frame 21) decoded: two labels and a router MAC.
static void decode_frr(const char *fixture, struct evpn_route *r, struct evpn_ecomm_info *ec,
	uint8_t *ecomm, size_t *ecomm_len)
{
	size_t len;
	uint8_t *m = evpn_fixture(fixture, &len);
	struct evpn_test_update u;
	enum evpn_nlri_err err;

	evpn_test_parse(m, len, &u);
	assert_int_equal(evpn_route_decode(u.reach[0], u.reach + 2, u.reach_len - 2, r, &err), 0);
	memcpy(ecomm, u.ecomm, u.ecomm_len);
	*ecomm_len = u.ecomm_len;
	evpn_ecomm_scan(ecomm, *ecomm_len, ec);
	free(m);
}

static void decide(void **state)
{
	struct evpn_route r;
	struct evpn_ecomm_info ec;
	struct evpn_irb_decision d;
	uint8_t ecomm[64];
	size_t elen;

	(void)state;
	decode_frr("frr_irb_f21_m0.bin", &r, &ec, ecomm, &elen);
	assert_int_equal(r.n_labels, 2);
	assert_int_equal(evpn_label_to_vni(r.label[0]), 100);
	assert_int_equal(evpn_label_to_vni(r.label[1]), 5000);
	evpn_irb_decide(&r, &ec, vrf_5000, NULL, &d);
	assert_int_equal(d.kind, EVPN_IRB_SYMMETRIC);
	assert_int_equal(d.vrf, 1);
	assert_int_equal(d.l3vni, 5000);
	assert_memory_equal(d.rmac, "\x02\x00\x00\x00\x50\x01", 6);
	// An L3VNI we do not have.
	r.label[1] = 5001;
	evpn_irb_decide(&r, &ec, vrf_5000, NULL, &d);
	assert_int_equal(d.kind, EVPN_IRB_UNKNOWN_L3VNI);
	r.label[1] = 5000;
	// A router MAC of zeros.
	memset(ec.rmac, 0, 6);
	evpn_irb_decide(&r, &ec, vrf_5000, NULL, &d);
	assert_int_equal(d.kind, EVPN_IRB_ZERO_RMAC);
	// No router MAC, or one label: asymmetric, via the L2VNI as before.
	ec.has_rmac = false;
	evpn_irb_decide(&r, &ec, vrf_5000, NULL, &d);
	assert_int_equal(d.kind, EVPN_IRB_ASYMMETRIC);
	evpn_ecomm_scan(ecomm, elen, &ec);
	r.n_labels = 1;
	evpn_irb_decide(&r, &ec, vrf_5000, NULL, &d);
	assert_int_equal(d.kind, EVPN_IRB_ASYMMETRIC);
	// MAC only: not IRB at all.
	r.n_labels = 2;
	r.ip.family = 0;
	evpn_irb_decide(&r, &ec, vrf_5000, NULL, &d);
	assert_int_equal(d.kind, EVPN_IRB_NONE);
}

static void rx_path(struct evpn_rx_path *rx, const struct evpn_route *r, const char *vtep,
	const uint8_t *ecomm, size_t elen)
{
	memset(rx, 0, sizeof(*rx));
	rx->route = r;
	rx->nexthop.family = AF_INET;
	inet_pton(AF_INET, vtep, &rx->nexthop.v4);
	rx->ecomm = ecomm;
	rx->ecomm_len = elen;
}

// FRR's h2 (frame 23) into vrf tenant1: a host route via one L3 next hop shared by the
// IPv4 and IPv6 routes (frame 27); withdrawn, both go, then the next hop.
static void install_and_withdraw(void **state)
{
	struct evpn_route r4, r6;
	struct evpn_ecomm_info ec;
	struct evpn_rx_path rx4, rx6;
	uint8_t e4[64], e6[64];
	size_t l4, l6;
	const struct dp_msg *m;

	(void)state;
	decode_frr("frr_irb_f23_m0.bin", &r4, &ec, e4, &l4);
	decode_frr("frr_irb_f27_m0.bin", &r6, &ec, e6, &l6);
	rx_path(&rx4, &r4, "192.0.2.2", e4, l4);
	rx_path(&rx6, &r6, "192.0.2.2", e6, l6);
	assert_int_equal(evpn_irb_rx(&rx4, true, NULL), EVPN_IRB_SYMMETRIC);
	assert_int_equal(evpn_irb_rx(&rx6, true, NULL), EVPN_IRB_SYMMETRIC);
	assert_int_equal(count_sent(DP_MSG_RNH_SET), 1);
	m = last_sent(DP_MSG_RNH_SET);
	assert_int_equal(m->rnh.kind, DP_RNH_REMOTE_L3);
	assert_int_equal(m->rnh.vni, 5000);
	assert_memory_equal(m->rnh.mac, rmac2, 6);
	assert_memory_equal(m->rnh.src_mac, "\x02\x00\x00\x00\x50\x01", 6);
	assert_true(m->rnh.nh > 0);
	assert_int_equal(count_sent(DP_MSG_ROUTE_ADD), 2);
	m = last_sent(DP_MSG_ROUTE_ADD);
	assert_int_equal(m->route.vrf, 1);
	assert_int_equal(m->route.len, 128);
	assert_int_equal(l3_host_count(), 2);
	assert_int_equal(l3_nexthop_count(), 1);
	// Our own routes are not imported.
	struct dp_ip self = {.family = AF_INET};
	inet_pton(AF_INET, "192.0.2.2", &self.v4);
	assert_int_equal(evpn_irb_rx(&rx4, true, &self), EVPN_IRB_NONE);
	n_sent = 0;
	evpn_irb_rx(&rx4, false, NULL);
	assert_int_equal(count_sent(DP_MSG_ROUTE_DEL), 1);
	assert_int_equal(count_sent(DP_MSG_RNH_DEL), 0); // the IPv6 route still uses it
	evpn_irb_rx(&rx6, false, NULL);
	assert_int_equal(count_sent(DP_MSG_ROUTE_DEL), 2);
	assert_int_equal(count_sent(DP_MSG_RNH_DEL), 1);
	assert_int_equal(l3_host_count(), 0);
	assert_int_equal(l3_nexthop_count(), 0);
	assert_int_equal(evpn_irb_stats()->symmetric, 2);
}

// The host moves to another VTEP: its route (another RD) comes first, then the old
// one's withdrawal; the FIB entry follows the new one, never removed in between.
static void move(void **state)
{
	struct evpn_route r, r2;
	struct evpn_ecomm_info ec;
	struct evpn_rx_path a, b;
	uint8_t e[64];
	size_t l;
	const struct dp_msg *m;
	uint32_t rnh_a;

	(void)state;
	decode_frr("frr_irb_f23_m0.bin", &r, &ec, e, &l);
	r2 = r;
	r2.rd.b[7] = 9;
	rx_path(&a, &r, "192.0.2.2", e, l);
	rx_path(&b, &r2, "192.0.2.3", e, l);
	evpn_irb_rx(&a, true, NULL);
	rnh_a = last_sent(DP_MSG_ROUTE_ADD)->route.rnh;
	n_sent = 0;
	evpn_irb_rx(&b, true, NULL);
	m = last_sent(DP_MSG_ROUTE_ADD);
	assert_non_null(m);
	assert_int_not_equal(m->route.rnh, rnh_a);
	evpn_irb_rx(&a, false, NULL);
	assert_int_equal(count_sent(DP_MSG_ROUTE_DEL), 0);
	assert_int_equal(count_sent(DP_MSG_RNH_DEL), 1); // A's next hop
	assert_int_equal(l3_host_find(1, &r.ip)->n_paths, 1);
	evpn_irb_rx(&b, false, NULL);
	assert_int_equal(count_sent(DP_MSG_ROUTE_DEL), 1);
	assert_int_equal(l3_nexthop_count(), 0);
}

// A remote host moves to us: our MAC+IP route (next sequence) removes the host route
// at once, not when the old VTEP withdraws; a higher sequence from a VTEP again (the
// host moved away) installs it again; our route's withdrawal leaves the remote one.
static void move_to_local(void **state)
{
	struct evpn_route r;
	struct evpn_ecomm_info ec;
	struct evpn_rx_path a;
	struct evpn_vni v = {.vni = 100, .l3vni = 5000};
	uint8_t e[64];
	size_t l;
	const struct dp_msg *m;

	(void)state;
	decode_frr("frr_irb_f23_m0.bin", &r, &ec, e, &l); // sequence 0
	rx_path(&a, &r, "192.0.2.2", e, l);
	evpn_irb_rx(&a, true, NULL);
	assert_int_equal(count_sent(DP_MSG_ROUTE_ADD), 1);
	n_sent = 0;
	evpn_irb_local(&v, &r.ip, 1, true);
	m = last_sent(DP_MSG_ROUTE_DEL);
	assert_non_null(m);
	assert_int_equal(m->route.len, 32);
	assert_int_equal(l3_host_count(), 0); // no route: the host is ours
	assert_false(l3_host_remote(l3_host_find(1, &r.ip)));
	// The same sequence from the VTEP (a stale re-announcement): ours stays.
	evpn_irb_local(&v, &r.ip, 1, true);
	assert_int_equal(count_sent(DP_MSG_ROUTE_ADD), 0);
	// The host moves away again: the VTEP's sequence 2 wins.
	ec.mm_seq = 2;
	memcpy(e + l, "\x06\x00\x00\x00\x00\x00\x00\x02", 8); // MAC mobility, seq 2
	rx_path(&a, &r, "192.0.2.2", e, l + 8);
	evpn_irb_rx(&a, true, NULL);
	assert_int_equal(count_sent(DP_MSG_ROUTE_ADD), 1);
	assert_int_equal(l3_host_count(), 1);
	evpn_irb_local(&v, &r.ip, 0, false);
	assert_int_equal(count_sent(DP_MSG_ROUTE_DEL), 1); // only the earlier one
	assert_int_equal(l3_host_find(1, &r.ip)->n_paths, 1);
	evpn_irb_rx(&a, false, NULL);
	assert_int_equal(count_sent(DP_MSG_ROUTE_DEL), 2);
	assert_null(l3_host_find(1, &r.ip));
	assert_int_equal(l3_nexthop_count(), 0);
	// A host only we have: no route, nothing left after.
	evpn_irb_local(&v, &r.ip, 0, true);
	evpn_irb_local(&v, &r.ip, 0, false);
	assert_int_equal(count_sent(DP_MSG_ROUTE_ADD), 1);
	assert_null(l3_host_find(1, &r.ip));
}

// Refused: counted, nothing programmed.
static void refused(void **state)
{
	struct evpn_route r;
	struct evpn_ecomm_info ec;
	struct evpn_rx_path rx;
	uint8_t e[64];
	size_t l;

	(void)state;
	decode_frr("frr_irb_f23_m0.bin", &r, &ec, e, &l);
	rx_path(&rx, &r, "192.0.2.2", e, l);
	r.label[1] = 5001;
	assert_int_equal(evpn_irb_rx(&rx, true, NULL), EVPN_IRB_UNKNOWN_L3VNI);
	r.label[1] = 5000;
	memset(e + l - 6, 0, 6); // the Router MAC community is the last
	assert_int_equal(evpn_irb_rx(&rx, true, NULL), EVPN_IRB_ZERO_RMAC);
	assert_int_equal(count_sent(DP_MSG_ROUTE_ADD) + count_sent(DP_MSG_RNH_SET), 0);
	assert_int_equal(evpn_irb_stats()->unknown_l3vni, 1);
	assert_int_equal(evpn_irb_stats()->zero_rmac, 1);
	// A remote gateway's route (FRR's advertise-default-gw: the Default Gateway
	// community after the Router MAC, frame 36): not a host route.
	decode_frr("frr_irb_f23_m0.bin", &r, &ec, e, &l);
	memcpy(e + l, "\x03\x0d\x00\x00\x00\x00\x00\x00", 8);
	rx_path(&rx, &r, "192.0.2.2", e, l + 8);
	assert_int_equal(evpn_irb_rx(&rx, true, NULL), EVPN_IRB_GATEWAY);
	assert_int_equal(count_sent(DP_MSG_ROUTE_ADD) + count_sent(DP_MSG_RNH_SET), 0);
	assert_int_equal(evpn_irb_stats()->gateway, 1);
	assert_int_equal(l3_host_count(), 0);
}

// The VRF's L3VNI and router MAC go to the dataplane (vxlan_decap routes it).
static void l3vni_programmed(void **state)
{
	const struct dp_msg *m;

	(void)state;
	l3_vrf_apply(&cfg);
	m = last_sent(DP_MSG_L3VNI_SET);
	assert_non_null(m);
	assert_int_equal(m->l3vni.vrf, 1);
	assert_int_equal(m->l3vni.vni, 5000);
	assert_memory_equal(m->l3vni.router_mac, "\x02\x00\x00\x00\x50\x01", 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(build_same_as_frr),
		cmocka_unit_test(decide),
		cmocka_unit_test_setup_teardown(install_and_withdraw, setup, teardown),
		cmocka_unit_test_setup_teardown(move, setup, teardown),
		cmocka_unit_test_setup_teardown(move_to_local, setup, teardown),
		cmocka_unit_test_setup_teardown(refused, setup, teardown),
		cmocka_unit_test_setup_teardown(l3vni_programmed, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
