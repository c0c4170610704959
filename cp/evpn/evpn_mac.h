// SPDX-License-Identifier: BSD-3-Clause
// MAC mobility (RFC 7432 section 15) per (VNI, MAC), and duplicate MAC
// detection. Pure logic: events in (local learn/move/age from dataplane
// notifications, remote type-2 paths from BGP), decisions out through a
// callback table (program or remove the remote MAC in the dataplane,
// advertise or withdraw our type-2 route). No dataplane, BGP or clock access.
//
// Selection among the local entry and the remote paths, as FRR's
// bgp_path_info_cmp (bgpd/bgp_route.c) does for type-2 routes:
//   1. a sticky (static) path beats a non-sticky one (RFC 7432 15.2 only says
//      "alert the operator"; FRR prefers sticky, and so do we, and we warn);
//   2. the higher MAC mobility sequence number wins;
//   3. equal sequence: the lower VTEP IP wins, our own route included (it
//      carries our VTEP address as next hop), as RFC 7432 15.2 says.
// Local learn of a MAC known remotely advertises sequence = highest remote + 1
// (RFC 7432 15.1); a MAC learned afresh (no remote path) starts at 0, and the
// sequence is forgotten once the MAC is gone everywhere (FRR's "silent host"
// behaviour seen in the lab: back to 0). A better remote path for a local MAC
// makes us yield: the remote MAC is programmed over the local entry and our
// route is withdrawn.
//
// Duplicate detection follows zebra (zebra/zebra_evpn_mac.c
// zebra_evpn_dup_addr_detect_for_mac): a local learn that moves the MAC opens
// an M-second window (or counts in an open one), a remote update that moves it
// counts only inside an open window; at N moves the MAC is a duplicate and a
// warning is logged. A MAC that leaves one place before it shows up at the other
// (flushed at link down here, by a Linux bridge on carrier loss there) still moves:
// inside an open window its entry is kept, hidden from get/walk/count, until it
// shows up again or the window closes (evpn_mac_tick). FRR's defaults are N = 5, M = 180 s. With freeze on (our
// default; FRR's `dup-addr-detection freeze`) a duplicate MAC makes no more
// changes: nothing is advertised, withdrawn, programmed or removed for it until
// evpn_mac_clear_dup() (`evpnctl clear evpn dup-addr`) or the freeze time
// (0 = permanent) passes, when the current best is applied again.
//
// This is the one place that decides MAC mobility. The dataplane does not know
// sticky, frozen or sequence numbers: it moves a remote MAC to local at once when
// the host shows up on an access port (no round trip; we follow the notification,
// evpn_mac_local_learn) unless the MAC is pinned, which we set (install_remote's
// `pinned`) for a sticky remote MAC and for a duplicate frozen behind a VTEP, and
// clear when it thaws. A configured (static) local MAC is pinned in the dataplane
// by its kind.
//
// Memory: a MAC known from one remote route, the bulk of a large fabric, is one
// 48-byte entry from a slab; the VTEP, VNI and RD of its route are interned
// (shared by all the MACs of that route's origin). Local state, duplicate
// detection state and further paths live in an extension allocated for the
// few MACs that need one.
#ifndef EVPND_EVPN_MAC_H
#define EVPND_EVPN_MAC_H

#include "dp/dp_api.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EVPN_DAD_MAX_MOVES 5
#define EVPN_DAD_TIME_SEC 180

// A remote type-2 path for a MAC, from one VTEP. A path is one BGP route (its
// RD) when has_rd, so a new next hop for the same route replaces the path;
// without an RD, paths are told apart by VTEP.
struct evpn_mac_path {
	struct dp_ip vtep; // BGP next hop
	uint32_t seq;	   // MAC mobility sequence (0 without the community)
	bool sticky;
	uint32_t vni; // VNI from the route's label: what we send with
	// The underlay does not reach vtep: the path is kept (and shown) but never
	// selected, as FRR ignores a path whose next hop is inaccessible.
	bool unreachable;
	bool has_rd;
	uint8_t rd[8];
	// The route carried the Default Gateway community (RFC 7432 7.8): a remote
	// VTEP's gateway MAC. It never counts as a move for duplicate detection.
	bool default_gw;
};

struct evpn_mac_ops {
	// Program the MAC behind path->vtep, in place of the remote entry behind
	// `replaces` when that is not NULL (the same VTEP: programmed again, to pin
	// or unpin it). `pinned`: a local sighting must not displace it in the
	// dataplane (sticky, or frozen as a duplicate). 0 when programmed; otherwise
	// nothing is left programmed for the MAC (not even the entry it replaced)
	// and the MAC counts as not installed.
	int (*install_remote)(void *arg, uint32_t vni, const uint8_t mac[6],
		const struct evpn_mac_path *path, bool pinned, const struct dp_ip *replaces);
	// Remove the remote MAC programmed behind vtep from the dataplane.
	void (*remove_remote)(void *arg, uint32_t vni, const uint8_t mac[6], const struct dp_ip *vtep);
	// The dataplane replaced the remote MAC behind vtep with a local one by
	// itself (learned on an access port): release what the remote one held.
	void (*forget_remote)(void *arg, uint32_t vni, const uint8_t mac[6], const struct dp_ip *vtep);
	// Advertise (or re-advertise) our type-2 route for a local MAC.
	void (*advertise)(void *arg, uint32_t vni, const uint8_t mac[6], uint32_t seq, bool sticky);
	// Withdraw our type-2 route.
	void (*withdraw)(void *arg, uint32_t vni, const uint8_t mac[6]);
};

struct evpn_mac_cfg {
	struct dp_ip local_vtep; // our VTEP address, for the lowest-IP tie-break
	bool dad_enable;
	uint32_t dad_max_moves; // N
	uint32_t dad_time_sec;	// M
	bool dad_freeze;
	uint32_t dad_freeze_sec; // 0 = until cleared
	uint32_t max_entries;	 // 0 = unbounded
};

// Defaults: detection on, 5 moves in 180 s, freeze until cleared.
void evpn_mac_cfg_default(struct evpn_mac_cfg *cfg);

struct evpn_mac_table;

struct evpn_mac_table *evpn_mac_table_new(
	const struct evpn_mac_cfg *cfg, const struct evpn_mac_ops *ops, void *arg);
void evpn_mac_table_free(struct evpn_mac_table *t);

// Dataplane notifications. `now_ms` is a monotonic clock.
// Learned or moved to an access port (was_remote or not); is_static for a
// configured (sticky) local MAC. 0, or -ENOMEM / -ENOSPC (table full).
int evpn_mac_local_learn(struct evpn_mac_table *t, uint32_t vni, const uint8_t mac[6],
	uint16_t port, uint16_t vlan, bool is_static, uint64_t now_ms);
// Aged out (or the static MAC removed). 0 or -ENOENT.
int evpn_mac_local_age(
	struct evpn_mac_table *t, uint32_t vni, const uint8_t mac[6], uint64_t now_ms);

// BGP: a type-2 path for (vni, mac) from path->vtep added or replaced.
int evpn_mac_remote_add(struct evpn_mac_table *t, uint32_t vni, const uint8_t mac[6],
	const struct evpn_mac_path *path, uint64_t now_ms);
// Its withdrawal. 0 or -ENOENT.
int evpn_mac_remote_del(struct evpn_mac_table *t, uint32_t vni, const uint8_t mac[6],
	const struct dp_ip *vtep, uint64_t now_ms);
// The withdrawal of a path told by its RD when path->has_rd, else by its VTEP.
int evpn_mac_remote_del_path(struct evpn_mac_table *t, uint32_t vni, const uint8_t mac[6],
	const struct evpn_mac_path *path, uint64_t now_ms);

// Our anycast gateway MAC of a VNI (the same on every VTEP): a remote path for it
// (another VTEP's gateway, or anyone claiming the MAC) is never installed over it,
// never moves it and never counts for duplicate detection; it is ignored (counted in
// evpn_mac_gw_ignored). 0, -ENOMEM or -ENOSPC.
int evpn_mac_gateway_set(struct evpn_mac_table *t, uint32_t vni, const uint8_t mac[6]);
uint64_t evpn_mac_gw_ignored(const struct evpn_mac_table *t);

// Clears duplicate state: one MAC, or every MAC of a VNI (mac NULL), or all
// (vni 0, mac NULL); the current best is applied. Returns how many were cleared.
unsigned evpn_mac_clear_dup(
	struct evpn_mac_table *t, uint32_t vni, const uint8_t *mac, uint64_t now_ms);
// Timers: the freeze time of frozen MACs.
void evpn_mac_tick(struct evpn_mac_table *t, uint64_t now_ms);

// Read-only view for `show evpn mac vni N [detail]`.
struct evpn_mac_info {
	uint32_t vni;
	uint8_t mac[6];
	bool local;
	bool local_static;
	uint16_t port, vlan;
	uint32_t local_seq;
	bool advertised;
	bool remote_installed;
	struct dp_ip installed_vtep; // where the dataplane sends it, if remote_installed
	struct evpn_mac_path best_remote; // valid if n_remote > 0 (a path not
					  // reachable when none is)
	uint8_t n_remote;
	uint32_t remote_seq; // highest remote sequence
	bool duplicate;
	bool frozen;
	uint32_t dad_count;
	uint32_t moves; // total
};
// 0 and *out filled, or -ENOENT.
int evpn_mac_get(const struct evpn_mac_table *t, uint32_t vni, const uint8_t mac[6],
	struct evpn_mac_info *out);
typedef int (*evpn_mac_walk_cb)(const struct evpn_mac_info *, void *arg);
// vni 0 = all. Stops early when cb returns non-zero, and returns that value.
int evpn_mac_walk(const struct evpn_mac_table *t, uint32_t vni, evpn_mac_walk_cb cb, void *arg);
size_t evpn_mac_count(const struct evpn_mac_table *t);

// A hint: (vni, mac) is looked up soon. Prefetches its slot.
void evpn_mac_prefetch(const struct evpn_mac_table *t, uint32_t vni, const uint8_t mac[6]);

#endif
