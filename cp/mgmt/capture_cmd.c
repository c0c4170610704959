// SPDX-License-Identifier: BSD-3-Clause
// "capture port ...", "capture stop", "show capture": a pcapng capture of one port
// (dp_capture_* in dp/dp_api.h). The command starts it and returns; evpnd writes the
// file until the count or the time is reached or "capture stop".
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "cp/mgmt/capture_cmd.h"
#include "cp/mgmt/mgmt_cmd.h"
#include "dp/dp_api.h"

static const char *const dir_names[] = {"?", "in", "out", "both"};

static uint8_t capture_dir(const struct mgmt_req *req)
{
	if (mgmt_req_has(req, "in"))
		return DP_CAPTURE_IN;
	if (mgmt_req_has(req, "out"))
		return DP_CAPTURE_OUT;
	return DP_CAPTURE_IN | DP_CAPTURE_OUT;
}

static int capture_start(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	const char *port = mgmt_req_arg(req, "PORT");
	struct dp_capture_req r = {.port_name = port, .dir = capture_dir(req),
		.filter = mgmt_req_arg(req, "FILTER"), .path = mgmt_req_arg(req, "FILE")};
	uint64_t seconds = 0;
	char err[512] = "";
	int ret;

	(void)ctx;
	if ((ret = dp_port_by_name(port)) < 0)
		return mgmt_printf(out, "%% Unknown port: %s\n", port), -ENOENT;
	r.port = (uint16_t)ret;
	if ((ret = mgmt_req_u64(req, "N", 1, UINT64_MAX, &r.count, out)) < 0 && ret != -ENOENT)
		return ret;
	if ((ret = mgmt_req_u64(req, "S", 1, 86400, &seconds, out)) < 0 && ret != -ENOENT)
		return ret;
	r.seconds = (uint32_t)seconds;
	if (r.path[0] != '/') // evpnd's working directory is not the caller's
		return mgmt_printf(out, "%% The file must be an absolute path: %s\n", r.path), -EINVAL;
	if ((ret = dp_capture_start(&r, err, sizeof(err))) < 0)
		return mgmt_printf(out, "%% Cannot capture: %s\n", err[0] ? err : strerror(-ret)), ret;
	if (req->json)
		return mgmt_printf(out, "{\"started\":true}\n");
	return mgmt_printf(out, "Capturing %s frames of %s to %s\n", dir_names[r.dir], port, r.path);
}

static int capture_stop(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	(void)req;
	(void)ctx;
	if (dp_capture_stop() < 0)
		return mgmt_printf(out, "%% No capture is running\n"), -ENOENT;
	return 0;
}

static int show_capture_json(const struct dp_capture_info *c, struct mgmt_out *out)
{
	struct json_writer j;

	json_init(&j, out, true);
	json_obj_begin(&j);
	json_kv_bool(&j, "running", c->running);
	json_kv_str(&j, "port", c->port_name);
	json_kv_str(&j, "direction", dir_names[c->dir & 3]);
	json_kv_str(&j, "file", c->path);
	json_kv_str(&j, "filter", c->filter);
	json_kv_u64(&j, "count", c->count);
	json_kv_u64(&j, "seconds", c->seconds);
	json_kv_u64(&j, "elapsedMs", c->elapsed_ms);
	json_kv_u64(&j, "captured", c->captured);
	json_kv_u64(&j, "filtered", c->filtered);
	json_kv_u64(&j, "dropped", c->dropped);
	if (!c->running)
		json_kv_str(&j, "ended", c->ended);
	json_obj_end(&j);
	return json_finish(&j);
}

static int show_capture(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	struct dp_capture_info c;

	(void)ctx;
	if (dp_capture_get(&c) < 0)
		return req->json ? mgmt_printf(out, "{}\n") : mgmt_printf(out, "No capture has run\n");
	if (req->json)
		return show_capture_json(&c, out);
	mgmt_printf(out, "Capture of port %s (%s) to %s%s%s%s: %s, %.1f s\n", c.port_name,
		dir_names[c.dir & 3], c.path, c.filter[0] ? ", filter \"" : "", c.filter,
		c.filter[0] ? "\"" : "", c.running ? "running" : "ended", c.elapsed_ms / 1000.0);
	if (!c.running)
		mgmt_printf(out, "  Ended by: %s\n", c.ended);
	if (c.count != 0 || c.seconds != 0)
		mgmt_printf(out, "  Limits: %" PRIu64 " frames, %u s (0: none)\n", c.count, c.seconds);
	return mgmt_printf(out, "  Frames written: %" PRIu64 ", filtered out: %" PRIu64 ", lost: %" PRIu64 "\n",
		c.captured, c.filtered, c.dropped);
}

int capture_cmd_register(void)
{
	static const struct {
		const char *syntax;
		mgmt_handler fn;
		const char *help;
	} cmds[] = {
		{"capture port <PORT> [{in|out|both}] [filter <FILTER>] [count <N>] [seconds <S>] file <FILE>",
			capture_start,
			"capture a port's frames to a pcapng file (FILTER: a pcap-filter expression, quoted)"},
		{"capture stop", capture_stop, "end the running capture"},
		{"show capture", show_capture, "the running or the last capture"},
	};
	int ret;

	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if ((ret = mgmt_register(cmds[i].syntax, cmds[i].fn, NULL, cmds[i].help)) < 0)
			return ret;
	return 0;
}
