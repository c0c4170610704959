// SPDX-License-Identifier: BSD-3-Clause
// RFC 2544 throughput and latency with the tester (show_rfc2544.h). A state machine
// the control loop polls: a trial is a run of the stream alone at a rate for the trial
// time (dp_tester_trial); 300 ms after it ends (frames on the way) its loss decides the
// next rate (rfc2544.h); at the end, a trial at a fraction of the throughput measures
// the latency. Nothing waits: the loop goes on between polls.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp/cp_log.h"
#include "cp/mgmt/mgmt_cmd.h"
#include "cp/mgmt/rfc2544.h"
#include "cp/mgmt/show_rfc2544.h"
#include "dp/dp_api.h"

#define SETTLE_MS 300 // after a trial, for the frames on the way
#define MAX_TRIALS 40

enum rfc_state { RFC_IDLE, RFC_TRIAL, RFC_SETTLE, RFC_LATENCY, RFC_LAT_SETTLE, RFC_DONE,
	RFC_FAILED };
static const char *const state_name[] = {"idle", "searching", "searching", "latency",
	"latency", "done", "failed"};

struct trial {
	uint64_t pps, tx, rx, lost;
	bool pass;
};

static struct {
	enum rfc_state st;
	unsigned stream;
	char name[64];
	uint64_t trial_ms, settle_at;
	double latency_pct;
	struct rfc2544 s;
	struct trial trials[MAX_TRIALS];
	unsigned n;
	uint64_t throughput;
	struct dp_tester_info lat; // the latency trial's figures (lat.name not kept)
	uint64_t lat_pps;
	char error[96];
} rfc;

struct find {
	const char *name;
	unsigned id, at;
	struct dp_tester_info info;
	bool found;
};

static int find_cb(const struct dp_tester_info *i, void *arg)
{
	struct find *f = arg;

	if (f->name != NULL ? strcmp(i->name, f->name) == 0 : f->at == f->id) {
		f->info = *i;
		f->found = true;
		return 1;
	}
	f->at++;
	return 0;
}

// Stream `name`'s index and figures (name NULL: stream id's).
static bool find_stream(const char *name, unsigned id, struct find *f)
{
	*f = (struct find){.name = name, .id = id};
	dp_tester_walk(find_cb, f);
	f->id = f->at;
	return f->found;
}

static void fail(int err, const char *what)
{
	snprintf(rfc.error, sizeof(rfc.error), "%s: %s", what, strerror(-err));
	CP_ERR("tester", "rfc2544 %s: %s", rfc.name, rfc.error);
	rfc.st = RFC_FAILED;
}

static void trial_start(uint64_t pps, enum rfc_state next)
{
	int ret = dp_tester_trial(rfc.stream, pps, rfc.trial_ms);

	if (ret < 0)
		return fail(ret, "trial");
	rfc.st = next;
}

// A search trial ended: its loss, the next rate, or the latency trial.
static void trial_end(const struct dp_tester_info *i)
{
	struct trial *t = &rfc.trials[rfc.n++];
	uint64_t rx = i->rx_pkts > i->dup ? i->rx_pkts - i->dup : 0;

	*t = (struct trial){.pps = rfc.s.rate, .tx = i->tx_pkts, .rx = rx, .lost = i->lost,
		.pass = rfc2544_pass(&rfc.s, i->tx_pkts, rx)};
	CP_INFO("tester", "rfc2544 %s: trial %u at %lu pps: sent %lu, received %lu: %s", rfc.name,
		rfc.n, (unsigned long)t->pps, (unsigned long)t->tx, (unsigned long)t->rx,
		t->pass ? "pass" : "loss");
	if (rfc2544_next(&rfc.s, t->pass) != 0 && rfc.n < MAX_TRIALS)
		return trial_start(rfc.s.rate, RFC_TRIAL);
	rfc.throughput = rfc.s.lo;
	rfc.lat_pps = (uint64_t)((double)rfc.throughput * rfc.latency_pct / 100.0);
	CP_INFO("tester", "rfc2544 %s: throughput %lu pps in %u trials", rfc.name,
		(unsigned long)rfc.throughput, rfc.n);
	if (rfc.lat_pps == 0) {
		rfc.st = RFC_DONE;
		return;
	}
	trial_start(rfc.lat_pps, RFC_LATENCY);
}

void show_rfc2544_poll(uint64_t now_ms)
{
	struct dp_tester_state st;
	struct find f;

	if (rfc.st != RFC_TRIAL && rfc.st != RFC_SETTLE && rfc.st != RFC_LATENCY &&
		rfc.st != RFC_LAT_SETTLE)
		return;
	dp_tester_state(&st); // ends the run at its time
	if (st.running)
		return;
	if (rfc.st == RFC_TRIAL || rfc.st == RFC_LATENCY) {
		rfc.settle_at = now_ms + SETTLE_MS;
		rfc.st = rfc.st == RFC_TRIAL ? RFC_SETTLE : RFC_LAT_SETTLE;
		return;
	}
	if (now_ms < rfc.settle_at)
		return;
	if (!find_stream(NULL, rfc.stream, &f))
		return fail(-ENOENT, "stream");
	if (rfc.st == RFC_SETTLE)
		return trial_end(&f.info);
	rfc.lat = f.info;
	rfc.st = RFC_DONE;
	CP_INFO("tester", "rfc2544 %s: latency at %lu pps: min %.1f mean %.1f max %.1f p99 %.1f us",
		rfc.name, (unsigned long)rfc.lat_pps, rfc.lat.lat_min_ns / 1e3,
		rfc.lat.lat_mean_ns / 1e3, rfc.lat.lat_max_ns / 1e3, rfc.lat.lat_p99_ns / 1e3);
}

// An optional number argument in [min, max] (percent, seconds).
static int num_arg(const struct mgmt_req *req, const char *name, double min, double max,
	double *v, struct mgmt_out *out)
{
	const char *s = mgmt_req_arg(req, name);
	char *end;
	double d;

	if (s == NULL)
		return 0;
	d = strtod(s, &end);
	if (*end != '\0' || end == s || d < min || d > max) {
		mgmt_printf(out, "%% Invalid %s: %s (%g to %g)\n", name, s, min, max);
		return -EINVAL;
	}
	*v = d;
	return 0;
}

static int rfc_cmd(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	double trial = 2, tolerance = 0, resolution = 1, latency = 90;
	const char *name = mgmt_req_arg(req, "STREAM");
	struct dp_tester_state st;
	struct find f;

	(void)ctx;
	dp_tester_state(&st);
	if (!st.enabled) {
		mgmt_printf(out, "%% Not a tester: the configuration has no tester section\n");
		return -ENOTSUP;
	}
	if (num_arg(req, "S", 0.1, 3600, &trial, out) < 0 ||
		num_arg(req, "PCT", 0, 100, &tolerance, out) < 0 ||
		num_arg(req, "RES", 0.001, 50, &resolution, out) < 0 ||
		num_arg(req, "LAT", 0, 100, &latency, out) < 0)
		return -EINVAL;
	if (!find_stream(name, 0, &f)) {
		mgmt_printf(out, "%% No stream %s\n", name);
		return -ENOENT;
	}
	if (f.info.conf_pps == 0) {
		mgmt_printf(out, "%% Stream %s: a rate is the search's ceiling (rate max: none)\n", name);
		return -EINVAL;
	}
	if (st.running) {
		mgmt_printf(out, "%% The tester is running: tester stop first\n");
		return -EBUSY;
	}
	memset(&rfc, 0, sizeof(rfc));
	snprintf(rfc.name, sizeof(rfc.name), "%s", name);
	rfc.stream = f.id;
	rfc.trial_ms = (uint64_t)(trial * 1000);
	rfc.latency_pct = latency;
	rfc2544_init(&rfc.s, f.info.conf_pps, tolerance, resolution);
	CP_INFO("tester", "rfc2544 %s: up to %lu pps, trials of %.1f s, tolerance %g%%", name,
		(unsigned long)f.info.conf_pps, trial, tolerance);
	trial_start(rfc.s.rate, RFC_TRIAL);
	if (rfc.st == RFC_FAILED) {
		mgmt_printf(out, "%% %s\n", rfc.error);
		return -EIO;
	}
	return 0;
}

static void show_json(struct mgmt_out *out)
{
	struct json_writer j;

	json_init(&j, out, true);
	json_obj_begin(&j);
	json_kv_str(&j, "stream", rfc.name);
	json_kv_str(&j, "state", state_name[rfc.st]);
	if (rfc.error[0] != '\0')
		json_kv_str(&j, "error", rfc.error);
	json_kv_u64(&j, "trialMs", rfc.trial_ms);
	json_kv_u64(&j, "ceilingPps", rfc.s.ceiling);
	json_kv_u64(&j, "throughputPps", rfc.throughput);
	json_key(&j, "trials");
	json_arr_begin(&j);
	for (unsigned i = 0; i < rfc.n; i++) {
		json_obj_begin(&j);
		json_kv_u64(&j, "pps", rfc.trials[i].pps);
		json_kv_u64(&j, "txPackets", rfc.trials[i].tx);
		json_kv_u64(&j, "rxPackets", rfc.trials[i].rx);
		json_kv_bool(&j, "pass", rfc.trials[i].pass);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_key(&j, "latency");
	if (rfc.st != RFC_DONE || rfc.lat_pps == 0) {
		json_null(&j);
	} else {
		json_obj_begin(&j);
		json_kv_u64(&j, "pps", rfc.lat_pps);
		json_kv_u64(&j, "minNs", rfc.lat.lat_min_ns);
		json_kv_u64(&j, "meanNs", rfc.lat.lat_mean_ns);
		json_kv_u64(&j, "maxNs", rfc.lat.lat_max_ns);
		json_kv_u64(&j, "p99Ns", rfc.lat.lat_p99_ns);
		json_obj_end(&j);
	}
	json_obj_end(&j);
	json_finish(&j);
}

static int show_rfc(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	(void)ctx;
	if (rfc.name[0] == '\0') {
		mgmt_printf(out, "%% No RFC 2544 test yet: tester rfc2544 STREAM\n");
		return -ENOENT;
	}
	if (req->json) {
		show_json(out);
		return 0;
	}
	mgmt_printf(out, "RFC 2544 %s: %s, ceiling %lu pps, trials of %lu ms\n", rfc.name,
		state_name[rfc.st], (unsigned long)rfc.s.ceiling, (unsigned long)rfc.trial_ms);
	for (unsigned i = 0; i < rfc.n; i++)
		mgmt_printf(out, "  trial %2u: %10lu pps  sent %10lu  received %10lu  %s\n", i + 1,
			(unsigned long)rfc.trials[i].pps, (unsigned long)rfc.trials[i].tx,
			(unsigned long)rfc.trials[i].rx, rfc.trials[i].pass ? "pass" : "loss");
	if (rfc.st == RFC_DONE)
		mgmt_printf(out, "Throughput: %lu pps\n", (unsigned long)rfc.throughput);
	if (rfc.st == RFC_DONE && rfc.lat_pps != 0)
		mgmt_printf(out, "Latency at %lu pps (us): min %.1f mean %.1f max %.1f p99 %.1f\n",
			(unsigned long)rfc.lat_pps, rfc.lat.lat_min_ns / 1e3, rfc.lat.lat_mean_ns / 1e3,
			rfc.lat.lat_max_ns / 1e3, rfc.lat.lat_p99_ns / 1e3);
	if (rfc.st == RFC_FAILED)
		mgmt_printf(out, "Failed: %s\n", rfc.error);
	return 0;
}

int show_rfc2544_register(void)
{
	int ret;

	memset(&rfc, 0, sizeof(rfc));
	if ((ret = mgmt_register("tester rfc2544 <STREAM> [trial <S>] [tolerance <PCT>] "
				 "[resolution <RES>] [latency <LAT>]", rfc_cmd, NULL,
		     "RFC 2544 throughput of STREAM (its rate the ceiling; trial seconds, 2; "
		     "loss tolerance %, 0; resolution % of the ceiling, 1), then latency at "
		     "LAT % of it (90)")) < 0)
		return ret;
	return mgmt_register("show tester rfc2544", show_rfc, NULL,
		"the RFC 2544 test: trials, throughput, latency");
}
