// SPDX-License-Identifier: BSD-3-Clause
// Tests of `show mpls table` (cp/mgmt/show_mpls.c) with the real table writer: the local
// labels as the writer holds them, one row each in label order (text and json), and the
// packets mpls_input counted for one.
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
#include "cp/mgmt/show_mpls.h"
#include "tests/unit/dp/dp_test_env.h"

dp_node_process_t mpls_input_process;

static int label(uint32_t in, uint8_t action, uint32_t out, uint32_t nh, uint16_t bd, bool cw)
{
	struct dp_msg m = {.type = DP_MSG_LABEL_SET,
		.label = {.label = in, .action = action, .out_label = out, .nh = nh, .bd = bd,
			.control_word = cw}};
	return dpt_apply(&m);
}

static int setup(void **state)
{
	struct dp_msg nh = {.type = DP_MSG_NH_SET,
		.nh = {.nh = 7, .encap = DP_ENCAP_MPLS, .resolved = true, .port = DPT_UL,
			.remote = {.family = AF_INET}}};

	if (dpt_setup(state) != 0 || show_mpls_register() != 0)
		return -1;
	dpt_topology();
	nh.nh.remote.v4.s_addr = DPT_PEER4;
	assert_int_equal(dpt_apply(&nh), 0);
	assert_int_equal(label(16003, DP_LABEL_SWAP, 16004, 7, 0, false), 0);
	assert_int_equal(label(16002, DP_LABEL_POP, 0, 7, 0, false), 0);
	assert_int_equal(label(1000, DP_LABEL_POP_L2, 0, 0, DPT_BD, true), 0);
	assert_int_equal(label(16001, DP_LABEL_POP_LOCAL, 0, 0, 0, false), 0);
	struct dp_msg vrf = {.type = DP_MSG_LABEL_SET,
		.label = {.label = 1001, .action = DP_LABEL_POP_VRF, .vrf = 4}};
	assert_int_equal(dpt_apply(&vrf), 0);
	return 0;
}

static int teardown(void **state)
{
	mgmt_registry_clear();
	return dpt_teardown(state);
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

// Two frames with 16003 on top: swapped (and sent to the test's tx queue).
static void swap_two(void)
{
	struct rte_ether_addr dst = dpt.port_mac[DPT_UL];
	rte_be32_t lse = rte_cpu_to_be_32(16003u << 12 | 0x100 | 64);
	struct rte_mbuf *m[2], *out[2];
	struct dpt_pkt p;

	dpt_pkt_init(&p);
	dpt_put_eth(&p, &dst, &dpt_peer_mac, RTE_ETHER_TYPE_MPLS);
	dpt_put(&p, &lse, 4);
	dpt_put(&p, NULL, 60);
	m[0] = dpt_mbuf(&p);
	m[1] = dpt_mbuf(&p);
	mpls_input_process(dpt.w, m, 2);
	assert_int_equal(dpt_tx_take(DPT_UL, out, 2), 2);
	dpt_free(out, 2);
}

// The row of label `in`: type, next hop (or "bridge-domain N [cw]"), out label, packets.
static void assert_row(const char *text, const char *in, const char *want)
{
	char key[16], got[128];
	const char *line;
	size_t len;

	snprintf(key, sizeof(key), "\n%s ", in);
	if ((line = strstr(text, key)) == NULL)
		fail_msg("no row %s in:\n%s", in, text);
	line++;
	len = strcspn(line, "\n");
	// the row with its runs of blanks folded into one
	size_t n = 0;
	for (size_t i = 0; i < len && n + 1 < sizeof(got); i++)
		if (line[i] != ' ' || (n > 0 && got[n - 1] != ' '))
			got[n++] = line[i];
	got[n] = '\0';
	assert_string_equal(got, want);
}

static void test_text(void **state)
{
	char *t;

	(void)state;
	swap_two();
	t = show("show mpls table");
	assert_non_null(strstr(t, "Inbound Label"));
	assert_row(t, "1000", "1000 evpn-l2 bridge-domain 10 cw - 0");
	assert_row(t, "16001", "16001 local - - 0");
	assert_row(t, "1001", "1001 evpn-l3 vrf 4 - 0"); // no L3 tables here: its id
	assert_row(t, "16002", "16002 pop 10.0.0.2 implicit-null 0");
	assert_row(t, "16003", "16003 swap 10.0.0.2 16004 2");
	// in label order
	assert_true(strstr(t, "\n1000 ") < strstr(t, "\n16001 ") &&
		    strstr(t, "\n16002 ") < strstr(t, "\n16003 "));
	free(t);
}

static void test_json(void **state)
{
	char *j;

	(void)state;
	swap_two();
	j = show("show mpls table json");
	assert_non_null(strstr(j, "\"inLabel\": 16003,\n    \"type\": \"swap\",\n    "
				  "\"nexthop\": \"10.0.0.2\",\n    \"outLabel\": 16004,\n    "
				  "\"packets\": 2"));
	assert_non_null(strstr(j, "\"inLabel\": 1000,\n    \"type\": \"evpn-l2\",\n    "
				  "\"bridgeDomain\": 10,\n    \"controlWord\": true,\n    "
				  "\"packets\": 0"));
	assert_non_null(strstr(j, "\"outLabel\": \"implicit-null\""));
	assert_non_null(strstr(j, "\"inLabel\": 1001,\n    \"type\": \"evpn-l3\",\n    "
				  "\"vrf\": \"4\",\n    \"packets\": 0"));
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
