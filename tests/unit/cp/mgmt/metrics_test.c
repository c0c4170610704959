// SPDX-License-Identifier: BSD-3-Clause
// Tests of cp/mgmt/metrics.c with the real pipeline and table writer (the dataplane
// tests' fixture): the whole exposition is well formed (each family's HELP and TYPE
// once, before its samples), and after VXLAN packets of an unknown VNI the node and
// drop figures say what `show stats` and `show dataplane nodes` say.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cp/mgmt/metrics.h"
#include "cp/mgmt/mgmt_cmd.h"
#include "tests/unit/dp/dp_test_env.h"

static int setup(void **state)
{
	struct evpnd_config cfg;

	config_init(&cfg);
	if (dpt_setup(state) != 0 || metrics_register(&cfg) != 0)
		return -1;
	dpt_topology();
	return 0;
}

static int teardown(void **state)
{
	mgmt_registry_clear();
	return dpt_teardown(state);
}

static void send_unknown_vni(unsigned n)
{
	struct rte_ether_addr a = dpt_mac(1), b = dpt_mac(2);
	struct dpt_pkt in, p;
	struct rte_mbuf *pkts[8];

	dpt_frame(&in, &b, &a, 0, 64);
	dpt_vxlan4_pkt(&p, &in, 4242);
	for (unsigned i = 0; i < n; i++)
		pkts[i] = dpt_mbuf(&p);
	dp_worker_input(dpt.w, DPT_UL, pkts, n);
}

static char *collect(void)
{
	struct mgmt_out out = MGMT_OUT_INIT;
	char *s;

	assert_int_equal(metrics_collect(&out), 0);
	s = strdup(mgmt_out_str(&out));
	mgmt_out_free(&out);
	return s;
}

// Every sample's name is the family of the TYPE line above it (a counter's ends in
// _total), and no family is declared twice.
static void test_well_formed(void **state)
{
	char *text = collect(), *save = NULL, family[128] = "", names[64][128];
	unsigned n_families = 0;

	(void)state;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char name[128], type[16];
		if (sscanf(line, "# TYPE %127s %15s", name, type) == 2) {
			for (unsigned i = 0; i < n_families; i++)
				if (strcmp(names[i], name) == 0)
					fail_msg("family %s declared twice", name);
			assert_true(n_families < 64);
			strcpy(names[n_families++], name);
			strcpy(family, name);
			assert_true(strcmp(type, "counter") != 0 ||
				    strcmp(name + strlen(name) - 6, "_total") == 0);
			continue;
		}
		if (line[0] == '#')
			continue;
		if (strncmp(line, family, strlen(family)) != 0 ||
			(line[strlen(family)] != '{' && line[strlen(family)] != ' '))
			fail_msg("sample '%s' outside its family %s", line, family);
	}
	assert_true(n_families > 25);
	free(text);
}

static void test_values(void **state)
{
	char *text;

	(void)state;
	send_unknown_vni(5);
	text = collect();
	assert_non_null(strstr(
		text, "evpnd_dp_drops_total{node=\"vxlan_decap\",reason=\"unknown_vni\"} 5\n"));
	assert_non_null(strstr(text, "evpnd_node_packets_total{node=\"vxlan_decap\"} 5\n"));
	assert_non_null(strstr(text, "evpnd_node_calls_total{node=\"vxlan_decap\"} 1\n"));
	assert_non_null(strstr(
		text, "evpnd_dp_drops_total{node=\"vxlan_decap\",reason=\"bad_flags\"} 0\n"));
	// the topology's bridge domains, and the flood list dpt_topology gives bd 10
	assert_non_null(strstr(text, "evpnd_vni_macs{bd=\"10\",vni=\"1000\",type=\"local\"} "));
	assert_non_null(strstr(text, "evpnd_vni_macs{bd=\"20\",vni=\"2000\",type=\"remote\"} 0\n"));
	assert_non_null(strstr(text, "evpnd_writer_events_total{event=\"msgs_applied\"} "));
	assert_non_null(strstr(text, "# TYPE evpnd_rcu_grace_periods_total counter\n"));
	assert_non_null(strstr(text, "evpnd_control_loop_max_seconds{part=\"step\"} "));
	assert_null(strstr(text, "evpnd_bgp_")); // no router bgp
	// evpnctl show metrics: the same text
	struct mgmt_out out = MGMT_OUT_INIT;
	assert_int_equal(mgmt_dispatch("show metrics", &out), 0);
	assert_string_equal(mgmt_out_str(&out), text);
	mgmt_out_free(&out);
	free(text);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_well_formed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_values, setup, teardown),
	};
	int ret;

	(void)argc;
	dpt_eal_init(argv[0]);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	dpt_eal_fini();
	return ret;
}
