// SPDX-License-Identifier: BSD-3-Clause
// The sync point of a control process (see control_sync.h): its messages all sent,
// BGP's deferral over and every neighbor's routes back.
#include "pipelines/control_sync.h"

#include "cp/bgp/bgp_gr_restart.h"
#include "cp/cp_log.h"
#include "cp/cp_msgq.h"
#include "dp/ipc/dp_ipc_client.h"

static struct {
	bool restarting, done;
	uint64_t began_ms;
} sy;

// BGP's routes are all back (every neighbor's End-of-RIB), or will not be in time: the
// wait is bounded as the deferral of our own routes is (select-defer-time).
static bool bgp_synced(uint64_t now)
{
	struct bgp_gr_restart_state st;

	bgp_gr_restart_state(&st);
	return bgp_gr_peers_synced() ||
	       now - sy.began_ms >= (st.select_defer_s ? st.select_defer_s : 360) * 1000ull;
}

void control_sync_begin(bool restarting, uint64_t now_ms)
{
	sy.restarting = restarting;
	sy.began_ms = now_ms;
	bgp_gr_set_forwarding_preserved(true); // the forwarding process outlives us
	bgp_gr_set_restarting(restarting);
}

void control_sync_poll(uint64_t now_ms)
{
	if (sy.done || cp_send_backlog() > 0 || !bgp_gr_restart_complete() || !bgp_synced(now_ms))
		return;
	if (dp_ipc_client_sync_done() < 0)
		return;
	sy.done = true;
	if (sy.restarting)
		CP_INFO("main", "re-synchronised with the forwarding process in %lu ms: its stale "
				"entries are removed", (unsigned long)(now_ms - sy.began_ms));
}
