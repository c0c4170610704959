// SPDX-License-Identifier: BSD-3-Clause
// The debug and log-level commands (show_debug.h): they only flip cp_log's toggles
// and levels (cp/cp_log.h).
#include "cp/mgmt/show_debug.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cp/cp_log.h"
#include "cp/mgmt/mgmt_cmd.h"
#include "cp/mgmt/mgmt_out.h"

// The debug the request names: its last two keywords ("bgp", "updates").
static int req_debug(const struct mgmt_req *req)
{
	return cp_debug_parse(req->keywords[req->nwords - 2], req->keywords[req->nwords - 1]);
}

static int debug_set(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	bool on = ctx != NULL;
	int d = req_debug(req);

	if (d < 0) {
		mgmt_puts(out, "% Unknown debug\n");
		return d;
	}
	if (on)
		cp_debug_flags |= 1u << d;
	else
		cp_debug_flags &= ~(1u << d);
	CP_INFO("mgmt", "debug %s %s", cp_debug_name((enum cp_debug)d), on ? "on" : "off");
	return req->json ? mgmt_puts(out, "{}\n") : 0;
}

static int debug_all_off(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	(void)ctx;
	cp_debug_flags = 0;
	CP_INFO("mgmt", "every debug off");
	return req->json ? mgmt_puts(out, "{}\n") : 0;
}

// FRR's layout: a "<AREA> debugging status:" title per area, a line per debug on.
static int show_debugging(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	static const struct {
		const char *area, *title;
	} areas[] = {{"bgp", "BGP"}, {"evpn", "EVPN"}};
	struct json_writer w;

	(void)ctx;
	if (req->json) {
		json_init(&w, out, true);
		json_obj_begin(&w);
		for (int d = 0; d < CP_DEBUG_N; d++)
			json_kv_bool(
				&w, cp_debug_name((enum cp_debug)d), (cp_debug_flags >> d) & 1u);
		json_obj_end(&w);
		return json_finish(&w);
	}
	for (size_t a = 0; a < sizeof(areas) / sizeof(areas[0]); a++) {
		mgmt_printf(out, "%s debugging status:\n", areas[a].title);
		for (int d = 0; d < CP_DEBUG_N; d++)
			if ((cp_debug_flags >> d) & 1u &&
				strcmp(cp_debug_subsystem((enum cp_debug)d), areas[a].area) == 0)
				mgmt_printf(out, "  %s %s debugging is on\n", areas[a].title,
					cp_debug_name((enum cp_debug)d) + strlen(areas[a].area) +
						1);
		mgmt_puts(out, "\n");
	}
	return 0;
}

static int log_level(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	const char *sub = mgmt_req_arg(req, "SUBSYSTEM"), *name = mgmt_req_arg(req, "LEVEL");
	int level = strcmp(name, "default") == 0 ? -1 : cp_log_level_parse(name), ret;

	(void)ctx;
	if (level < -1) {
		mgmt_printf(out,
			"%% Unknown level %s (emergencies ... informational, debugging, "
			"default)\n",
			name);
		return -EINVAL;
	}
	if ((ret = cp_log_subsystem_set(sub, level)) < 0) {
		mgmt_printf(out, "%% Unknown subsystem %s (see show logging)\n", sub);
		return ret;
	}
	CP_INFO("mgmt", "log level %s %s", sub, name);
	return req->json ? mgmt_puts(out, "{}\n") : 0;
}

static int show_logging(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	struct json_writer w;

	(void)ctx;
	if (req->json) {
		json_init(&w, out, true);
		json_obj_begin(&w);
		json_kv_str(&w, "stderr", cp_log_level_name(cp_log_level));
		json_key(&w, "subsystems");
		json_obj_begin(&w);
	} else {
		mgmt_printf(
			out, "Standard error logging: level %s\n", cp_log_level_name(cp_log_level));
	}
	for (int i = 0; cp_log_subsystems[i] != NULL; i++) {
		int l = cp_log_subsystem_get(cp_log_subsystems[i]);
		const char *name = l < 0 ? "default" : cp_log_level_name(l);
		if (req->json)
			json_kv_str(&w, cp_log_subsystems[i], name);
		else
			mgmt_printf(out, "  evpnd.%-10s %s\n", cp_log_subsystems[i], name);
	}
	if (!req->json)
		return 0;
	json_obj_end(&w);
	json_obj_end(&w);
	return json_finish(&w);
}

int show_debug_register(void)
{
	static const struct {
		const char *syntax;
		mgmt_handler fn;
		void *ctx;
		const char *help;
	} cmds[] = {
		{"debug bgp {updates|neighbor-events|keepalives}", debug_set, "on",
			"log BGP UPDATE summaries, session events or KEEPALIVEs"},
		{"debug evpn {mac|route}", debug_set, "on",
			"log EVPN MAC adds, moves and deletes, or EVPN routes received"},
		{"no debug bgp {updates|neighbor-events|keepalives}", debug_set, NULL,
			"stop a BGP debug"},
		{"no debug evpn {mac|route}", debug_set, NULL, "stop an EVPN debug"},
		{"no debug all", debug_all_off, NULL, "stop every debug"},
		{"show debugging", show_debugging, NULL, "the debugs that are on, as FRR"},
		{"log level <SUBSYSTEM> <LEVEL>", log_level, NULL,
			"a subsystem's stderr level (FRR's names, or default: evpnd's)"},
		{"show logging", show_logging, NULL, "the log levels, per subsystem"},
	};
	for (unsigned i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		int ret = mgmt_register(cmds[i].syntax, cmds[i].fn, cmds[i].ctx, cmds[i].help);
		if (ret < 0)
			return ret;
	}
	return 0;
}
