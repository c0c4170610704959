// SPDX-License-Identifier: BSD-3-Clause
// A BGP neighbor: its configuration, session state, connections and counters.
// Owned by the speaker (bgp_speaker.c); the FSM (bgp_fsm.c) changes its state,
// bgp_io.c moves its bytes. Control thread only.
#ifndef EVPND_BGP_PEER_H
#define EVPND_BGP_PEER_H

#include <stdbool.h>
#include <stdint.h>

#include "cp/bgp/bgp_msg.h"
#include "cp/bgp/bgp_rib.h"
#include "cp/config/config.h"

enum bgp_state {
	BGP_IDLE,
	BGP_CONNECT,
	BGP_ACTIVE,
	BGP_OPENSENT,
	BGP_OPENCONFIRM,
	BGP_ESTABLISHED,
};

#define BGP_RX_BUF (64 * 1024)       // the bounded input queue of a connection
#define BGP_TX_HIGH (4u << 20)       // stop building UPDATEs above this
#define BGP_MSGS_PER_POLL 256        // messages handled per connection per poll
#define BGP_IDLE_HOLD_MS 1000        // first back-off after an error
#define BGP_BACKOFF_MAX_S 60         // connect-retry back-off ceiling
#define BGP_GR_RESTART_TIME 120      // what we advertise, seconds (default of restart-time)
#define BGP_GR_SELECT_DEFER_TIME 360 // restarting: our routes wait at most that (FRR's default)
#define BGP_OPEN_HOLD_S 240          // hold time before OPEN is received (RFC 4271 8)
// After a BoRR, how long we wait for the EoRR before the routes not announced again
// go (RFC 7313 4 leaves it to us; FRR's stale timer is 360 s too).
#define BGP_EORR_WAIT_S 360

struct bgp_buf {
	uint8_t *data;
	size_t off; // consumed from the front
	size_t len; // valid octets from data
	size_t cap;
};

struct bgp_peer;

// One TCP connection of a peer: at most two exist during a collision.
struct bgp_conn {
	int fd;
	bool outbound;
	bool connecting; // non-blocking connect() in progress
	bool open_sent;
	bool open_rcvd;
	bool closing; // flush tx then close
	struct bgp_peer *peer;
	struct in_addr local;   // our address on this connection (0 over IPv6)
	struct in6_addr local6; // over IPv6, else the IPv4-mapped form of local
	uint32_t events;      // registered with epoll
	struct bgp_buf rx, tx;
	uint32_t remote_as;
	struct in_addr remote_id;
	uint16_t remote_hold;
	struct bgp_caps caps; // of the peer's OPEN (unknown[] not kept)
};

struct bgp_ugroup;

struct bgp_peer {
	struct bgp_peer *next;
	char name[CP_IP_STRLEN];
	struct cfg_bgp_nbr cfg; // resolved (peer-group settings applied)
	bool dynamic;           // accepted through a listen range
	enum bgp_state state;
	struct bgp_conn *conn;    // the session's connection
	struct bgp_conn *pending; // an incoming one during a collision
	struct bgp_src src;
	struct bgp_ugroup *group;

	// negotiated at OPEN
	uint32_t remote_as;
	uint16_t hold_s, keepalive_s;
	bool af[BGP_AF_MAX];
	bool peer_rr;     // the peer can do route refresh
	bool peer_enh_rr; // and enhanced route refresh (RFC 7313; we always advertise it)
	bool ext_nh;  // IPv4 routes with IPv6 next hops both ways (RFC 8950)
	struct bgp_codec_ctx ctx;

	// timers: absolute ms, 0 = not running
	uint64_t t_connect, t_hold, t_keepalive, t_gr, t_idle;
	uint64_t t_eorr[BGP_AF_MAX]; // a BoRR came for the family: EoRR awaited until then
	unsigned backoff_s;

	// graceful restart, as receiving speaker
	bool peer_gr;         // the peer advertised graceful restart
	uint16_t peer_gr_time; // its restart time
	uint8_t peer_gr_afs;  // the families (1 << enum bgp_af) its capability listed
	bool stale;           // some of its routes are kept stale
	uint8_t stale_afs;    // the families whose routes are
	bool eor_rcvd[BGP_AF_MAX];
	// as restarting speaker (bgp_gr_restart.h): the flags of our last OPEN
	uint8_t gr_flags_sent, gr_af_flags_sent;

	// Adj-RIB-Out
	bool eor_sent;
	uint8_t resend; // (1 << af) fsm, clear: rw; bgp_out: send the family's table again
	bool dumping;     // sending the group's table to this new member
	uint8_t eorr_due; // unicast families (1 << af) sent a BoRR: EoRR after the dump
	size_t dump_slot; // cursor in the group's table

	// counters
	uint64_t msgs_in[6], msgs_out[6]; // by type, [0] all
	uint64_t updates_in, withdraws_in, prefixes_out;
	uint64_t nexthop_refused; // UPDATEs treated as withdraw for their next hop
	uint64_t established_ms, last_change_ms;
	uint32_t established_count, dropped_count;
	bool max_prefix_warned;
	char last_error[160];
};

const char *bgp_state_name(enum bgp_state s);
// As FRR shows it: "Idle (Admin)" for a neighbor configured with shutdown.
const char *bgp_peer_state_name(const struct bgp_peer *p);

#endif
