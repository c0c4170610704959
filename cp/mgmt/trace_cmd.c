// SPDX-License-Identifier: BSD-3-Clause
// "trace add N", "show trace", "clear trace": the dataplane's per-packet trace
// (dp_trace_* in dp/dp_api.h), as VPP's commands of the same names.
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "cp/mgmt/mgmt_cmd.h"
#include "cp/mgmt/trace_cmd.h"
#include "dp/dp_api.h"

#define MAC_FMT "%02x:%02x:%02x:%02x:%02x:%02x"
#define MAC_ARGS(m) (m)[0], (m)[1], (m)[2], (m)[3], (m)[4], (m)[5]

static int trace_add(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	uint64_t n;
	int ret;

	(void)ctx;
	if ((ret = mgmt_req_u64(req, "N", 1, 64, &n, out)) < 0)
		return ret;
	if ((ret = dp_trace_add((unsigned)n)) < 0)
		return mgmt_printf(out, "%% Cannot trace: %s\n", strerror(-ret)), ret;
	return 0;
}

static int trace_clear(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	(void)req;
	(void)out;
	(void)ctx;
	dp_trace_clear();
	return 0;
}

static int trace_print_text(const struct dp_trace_info *i, void *arg)
{
	struct mgmt_out *out = arg;

	mgmt_printf(out, "Packet %u (worker %u): %u bytes in on %s, " MAC_FMT " > " MAC_FMT ", type 0x%04x\n",
		i->index, i->worker, i->len, i->in_port, MAC_ARGS(i->src), MAC_ARGS(i->dst), i->ether_type);
	for (unsigned k = 0; k < i->n_hops; k++) {
		bool tx = strcmp(i->node[k], "tx") == 0;
		mgmt_printf(out, "  %-16s %-12s +%" PRIu64 " ns\n", i->node[k], tx ? i->out_port : "",
			i->ns[k]);
	}
	if (!i->sent && i->n_hops > 0)
		mgmt_printf(out, "  (not sent: dropped or consumed in %s)\n", i->node[i->n_hops - 1]);
	return 0;
}

static int trace_print_json(const struct dp_trace_info *i, void *arg)
{
	struct json_writer *j = arg;

	json_obj_begin(j);
	json_kv_u64(j, "worker", i->worker);
	json_kv_u64(j, "packet", i->index);
	json_kv_str(j, "inPort", i->in_port);
	json_kv_u64(j, "length", i->len);
	json_key(j, "src");
	json_strf(j, MAC_FMT, MAC_ARGS(i->src));
	json_key(j, "dst");
	json_strf(j, MAC_FMT, MAC_ARGS(i->dst));
	json_key(j, "etherType");
	json_strf(j, "0x%04x", i->ether_type);
	json_key(j, "nodes");
	json_arr_begin(j);
	for (unsigned k = 0; k < i->n_hops; k++) {
		json_obj_begin(j);
		json_kv_str(j, "node", i->node[k]);
		json_kv_u64(j, "ns", i->ns[k]);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_key(j, "outPort");
	if (i->sent)
		json_str(j, i->out_port);
	else
		json_null(j);
	json_obj_end(j);
	return 0;
}

static int trace_show(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	struct json_writer j;

	(void)ctx;
	if (req->json) {
		json_init(&j, out, true);
		json_obj_begin(&j);
		json_kv_u64(&j, "pending", dp_trace_pending());
		json_key(&j, "packets");
		json_arr_begin(&j);
		dp_trace_walk(trace_print_json, &j);
		json_arr_end(&j);
		json_obj_end(&j);
		return json_finish(&j);
	}
	dp_trace_walk(trace_print_text, out);
	if (dp_trace_pending() > 0)
		mgmt_printf(out, "(%u more packets to trace)\n", dp_trace_pending());
	return mgmt_out_error(out);
}

int trace_cmd_register(void)
{
	static const struct {
		const char *syntax;
		mgmt_handler fn;
		const char *help;
	} cmds[] = {
		{"trace add <N>", trace_add, "follow each worker's next N received packets (1-64) through the nodes"},
		{"show trace", trace_show, "the traced packets: the nodes each took, when, the port it left on"},
		{"clear trace", trace_clear, "forget the traced packets and stop tracing"},
	};
	int ret;

	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if ((ret = mgmt_register(cmds[i].syntax, cmds[i].fn, NULL, cmds[i].help)) < 0)
			return ret;
	return 0;
}
