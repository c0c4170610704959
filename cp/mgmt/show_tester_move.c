// SPDX-License-Identifier: BSD-3-Clause
// `tester move STREAM [host N] [vtep K]`: moves an emulated host to another of its
// stream's emulated VTEPs while a run goes (evpn_tester_move: the dataplane and the
// routes), and the figures of each stream toward it: the outage between the last frame
// received by the old VTEP and the first by the new one, the frames lost between them,
// the frames sent after the move that still reached the old VTEP (misdelivered).
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>

#include "cp/cp_log.h"
#include "cp/evpn/evpn_tester.h"
#include "cp/mgmt/mgmt_cmd.h"
#include "cp/mgmt/show_tester_move.h"

static const char *ip4(uint32_t be, char *buf)
{
	return inet_ntop(AF_INET, &be, buf, INET_ADDRSTRLEN);
}

void show_tester_move_json(struct json_writer *j, const struct dp_tester_info *i)
{
	char a[INET_ADDRSTRLEN];

	json_key(j, "move");
	if (!i->moved) {
		json_null(j);
		return;
	}
	json_obj_begin(j);
	json_kv_str(j, "fromVtep", ip4(i->move_from, a));
	json_kv_str(j, "toVtep", ip4(i->move_to, a));
	json_kv_u64(j, "atMs", i->move_at_ms);
	json_kv_bool(j, "converged", i->converged);
	json_kv_u64(j, "outageNs", i->outage_ns);
	json_kv_u64(j, "outageBySendTimeNs", i->outage_tx_ns);
	json_kv_u64(j, "resolutionNs", i->frame_gap_ns);
	json_kv_u64(j, "lost", i->move_lost);
	json_kv_u64(j, "misdelivered", i->misdelivered);
	json_kv_u64(j, "oldPathPackets", i->old_path_pkts);
	json_kv_u64(j, "newPathPackets", i->new_path_pkts);
	json_obj_end(j);
}

static int move_row(const struct dp_tester_info *i, void *arg)
{
	struct mgmt_table *t = arg;
	char a[INET_ADDRSTRLEN];

	if (!i->moved)
		return 0;
	mgmt_table_cell(t, "%s", i->name);
	mgmt_table_cell(t, "%s", ip4(i->move_from, a));
	mgmt_table_cell(t, "%s", ip4(i->move_to, a));
	mgmt_table_cell(t, "%lu", (unsigned long)i->move_at_ms);
	if (i->converged) {
		mgmt_table_cell(t, "%.1f", (double)i->outage_ns / 1000.0);
		mgmt_table_cell(t, "%.1f", (double)i->outage_tx_ns / 1000.0);
	} else {
		mgmt_table_cell(t, "not converged");
		mgmt_table_cell(t, "-");
	}
	mgmt_table_cell(t, "%.1f", (double)i->frame_gap_ns / 1000.0);
	mgmt_table_cell(t, "%lu", (unsigned long)i->move_lost);
	mgmt_table_cell(t, "%lu", (unsigned long)i->misdelivered);
	mgmt_table_cell(t, "%lu", (unsigned long)i->old_path_pkts);
	mgmt_table_cell(t, "%lu", (unsigned long)i->new_path_pkts);
	return 0;
}

static int any_moved(const struct dp_tester_info *i, void *arg)
{
	(void)arg;
	return i->moved ? 1 : 0;
}

int show_tester_move_table(struct mgmt_out *out)
{
	struct mgmt_table t;
	int ret;

	if (dp_tester_walk(any_moved, NULL) == 0)
		return 0;
	mgmt_printf(out, "\nMoves (outage in us: by receive time, by send time; resolution 1/rate)\n");
	mgmt_table_init(&t, 11);
	mgmt_table_add(&t, "Stream", "From", "To", "At(ms)", "Outage", "BySend", "Resolution",
		"Lost", "Misdelivered", "OldPath", "NewPath");
	for (unsigned col = 3; col < 11; col++)
		mgmt_table_align(&t, col, MGMT_ALIGN_RIGHT);
	dp_tester_walk(move_row, &t);
	ret = mgmt_table_print(&t, out);
	mgmt_table_free(&t);
	return ret;
}

void show_tester_move_log(const struct dp_tester_info *i)
{
	char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN];

	if (!i->moved)
		return;
	CP_INFO("tester", "stream %s: move %s -> %s at %lu ms: %s outage %.1f us (by send time "
		"%.1f, resolution %.1f), lost %lu, misdelivered %lu", i->name, ip4(i->move_from, a),
		ip4(i->move_to, b), (unsigned long)i->move_at_ms,
		i->converged ? "converged," : "NOT converged,", i->outage_ns / 1e3,
		i->outage_tx_ns / 1e3, i->frame_gap_ns / 1e3, (unsigned long)i->move_lost,
		(unsigned long)i->misdelivered);
}

static int move_cmd(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	const char *name = mgmt_req_arg(req, "STREAM");
	uint64_t host = 0, vtep = 0;
	struct evpn_tester_move m;
	int ret;

	(void)ctx;
	if (((ret = mgmt_req_u64(req, "N", 0, UINT32_MAX - 1, &host, out)) < 0 && ret != -ENOENT) ||
		((ret = mgmt_req_u64(req, "K", 0, INT32_MAX, &vtep, out)) < 0 && ret != -ENOENT))
		return ret;
	ret = evpn_tester_move(name, (uint32_t)host,
		mgmt_req_arg(req, "K") ? (int)vtep : -1, &m);
	if (ret == -ENOTSUP)
		mgmt_printf(out, "%% Not a tester: the configuration has no tester section\n");
	else if (ret == -ENOENT)
		mgmt_printf(out, "%% No stream %s\n", name);
	else if (ret == -EINVAL)
		mgmt_printf(out, "%% Stream %s: no host %lu or VTEP to move it to (a stream with "
			"2 or more source-vtep, another VTEP than where it is)\n", name,
			(unsigned long)host);
	else if (ret == -EBUSY)
		mgmt_printf(out, "%% Stream %s: another host is moved (one per stream)\n", name);
	else if (ret == -EAGAIN)
		mgmt_printf(out, "%% The tester is not running: a move is measured in a run\n");
	if (ret < 0)
		return ret;
	CP_INFO("tester", "stream %s: host %02x:%02x:%02x:%02x:%02x:%02x moved from VTEP %u to "
		"%u (mobility sequence %u), measured by %u streams", name, m.mac[0], m.mac[1],
		m.mac[2], m.mac[3], m.mac[4], m.mac[5], m.from, m.to, m.seq, m.measured);
	mgmt_printf(out, "host %lu of %s: VTEP %u -> %u, sequence %u, measured by %u streams\n",
		(unsigned long)host, name, m.from, m.to, m.seq, m.measured);
	return 0;
}

int show_tester_move_register(void)
{
	return mgmt_register("tester move <STREAM> [host <N>] [vtep <K>]", move_cmd, NULL,
		"move an emulated host of STREAM to another of its VTEPs (default: host 0, the "
		"next VTEP) and measure the outage");
}
