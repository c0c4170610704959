// SPDX-License-Identifier: BSD-3-Clause
// show dataplane process [json]: evpnd --split's two processes, the control process's
// restarts and its last re-synchronisation with the forwarding process's tables.
#include "cp/mgmt/show_process.h"

#include <errno.h>
#include <unistd.h>

#include "cp/mgmt/mgmt_cmd.h"
#include "cp/mgmt/mgmt_out.h"
#include "dp/dp_api.h"

static void print_text(struct mgmt_out *out, const struct dp_split_info *s)
{
	mgmt_printf(out, "Forwarding process: pid %u, up %lu s\n", s->fwd_pid,
		(unsigned long)(s->fwd_uptime_ms / 1000));
	mgmt_printf(out, "Control process: pid %u, connection %u since the forwarding process "
			 "started, %s\n", s->cp_pid, s->controls,
		s->syncing ? "re-synchronising" : "synchronised");
	mgmt_printf(out, "Last re-synchronisation: %lu ms, %lu stale entries removed\n",
		(unsigned long)s->last_sync_ms, (unsigned long)s->last_sweep_removed);
	mgmt_printf(out, "Table entries kept for a restart: %lu (%lu stale)\n",
		(unsigned long)s->recorded, (unsigned long)s->stale);
	mgmt_printf(out, "Messages received: %lu; notifications sent: %lu, dropped: %lu\n",
		(unsigned long)s->msgs, (unsigned long)s->notifies_sent,
		(unsigned long)s->notifies_dropped);
}

static void print_json(struct json_writer *w, const struct dp_split_info *s)
{
	json_kv_bool(w, "split", true);
	json_kv_u64(w, "forwardingPid", s->fwd_pid);
	json_kv_u64(w, "forwardingUptimeMs", s->fwd_uptime_ms);
	json_kv_u64(w, "controlPid", s->cp_pid);
	json_kv_u64(w, "controlConnections", s->controls);
	json_kv_bool(w, "synchronised", !s->syncing);
	json_kv_u64(w, "lastSyncMs", s->last_sync_ms);
	json_kv_u64(w, "lastSweepRemoved", s->last_sweep_removed);
	json_kv_u64(w, "entriesKept", s->recorded);
	json_kv_u64(w, "entriesStale", s->stale);
	json_kv_u64(w, "messages", s->msgs);
	json_kv_u64(w, "notificationsSent", s->notifies_sent);
	json_kv_u64(w, "notificationsDropped", s->notifies_dropped);
}

static int show_process(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	struct dp_split_info s;
	struct json_writer w;
	int ret = dp_split_info(&s);

	(void)ctx;
	if (ret < 0 && ret != -ENOTSUP)
		return ret;
	if (!req->json) {
		if (ret == -ENOTSUP)
			mgmt_printf(out, "evpnd runs as one process (pid %d); evpnd --split runs "
					 "forwarding and control apart\n", (int)getpid());
		else
			print_text(out, &s);
		return 0;
	}
	json_init(&w, out, true);
	json_obj_begin(&w);
	if (ret == -ENOTSUP) {
		json_kv_bool(&w, "split", false);
		json_kv_u64(&w, "pid", (uint64_t)getpid());
	} else {
		print_json(&w, &s);
	}
	json_obj_end(&w);
	return json_finish(&w);
}

int show_process_register(void)
{
	return mgmt_register("show dataplane process", show_process, NULL,
		"evpnd --split: the forwarding and control processes, restarts, re-sync");
}
