// SPDX-License-Identifier: BSD-3-Clause
// cp/evpn/evpn_route.c: our type-2/type-3 routes are octet for octet what FRR
// sent for the same VTEP and VNI (bgp-evpn-frr.pcap), and FRR's routes turn
// into remote MACs and flood-list entries for the VNIs that import them.
#include "evpn_test.h"

#include "cp/evpn/evpn_route.h"

#include <arpa/inet.h>
#include <errno.h>

static const uint8_t rid1[4] = {198, 51, 100, 1};

static struct dp_ip v4(const char *s)
{
	struct dp_ip ip = {.family = AF_INET};
	assert_int_equal(inet_pton(AF_INET, s, &ip.v4), 1);
	return ip;
}

static void same_as_frr(void **state)
{
	(void)state;
	static const struct {
		const char *fixture;
		int type;
		uint8_t mac_last;
		uint32_t seq;
	} fx[] = {
		{"frr_f29_m0.bin", 2, 1, 1}, // 02:00:00:01:00:01 with MM:1
		{"frr_f29_m1.bin", 2, 3, 0}, // 02:00:00:01:00:03
		{"frr_f29_m2.bin", 3, 0, 0}, // type 3 with PMSI
	};
	struct evpn_inst in;
	struct dp_ip vtep = v4("198.51.100.1");
	evpn_inst_init(&in, 65000, rid1);
	struct evpn_vni *v = evpn_vni_add(&in, 100);

	for (size_t i = 0; i < sizeof(fx) / sizeof(fx[0]); i++) {
		size_t len;
		uint8_t *m = evpn_fixture(fx[i].fixture, &len);
		struct evpn_test_update u;
		struct evpn_route_out out;
		evpn_test_parse(m, len, &u);
		if (fx[i].type == 2) {
			uint8_t mac[6] = {0x02, 0, 0, 0x01, 0, fx[i].mac_last};
			assert_int_equal(
				evpn_build_macip(v, mac, NULL, fx[i].seq, false, &vtep, &out), 0);
			assert_int_equal(out.pmsi_len, 0);
		} else {
			assert_int_equal(evpn_build_imet(v, &vtep, &out), 0);
			assert_int_equal(out.pmsi_len, u.pmsi_len);
			assert_memory_equal(out.pmsi, u.pmsi, u.pmsi_len);
		}
		assert_int_equal(out.nlri_len, u.reach_len);
		assert_memory_equal(out.nlri, u.reach, u.reach_len);
		assert_int_equal(out.ecomm_len, u.ecomm_len);
		assert_memory_equal(out.ecomm, u.ecomm, u.ecomm_len);
		assert_memory_equal(&out.nexthop.v4, u.reach_nh, 4);
		free(m);
	}
	struct dp_ip bad = {0};
	struct evpn_route_out out;
	assert_int_equal(evpn_build_imet(v, &bad, &out), -EINVAL);
	assert_int_equal(
		evpn_build_macip(v, (const uint8_t *)"\2\0\0\0\0\1", NULL, 0, false, &bad, &out),
		-EINVAL);
	// Sticky at sequence 0 still carries MAC mobility; MAC+IP has the IP.
	struct cp_ip ip = {.family = AF_INET, .addr = {10, 1, 0, 1}};
	assert_int_equal(
		evpn_build_macip(v, (const uint8_t *)"\2\0\0\0\0\1", &ip, 0, true, &vtep, &out), 0);
	assert_int_equal(out.ecomm_len, 24);
	assert_memory_equal(out.ecomm + 16, "\x06\x00\x01\x00\x00\x00\x00\x00", 8);
	assert_int_equal(out.nlri_len, 2 + 37);
	evpn_inst_fini(&in);
}

// advertise-default-gw: a MAC+IP route per gateway address, with the Default Gateway
// community (03:0d, printed as FRR prints it), the IPv6 one with the ND Router flag too,
// no MAC mobility; no MAC-only gateway route.
static void gateway_route(void **state)
{
	(void)state;
	struct evpn_inst in;
	struct dp_ip vtep = v4("198.51.100.1");
	static const uint8_t gw[6] = {0x00, 0x00, 0x5e, 0x00, 0x01, 0x01};
	struct cp_ip ip4 = {.family = AF_INET, .addr = {10, 1, 0, 254}};
	struct cp_ip ip6 = {.family = AF_INET6, .addr = {0xfd, 0, 0, 1, [15] = 0xfe}};
	struct evpn_route_out out;
	char buf[256];

	evpn_inst_init(&in, 65000, rid1);
	struct evpn_vni *v = evpn_vni_add(&in, 100);
	assert_int_equal(evpn_build_gw_macip(v, gw, &ip4, &vtep, &out), 0);
	assert_int_equal(out.route.type, EVPN_RT_MACIP);
	assert_memory_equal(out.route.mac, gw, 6);
	assert_int_equal(out.nlri_len, 2 + 37);
	assert_memory_equal(out.ecomm + out.ecomm_len - 8, "\x03\x0d\0\0\0\0\0\0", 8);
	evpn_ecomm_list_str(buf, sizeof(buf), out.ecomm, out.ecomm_len);
	assert_string_equal(buf, "ET:8 RT:65000:100 Default Gateway");
	assert_int_equal(evpn_build_gw_macip(v, gw, &ip6, &vtep, &out), 0);
	assert_int_equal(out.nlri_len, 2 + 49);
	evpn_ecomm_list_str(buf, sizeof(buf), out.ecomm, out.ecomm_len);
	assert_string_equal(buf, "ET:8 RT:65000:100 Default Gateway ND:Router Flag");
	assert_int_equal(evpn_build_gw_macip(v, gw, NULL, &vtep, &out), -EINVAL);
	evpn_inst_fini(&in);
}

// Recorded outputs of the MAC table and the flood ops.
static int n_install, n_remove, n_fadd, n_fdel;
static uint32_t last_vni, last_send_vni;
static struct dp_ip last_vtep;

static int on_install(void *a, uint32_t vni, const uint8_t mac[6], const struct evpn_mac_path *p,
	bool pinned, const struct dp_ip *replaces)
{
	(void)a;
	(void)mac;
	(void)pinned;
	(void)replaces;
	n_install++;
	last_vni = vni;
	last_send_vni = p->vni;
	last_vtep = p->vtep;
	return 0;
}
static void on_remove(void *a, uint32_t vni, const uint8_t mac[6], const struct dp_ip *vtep)
{
	(void)a;
	(void)vni;
	(void)mac;
	(void)vtep;
	n_remove++;
}
static void on_forget(void *a, uint32_t vni, const uint8_t mac[6], const struct dp_ip *vtep)
{
	(void)a;
	(void)vni;
	(void)mac;
	(void)vtep;
}
static void on_adv(void *a, uint32_t vni, const uint8_t mac[6], uint32_t seq, bool sticky)
{
	(void)a;
	(void)vni;
	(void)mac;
	(void)seq;
	(void)sticky;
}
static void on_withdraw(void *a, uint32_t vni, const uint8_t mac[6])
{
	(void)a;
	(void)vni;
	(void)mac;
}
static void on_fadd(void *a, uint32_t vni, const struct dp_ip *vtep, uint32_t send_vni)
{
	(void)a;
	n_fadd++;
	last_vni = vni;
	last_vtep = *vtep;
	last_send_vni = send_vni;
}
static void on_fdel(void *a, uint32_t vni, const struct dp_ip *vtep)
{
	(void)a;
	(void)vni;
	(void)vtep;
	n_fdel++;
}

static int n_neigh_add, n_neigh_del;
static struct cp_ip last_neigh_ip;
static uint8_t last_neigh_mac[6];
static bool last_neigh_router;
static struct dp_ip last_neigh_vtep;
static void on_neigh(void *a, uint32_t vni, const struct dp_ip *vtep, const uint8_t mac[6],
	const struct cp_ip *ip, bool router, bool add)
{
	(void)a;
	last_neigh_vtep = *vtep;
	last_neigh_router = router;
	last_vni = vni;
	last_neigh_ip = *ip;
	memcpy(last_neigh_mac, mac, 6);
	*(add ? &n_neigh_add : &n_neigh_del) += 1;
}

static const struct evpn_mac_ops mops = {on_install, on_remove, on_forget, on_adv, on_withdraw};
static const struct evpn_rx_ops fops = {on_fadd, on_fdel, on_neigh};

// A MAC+IP route (FRR's type 2 of frr_f27_m0.bin given an IP) is a proxy ARP binding
// of its VNI: added, withdrawn, gone when its VTEP is out of reach; the MAC table is
// left to the MAC-only route.
static void rx_macip_neigh(void **state)
{
	struct evpn_inst in;
	struct evpn_mac_cfg cfg;
	struct dp_ip me = v4("198.51.100.1");
	struct evpn_test_update u;
	struct evpn_nlri_iter it;
	struct evpn_route r;
	struct evpn_rx_result res;
	size_t len;
	uint8_t *m = evpn_fixture("frr_f27_m0.bin", &len);

	(void)state;
	evpn_mac_cfg_default(&cfg);
	cfg.local_vtep = me;
	struct evpn_mac_table *macs = evpn_mac_table_new(&cfg, &mops, NULL);
	evpn_inst_init(&in, 65000, rid1);
	evpn_vni_add(&in, 100);
	evpn_test_parse(m, len, &u);
	evpn_nlri_iter_init(&it, u.reach, u.reach_len, false);
	assert_int_equal(evpn_nlri_next(&it, &r), 1);
	assert_int_equal(r.type, EVPN_RT_MACIP);
	assert_int_equal(cp_ip_parse("10.1.0.2", &r.ip), 0);
	struct evpn_rx_path rx = {.route = &r, .ecomm = u.ecomm, .ecomm_len = u.ecomm_len};
	rx.nexthop = v4("198.51.100.2");
	n_install = n_neigh_add = n_neigh_del = 0;

	assert_int_equal(evpn_route_rx(&in, macs, &fops, NULL, &me, &rx, true, 0, &res), 0);
	assert_false(res.ignored);
	assert_int_equal(n_neigh_add, 1);
	assert_int_equal(last_vni, 100);
	assert_true(cp_ip_eq(&last_neigh_ip, &r.ip));
	assert_memory_equal(last_neigh_mac, r.mac, 6);
	assert_true(cp_dp_ip_eq(&last_neigh_vtep, &rx.nexthop)); // who names the binding
	assert_false(last_neigh_router);
	assert_int_equal(n_install, 0);
	// With an ARP/ND extended community (RFC 9161 3.2) whose R flag is set: a router.
	uint8_t ecomm[256];
	assert_true(u.ecomm_len + 8 <= sizeof(ecomm));
	memcpy(ecomm, u.ecomm, u.ecomm_len);
	memcpy(ecomm + u.ecomm_len, "\x06\x08\x01\x00\x00\x00\x00\x00", 8);
	rx.ecomm = ecomm;
	rx.ecomm_len = u.ecomm_len + 8;
	assert_int_equal(evpn_route_rx(&in, macs, &fops, NULL, &me, &rx, true, 0, &res), 0);
	assert_int_equal(n_neigh_add, 2);
	assert_true(last_neigh_router);
	assert_int_equal(evpn_route_rx(&in, macs, &fops, NULL, &me, &rx, false, 1, &res), 0);
	assert_int_equal(n_neigh_del, 1);
	rx.unreachable = true;
	assert_int_equal(evpn_route_rx(&in, macs, &fops, NULL, &me, &rx, true, 2, &res), 0);
	assert_int_equal(n_neigh_add, 2);
	assert_int_equal(n_neigh_del, 2);
	free(m);
	evpn_mac_table_free(macs);
	evpn_inst_fini(&in);
}

static void rx_frr_routes(void **state)
{
	(void)state;
	struct evpn_inst in;
	struct evpn_mac_cfg cfg;
	struct dp_ip me = v4("198.51.100.1");
	evpn_mac_cfg_default(&cfg);
	cfg.local_vtep = me;
	struct evpn_mac_table *macs = evpn_mac_table_new(&cfg, &mops, NULL);
	evpn_inst_init(&in, 65000, rid1);
	evpn_vni_add(&in, 100);
	evpn_vni_add(&in, 200);

	const char *names[] = {"frr_f27_m0.bin", "frr_f27_m1.bin"};
	for (int i = 0; i < 2; i++) {
		size_t len;
		uint8_t *m = evpn_fixture(names[i], &len);
		struct evpn_test_update u;
		struct evpn_nlri_iter it;
		struct evpn_route r;
		struct evpn_rx_result res;
		evpn_test_parse(m, len, &u);
		evpn_nlri_iter_init(&it, u.reach, u.reach_len, false);
		assert_int_equal(evpn_nlri_next(&it, &r), 1);
		struct evpn_rx_path rx = {.route = &r, .ecomm = u.ecomm, .ecomm_len = u.ecomm_len};
		rx.nexthop.family = AF_INET;
		memcpy(&rx.nexthop.v4, u.reach_nh, 4);
		if (u.pmsi) {
			rx.has_pmsi = true;
			rx.pmsi_tunnel_type = u.pmsi[1];
			rx.pmsi_label = (uint32_t)u.pmsi[2] << 16 | u.pmsi[3] << 8 | u.pmsi[4];
			rx.pmsi_endpoint.family = AF_INET;
			memcpy(&rx.pmsi_endpoint.v4, u.pmsi + 5, 4);
		}
		assert_int_equal(evpn_route_rx(&in, macs, &fops, NULL, &me, &rx, true, 0, &res), 0);
		assert_false(res.ignored);
		assert_int_equal(res.n_vni, 1); // RT 65000:100: VNI 100 only
		assert_int_equal(last_vni, 100);
		assert_int_equal(last_send_vni, 100);
		assert_memory_equal(&last_vtep.v4, "\xc6\x33\x64\x02", 4);
		assert_int_equal(i == 0 ? n_install : n_fadd, 1);
		// Withdrawn (the RIB hands back the path's attributes).
		assert_int_equal(
			evpn_route_rx(&in, macs, &fops, NULL, &me, &rx, false, 1, &res), 0);
		assert_int_equal(i == 0 ? n_remove : n_fdel, 1);
		// Our own route coming back through a reflector is ignored.
		rx.nexthop = me;
		evpn_route_rx(&in, macs, &fops, NULL, &me, &rx, true, 2, &res);
		assert_true(res.ignored);
		// Another VNI's RT: ignored.
		evpn_vni_del(&in, 100);
		rx.nexthop = v4("198.51.100.2");
		evpn_route_rx(&in, macs, &fops, NULL, &me, &rx, true, 3, &res);
		assert_true(res.ignored);
		assert_int_equal(res.n_vni, 0);
		evpn_vni_add(&in, 100);
		free(m);
	}
	evpn_mac_table_free(macs);
	evpn_inst_fini(&in);
}

static struct dp_ip v6(const char *s)
{
	struct dp_ip ip = {.family = AF_INET6};
	assert_int_equal(inet_pton(AF_INET6, s, ip.bytes), 1);
	return ip;
}

// One of our routes as the RIB hands it to a receiving VTEP: NLRI decoded, next
// hop, PMSI tunnel endpoint from the wire bytes (as evpn_bgp_in.c does).
static void as_received(
	const struct evpn_route_out *out, struct evpn_route *r, struct evpn_rx_path *rx)
{
	enum evpn_nlri_err err;

	assert_int_equal(
		evpn_route_decode(out->nlri[0], out->nlri + 2, out->nlri_len - 2u, r, &err), 0);
	memset(rx, 0, sizeof(*rx));
	rx->route = r;
	rx->nexthop = out->nexthop;
	rx->ecomm = out->ecomm;
	rx->ecomm_len = out->ecomm_len;
	if (out->pmsi_len) {
		rx->has_pmsi = true;
		rx->pmsi_tunnel_type = out->pmsi[1];
		rx->pmsi_label = (uint32_t)out->pmsi[2] << 16 | out->pmsi[3] << 8 | out->pmsi[4];
		rx->pmsi_endpoint.family = out->pmsi_len == 21 ? AF_INET6 : AF_INET;
		memcpy(rx->pmsi_endpoint.bytes, out->pmsi + 5, out->pmsi_len - 5u);
	}
}

// Over an IPv6 underlay: our type 3 carries a 128-bit originating IP and an
// IPv6 PMSI tunnel endpoint, our type 2 an IPv6 next hop; received, they make
// an IPv6 flood-list entry and a remote MAC behind an IPv6 VTEP, beside IPv4
// VTEPs in the same VNI.
static void ipv6_vteps(void **state)
{
	struct evpn_inst a, b;
	struct evpn_mac_cfg cfg;
	struct dp_ip va = v6("2001:db8::1"), vb = v4("198.51.100.9"), v4a = v4("198.51.100.2");
	struct evpn_route_out out;
	struct evpn_route r;
	struct evpn_rx_path rx;
	struct evpn_rx_result res;
	static const uint8_t mac[6] = {2, 0, 0, 0, 0, 0x61};
	(void)state;

	evpn_inst_init(&a, 65000, rid1);
	struct evpn_vni *v = evpn_vni_add(&a, 100);
	assert_int_equal(evpn_build_imet(v, &va, &out), 0);
	// NLRI: type 3, length 29 (RD, tag, 128, the address); PMSI: flags, IR, VNI, address
	assert_int_equal(out.nlri_len, 2 + 29);
	assert_int_equal(out.nlri[1], 29);
	assert_int_equal(out.nlri[2 + 12], 128);
	assert_memory_equal(out.nlri + 2 + 13, va.bytes, 16);
	assert_int_equal(out.pmsi_len, 5 + 16);
	assert_memory_equal(out.pmsi, "\x00\x06\x00\x00\x64", 5);
	assert_memory_equal(out.pmsi + 5, va.bytes, 16);
	assert_int_equal(out.nexthop.family, AF_INET6);
	assert_true(cp_dp_ip_eq(&out.nexthop, &va));

	// Received by an IPv4 VTEP (b): flood to the IPv6 VTEP.
	evpn_mac_cfg_default(&cfg);
	cfg.local_vtep = vb;
	struct evpn_mac_table *macs = evpn_mac_table_new(&cfg, &mops, NULL);
	evpn_inst_init(&b, 65000, (const uint8_t *)"\xc6\x33\x64\x09");
	evpn_vni_add(&b, 100);
	n_fadd = n_install = 0;
	as_received(&out, &r, &rx);
	assert_int_equal(r.ip.family, AF_INET6);
	assert_int_equal(evpn_route_rx(&b, macs, &fops, NULL, &vb, &rx, true, 0, &res), 0);
	assert_false(res.ignored);
	assert_int_equal(n_fadd, 1);
	assert_int_equal(last_vni, 100);
	assert_int_equal(last_send_vni, 100);
	assert_true(cp_dp_ip_eq(&last_vtep, &va));
	// and to an IPv4 VTEP of the same VNI
	struct evpn_route_out out4;
	struct evpn_route r4;
	struct evpn_rx_path rx4;
	assert_int_equal(evpn_build_imet(v, &v4a, &out4), 0);
	as_received(&out4, &r4, &rx4);
	assert_int_equal(evpn_route_rx(&b, macs, &fops, NULL, &vb, &rx4, true, 0, &res), 0);
	assert_int_equal(n_fadd, 2);
	assert_true(cp_dp_ip_eq(&last_vtep, &v4a));

	// Type 2 from the IPv6 VTEP: a remote MAC behind it.
	assert_int_equal(evpn_build_macip(v, mac, NULL, 0, false, &va, &out), 0);
	assert_true(cp_dp_ip_eq(&out.nexthop, &va));
	assert_int_equal(out.pmsi_len, 0);
	as_received(&out, &r, &rx);
	assert_int_equal(evpn_route_rx(&b, macs, &fops, NULL, &vb, &rx, true, 1, &res), 0);
	assert_int_equal(n_install, 1);
	assert_true(cp_dp_ip_eq(&last_vtep, &va));
	// The same MAC moves to the IPv4 VTEP (sequence 1): installed there.
	assert_int_equal(evpn_build_macip(v, mac, NULL, 1, false, &v4a, &out4), 0);
	as_received(&out4, &r4, &rx4);
	assert_int_equal(evpn_route_rx(&b, macs, &fops, NULL, &vb, &rx4, true, 2, &res), 0);
	assert_int_equal(n_install, 2);
	assert_true(cp_dp_ip_eq(&last_vtep, &v4a));

	// At the IPv6 VTEP itself its own routes are ignored.
	assert_int_equal(evpn_route_rx(&b, macs, &fops, NULL, &va, &rx, true, 3, &res), 0);
	assert_true(res.ignored);
	evpn_mac_table_free(macs);
	evpn_inst_fini(&a);
	evpn_inst_fini(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_as_frr),
		cmocka_unit_test(gateway_route),
		cmocka_unit_test(rx_frr_routes),
		cmocka_unit_test(rx_macip_neigh),
		cmocka_unit_test(ipv6_vteps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
