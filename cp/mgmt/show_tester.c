// SPDX-License-Identifier: BSD-3-Clause
// The tester's commands: `tester start|stop`, `show tester [json]` (per stream: sent,
// received, loss, duplicates, reordering, wrong VNI/label and port, latency min, mean,
// max, p50, p99 in microseconds, rates), and the final report of each run: one log
// line per stream, and the JSON of `show tester json` in the configured report-file.
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cp/cp_log.h"
#include "cp/mgmt/mgmt_cmd.h"
#include "cp/mgmt/mgmt_out.h"
#include "cp/mgmt/show_rfc2544.h"
#include "cp/mgmt/show_tester.h"
#include "cp/mgmt/show_tester_move.h"
#include "dp/dp_api.h"

// A run's report waits this long after its end for the frames still on the way.
#define REPORT_DELAY_MS 300

static struct {
	char report_file[256];
	uint32_t reported; // the last run reported
	uint32_t ended;	   // the run seen ended, at ended_ms
	uint64_t ended_ms;
} rep;

struct show_tester {
	struct json_writer j;
	struct mgmt_table t;
};

static void usec_cell(struct mgmt_table *t, uint64_t ns)
{
	mgmt_table_cell(t, "%.1f", (double)ns / 1000.0);
}

static int tester_row(const struct dp_tester_info *i, void *arg)
{
	struct mgmt_table *t = arg;

	mgmt_table_cell(t, "%s", i->name);
	mgmt_table_cell(t, "%lu", (unsigned long)i->tx_pkts);
	mgmt_table_cell(t, "%lu", (unsigned long)i->rx_pkts);
	mgmt_table_cell(t, "%lu", (unsigned long)i->lost);
	mgmt_table_cell(t, "%lu", (unsigned long)i->dup);
	mgmt_table_cell(t, "%lu", (unsigned long)i->reorder);
	mgmt_table_cell(t, "%lu", (unsigned long)i->wrong_vni);
	mgmt_table_cell(t, "%lu", (unsigned long)i->wrong_port);
	usec_cell(t, i->lat_min_ns);
	usec_cell(t, i->lat_mean_ns);
	usec_cell(t, i->lat_max_ns);
	usec_cell(t, i->lat_p50_ns);
	usec_cell(t, i->lat_p99_ns);
	mgmt_table_cell(t, "%lu", (unsigned long)i->tx_pps);
	mgmt_table_cell(t, "%lu", (unsigned long)i->rx_pps);
	return 0;
}

static int tester_json(const struct dp_tester_info *i, void *arg)
{
	struct json_writer *j = arg;

	json_obj_begin(j);
	json_kv_str(j, "stream", i->name);
	json_kv_u64(j, "txPackets", i->tx_pkts);
	json_kv_u64(j, "txBytes", i->tx_bytes);
	json_kv_u64(j, "rxPackets", i->rx_pkts);
	json_kv_u64(j, "rxBytes", i->rx_bytes);
	json_kv_u64(j, "lost", i->lost);
	json_kv_u64(j, "duplicates", i->dup);
	json_kv_u64(j, "reordered", i->reorder);
	json_kv_u64(j, "wrongVniOrLabel", i->wrong_vni);
	json_kv_u64(j, "wrongPort", i->wrong_port);
	json_kv_u64(j, "latencyMinNs", i->lat_min_ns);
	json_kv_u64(j, "latencyMeanNs", i->lat_mean_ns);
	json_kv_u64(j, "latencyMaxNs", i->lat_max_ns);
	json_kv_u64(j, "latencyP50Ns", i->lat_p50_ns);
	json_kv_u64(j, "latencyP99Ns", i->lat_p99_ns);
	json_kv_u64(j, "txPps", i->tx_pps);
	json_kv_u64(j, "rxPps", i->rx_pps);
	json_kv_bool(j, "done", i->done);
	show_tester_move_json(j, i);
	json_obj_end(j);
	return 0;
}

static const char *state_str(const struct dp_tester_state *st)
{
	return st->run == 0 ? "not started" : st->running ? "running" : "stopped";
}

static int show_json(const struct dp_tester_state *st, struct mgmt_out *out)
{
	struct json_writer j;

	json_init(&j, out, true);
	json_obj_begin(&j);
	json_kv_u64(&j, "run", st->run);
	json_kv_str(&j, "state", state_str(st));
	json_kv_u64(&j, "elapsedMs", st->elapsed_ms);
	json_key(&j, "streams");
	json_arr_begin(&j);
	dp_tester_walk(tester_json, &j);
	json_arr_end(&j);
	json_obj_end(&j);
	return json_finish(&j);
}

static int not_tester(struct mgmt_out *out)
{
	mgmt_printf(out, "%% Not a tester: the configuration has no tester section\n");
	return -ENOTSUP;
}

static int show_tester(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	struct dp_tester_state st;
	struct mgmt_table t;
	int ret;

	(void)ctx;
	dp_tester_state(&st);
	if (!st.enabled)
		return not_tester(out);
	if (req->json)
		return show_json(&st, out);
	mgmt_printf(out, "Tester run %u: %s, %lu.%03lu s\n", st.run, state_str(&st),
		(unsigned long)(st.elapsed_ms / 1000), (unsigned long)(st.elapsed_ms % 1000));
	mgmt_table_init(&t, 15);
	mgmt_table_add(&t, "Stream", "Tx", "Rx", "Lost", "Dup", "Reorder", "WrongVNI",
		"WrongPort", "LatMin(us)", "LatMean", "LatMax", "P50", "P99", "TxPps", "RxPps");
	for (unsigned col = 1; col < 15; col++)
		mgmt_table_align(&t, col, MGMT_ALIGN_RIGHT);
	dp_tester_walk(tester_row, &t);
	ret = mgmt_table_print(&t, out);
	mgmt_table_free(&t);
	return ret < 0 ? ret : show_tester_move_table(out);
}

static int tester_cmd(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	bool start = mgmt_req_has(req, "start");
	int ret = start ? dp_tester_start() : dp_tester_stop();

	(void)ctx;
	if (ret == -ENOTSUP)
		return not_tester(out);
	if (ret == -ENOENT)
		mgmt_printf(out, "%% The tester has no stream\n");
	else if (ret == -EBUSY)
		mgmt_printf(out, "%% The tester is running: tester stop first\n");
	else if (ret == -EALREADY)
		mgmt_printf(out, "%% The tester is not running\n");
	else if (ret == 0)
		CP_INFO("tester", "run %s", start ? "started" : "stopped");
	return ret;
}

int show_tester_register(const char *report_file)
{
	int ret;

	memset(&rep, 0, sizeof(rep));
	snprintf(rep.report_file, sizeof(rep.report_file), "%s", report_file ? report_file : "");
	if ((ret = mgmt_register("show tester", show_tester, NULL,
		     "the tester's streams: sent, received, loss, latency, rates")) < 0)
		return ret;
	if ((ret = mgmt_register("tester {start|stop}", tester_cmd, NULL,
		     "start a tester run (every stream from sequence 0), or stop sending")) < 0)
		return ret;
	if ((ret = show_tester_move_register()) < 0)
		return ret;
	return show_rfc2544_register();
}

static int log_stream(const struct dp_tester_info *i, void *arg)
{
	(void)arg;
	CP_INFO("tester", "stream %s: sent %lu, received %lu, lost %lu, duplicates %lu, "
		"reordered %lu, wrong VNI/label %lu, wrong port %lu, latency us min %.1f mean %.1f "
		"max %.1f p99 %.1f", i->name, (unsigned long)i->tx_pkts, (unsigned long)i->rx_pkts,
		(unsigned long)i->lost, (unsigned long)i->dup, (unsigned long)i->reorder,
		(unsigned long)i->wrong_vni, (unsigned long)i->wrong_port, i->lat_min_ns / 1e3,
		i->lat_mean_ns / 1e3, i->lat_max_ns / 1e3, i->lat_p99_ns / 1e3);
	show_tester_move_log(i);
	return 0;
}

static void write_report(const struct dp_tester_state *st)
{
	struct mgmt_out out = MGMT_OUT_INIT;
	FILE *f;

	dp_tester_walk(log_stream, NULL);
	if (rep.report_file[0] == '\0')
		return;
	if (show_json(st, &out) < 0 || (f = fopen(rep.report_file, "w")) == NULL) {
		CP_WARN("tester", "report-file %s: %s", rep.report_file, strerror(errno));
		mgmt_out_free(&out);
		return;
	}
	fwrite(out.buf, 1, out.len, f);
	if (fclose(f) != 0)
		CP_WARN("tester", "report-file %s: %s", rep.report_file, strerror(errno));
	else
		CP_INFO("tester", "run %u: report in %s", st->run, rep.report_file);
	mgmt_out_free(&out);
}

void show_tester_poll(uint64_t now_ms)
{
	struct dp_tester_state st;

	show_rfc2544_poll(now_ms);
	dp_tester_state(&st); // ends a run whose streams are all done
	if (!st.enabled || st.run == 0 || st.running || st.run == rep.reported)
		return;
	if (rep.ended != st.run) {
		rep.ended = st.run;
		rep.ended_ms = now_ms;
		return;
	}
	if (now_ms - rep.ended_ms < REPORT_DELAY_MS)
		return;
	rep.reported = st.run;
	write_report(&st);
}
