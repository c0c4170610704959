// SPDX-License-Identifier: BSD-3-Clause
// cp/evpn/evpn_prefix.c and evpn_build_prefix: our type-5 routes are octet for
// octet what FRR 8.4 sent for the same VTEP, VRF RD, L3VNI and router MAC
// (frr-irb-bgp.pcap, irb_f13_m0.bin); received type-5 routes are kept in the
// VRFs whose import RTs match, refused without Router MAC, withdrawn, and
// treated as withdrawn with both ESI and gateway IP (RFC 9136 3.2).
#include "evpn_test.h"

#include "cp/bgp/bgp_pattr.h"
#include "cp/cp_msgq.h"
#include "cp/evpn/evpn_irb.h"
#include "cp/evpn/evpn_local.h"
#include "cp/evpn/evpn_mpls.h"
#include "cp/evpn/evpn_prefix.h"
#include "cp/l3/l3_vrf.h"

#include <arpa/inet.h>
#include <errno.h>

// l3_vrf programs the FIB: nobody listens here.
int dp_msg_send(const struct dp_msg *m)
{
	(void)m;
	return 0;
}

unsigned dp_msg_pending(void)
{
	return 0;
}

static const uint8_t rid2[4] = {192, 0, 2, 2};
static const uint8_t rmac2[6] = {0x02, 0, 0, 0, 0x50, 0x02};

static struct cp_ip ip(int fam, const char *s)
{
	struct cp_ip a = {.family = fam};
	assert_int_equal(inet_pton(fam, s, a.addr), 1);
	return a;
}

// FRR puts both prefixes of vtep2's VRF in one UPDATE: the two NLRI one after the other.
static void same_as_frr(void **state)
{
	(void)state;
	size_t len;
	uint8_t *m = evpn_fixture("irb_f13_m0.bin", &len);
	struct evpn_test_update u;
	struct evpn_inst in;
	struct evpn_vni v;
	struct evpn_route_out o4, o6;
	struct dp_ip vtep = {.family = AF_INET};
	struct cp_ip p4 = ip(AF_INET, "10.2.0.77"), p6 = ip(AF_INET6, "fd00:2::fe");

	memcpy(&vtep.v4, rid2, 4);
	evpn_test_parse(m, len, &u);
	evpn_inst_init(&in, 65000, rid2);
	memset(&v, 0, sizeof(v));
	v.vni = 5000;
	v.rd_id = 1; // FRR's default instance: the L3VNI is in its default VRF
	evpn_vni_set_rd(&in, &v, NULL);
	assert_int_equal(evpn_build_prefix(&v, rmac2, &p4, 24, &vtep, &o4), 0);
	assert_int_equal(evpn_build_prefix(&v, rmac2, &p6, 64, &vtep, &o6), 0);
	assert_int_equal(o4.nlri_len + o6.nlri_len, u.reach_len);
	assert_memory_equal(o4.nlri, u.reach, o4.nlri_len);
	assert_memory_equal(o6.nlri, u.reach + o4.nlri_len, o6.nlri_len);
	assert_int_equal(o4.ecomm_len, u.ecomm_len);
	assert_memory_equal(o4.ecomm, u.ecomm, u.ecomm_len);
	assert_memory_equal(o6.ecomm, u.ecomm, u.ecomm_len);
	assert_memory_equal(&o4.nexthop.v4, u.reach_nh, 4);
	assert_int_equal(evpn_build_prefix(&v, rmac2, &p4, 33, &vtep, &o4), -EINVAL);
	evpn_inst_fini(&in);
	free(m);
}

static const char conf[] = "dataplane\n"
			   " port uplink0 devargs net_null0\n"
			   "underlay\n"
			   " vtep-address 192.0.2.1\n"
			   " address 192.0.2.1/24 port uplink0\n"
			   "vrf t1\n"
			   " vni 5000\n"
			   "vrf t2\n"
			   " vni 6000\n"
			   " route-target import 65000:5000\n"
			   "vrf t3\n"
			   " vni 7000\n"
			   "router bgp 65000\n"
			   " address-family l2vpn evpn\n"
			   "  advertise-all-vni\n"
			   " exit-address-family\n";

static size_t rx_count(const char *vrf)
{
	return cp_htable_count(&evpn_prefix_vrf_find(vrf)->rx);
}

// FRR's received UPDATE (irb_f13_m0) into t1 (auto RT 65000:5000) and t2 (imports
// it), not t3.
static void import(void **state)
{
	(void)state;
	struct evpnd_config cfg;
	struct cfg_error err;
	struct evpn_inst in;
	struct dp_ip local = {.family = AF_INET}, vtep2 = {.family = AF_INET};
	const uint8_t rid1[4] = {192, 0, 2, 1};
	size_t len;
	uint8_t *m = evpn_fixture("irb_f13_m0.bin", &len);
	struct evpn_test_update u;
	struct evpn_nlri_iter it;
	struct evpn_route r;
	struct evpn_rx_result res;

	config_init(&cfg);
	assert_int_equal(config_parse_string(&cfg, conf, "t.conf", &err), 0);
	memcpy(&local.v4, rid1, 4);
	memcpy(&vtep2.v4, rid2, 4);
	evpn_inst_init(&in, 65000, rid1);
	assert_int_equal(evpn_prefix_start(&cfg, &in, &local), 0);
	assert_int_equal(evpn_prefix_vrf_count(), 3);
	char rd[EVPN_RD_STRLEN];
	evpn_rd_str(rd, sizeof(rd), &evpn_prefix_vrf_find("t1")->l3.rd);
	assert_string_equal(rd, "192.0.2.1:2"); // index 1 is the default instance's
	evpn_test_parse(m, len, &u);
	struct evpn_rx_path rx = {.route = &r,
		.nexthop = vtep2,
		.ecomm = u.ecomm,
		.ecomm_len = u.ecomm_len,
		.internal = true};
	evpn_nlri_iter_init(&it, u.reach, u.reach_len, false);
	while (evpn_nlri_next(&it, &r) > 0) {
		memset(&res, 0, sizeof(res));
		evpn_prefix_rx(&rx, true, &local, &res);
		assert_int_equal(res.n_vni, 2);
	}
	assert_int_equal(rx_count("t1"), 2);
	assert_int_equal(rx_count("t2"), 2);
	assert_int_equal(rx_count("t3"), 0);
	// Our own route reflected back is not imported.
	rx.nexthop = local;
	memset(&res, 0, sizeof(res));
	evpn_prefix_rx(&rx, true, &local, &res);
	assert_true(res.ignored);
	rx.nexthop = vtep2;
	// Without Router MAC: withdrawn and counted.
	struct evpn_rx_path bare = rx;
	bare.ecomm_len = 16; // ET:8, RT only
	memset(&res, 0, sizeof(res));
	evpn_prefix_rx(&bare, true, &local, &res);
	assert_true(res.ignored);
	assert_string_equal(res.reason, "no Router MAC");
	assert_int_equal(evpn_prefix_refused(), 1);
	assert_int_equal(rx_count("t1"), 1);
	// Both overlay indexes: a withdrawal.
	evpn_nlri_iter_init(&it, u.reach, u.reach_len, false);
	assert_int_equal(evpn_nlri_next(&it, &r), 1);
	r.overlay_invalid = true;
	memset(&res, 0, sizeof(res));
	evpn_prefix_rx(&rx, true, &local, &res);
	assert_int_equal(rx_count("t1"), 0);
	assert_int_equal(rx_count("t2"), 0);
	evpn_prefix_fini(&in);
	evpn_inst_fini(&in);
	config_free(&cfg);
	free(m);
}

static const char conf_mpls[] = "dataplane\n"
				" port uplink0 devargs net_null0\n"
				"underlay\n"
				" vtep-address 192.0.2.1\n"
				" address 192.0.2.1/24 port uplink0\n"
				"mpls\n"
				" label dynamic-block 1000 1999\n"
				"vrf t1\n"
				" vni 5000\n"
				" encapsulation mpls\n"
				"vrf t2\n"
				" vni 6000\n"
				" route-target import 65000:5000\n"
				"router bgp 65000\n"
				" address-family l2vpn evpn\n"
				"  advertise-all-vni\n"
				" exit-address-family\n";

// Over MPLS (RFC 9136 as RFC 7432 says): an MPLS VRF takes its per-VRF label (the first
// of the block: no MPLS bridge domain) and imports a remote PE's type 5 with ET:10; a
// VXLAN VRF importing the same route target refuses it (counted), and the MPLS VRF
// refuses the same route with ET:8.
static void import_mpls(void **state)
{
	(void)state;
	struct evpnd_config cfg;
	struct cfg_error err;
	struct evpn_inst in, pe2;
	struct dp_ip local = {.family = AF_INET}, vtep2 = {.family = AF_INET};
	const uint8_t rid1[4] = {192, 0, 2, 1};
	struct cp_ip p4 = ip(AF_INET, "10.2.0.0");
	struct evpn_vni v2;
	struct evpn_route_out out;
	struct evpn_rx_result res;
	uint64_t wrong = evpn_mpls_wrong_encap();

	config_init(&cfg);
	assert_int_equal(config_parse_string(&cfg, conf_mpls, "t.conf", &err), 0);
	memcpy(&local.v4, rid1, 4);
	memcpy(&vtep2.v4, rid2, 4);
	evpn_inst_init(&in, 65000, rid1);
	evpn_inst_init(&pe2, 65000, rid2);
	assert_int_equal(evpn_prefix_start(&cfg, &in, &local), 0);
	assert_int_equal(evpn_prefix_vrf_find("t1")->l3.mpls_label, 1000);
	assert_int_equal(evpn_prefix_vrf_find("t2")->l3.mpls_label, 0);
	memset(&v2, 0, sizeof(v2));
	v2.vni = 5000;
	v2.mpls_label = 2001;
	v2.rd_id = 2;
	evpn_vni_set_rd(&pe2, &v2, NULL); // RT 65000:5000
	assert_int_equal(evpn_build_prefix(&v2, rmac2, &p4, 24, &vtep2, &out), 0);
	assert_int_equal(out.route.label[0], 2001 << 4);
	struct evpn_rx_path rx = {.route = &out.route, .nexthop = vtep2, .ecomm = out.ecomm,
		.ecomm_len = out.ecomm_len, .internal = true};
	memset(&res, 0, sizeof(res));
	evpn_prefix_rx(&rx, true, &local, &res);
	assert_int_equal(res.n_vni, 1);
	assert_int_equal(rx_count("t1"), 1);
	assert_int_equal(rx_count("t2"), 0);
	assert_int_equal(evpn_mpls_wrong_encap(), wrong + 1);
	// the same route as VXLAN: out of the MPLS VRF, into the VXLAN one
	v2.mpls_label = 0;
	assert_int_equal(evpn_build_prefix(&v2, rmac2, &p4, 24, &vtep2, &out), 0);
	rx.ecomm_len = out.ecomm_len;
	memset(&res, 0, sizeof(res));
	evpn_prefix_rx(&rx, true, &local, &res);
	assert_int_equal(rx_count("t1"), 0);
	assert_int_equal(rx_count("t2"), 1);
	evpn_prefix_fini(&in);
	evpn_inst_fini(&in);
	evpn_inst_fini(&pe2);
	config_free(&cfg);
}

static const char conf_adv[] = "dataplane\n"
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
			       " gateway-address fd00:1::fe/64\n"
			       " vrf t1\n"
			       "vrf t1\n"
			       " vni 5000\n"
			       " router-mac 02:00:00:00:50:01\n"
			       " ip route 10.9.0.0/16 10.1.0.9\n"
			       "router bgp 65000\n"
			       " address-family l2vpn evpn\n"
			       "  advertise-all-vni\n"
			       " exit-address-family\n"
			       "router bgp 65000 vrf t1\n"
			       " address-family l2vpn evpn\n"
			       "  advertise ipv4 unicast\n"
			       " exit-address-family\n";

static size_t n_prefix;
static void count_prefix(const struct evpn_local_route *lr, void *arg)
{
	char s[EVPN_ROUTE_STRLEN];
	struct evpn_ecomm_info info;
	(void)arg;
	assert_int_equal(lr->out.route.type, EVPN_RT_PREFIX);
	assert_int_equal(lr->vni, 5000);
	assert_int_equal(lr->out.route.label[0], 5000);
	evpn_ecomm_scan(lr->out.ecomm, lr->out.ecomm_len, &info);
	assert_true(info.has_rmac);
	assert_memory_equal(info.rmac, "\x02\x00\x00\x00\x50\x01", 6);
	evpn_route_str(s, sizeof(s), &lr->out.route);
	assert_true(strcmp(s, "[5]:[0]:[24]:[10.1.0.0]") == 0 ||
		    strcmp(s, "[5]:[0]:[16]:[10.9.0.0]") == 0);
	n_prefix++;
}

// advertise ipv4 unicast: the gateway's IPv4 subnet and the static route, not the
// IPv6 subnet.
static void originate(void **state)
{
	(void)state;
	struct evpnd_config cfg;
	struct cfg_error err;
	struct evpn_inst in;
	struct dp_ip local = {.family = AF_INET};
	const uint8_t rid1[4] = {192, 0, 2, 1};

	config_init(&cfg);
	assert_int_equal(config_parse_string(&cfg, conf_adv, "t.conf", &err), 0);
	memcpy(&local.v4, rid1, 4);
	evpn_inst_init(&in, 65000, rid1);
	assert_int_equal(l3_vrf_apply(&cfg), 0);
	assert_int_equal(evpn_local_init(), 0);
	assert_int_equal(evpn_prefix_start(&cfg, &in, &local), 0);
	assert_int_equal(evpn_prefix_vrf_find("t1")->advertised, 2);
	n_prefix = 0;
	evpn_local_walk(count_prefix, NULL);
	assert_int_equal(n_prefix, 2);
	evpn_prefix_fini(&in);
	evpn_local_fini();
	l3_vrf_fini();
	evpn_inst_fini(&in);
	config_free(&cfg);
}

// A configured export RT: on the type-5 routes and (evpn_irb_vni_setup) the L2VNI's
// MAC+IP routes instead of the auto one.
static void export_rt(void **state)
{
	(void)state;
	static const char text[] = "dataplane\n"
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
				   " vrf t1\n"
				   "vrf t1\n"
				   " vni 5000\n"
				   " route-target import 65000:5000\n"
				   " route-target export 65000:7777\n"
				   " advertise ipv4 unicast\n"
				   "router bgp 65000\n"
				   " address-family l2vpn evpn\n"
				   "  advertise-all-vni\n"
				   " exit-address-family\n";
	struct evpnd_config cfg;
	struct cfg_error err;
	struct evpn_inst in;
	struct evpn_vni l2;
	struct dp_ip local = {.family = AF_INET};
	const uint8_t rid1[4] = {192, 0, 2, 1};
	struct evpn_rt want;

	config_init(&cfg);
	assert_int_equal(config_parse_string(&cfg, text, "t.conf", &err), 0);
	assert_int_equal(evpn_rt_parse("65000:7777", &want), 0);
	memcpy(&local.v4, rid1, 4);
	evpn_inst_init(&in, 65000, rid1);
	assert_int_equal(l3_vrf_apply(&cfg), 0);
	assert_int_equal(evpn_local_init(), 0);
	assert_int_equal(evpn_prefix_start(&cfg, &in, &local), 0);
	const struct evpn_prefix_vrf *pv = evpn_prefix_vrf_find("t1");
	assert_int_equal(pv->l3.export.n, 1);
	assert_memory_equal(pv->l3.export.rt[0].b, want.b, 8);
	memset(&l2, 0, sizeof(l2));
	l2.vni = 100;
	evpn_irb_vni_setup(&cfg, &in, &l2);
	assert_int_equal(l2.l3vni, 5000);
	assert_memory_equal(l2.l3_rt.b, want.b, 8);
	evpn_prefix_fini(&in);
	evpn_local_fini();
	l3_vrf_fini();
	evpn_inst_fini(&in);
	config_free(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_as_frr),
		cmocka_unit_test(import),
		cmocka_unit_test(import_mpls),
		cmocka_unit_test(originate),
		cmocka_unit_test(export_rt),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
