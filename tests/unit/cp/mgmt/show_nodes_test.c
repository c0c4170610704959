// SPDX-License-Identifier: BSD-3-Clause
// Tests of `show dataplane nodes` (cp/mgmt/show_nodes.c) with the real pipeline and
// table writer: after a burst through dp_worker_input, each node's row (text and json)
// has the calls and packets the worker counted.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cp/mgmt/mgmt_cmd.h"
#include "cp/mgmt/mgmt_out.h"
#include "cp/mgmt/show_nodes.h"
#include "tests/unit/dp/dp_test_env.h"

static int setup(void **state)
{
	if (dpt_setup(state) != 0 || show_nodes_register() != 0)
		return -1;
	dpt_topology();
	return 0;
}

static int teardown(void **state)
{
	mgmt_registry_clear();
	return dpt_teardown(state);
}

// Two bursts of 3 VXLAN packets of a VNI nobody has: underlay_input -> vxlan_decap,
// dropped there (nothing is sent: the test ports are not ethdevs).
static void send_unknown_vni(void)
{
	struct rte_ether_addr a = dpt_mac(1), b = dpt_mac(2);
	struct dpt_pkt in, p;
	struct rte_mbuf *pkts[3];

	dpt_frame(&in, &b, &a, 0, 64);
	dpt_vxlan4_pkt(&p, &in, 4242);
	for (unsigned burst = 0; burst < 2; burst++) {
		for (unsigned i = 0; i < RTE_DIM(pkts); i++)
			pkts[i] = dpt_mbuf(&p);
		dp_worker_input(dpt.w, DPT_UL, pkts, RTE_DIM(pkts));
	}
}

static char *show(const char *cmd)
{
	struct mgmt_out out;
	char *s;

	mgmt_out_init(&out);
	assert_int_equal(mgmt_dispatch(cmd, &out), 0);
	s = strdup(mgmt_out_str(&out));
	mgmt_out_free(&out);
	return s;
}

// The row of `node` in the text table: its calls, packets, packets/call and
// cycles/packet columns.
static void assert_row(const char *text, const char *node, unsigned long calls,
	unsigned long pkts, const char *per_call, bool cycles)
{
	char name[32], pc[16], cpp[16];
	unsigned long c, p;
	const char *line = text;

	while ((line = strstr(line, node)) != NULL && line != text && line[-1] != '\n')
		line++;
	if (line == NULL)
		fail_msg("no row %s in:\n%s", node, text);
	assert_int_equal(sscanf(line, "%31s %lu %lu %15s %15s", name, &c, &p, pc, cpp), 5);
	assert_string_equal(name, node);
	assert_int_equal(c, calls);
	assert_int_equal(p, pkts);
	assert_string_equal(pc, per_call);
	if (cycles)
		assert_true(strtod(cpp, NULL) > 0);
	else
		assert_string_equal(cpp, "-");
}

static void test_text(void **state)
{
	char *text;

	(void)state;
	send_unknown_vni();
	text = show("show dataplane nodes");
	assert_non_null(strstr(text, "Node"));
	assert_non_null(strstr(text, "Cycles/Packet"));
	assert_row(text, "underlay_input", 2, 6, "3.0", true);
	assert_row(text, "vxlan_decap", 2, 6, "3.0", true);
	assert_row(text, "l2_fwd", 0, 0, "-", false);
	assert_row(text, "access_input", 0, 0, "-", false);
	free(text);
}

static void test_json(void **state)
{
	char *j;

	(void)state;
	send_unknown_vni();
	j = show("show dataplane nodes json");
	assert_non_null(strstr(j, "\"node\": \"underlay_input\",\n    \"calls\": 2,\n    "
				  "\"packets\": 6,"));
	assert_non_null(strstr(j, "\"node\": \"vxlan_decap\",\n    \"calls\": 2,\n    "
				  "\"packets\": 6,"));
	assert_non_null(strstr(j, "\"node\": \"vxlan_encap\",\n    \"calls\": 0,\n    "
				  "\"packets\": 0,\n    \"cycles\": 0"));
	free(j);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json, setup, teardown),
	};
	int ret;

	(void)argc;
	dpt_eal_init(argv[0]);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	dpt_eal_fini();
	return ret;
}
