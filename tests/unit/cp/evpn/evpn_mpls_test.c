// SPDX-License-Identifier: BSD-3-Clause
// cp/evpn/evpn_mpls.c and the MPLS side of evpn_route.c: an MPLS VNI's type-2 and
// type-3 routes carry its service label in the high 20 bits of the label field (RFC
// 7432 7.2), in the PMSI attribute (ingress replication) and the MPLS encapsulation
// community; received routes give the remote's label, and a route whose encapsulation
// the VNI does not use is not imported (counted).
#include "evpn_test.h"

#include "cp/evpn/evpn_irb.h"
#include "cp/evpn/evpn_mpls.h"
#include "cp/evpn/evpn_route.h"

#include <arpa/inet.h>

static const uint8_t rid1[4] = {198, 51, 100, 1};
static const uint8_t rid3[4] = {198, 51, 100, 3};
static const uint8_t et_mpls[8] = {0x03, 0x0c, 0, 0, 0, 0, 0, 10};
static const uint8_t et_vxlan[8] = {0x03, 0x0c, 0, 0, 0, 0, 0, 8};

static struct dp_ip v4(const char *s)
{
	struct dp_ip ip = {.family = AF_INET};
	assert_int_equal(inet_pton(AF_INET, s, &ip.v4), 1);
	return ip;
}

static unsigned n_fadd, n_install;
static uint32_t last_send, last_label;

static int on_install(void *a, uint32_t vni, const uint8_t mac[6],
	const struct evpn_mac_path *path, bool pinned, const struct dp_ip *replaces)
{
	(void)a, (void)vni, (void)mac, (void)pinned, (void)replaces;
	n_install++;
	last_label = path->vni;
	return 0;
}
static void on_remove(void *a, uint32_t vni, const uint8_t mac[6], const struct dp_ip *vtep)
{
	(void)a, (void)vni, (void)mac, (void)vtep;
}
static void on_adv(void *a, uint32_t vni, const uint8_t mac[6], uint32_t seq, bool sticky)
{
	(void)a, (void)vni, (void)mac, (void)seq, (void)sticky;
}
static void on_withdraw(void *a, uint32_t vni, const uint8_t mac[6])
{
	(void)a, (void)vni, (void)mac;
}
static void on_fadd(void *a, uint32_t vni, const struct dp_ip *vtep, uint32_t send)
{
	(void)a, (void)vni, (void)vtep;
	n_fadd++;
	last_send = send;
}
static void on_fdel(void *a, uint32_t vni, const struct dp_ip *vtep)
{
	(void)a, (void)vni, (void)vtep;
}

static const struct evpn_mac_ops mops = {on_install, on_remove, on_remove, on_adv, on_withdraw};
static const struct evpn_rx_ops fops = {on_fadd, on_fdel, NULL};

static bool has_ecomm(const struct evpn_route_out *out, const uint8_t want[8])
{
	for (unsigned i = 0; i < out->ecomm_len; i += 8)
		if (memcmp(out->ecomm + i, want, 8) == 0)
			return true;
	return false;
}

static void labels_and_encap(void **state)
{
	struct evpn_vni v = {.vni = 100};
	struct evpn_ecomm_info ec = {0};
	uint64_t before = evpn_mpls_wrong_encap();
	(void)state;

	assert_int_equal(evpn_mpls_label_out(&v), 100); // VXLAN: the VNI
	assert_int_equal(evpn_mpls_tunnel(&v), EVPN_TUNNEL_VXLAN);
	v.mpls_label = 1000;
	assert_int_equal(evpn_mpls_label_out(&v), 1000 << 4);
	assert_int_equal(evpn_mpls_label_in(&v, 2000 << 4 | 0x1), 2000); // the S bit ignored
	assert_int_equal(evpn_mpls_tunnel(&v), EVPN_TUNNEL_MPLS);
	assert_true(evpn_mpls_encap_ok(&v, &ec)); // none: MPLS (RFC 7432)
	ec.has_encap = true;
	ec.tunnel_type = EVPN_TUNNEL_MPLS;
	assert_true(evpn_mpls_encap_ok(&v, &ec));
	ec.tunnel_type = EVPN_TUNNEL_MPLS_UDP; // the transport is ours to choose
	assert_true(evpn_mpls_encap_ok(&v, &ec));
	ec.tunnel_type = EVPN_TUNNEL_VXLAN;
	assert_false(evpn_mpls_encap_ok(&v, &ec));
	assert_int_equal(evpn_mpls_wrong_encap(), before + 1);
	v.mpls_label = 0;
	assert_true(evpn_mpls_encap_ok(&v, &ec));
	ec.tunnel_type = EVPN_TUNNEL_MPLS;
	assert_false(evpn_mpls_encap_ok(&v, &ec));
	ec.tunnel_type = EVPN_TUNNEL_MPLS_UDP;
	assert_false(evpn_mpls_encap_ok(&v, &ec));
}

static void vni_setup_from_config(void **state)
{
	struct cfg_bd bds[2] = {{.id = 1, .vni = 100, .mpls = true}, {.id = 2, .vni = 200}};
	struct evpnd_config cfg = {.bds = bds, .n_bds = 2};
	struct evpn_vni v = {.vni = 100, .mpls_label = 7};
	(void)state;
	cfg.mpls.block_lo = 3000;
	cfg.mpls.block_hi = 3999;
	evpn_mpls_vni_setup(&cfg, &v);
	assert_int_equal(v.mpls_label, 3000);
	v.vni = 200;
	evpn_mpls_vni_setup(&cfg, &v);
	assert_int_equal(v.mpls_label, 0);
}

// PE2 (198.51.100.3, label 2000) advertises; PE1 (VNI 100, label 1000) imports.
static void routes_between_pes(void **state)
{
	struct evpn_inst pe1, pe2;
	struct evpn_mac_cfg mc;
	struct dp_ip me = v4("198.51.100.1"), peer = v4("198.51.100.3");
	struct evpn_route_out out;
	struct evpn_rx_result res;
	uint8_t mac[6] = {2, 0, 0, 1, 0, 2};
	(void)state;

	evpn_inst_init(&pe1, 65000, rid1);
	evpn_inst_init(&pe2, 65000, rid3);
	evpn_vni_add(&pe1, 100)->mpls_label = 1000;
	struct evpn_vni *v2 = evpn_vni_add(&pe2, 100);
	v2->mpls_label = 2000;
	evpn_mac_cfg_default(&mc);
	mc.local_vtep = me;
	struct evpn_mac_table *macs = evpn_mac_table_new(&mc, &mops, NULL);

	// type 3: PMSI ingress replication with label 2000, ET:10
	assert_int_equal(evpn_build_imet(v2, &peer, &out), 0);
	assert_int_equal(out.pmsi[1], 6);
	assert_int_equal(out.pmsi[2] << 16 | out.pmsi[3] << 8 | out.pmsi[4], 2000 << 4);
	assert_true(has_ecomm(&out, et_mpls));
	assert_false(has_ecomm(&out, et_vxlan));
	struct evpn_rx_path rx = {.route = &out.route, .nexthop = peer, .ecomm = out.ecomm,
		.ecomm_len = out.ecomm_len, .has_pmsi = true, .pmsi_tunnel_type = 6,
		.pmsi_label = 2000 << 4, .pmsi_endpoint = peer};
	n_fadd = 0;
	assert_int_equal(evpn_route_rx(&pe1, macs, &fops, NULL, &me, &rx, true, 0, &res), 0);
	assert_false(res.ignored);
	assert_int_equal(n_fadd, 1);
	assert_int_equal(last_send, 2000);

	// type 2: label 2000 in the label field
	assert_int_equal(evpn_build_macip(v2, mac, NULL, 0, false, &peer, &out), 0);
	assert_int_equal(out.route.label[0], 2000 << 4);
	assert_true(has_ecomm(&out, et_mpls));
	struct evpn_rx_path rx2 = {.route = &out.route, .nexthop = peer, .ecomm = out.ecomm,
		.ecomm_len = out.ecomm_len};
	n_install = 0;
	assert_int_equal(evpn_route_rx(&pe1, macs, &fops, NULL, &me, &rx2, true, 0, &res), 0);
	assert_int_equal(n_install, 1);
	assert_int_equal(last_label, 2000);

	// the same route as VXLAN (ET:8): not for an MPLS VNI, counted
	uint64_t before = evpn_mpls_wrong_encap();
	memcpy(out.ecomm, et_vxlan, 8);
	uint8_t mac2[6] = {2, 0, 0, 1, 0, 3};
	memcpy(out.route.mac, mac2, 6);
	n_install = 0;
	assert_int_equal(evpn_route_rx(&pe1, macs, &fops, NULL, &me, &rx2, true, 1, &res), 0);
	assert_true(res.ignored);
	assert_string_equal(res.reason, "an encapsulation its VNI does not use");
	assert_int_equal(n_install, 0);
	assert_int_equal(evpn_mpls_wrong_encap(), before + 1);

	evpn_mac_table_free(macs);
	evpn_inst_fini(&pe1);
	evpn_inst_fini(&pe2);
}

static uint32_t vrf_asked;

// evpn_irb.c links the L3 tables, which program the dataplane: nothing is sent here.
int dp_msg_send(const struct dp_msg *m);
int dp_msg_send(const struct dp_msg *m)
{
	(void)m;
	return 0;
}

static int vrf_any(uint32_t l3vni, void *arg)
{
	(void)arg;
	vrf_asked = l3vni;
	return 3;
}

// Layer 3 EVPN over MPLS: a MAC+IP route of an MPLS VNI in an MPLS VRF carries the
// per-VRF label as its second label, a type-5 route of an MPLS VRF as its label, both in
// the high 20 bits with ET:10; received over MPLS, the second label is the PE's per-VRF
// label (flagged for the L3 next hop), over VXLAN the L3VNI as before.
static void l3_labels(void **state)
{
	struct evpn_inst pe2;
	struct dp_ip peer = v4("198.51.100.3");
	struct evpn_route_out out;
	struct evpn_ecomm_info ec;
	struct evpn_irb_decision d;
	struct cp_ip ip = {.family = AF_INET, .addr = {10, 0, 1, 5}};
	struct cp_ip pfx = {.family = AF_INET, .addr = {10, 0, 9, 0}};
	uint8_t mac[6] = {2, 0, 0, 1, 0, 2}, rmac[6] = {2, 0, 0, 0, 0x50, 1};
	(void)state;

	evpn_inst_init(&pe2, 65000, rid3);
	struct evpn_vni *v = evpn_vni_add(&pe2, 100);
	v->mpls_label = 2000;
	v->l3vni = 5000;
	v->l3_label = 2001;
	memcpy(v->rmac, rmac, 6);
	assert_int_equal(evpn_build_macip(v, mac, &ip, 0, false, &peer, &out), 0);
	assert_int_equal(out.route.n_labels, 2);
	assert_int_equal(out.route.label[0], 2000 << 4);
	assert_int_equal(out.route.label[1], 2001 << 4);
	assert_true(has_ecomm(&out, et_mpls));
	evpn_ecomm_scan(out.ecomm, out.ecomm_len, &ec);
	evpn_irb_decide(&out.route, &ec, vrf_any, NULL, &d);
	assert_int_equal(d.kind, EVPN_IRB_SYMMETRIC);
	assert_int_equal(d.vrf, 3);
	assert_int_equal(d.l3vni, 2001 | DP_MPLS_IP_FLAG);
	assert_int_equal(vrf_asked, 2001 | DP_MPLS_IP_FLAG);
	ec.tunnel_type = EVPN_TUNNEL_VXLAN; // the same labels over VXLAN: an L3VNI
	evpn_irb_decide(&out.route, &ec, vrf_any, NULL, &d);
	assert_int_equal(d.l3vni, evpn_label_to_vni(2001 << 4));

	// type 5 of an MPLS VRF (its evpn_vni: the L3VNI and the per-VRF label)
	struct evpn_vni l3 = {.vni = 5000, .mpls_label = 2001};
	assert_int_equal(evpn_build_prefix(&l3, rmac, &pfx, 24, &peer, &out), 0);
	assert_int_equal(out.route.label[0], 2001 << 4);
	assert_true(has_ecomm(&out, et_mpls));
	assert_false(has_ecomm(&out, et_vxlan));
	l3.mpls_label = 0; // a VXLAN VRF: the L3VNI, ET:8, as before
	assert_int_equal(evpn_build_prefix(&l3, rmac, &pfx, 24, &peer, &out), 0);
	assert_int_equal(out.route.label[0], 5000);
	assert_true(has_ecomm(&out, et_vxlan));
	evpn_inst_fini(&pe2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(labels_and_encap),
		cmocka_unit_test(vni_setup_from_config),
		cmocka_unit_test(routes_between_pes),
		cmocka_unit_test(l3_labels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
