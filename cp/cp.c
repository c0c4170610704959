// SPDX-License-Identifier: BSD-3-Clause
#include "cp/cp.h"

#include <string.h>
#include "cp/cp_log.h"
#include "cp/cp_msgq.h"
#include "cp/evpn/evpn_vtep.h"
#include "cp/l2/bridge.h"
#include "cp/l3/l3_vrf.h"
#include "cp/mpls/mpls.h"
#include "cp/underlay/underlay.h"
#include "dp/dp_api.h"

static uint64_t cp_now_ms;
static uint64_t cp_lost; // notifications the dataplane dropped, not resynchronised yet

// Messages the dataplane refused: the first of a second is logged, the others counted
// and summed up in one line a second later (a full table refuses thousands at once).
static struct {
	uint64_t logged_ms;
	uint64_t held; // refusals since the last line
	int last_error;
} refused;

// The refusals held since the last line, once its second is over.
static void cp_refused_summary(void)
{
	if (refused.held == 0 || cp_now_ms - refused.logged_ms < 1000)
		return;
	CP_ERR("dp", "dataplane refused %lu more messages in the last second (last: %s)",
		(unsigned long)refused.held, strerror(-refused.last_error));
	refused.held = 0;
	refused.logged_ms = cp_now_ms;
}

static void cp_refused_log(const struct dp_notify *n)
{
	cp_refused_summary();
	refused.last_error = n->error;
	if (refused.logged_ms != 0 && cp_now_ms - refused.logged_ms < 1000) {
		refused.held++;
		return;
	}
	refused.logged_ms = cp_now_ms;
	CP_ERR("dp", "dataplane refused a message (cookie %u): %s", n->cookie, strerror(-n->error));
}

int cp_init(const struct evpnd_config *cfg, const uint16_t *port_ids)
{
	int ret = underlay_init(cfg, port_ids);
	if (ret < 0)
		return ret;
	if ((ret = mpls_apply(cfg)) < 0)
		return ret;
	if ((ret = bridge_apply(cfg, port_ids)) < 0)
		return ret;
	// The FIBs' next hops name bridge domains: after them.
	if ((ret = l3_vrf_apply(cfg)) < 0)
		return ret;
	// EVPN's routes and remote MACs come on top of the bridge domains' static ones.
	return evpn_vtep_init(cfg, port_ids, cp_now_ms);
}

static void cp_dispatch(const struct dp_notify *n)
{
	switch (n->type) {
	case DP_NOTIFY_MAC_LEARNED:
	case DP_NOTIFY_MAC_MOVED:
	case DP_NOTIFY_MAC_AGED:
	case DP_NOTIFY_MAC_FLUSHED:
		bridge_on_mac(n);
		evpn_vtep_on_mac(n, cp_now_ms);
		break;
	case DP_NOTIFY_MAC_IP:
		evpn_vtep_on_mac_ip(n, cp_now_ms);
		break;
	case DP_NOTIFY_PORT_LINK:
		bridge_on_link(n);
		break;
	case DP_NOTIFY_NEIGH:
		underlay_on_neigh(n);
		break;
	case DP_NOTIFY_LOST:
		cp_lost += n->n_lost;
		break;
	case DP_NOTIFY_MSG_ERROR:
		cp_refused_log(n);
		break;
	default:
		break;
	}
}

// What the lost notifications said is in the dataplane's tables: read them once,
// after the notifications at hand (those that came after the loss say nothing the
// tables do not, and replaying them over the tables ends where the tables are).
static void cp_resync(void)
{
	unsigned learned, aged;
	int ret = evpn_vtep_resync(cp_now_ms, &learned, &aged);

	CP_WARN("dp", "%lu dataplane notifications lost (ring full): MAC table read again, "
		      "%u MACs learned, %u gone%s",
		(unsigned long)cp_lost, learned, aged,
		ret < 0 ? " (out of memory: incomplete)" : "");
	cp_lost = 0;
}

unsigned cp_poll(uint64_t now_ms)
{
	struct dp_notify batch[64];
	unsigned n, done = 0;

	cp_now_ms = now_ms;
	done += cp_send_flush();
	while ((n = dp_notify_recv(batch, 64)) > 0) {
		for (unsigned i = 0; i < n; i++)
			cp_dispatch(&batch[i]);
		done += n;
		if (done >= 4096)
			break;
	}
	if (cp_lost > 0)
		cp_resync();
	cp_refused_summary();
	underlay_tick(now_ms);
	evpn_vtep_tick(now_ms);
	return done;
}

void cp_fini(void)
{
	evpn_vtep_fini();
	l3_vrf_fini();
	mpls_fini();
	underlay_fini();
	cp_send_fini();
}
