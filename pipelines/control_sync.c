// SPDX-License-Identifier: BSD-3-Clause
#include "pipelines/control_sync.h"

#include "cp/cp_log.h"
#include "cp/cp_msgq.h"
#include "dp/ipc/dp_ipc_client.h"

static struct {
	bool restarting, done;
	uint64_t began_ms;
} sy;

// TEMPORARY until BGP's restarting speaker lands.
static bool bgp_gr_restart_complete_tmp(uint64_t now)
{
	return now - sy.began_ms >= 3000;
}

void control_sync_begin(bool restarting, uint64_t now_ms)
{
	sy.restarting = restarting;
	sy.began_ms = now_ms;
}

void control_sync_poll(uint64_t now_ms)
{
	if (sy.done || cp_send_backlog() > 0 || !bgp_gr_restart_complete_tmp(now_ms))
		return;
	if (dp_ipc_client_sync_done() < 0)
		return;
	sy.done = true;
	if (sy.restarting)
		CP_INFO("main", "re-synchronised with the forwarding process in %lu ms: its stale "
				"entries are removed", (unsigned long)(now_ms - sy.began_ms));
}
