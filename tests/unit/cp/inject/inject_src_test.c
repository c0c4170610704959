// SPDX-License-Identifier: BSD-3-Clause
// Tests of cp/inject/inject_src.c (and cp/evpn/evpn_inject.c): parsed commands
// into a running speaker's RIB (AS 65000, VTEP 198.51.100.1, no neighbor). Each
// source's paths are its own (two sources announce the same prefix; withdraw
// and flush remove exactly one's); unicast attributes (ORIGIN IGP, next hop as
// given or self on export, communities); EVPN routes with the right NLRI (RD,
// MAC, IP, label as VNI or MPLS label), ET:8/ET:10, RTs, MAC mobility, PMSI,
// type 5 gateway and router MAC, next hop self = the VTEP.
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cp/bgp/bgp_export.h"
#include "cp/bgp/bgp_speaker.h"
#include "cp/config/config.h"
#include "cp/evpn/evpn_family.h"
#include "cp/inject/inject_src.h"

static const char conf[] = "dataplane\n"
			   " port p0 devargs net_null0\n"
			   "underlay\n"
			   " vtep-address 198.51.100.1\n"
			   "router bgp 65000\n"
			   " bgp router-id 10.0.0.9\n";

static struct evpnd_config cfg;
static struct inject_src a, b;
static char err[INJECT_ERR_MAX];

static int setup(void **state)
{
	struct cfg_error e;
	(void)state;

	setenv("EVPND_BGP_PORT", "17998", 1); // listening may fail: only a warning
	config_init(&cfg);
	assert_int_equal(config_parse_string(&cfg, conf, "t.conf", &e), 0);
	assert_int_equal(bgp_init(&cfg), 0);
	assert_int_equal(evpn_family_register(), 0);
	inject_src_set_vtep(cfg_evpn_vtep(&cfg));
	inject_src_init(&a, "a");
	inject_src_init(&b, "b");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	inject_src_flush(&a);
	inject_src_flush(&b);
	bgp_fini();
	evpn_family_unregister();
	config_free(&cfg);
	assert_int_equal(bgp_pattr_count(), 0);
	return 0;
}

static int run(struct inject_src *s, const char *line)
{
	struct inject_cmd c;

	if (inject_cmd_parse(line, &c, err, sizeof(err)) < 0)
		fail_msg("'%s': %s", line, err);
	return inject_src_apply(s, &c, err, sizeof(err));
}

static struct bgp_dest *route4(const char *p, uint8_t len)
{
	struct in_addr ip;

	inet_pton(AF_INET, p, &ip);
	return bgp_rib_lookup(ip, len);
}

static size_t n_paths(const struct bgp_dest *d)
{
	size_t n = 0;

	for (const struct bgp_path *p = d ? d->paths : NULL; p; p = p->next)
		n++;
	return n;
}

static const struct bgp_path *path_of(const struct bgp_dest *d, const struct inject_src *s)
{
	for (const struct bgp_path *p = d ? d->paths : NULL; p; p = p->next)
		if (p->src == &s->bgp)
			return p;
	return NULL;
}

// The next hop d goes out with to an iBGP neighbor whose session address is 10.0.0.9.
static const char *exported_nh(const struct bgp_dest *d, char *buf)
{
	struct bgp_export_key k = {.af[BGP_AF_IPV4_UNICAST] = true};
	struct bgp_pattr *x;

	inet_pton(AF_INET, "10.0.0.9", &k.local);
	assert_non_null(x = bgp_export(d, &k));
	inet_ntop(AF_INET, &x->next_hop, buf, 16);
	bgp_pattr_unref(x);
	return buf;
}

static void test_unicast(void **state)
{
	const struct bgp_path *p;
	char buf[16];
	(void)state;

	assert_int_equal(run(&a, "announce route 192.0.2.10/32 next-hop self community 65000:7 "
				 "large-community [65000:1:2]"), 0);
	assert_non_null(p = path_of(route4("192.0.2.10", 32), &a));
	assert_int_equal(p->attrs->origin, BGP_ORIGIN_IGP);
	assert_int_equal(p->attrs->next_hop.s_addr, 0);
	assert_int_equal(bgp_pattr_comms(p->attrs).len, 4);
	assert_memory_equal(bgp_pattr_comms(p->attrs).ptr, "\xfd\xe8\x00\x07", 4);
	assert_int_equal(bgp_pattr_large(p->attrs).len, 12);
	assert_int_equal(inject_src_routes(&a), 1);
	assert_string_equal(exported_nh(route4("192.0.2.10", 32), buf), "10.0.0.9"); // self
	// b's path of the same prefix is its own
	assert_int_equal(run(&b, "announce route 192.0.2.10/32 next-hop 192.0.2.99"), 0);
	assert_int_equal(n_paths(route4("192.0.2.10", 32)), 2);
	// a withdraws: b's remains, with its own next hop kept toward iBGP
	assert_int_equal(run(&a, "withdraw route 192.0.2.10/32"), 0);
	assert_int_equal(n_paths(route4("192.0.2.10", 32)), 1);
	assert_true(route4("192.0.2.10", 32)->paths->src == &b.bgp);
	assert_string_equal(exported_nh(route4("192.0.2.10", 32), buf), "192.0.2.99");
	assert_int_equal(inject_src_routes(&a), 0);
	// MED, local preference and origin as given; the local preference goes to iBGP
	assert_int_equal(run(&a, "announce route 192.0.2.20/32 med 50 local-preference 200 "
				 "origin egp"), 0);
	assert_non_null(p = path_of(route4("192.0.2.20", 32), &a));
	assert_int_equal(p->attrs->med, 50);
	assert_int_equal(p->attrs->origin, BGP_ORIGIN_EGP);
	struct bgp_export_key k = {.af[BGP_AF_IPV4_UNICAST] = true};
	struct bgp_pattr *x = bgp_export(route4("192.0.2.20", 32), &k);
	assert_non_null(x);
	assert_true(x->has & BGP_AS_LOCAL_PREF);
	assert_int_equal(x->local_pref, 200);
	assert_int_equal(x->med, 50);
	bgp_pattr_unref(x);
	assert_int_equal(run(&a, "withdraw route 192.0.2.20/32"), 0);

	// IPv6, then flush of b only
	assert_int_equal(run(&a, "announce route 2001:db8::/32 next-hop 2001:db8::1"), 0);
	assert_int_equal(run(&b, "announce route 2001:db8:1::/48"), 0);
	assert_int_equal(inject_src_routes(&b), 2);
	assert_int_equal(inject_src_flush(&b), 2);
	assert_null(route4("192.0.2.10", 32));
	assert_int_equal(inject_src_routes(&a), 1);
	struct in6_addr p6;
	inet_pton(AF_INET6, "2001:db8::", &p6);
	struct bgp_dest *d = bgp_rib_lookup6(&p6, 32);
	assert_non_null(p = path_of(d, &a));
	assert_true(p->attrs->has & BGP_PATTR_NH6);
	assert_int_equal(run(&a, "flush"), 0);
	assert_int_equal(inject_src_routes(&a), 0);
	assert_int_equal(bgp_rib_count(), 0);
}

// The one EVPN route of s: its NLRI decoded and communities scanned.
struct found {
	const struct inject_src *s;
	int n;
	struct evpn_route r;
	struct evpn_ecomm_info ec;
	const struct bgp_pattr *attrs;
};

static int find_evpn(const uint8_t *nlri, size_t len, struct bgp_path *paths, void *ctx)
{
	struct found *f = ctx;
	enum evpn_nlri_err e;

	for (struct bgp_path *p = paths; p; p = p->next) {
		if (p->src != &f->s->bgp)
			continue;
		f->n++;
		assert_int_equal(evpn_route_decode(nlri[0], nlri + 2, len - 2, &f->r, &e), 0);
		evpn_ecomm_scan(bgp_pattr_ext(p->attrs).ptr, bgp_pattr_ext(p->attrs).len, &f->ec);
		f->attrs = p->attrs;
	}
	return 0;
}

static struct found evpn_of(const struct inject_src *s)
{
	struct found f = {.s = s};

	bgp_nlri_rib_walk_paths(BGP_AF_L2VPN_EVPN, find_evpn, &f);
	return f;
}

static void test_macip(void **state)
{
	struct found f;
	char buf[128];
	(void)state;

	assert_int_equal(run(&a, "announce evpn macip rd 198.51.100.1:100 mac 02:00:00:00:00:01 "
				 "ip 10.0.0.1 vni 100 rt 65000:100 rt 65000:101 seq 3 sticky"), 0);
	f = evpn_of(&a);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.r.type, EVPN_RT_MACIP);
	evpn_route_rd_str(buf, sizeof(buf), &f.r);
	assert_string_equal(buf, "198.51.100.1:100:[2]:[0]:[48]:[02:00:00:00:00:01]:[32]:[10.0.0.1]");
	assert_int_equal(f.r.label[0], 100);
	assert_true(f.ec.has_encap);
	assert_int_equal(f.ec.tunnel_type, EVPN_TUNNEL_VXLAN);
	assert_int_equal(f.ec.n_rt, 2);
	assert_int_equal(f.ec.mm_seq, 3);
	assert_true(f.ec.sticky);
	inet_ntop(AF_INET, &f.attrs->next_hop, buf, 16);
	assert_string_equal(buf, "198.51.100.1"); // self: the VTEP
	// the same key with another label and next hop replaces the path
	assert_int_equal(run(&a, "announce evpn macip rd 198.51.100.1:100 mac 02:00:00:00:00:01 "
				 "ip 10.0.0.1 label 3000 rt 65000:100 next-hop 192.0.2.5"), 0);
	f = evpn_of(&a);
	assert_int_equal(f.n, 1);
	assert_int_equal(evpn_label_to_mpls(f.r.label[0]), 3000);
	assert_int_equal(f.ec.tunnel_type, EVPN_TUNNEL_MPLS);
	assert_false(f.ec.has_mm);
	inet_ntop(AF_INET, &f.attrs->next_hop, buf, 16);
	assert_string_equal(buf, "192.0.2.5");
	// b's withdraw of the same key removes nothing of a's
	assert_int_equal(run(&b, "withdraw evpn macip rd 198.51.100.1:100 mac 02:00:00:00:00:01 "
				 "ip 10.0.0.1"), 0);
	assert_int_equal(evpn_of(&a).n, 1);
	assert_int_equal(run(&a, "withdraw evpn macip rd 198.51.100.1:100 mac 02:00:00:00:00:01 "
				 "ip 10.0.0.1"), 0);
	assert_int_equal(evpn_of(&a).n, 0);
	assert_int_equal(bgp_nlri_rib_count(BGP_AF_L2VPN_EVPN), 0);
}

// The RIB's EVPN changes: event and next hop, in order.
static char changes[8][32];
static unsigned n_changes;

static void record(enum bgp_route_event ev, const struct bgp_route *r, void *ctx)
{
	char nh[16];
	(void)ctx;

	inet_ntop(AF_INET, &r->attrs->next_hop, nh, sizeof(nh));
	if (n_changes < 8)
		snprintf(changes[n_changes++], sizeof(changes[0]), "%s %s",
			ev == BGP_ROUTE_ADD ? "add" : "del", nh);
}

// A path to another VTEP re-announced next-hop self goes first (the EVPN module
// removes what it installed: a same-source replacement names no previous path);
// to another VTEP again, or self to self, it is replaced as usual.
static void test_remote_to_self(void **state)
{
	static const char mac[] = "evpn macip rd 192.0.2.7:100 mac 02:00:00:00:07:01 vni 100 "
				  "rt 65000:100";
	static const char *want[] = {"add 192.0.2.7", "del 192.0.2.7", "add 198.51.100.1",
		"add 198.51.100.1", "add 192.0.2.8"};
	char line[160];
	(void)state;

	n_changes = 0;
	assert_int_equal(bgp_rib_subscribe(BGP_AF_L2VPN_EVPN, record, NULL), 0);
	snprintf(line, sizeof(line), "announce %s next-hop 192.0.2.7", mac);
	assert_int_equal(run(&a, line), 0);
	snprintf(line, sizeof(line), "announce %s", mac);
	assert_int_equal(run(&a, line), 0);
	snprintf(line, sizeof(line), "announce %s seq 1", mac); // self again: replaced
	assert_int_equal(run(&a, line), 0);
	snprintf(line, sizeof(line), "announce %s next-hop 192.0.2.8", mac);
	assert_int_equal(run(&a, line), 0);
	bgp_rib_unsubscribe(BGP_AF_L2VPN_EVPN, record);
	assert_int_equal(n_changes, 5);
	for (unsigned i = 0; i < 5; i++)
		assert_string_equal(changes[i], want[i]);
	assert_int_equal(evpn_of(&a).n, 1);
	inject_src_flush(&a);
}

// Symmetric IRB: the L3VNI as the second label, the RTs in the caller's order,
// the router MAC.
static void test_macip_l3vni(void **state)
{
	struct found f;
	char buf[128];
	(void)state;

	assert_int_equal(run(&a, "announce evpn macip rd 192.0.2.2:100 mac 02:00:00:01:00:77 "
				 "ip 10.1.0.77 vni 100 rt 65000:100 rt 65000:5000 l3vni 5000 "
				 "router-mac 02:00:00:00:50:02 next-hop 192.0.2.2"),
		0);
	f = evpn_of(&a);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.r.n_labels, 2);
	assert_int_equal(f.r.label[0], evpn_vni_to_label(100));
	assert_int_equal(f.r.label[1], evpn_vni_to_label(5000));
	assert_int_equal(f.ec.n_rt, 2);
	struct bgp_bytes ext = bgp_pattr_ext(f.attrs);
	evpn_ecomm_list_str(buf, sizeof(buf), ext.ptr, ext.len);
	assert_string_equal(buf, "ET:8 RT:65000:100 RT:65000:5000 Rmac:02:00:00:00:50:02");
	assert_true(f.ec.has_rmac);
	assert_int_equal(f.ec.rmac[5], 2);
	inject_src_flush(&a);
}

static void test_imet_prefix(void **state)
{
	struct found f;
	char buf[64];
	(void)state;

	assert_int_equal(run(&a, "announce evpn multicast rd 65000:100 vni 100 rt 65000:100"), 0);
	f = evpn_of(&a);
	assert_int_equal(f.r.type, EVPN_RT_IMET);
	assert_true(f.attrs->has & BGP_AS_PMSI_TUNNEL);
	assert_int_equal(f.attrs->pmsi_label, 100);
	cp_ip_str(&f.r.ip, buf, sizeof(buf));
	assert_string_equal(buf, "198.51.100.1"); // originator: the VTEP
	assert_int_equal(run(&a, "withdraw evpn multicast rd 65000:100"), 0);
	assert_int_equal(evpn_of(&a).n, 0);

	assert_int_equal(run(&a, "announce evpn prefix rd 65000:5 prefix 10.9.0.0/16 vni 5000 "
				 "rt 65000:5000 gateway 10.9.0.1 router-mac 02:aa:00:00:00:01"), 0);
	f = evpn_of(&a);
	assert_int_equal(f.r.type, EVPN_RT_PREFIX);
	assert_int_equal(f.r.prefix_len, 16);
	cp_ip_str(&f.r.gw, buf, sizeof(buf));
	assert_string_equal(buf, "10.9.0.1");
	assert_true(f.ec.has_rmac);
	assert_int_equal(f.ec.rmac[5], 1);
	assert_int_equal(f.r.label[0], 5000);
	// without router-mac: no Rmac community
	assert_int_equal(run(&a, "announce evpn prefix rd 65000:5 prefix 10.9.0.0/16 vni 5000 "
				 "rt 65000:5000"), 0);
	f = evpn_of(&a);
	assert_false(f.ec.has_rmac);
	assert_int_equal(f.ec.n_rt, 1);
	assert_int_equal(run(&a, "flush"), 0);
	assert_int_equal(evpn_of(&a).n, 0);
}

static void test_no_vtep(void **state)
{
	(void)state;
	inject_src_set_vtep(NULL);
	assert_int_equal(run(&a, "announce evpn multicast rd 65000:1 vni 1 rt 65000:1"), -EINVAL);
	assert_string_equal(err, "next-hop self: no vtep-address configured");
	// a given next hop needs none
	assert_int_equal(run(&a, "announce evpn multicast rd 65000:1 vni 1 rt 65000:1 "
				 "next-hop 2001:db8::1"), 0);
	assert_int_equal(evpn_of(&a).attrs->has & BGP_PATTR_NH6, BGP_PATTR_NH6);
	assert_int_equal(run(&a, "flush"), 0);
	inject_src_set_vtep(cfg_evpn_vtep(&cfg));
}

static void test_no_bgp(void **state)
{
	struct inject_cmd c;
	(void)state;

	uint64_t errors = a.errors;

	bgp_fini(); // as without "router bgp"
	assert_int_equal(inject_cmd_parse("announce route 10.0.0.0/8", &c, err, sizeof(err)), 0);
	assert_int_equal(inject_src_apply(&a, &c, err, sizeof(err)), -ENODEV);
	assert_string_equal(err, "no router bgp");
	assert_int_equal(a.errors, errors + 1);
	assert_int_equal(bgp_init(&cfg), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unicast),
		cmocka_unit_test(test_macip),
		cmocka_unit_test(test_remote_to_self),
		cmocka_unit_test(test_macip_l3vni),
		cmocka_unit_test(test_imet_prefix),
		cmocka_unit_test(test_no_vtep),
		cmocka_unit_test(test_no_bgp),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
