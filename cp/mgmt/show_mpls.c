// SPDX-License-Identifier: BSD-3-Clause
// `show mpls table`: the local labels, what each does and the packets it took, summed
// over workers, as FRR's `show mpls table` lists its LSPs (Inbound Label, Type,
// Nexthop, Outbound Label), plus a packet counter.
#include <stdio.h>
#include <string.h>

#include "cp/cp_addr.h"
#include "cp/l3/l3_vrf.h"
#include "cp/mgmt/mgmt_cmd.h"
#include "cp/mgmt/mgmt_out.h"
#include "cp/mgmt/show_mpls.h"
#include "dp/dp_api.h"

struct show_mpls {
	bool json;
	struct json_writer j;
	struct mgmt_table t;
};

static const char *show_mpls_action(uint8_t a)
{
	switch (a) {
	case DP_LABEL_SWAP:
		return "swap";
	case DP_LABEL_POP:
		return "pop";
	case DP_LABEL_POP_L2:
		return "evpn-l2";
	case DP_LABEL_POP_LOCAL:
		return "local";
	case DP_LABEL_POP_VRF:
		return "evpn-l3";
	default:
		return "?";
	}
}

// The name of VRF id (its number when the L3 tables do not know it).
static void show_mpls_vrf(uint16_t id, char *buf, size_t len)
{
	for (size_t i = 0; i < l3_vrf_count(); i++)
		if (l3_vrf_at(i)->id == id) {
			snprintf(buf, len, "%s", l3_vrf_at(i)->name);
			return;
		}
	snprintf(buf, len, "%u", id);
}

// Where the packet goes: the next hop's address, the bridge domain or the VRF.
static void show_mpls_target(const struct dp_label_info *i, char *buf, size_t len)
{
	struct cp_ip ip;
	char vrf[CFG_NAME_MAX];

	if (i->action == DP_LABEL_POP_VRF) {
		show_mpls_vrf(i->vrf, vrf, sizeof(vrf));
		snprintf(buf, len, "vrf %s", vrf);
		return;
	}
	if (i->action == DP_LABEL_POP_L2) {
		snprintf(buf, len, "bridge-domain %u%s", i->bd, i->control_word ? " cw" : "");
		return;
	}
	if (i->action == DP_LABEL_POP_LOCAL) {
		snprintf(buf, len, "-");
		return;
	}
	cp_ip_of_dp(&i->nexthop, &ip);
	cp_ip_str(&ip, buf, len);
}

static int show_mpls_row(const struct dp_label_info *i, void *arg)
{
	struct show_mpls *s = arg;
	char target[64];

	show_mpls_target(i, target, sizeof(target));
	if (s->json) {
		json_obj_begin(&s->j);
		json_kv_u64(&s->j, "inLabel", i->label);
		json_kv_str(&s->j, "type", show_mpls_action(i->action));
		if (i->action == DP_LABEL_POP_L2) {
			json_kv_u64(&s->j, "bridgeDomain", i->bd);
			json_kv_bool(&s->j, "controlWord", i->control_word);
		} else if (i->action == DP_LABEL_POP_VRF) {
			json_kv_str(&s->j, "vrf", target + 4); // after "vrf "
		} else if (i->action != DP_LABEL_POP_LOCAL) {
			json_kv_str(&s->j, "nexthop", target);
			if (i->action == DP_LABEL_SWAP)
				json_kv_u64(&s->j, "outLabel", i->out_label);
			else
				json_kv_str(&s->j, "outLabel", "implicit-null");
		}
		json_kv_u64(&s->j, "packets", i->packets);
		json_obj_end(&s->j);
		return 0;
	}
	mgmt_table_cell(&s->t, "%u", i->label);
	mgmt_table_cell(&s->t, "%s", show_mpls_action(i->action));
	mgmt_table_cell(&s->t, "%s", target);
	if (i->action == DP_LABEL_SWAP)
		mgmt_table_cell(&s->t, "%u", i->out_label);
	else
		mgmt_table_cell(&s->t, "%s", i->action == DP_LABEL_POP ? "implicit-null" : "-");
	mgmt_table_cell(&s->t, "%lu", (unsigned long)i->packets);
	return 0;
}

static int show_mpls(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	struct show_mpls s = {.json = req->json};
	int ret;

	(void)ctx;
	if (s.json) {
		json_init(&s.j, out, true);
		json_arr_begin(&s.j);
		dp_label_walk(show_mpls_row, &s);
		json_arr_end(&s.j);
		return json_finish(&s.j);
	}
	mgmt_table_init(&s.t, 5);
	mgmt_table_add(&s.t, "Inbound Label", "Type", "Nexthop", "Outbound Label", "Packets");
	mgmt_table_align(&s.t, 4, MGMT_ALIGN_RIGHT);
	dp_label_walk(show_mpls_row, &s);
	ret = mgmt_table_print(&s.t, out);
	mgmt_table_free(&s.t);
	return ret;
}

int show_mpls_register(void)
{
	return mgmt_register("show mpls table", show_mpls, NULL,
		"local labels: what each does (swap, pop, evpn-l2 into a bridge domain), packets");
}
