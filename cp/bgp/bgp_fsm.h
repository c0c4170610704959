// SPDX-License-Identifier: BSD-3-Clause
// The RFC 4271 session state machine of one peer: connect and retry with
// back-off, OPEN exchange and collision resolution, timers, NOTIFICATIONs.
// UPDATEs go to bgp_update_in.c once Established.
#ifndef EVPND_BGP_FSM_H
#define EVPND_BGP_FSM_H

#include <stdint.h>

#include "cp/bgp/bgp_peer.h"

// Idle -> Connect (or Active for a passive peer).
void bgp_fsm_start(struct bgp_peer *p, uint64_t now);
// Timers due at now (connect-retry, hold, keepalive, idle hold, restart).
void bgp_fsm_timers(struct bgp_peer *p, uint64_t now);
// Socket events of one of the peer's connections.
void bgp_fsm_conn_event(struct bgp_conn *c, uint32_t events, uint64_t now);
// A connection accepted for p (fd owned by the FSM from now on).
void bgp_fsm_accept(struct bgp_peer *p, int fd, uint64_t now);
// Sends a NOTIFICATION and goes down (Idle, back-off); keeps the routes stale
// only when stale is set and the peer can do graceful restart.
void bgp_fsm_error(struct bgp_peer *p, uint8_t code, uint8_t subcode, const uint8_t *data,
	size_t len, const char *why);
// Cease/Administrative Shutdown on the peer's session, if it has one; its socket
// lingers until the peer acknowledged it (bgp_io_unsent). The peer is stopped next.
void bgp_fsm_cease(struct bgp_peer *p);
// Stops the peer for good (shutdown, dynamic peer removal): Cease as above, routes
// withdrawn.
void bgp_fsm_stop(struct bgp_peer *p);
// The same with Cease/Peer De-configured (RFC 4486 3): the neighbor left the
// configuration (reload).
void bgp_fsm_deconfigure(struct bgp_peer *p);
// Frees the connections closed since the last call.
void bgp_fsm_reap(void);
// Queues one whole message on the session's connection (and counts it).
int bgp_peer_send(struct bgp_peer *p, const uint8_t *msg, size_t len);
// Queues a ROUTE-REFRESH of one family: a request, a BoRR or an EoRR (BGP_RR_*).
int bgp_peer_send_rr(struct bgp_peer *p, enum bgp_af af, uint8_t subtype);
// Queues the End-of-RIB of one family (RFC 4724 2), for every family the same.
int bgp_peer_send_eor(struct bgp_peer *p, enum bgp_af af);
// Sends p the table of af again (a ROUTE-REFRESH request, `clear bgp soft
// out`), through whichever sender carries the family: the one entry for every
// family.
void bgp_peer_refresh_out(struct bgp_peer *p, enum bgp_af af);

#endif
