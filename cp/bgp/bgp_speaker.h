// SPDX-License-Identifier: BSD-3-Clause
// The BGP speaker as the process sees it: started from the checked
// configuration, driven by bgp_poll() from the control loop (non-blocking),
// and a descriptor that becomes readable when a socket has work.
#ifndef EVPND_BGP_SPEAKER_H
#define EVPND_BGP_SPEAKER_H

#include <stdint.h>

#include "cp/bgp/bgp_peer.h"
#include "cp/config/config.h"

// Starts the speaker when cfg->bgp.asn is set (else does nothing): listens on
// port 179 (or $EVPND_BGP_PORT, for tests), connects to the neighbors.
int bgp_init(const struct evpnd_config *cfg);
// Work done (0 = idle). Call it every loop of the control thread.
unsigned bgp_poll(uint64_t now_ms);
// Process shutdown: Cease/Administrative Shutdown to every peer with a session;
// the sockets linger until acknowledged (bgp_io_unsent), the peers stay idle.
void bgp_stop_all(void);
void bgp_fini(void);
// The epoll fd of every BGP socket (-1 when not running).
int bgp_fd(void);

// Read-only view for the FSM, the RIB's users and show commands.
struct bgp_globals {
	uint32_t asn;
	struct in_addr router_id;
	struct in_addr cluster_id;
	uint16_t port;
	bool rr; // some neighbor is a route-reflector client
	bool gr_restart; // "bgp graceful-restart": our families in the GR capability
	uint16_t gr_time; // the restart time we advertise, seconds
	uint64_t now_ms;
	struct bgp_src local_src; // network statements
};
const struct bgp_globals *bgp_glob(void);

// Our own routes of a family kept as bytes (l2vpn evpn; registered in
// bgp_family.h): they enter the RIB from local_src like a neighbor's routes,
// win over received ones for the same key (a's weight, BGP_WEIGHT_LOCAL) and go
// out with the best paths (bgp_export.h). bgp_originate takes a reference to a
// (interned, bgp_pattr.h): 1 for a new route of ours, 0 for a replaced one;
// bgp_originate_withdraw: 1 when there was one, else 0. Both -ENODEV without
// "router bgp", -ENOTSUP for another family, or the RIB's errors.
int bgp_originate(enum bgp_af af, const uint8_t *nlri, size_t len, struct bgp_pattr *a);
int bgp_originate_withdraw(enum bgp_af af, const uint8_t *nlri, size_t len);

// Peers, in configuration order (dynamic ones last).
struct bgp_peer *bgp_peers(void);
struct bgp_peer *bgp_peer_find(const char *name);
// Neighbor bgp->nbrs[i] (not a group) added at run time (reload): started unless
// shut down. 0 or -errno.
int bgp_peer_add(const struct cfg_bgp *bgp, size_t i);
// A configured neighbor (by its address as text) removed at run time: a Cease/Peer
// De-configured on its session, its routes withdrawn, then it is gone. 0 or -ENOENT.
int bgp_peer_remove(const char *name);
// "clear bgp X [soft [in|out]]": hard reset (Cease/administrative reset), or route
// refresh: in asks the peer for its routes (ROUTE-REFRESH per family it can refresh),
// out sends ours again; soft alone does both.
#define BGP_CLEAR_SOFT_IN 1
#define BGP_CLEAR_SOFT_OUT 2
#define BGP_CLEAR_SOFT (BGP_CLEAR_SOFT_IN | BGP_CLEAR_SOFT_OUT)
int bgp_peer_clear(struct bgp_peer *p, unsigned soft);

#endif
