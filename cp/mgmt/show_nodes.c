// SPDX-License-Identifier: BSD-3-Clause
// `show dataplane nodes`: per node of the running pipeline, summed over workers, its
// calls, packets, packets per call and TSC cycles per packet, as VPP's `show runtime`
// and grout's `show graph stats` print them. A node's cycles include what it calls
// directly (l2_fwd and bum_flood: access_output; bum_flood: vxlan_encap when its vector
// fills, counted there too).
#include <stdio.h>
#include <string.h>

#include "cp/mgmt/mgmt_cmd.h"
#include "cp/mgmt/mgmt_out.h"
#include "cp/mgmt/show_nodes.h"
#include "dp/dp_api.h"

struct show_nodes {
	bool json;
	struct json_writer j;
	struct mgmt_table t;
};

static void show_nodes_ratio(struct mgmt_table *t, uint64_t num, uint64_t den)
{
	if (den == 0)
		mgmt_table_cell(t, "-");
	else
		mgmt_table_cell(t, "%.1f", (double)num / (double)den);
}

static int show_nodes_row(const struct dp_node_info *i, void *arg)
{
	struct show_nodes *s = arg;

	if (s->json) {
		json_obj_begin(&s->j);
		json_kv_str(&s->j, "node", i->name);
		json_kv_u64(&s->j, "calls", i->calls);
		json_kv_u64(&s->j, "packets", i->packets);
		json_kv_u64(&s->j, "cycles", i->cycles);
		json_obj_end(&s->j);
		return 0;
	}
	mgmt_table_cell(&s->t, "%s", i->name);
	mgmt_table_cell(&s->t, "%lu", (unsigned long)i->calls);
	mgmt_table_cell(&s->t, "%lu", (unsigned long)i->packets);
	show_nodes_ratio(&s->t, i->packets, i->calls);
	show_nodes_ratio(&s->t, i->cycles, i->packets);
	return 0;
}

static int show_nodes(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	struct show_nodes s = {.json = req->json};
	int ret;

	(void)ctx;
	if (s.json) {
		json_init(&s.j, out, true);
		json_arr_begin(&s.j);
		dp_node_walk(show_nodes_row, &s);
		json_arr_end(&s.j);
		return json_finish(&s.j);
	}
	mgmt_table_init(&s.t, 5);
	mgmt_table_add(&s.t, "Node", "Calls", "Packets", "Packets/Call", "Cycles/Packet");
	for (unsigned col = 1; col < 5; col++)
		mgmt_table_align(&s.t, col, MGMT_ALIGN_RIGHT);
	dp_node_walk(show_nodes_row, &s);
	ret = mgmt_table_print(&s.t, out);
	mgmt_table_free(&s.t);
	return ret;
}

int show_nodes_register(void)
{
	return mgmt_register("show dataplane nodes", show_nodes, NULL,
		"dataplane nodes: calls, packets, packets per call, cycles per packet");
}
