// SPDX-License-Identifier: BSD-3-Clause
// `show inject` / `show process`: each helper of the route-injection API (its
// pid, state, starts, routes in the RIB, lines read and refused, events dropped,
// last error) and the evpnctl source "cli"; `inject announce|withdraw ...` and
// `inject flush`: the API's commands as that source (cp/inject/inject_cmd.h).
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cp/inject/inject.h"
#include "cp/mgmt/mgmt_cmd.h"
#include "cp/mgmt/mgmt_out.h"
#include "cp/mgmt/show_inject.h"

#define CMD_WORDS (MGMT_MAX_WORDS - 2) // after "inject announce|withdraw"

static const char *state_name(const struct inject_proc *p)
{
	switch (p->state) {
	case INJECT_RUNNING:
		return "running";
	case INJECT_STARTING:
		return p->starts ? "restarting" : "starting";
	default:
		return "stopped";
	}
}

static void proc_json(struct json_writer *j, const struct inject_proc *p)
{
	json_obj_begin(j);
	json_kv_str(j, "name", p->src.name);
	json_kv_str(j, "run", p->run ? p->run : "");
	json_kv_str(j, "state", state_name(p));
	json_kv_u64(j, "pid", p->state == INJECT_RUNNING ? (uint64_t)p->pid : 0);
	json_kv_u64(j, "starts", p->starts);
	json_kv_u64(j, "restarts", p->starts ? p->starts - 1 : 0);
	json_kv_u64(j, "routes", inject_src_routes(&p->src));
	json_kv_u64(j, "lines", p->lines);
	json_kv_u64(j, "commandsOk", p->src.commands);
	json_kv_u64(j, "commandsRefused", p->src.errors);
	json_kv_u64(j, "longLines", p->long_lines);
	json_kv_u64(j, "eventsDropped", p->events_dropped);
	json_kv_bool(j, "receiveRoutes", p->receive_routes);
	json_kv_bool(j, "keepRoutes", p->keep_routes);
	json_kv_str(j, "lastError", p->last_error);
	json_obj_end(j);
}

static int show_json(struct mgmt_out *out)
{
	struct json_writer j;
	const struct inject_src *cli = inject_cli();

	json_init(&j, out, true);
	json_obj_begin(&j);
	json_key(&j, "processes");
	json_arr_begin(&j);
	for (size_t i = 0; i < inject_n_procs(); i++)
		proc_json(&j, inject_proc_at(i));
	json_arr_end(&j);
	json_key(&j, "cli");
	json_obj_begin(&j);
	json_kv_u64(&j, "routes", inject_src_routes(cli));
	json_kv_u64(&j, "commandsOk", cli->commands);
	json_kv_u64(&j, "commandsRefused", cli->errors);
	json_obj_end(&j);
	json_obj_end(&j);
	return json_finish(&j);
}

static int show(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	struct mgmt_table t;
	int ret;

	(void)ctx;
	if (req->json)
		return show_json(out);
	mgmt_table_init(&t, 8);
	mgmt_table_add(&t, "Process", "PID", "State", "Restarts", "Routes", "Lines", "Refused",
		"Last error");
	for (size_t i = 0; i < inject_n_procs(); i++) {
		const struct inject_proc *p = inject_proc_at(i);
		mgmt_table_cell(&t, "%s", p->src.name);
		mgmt_table_cell(&t, "%d", p->state == INJECT_RUNNING ? (int)p->pid : 0);
		mgmt_table_cell(&t, "%s", state_name(p));
		mgmt_table_cell(&t, "%u", p->starts ? p->starts - 1 : 0);
		mgmt_table_cell(&t, "%u", inject_src_routes(&p->src));
		mgmt_table_cell(&t, "%lu", (unsigned long)p->lines);
		mgmt_table_cell(&t, "%lu", (unsigned long)(p->src.errors + p->long_lines));
		mgmt_table_cell(&t, "%s", p->last_error[0] ? p->last_error : "-");
	}
	mgmt_table_cell(&t, "cli");
	mgmt_table_cell(&t, "-");
	mgmt_table_cell(&t, "-");
	mgmt_table_cell(&t, "-");
	mgmt_table_cell(&t, "%u", inject_src_routes(inject_cli()));
	mgmt_table_cell(&t, "%lu", (unsigned long)(inject_cli()->commands + inject_cli()->errors));
	mgmt_table_cell(&t, "%lu", (unsigned long)inject_cli()->errors);
	mgmt_table_cell(&t, "-");
	ret = mgmt_table_print(&t, out);
	mgmt_table_free(&t);
	return ret;
}

// The command again from the words as typed (the first one in full).
static int run(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	static uint64_t id;
	char line[INJECT_LINE_MAX + 1], reply[INJECT_LINE_MAX], err[INJECT_ERR_MAX];
	size_t len = 0;
	int ret;

	(void)ctx;
	for (unsigned i = 1; i < req->nwords && len < sizeof(line); i++) {
		const char *w = req->keywords[i] ? req->keywords[i] : req->words[i];
		len += (size_t)snprintf(line + len, sizeof(line) - len, "%s%s", i > 1 ? " " : "", w);
	}
	if (len >= sizeof(line))
		return mgmt_printf(out, "%% line longer than %d characters\n", INJECT_LINE_MAX),
		       -EINVAL;
	ret = inject_run_line(inject_cli(), line, ++id, reply, sizeof(reply), err);
	if (req->json)
		mgmt_printf(out, "%s\n", reply);
	else if (ret == 0)
		mgmt_printf(out, "ok: %u routes from cli\n", inject_src_routes(inject_cli()));
	else
		mgmt_printf(out, "%% %s\n", err);
	return ret < 0 ? -EINVAL : 0;
}

int show_inject_register(void)
{
	char syntax[512] = "inject {announce|withdraw} <W1>";
	size_t len = strlen(syntax);
	int ret;

	for (int i = 2; i <= CMD_WORDS; i++)
		len += (size_t)snprintf(syntax + len, sizeof(syntax) - len, " [<W%d>]", i);
	if ((ret = mgmt_register("show inject", show, NULL,
		     "route-injection helpers: pid, state, restarts, routes, lines, last error")) <
			0 ||
		(ret = mgmt_register("show process", show, NULL, "the same as show inject")) < 0 ||
		(ret = mgmt_register(syntax, run, NULL,
			 "a route-injection command as the source cli (README, Route injection)")) <
			0 ||
		(ret = mgmt_register("inject flush", run, NULL, "withdraw every route of cli")) < 0)
		return ret;
	return 0;
}
