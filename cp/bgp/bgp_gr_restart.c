// SPDX-License-Identifier: BSD-3-Clause
// Graceful restart as the restarting speaker (bgp_gr_restart.h): what our
// capability says, and when the deferral of our advertisements ends. The
// senders (bgp_ugroup.c, bgp_out.c) ask bgp_gr_restart_complete() before
// sending anything; received routes are processed meanwhile as usual.
#include "cp/bgp/bgp_gr_restart.h"

#include "cp/bgp/bgp_msg.h"
#include "cp/bgp/bgp_speaker.h"
#include "cp/cp_log.h"

static struct {
	bool restarting, fwd; // asked for by the process
	bool deferring;	      // restarting, with "bgp graceful-restart"
	bool started, by_timer;
	uint16_t defer_s;
	uint64_t start_ms, end_ms;
} st;

void bgp_gr_set_forwarding_preserved(bool on)
{
	st.fwd = on;
}

void bgp_gr_set_restarting(bool on)
{
	st.restarting = on;
}

bool bgp_gr_restart_complete(void)
{
	return !st.deferring;
}

void bgp_gr_restart_init(uint16_t select_defer_s)
{
	st.deferring = st.restarting && bgp_glob()->gr_restart;
	st.started = st.by_timer = false;
	st.start_ms = st.end_ms = 0;
	st.defer_s = select_defer_s ? select_defer_s : BGP_GR_SELECT_DEFER_TIME;
	if (st.restarting && !st.deferring)
		CP_WARN("bgp", "restarting without \"bgp graceful-restart\": the neighbors did "
			       "not keep our routes, nothing deferred");
	else if (st.deferring)
		CP_INFO("bgp",
			"graceful restart: restarting (forwarding state %s), our "
			"routes wait for the neighbors' End-of-RIB, %u s at most",
			st.fwd ? "preserved" : "not preserved", st.defer_s);
}

// An enabled, configured neighbor that may still hold us up.
static bool waited_for(const struct bgp_peer *p)
{
	if (p->dynamic || p->cfg.shutdown)
		return false;
	if (p->state != BGP_ESTABLISHED)
		return true;
	for (enum bgp_af af = 0; p->peer_gr && af < BGP_AF_MAX; af++)
		if (p->af[af] && !p->eor_rcvd[af])
			return true;
	return false; // not graceful-restart capable: its routes are all there once up
}

static bool all_eor(void)
{
	for (const struct bgp_peer *p = bgp_peers(); p != NULL; p = p->next)
		if (waited_for(p))
			return false;
	return true;
}

bool bgp_gr_peers_synced(void)
{
	for (const struct bgp_peer *p = bgp_peers(); p != NULL; p = p->next) {
		if (p->dynamic || p->cfg.shutdown)
			continue;
		if (p->state != BGP_ESTABLISHED)
			return false;
		for (enum bgp_af af = 0; af < BGP_AF_MAX; af++)
			if (p->af[af] && !p->eor_rcvd[af])
				return false;
	}
	return true;
}

void bgp_gr_restart_poll(uint64_t now)
{
	if (!st.deferring)
		return;
	if (!st.started) {
		st.started = true;
		st.start_ms = now;
	}
	st.by_timer = !all_eor();
	if (st.by_timer && now - st.start_ms < st.defer_s * 1000ull)
		return;
	st.deferring = false;
	st.end_ms = now;
	CP_INFO("bgp", "graceful restart: deferral over after %llu ms (%s), advertising our routes",
		(unsigned long long)(now - st.start_ms),
		st.by_timer ? "select-defer-time expired" : "End-of-RIB from every neighbor");
}

uint8_t bgp_gr_restart_flags(void)
{
	return st.deferring ? BGP_GR_F_RESTART : 0;
}

uint8_t bgp_gr_restart_af_flags(void)
{
	return st.fwd ? BGP_GR_AF_F_FORWARDING : 0;
}

void bgp_gr_restart_state(struct bgp_gr_restart_state *s)
{
	uint64_t end = st.deferring ? bgp_glob()->now_ms : st.end_ms;

	*s = (struct bgp_gr_restart_state){.restarting = st.restarting && bgp_glob()->gr_restart,
		.forwarding_preserved = st.fwd && bgp_glob()->gr_restart,
		.done = !st.deferring,
		.by_timer = !st.deferring && st.by_timer,
		.select_defer_s = st.defer_s,
		.elapsed_ms = st.started && end > st.start_ms ? end - st.start_ms : 0};
}
