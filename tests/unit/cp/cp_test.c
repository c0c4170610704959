// SPDX-License-Identifier: BSD-3-Clause
// Tests of cp/cp.c with the real table writer: when the ring of notifications from
// the dataplane overflows (here it holds 8), the control plane reads the MAC table
// again, and EVPN's local MACs and type-2 routes end up as the dataplane's MACs are,
// for MACs learned and for MACs flushed while it did not drain the ring.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cp/cp.h"
#include "cp/cp_log.h"
#include "cp/cp_msgq.h"
#include "cp/evpn/evpn_local.h"
#include "cp/evpn/evpn_vtep.h"
#include "dp/writer/writer.h"
#include "tests/unit/dp/dp_test_env.h"

#define VNI 100
#define N_HOSTS 100

static const char conf[] = "dataplane\n"
			   " port uplink0 devargs net_null0\n"
			   " port host1 devargs net_null1\n"
			   "underlay\n"
			   " vtep-address 192.0.2.1\n"
			   " address 192.0.2.1/24 port uplink0\n"
			   "bridge-domain 100\n"
			   " vni 100\n"
			   " member host1 untagged\n"
			   "router bgp 65000\n"
			   " address-family l2vpn evpn\n"
			   "  advertise-all-vni\n"
			   " exit-address-family\n";
static const uint16_t port_ids[] = {DPT_UL, DPT_A1};
static struct evpnd_config cfg;
static uint64_t now_ms = 1000;

// Until the writer and the control plane have nothing left to do.
static void settle(void)
{
	for (int i = 0; i < 100; i++) {
		cp_send_flush();
		dp_writer_poll();
		cp_poll(now_ms);
	}
	assert_int_equal(cp_send_backlog(), 0);
	assert_int_equal(dp_msg_pending(), 0);
}

static int setup(void **state)
{
	struct cfg_error err;
	int ret;

	dpt_notify_ring_size = 8;
	ret = dpt_setup(state);
	dpt_notify_ring_size = 0;
	config_init(&cfg);
	if (ret != 0)
		return -1;
	if (config_parse_string(&cfg, conf, "x.conf", &err) != 0) {
		config_report(&err, "", stderr);
		return -1;
	}
	if ((ret = cp_init(&cfg, port_ids)) != 0) {
		fprintf(stderr, "cp_init %d\n", ret);
		return -1;
	}
	settle();
	return 0;
}

static int teardown(void **state)
{
	cp_fini();
	config_free(&cfg);
	return dpt_teardown(state);
}

// The hosts' frames reach a worker all at once: one learn event each.
static void hosts_speak(void)
{
	struct dp_event ev = {.type = DP_EVENT_LEARN, .bd = 100, .port = DPT_A1};
	for (uint16_t i = 0; i < N_HOSTS; i++) {
		struct rte_ether_addr mac = dpt_mac(i);
		memcpy(ev.mac, &mac, 6);
		assert_int_equal(dp_event_post(dpt.w, &ev), 0);
	}
}

static int count_learned(const struct dp_mac_info *i, void *arg)
{
	unsigned *n = arg;
	if (i->kind == DP_MAC_LOCAL)
		(*n)++;
	return 0;
}

// Each of EVPN's local MACs is a learned MAC of the dataplane on the same port
// and advertised. Returns how many.
static int check_evpn_mac(const struct evpn_mac_info *e, void *arg)
{
	struct dp_mac_info d;
	unsigned *n = arg;
	if (!e->local)
		return 0;
	assert_int_equal(dp_mac_get(100, e->mac, &d), 0);
	assert_int_equal(d.kind, DP_MAC_LOCAL);
	assert_int_equal(d.port, e->port);
	assert_true(e->advertised);
	(*n)++;
	return 0;
}

// EVPN has as local, advertised, exactly the MACs the dataplane has learned:
// `want` of them, each with its type-2 route beside the VNI's type-3 route.
static void check_same_view(unsigned want)
{
	unsigned in_dp = 0, in_evpn = 0;
	dp_mac_walk(0, count_learned, &in_dp);
	evpn_mac_walk(evpn_vtep_macs(), VNI, check_evpn_mac, &in_evpn);
	assert_int_equal(in_dp, want);
	assert_int_equal(in_evpn, want);
	assert_int_equal(evpn_local_count(), 1 + want);
}

static void test_resync_after_overflow(void **state)
{
	struct dp_msg flush = {.type = DP_MSG_MAC_FLUSH, .mac = {.bd = 100}};
	(void)state;
	check_same_view(0);

	// 100 MACs learned in one step of the writer: 92 notifications dropped.
	hosts_speak();
	dp_writer_poll();
	assert_int_equal(dp_writer.stats.notify_dropped, N_HOSTS - 8);
	settle();
	check_same_view(N_HOSTS);

	// All flushed in one step (`clear mac`): the routes go, not only 8 of them.
	assert_int_equal(dp_msg_send(&flush), 0);
	dp_writer_poll();
	assert_int_equal(dp_writer.stats.notify_dropped, 2 * (N_HOSTS - 8));
	settle();
	check_same_view(0);

}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_resync_after_overflow, setup, teardown),
	};
	int ret;
	(void)argc;
	cp_log_level = CP_LOG_WARN; // not a line per MAC
	dpt_eal_init(argv[0]);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	dpt_eal_fini();
	return ret;
}
