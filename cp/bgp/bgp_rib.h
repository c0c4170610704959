// SPDX-License-Identifier: BSD-3-Clause
// The RIB of every family: one route per prefix (or route key) holding the paths
// of every source (the Adj-RIBs-In, as received, no inbound policy), best path
// first (the Loc-RIB); changes of best path go to the family's subscribers (the
// update groups for unicast, bgp_ugroup.h). A path is a pointer to an interned
// attribute set and the NLRI as received. Control thread only.
#ifndef EVPND_BGP_RIB_H
#define EVPND_BGP_RIB_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cp/bgp/bgp_pattr.h"

// Where a path comes from: a peer, or this router (network statements). The
// decision process reads only this.
struct bgp_src {
	bool local;
	// Local, but its paths name other routers (route injection, cp/inject/):
	// the family's owner imports them as received ones; the decision process
	// and the senders see a local source.
	bool injected;
	bool ebgp;
	// A route-reflector client, per family (the two unicast families together:
	// they share update groups).
	bool rr_client[BGP_AF_MAX];
	struct in_addr router_id; // the peer's BGP identifier
	struct in_addr addr;      // the peer's address (0 for an IPv6 one)
	struct in6_addr addr6;    // an IPv6 peer's address
	// This source's paths in the RIB, by family; by name too for the families
	// that have one in "show".
	union {
		uint32_t n_paths[BGP_AF_MAX];
		struct {
			uint32_t n_prefixes; // IPv4 unicast
			uint32_t n_ipv6;     // IPv6 unicast
			uint32_t n_evpn;     // l2vpn evpn
		};
	};
	void *owner; // the peer
};

_Static_assert(
	offsetof(struct bgp_src, n_evpn) == offsetof(struct bgp_src, n_paths[BGP_AF_L2VPN_EVPN]),
	"the named counters follow enum bgp_af");

// src's path counter of af.
static inline uint32_t *bgp_src_count(struct bgp_src *src, enum bgp_af af)
{
	return &src->n_paths[af];
}

#define BGP_PATH_STALE 0x1   // kept over a graceful restart of its peer
#define BGP_PATH_REFRESH 0x2 // not announced again since its peer's BoRR (RFC 7313 4)

struct bgp_path {
	struct bgp_path *next;
	struct bgp_src *src;
	struct bgp_pattr *attrs;
	uint8_t flags;
};

// ---- IPv4 and IPv6 unicast (bgp_rib.c): routes of the one keyed table below
// (bgp_rib_nlri.c), their NLRI the prefix (bgp_family_unicast.c); these take
// and give prefixes, for the speaker's callers that have them as addresses.

// A unicast route as "show" and the tests see it: a view of the table, valid
// until the RIB changes.
struct bgp_dest {
	struct in_addr prefix; // IPv4 only
	uint8_t len;
	uint8_t af;                 // BGP_AF_IPV4_UNICAST or BGP_AF_IPV6_UNICAST
	struct bgp_path *paths;     // the best one first
	struct in6_addr prefix6[1]; // IPv6 only
};

// Adds or replaces the path of src for prefix/len (takes a reference to a).
// Returns 1 when src had no path for it before, 0 when replaced, -ENOMEM.
int bgp_rib_update(struct bgp_src *src, struct in_addr prefix, uint8_t len, struct bgp_pattr *a);
// Removes src's path; 1 when there was one, else 0.
int bgp_rib_withdraw(struct bgp_src *src, struct in_addr prefix, uint8_t len);
// The route of prefix/len, or NULL; the view is overwritten by the next lookup.
struct bgp_dest *bgp_rib_lookup(struct in_addr prefix, uint8_t len);
// IPv6 unicast: as their IPv4 counterparts.
int bgp_rib_update6(struct bgp_src *src, const struct in6_addr *prefix, uint8_t len,
	struct bgp_pattr *a);
int bgp_rib_withdraw6(struct bgp_src *src, const struct in6_addr *prefix, uint8_t len);
struct bgp_dest *bgp_rib_lookup6(const struct in6_addr *prefix, uint8_t len);
// The best path, or NULL.
static inline const struct bgp_path *bgp_dest_best(const struct bgp_dest *d)
{
	return d->paths;
}

// Calls fn for every unicast route (any order; d is a view valid during the
// call); stops at a non-zero return. fn must not change the RIB.
int bgp_rib_walk(int (*fn)(struct bgp_dest *d, void *ctx), void *ctx);
// Unicast routes, and paths in total.
size_t bgp_rib_count(void);
// Routes of one unicast family.
size_t bgp_rib_count_af(enum bgp_af af);
size_t bgp_rib_paths(void);

// ---- every family, NLRI as bytes: the Adj-RIBs-In and Loc-RIB
//
// One table for every family registered in bgp_family.h (bgp_rib_nlri.c); the
// speaker leaves the meaning of their NLRI to the family's owner (l2vpn evpn:
// the EVPN module). A route is identified by its family and the family's route
// key of its NLRI (l2vpn evpn: RFC 7432 7 and RFC 9136 3, the fields that count
// as the prefix; ESI, labels and the type 5 gateway are attributes of a path: a
// re-announcement with another label replaces the path, and a withdraw matches
// whatever labels it carries). Each path keeps the NLRI as received from its
// source (at most BGP_NLRI_MAX octets, no path id) and an interned attribute
// set (next hop in next_hop or next_hop6, extended communities, PMSI tunnel
// ...). Best path as for IPv4 (bgp_paths_best_first). NLRI the family's key
// refuses (unknown route types, lengths that contradict the type) are not kept,
// nor any of a family without a table.
//
// The module that owns a family reads its Loc-RIB through the family-agnostic
// route API below (bgp_route, bgp_rib_walk_routes, bgp_rib_best,
// bgp_rib_subscribe: the family's index as the first argument; -ENOTSUP or
// nothing for a family not kept here) and learns of changes of best path
// through the callback it subscribes; so do the senders (bgp_ugroup.c for unicast, bgp_out.c for the others),
// which reflects and relays best paths. Control thread only; nothing here may
// be kept past the callback or walk step.

#define BGP_NLRI_MAX 64 // octets of one NLRI (EVPN type 5 over IPv6: 60)

// One path as the family's owner sees it.
struct bgp_route {
	const uint8_t *nlri; // as received (EVPN: type, length, value)
	uint8_t nlri_len;
	const struct bgp_pattr *attrs;
	const struct bgp_src *src; // src->local for our own (bgp_originate)
	bool best;
	bool stale; // kept over a graceful restart of its peer
	// BGP_ROUTE_ADD when the best path changed source: the previous best path's
	// source and attributes (NULL for a new route, or the same source's update).
	const struct bgp_src *prev_src;
	const struct bgp_pattr *prev_attrs;
};

enum bgp_route_event {
	BGP_ROUTE_ADD, // a new best path for the route (new route, or the best changed)
	BGP_ROUTE_DEL, // the route is gone: r is the best path it had last
};

// Called after each change of the Loc-RIB. r and its pointers are valid during
// the call only. The callback must not change the RIB.
typedef void bgp_route_change_fn(enum bgp_route_event ev, const struct bgp_route *r, void *ctx);

// Up to BGP_RIB_SUBSCRIBERS subscribers per family, told in the order they subscribed
// (again with the same fn: its ctx is replaced). Routes already in the RIB are
// not replayed: walk first. -ENOSPC when full.
#define BGP_RIB_SUBSCRIBERS 4
int bgp_rib_subscribe(enum bgp_af af, bgp_route_change_fn *fn, void *ctx);
void bgp_rib_unsubscribe(enum bgp_af af, bgp_route_change_fn *fn);

// A hint for the NLRI of an update or withdraw a few steps ahead: prefetches
// the route's slot and passes the NLRI to the subscriber's prefetch hook, so
// that the cache misses of many routes overlap instead of adding up.
typedef void bgp_route_prefetch_fn(const uint8_t *nlri, size_t len);
void bgp_nlri_rib_prefetch(enum bgp_af af, const uint8_t *nlri, size_t len);
void bgp_rib_subscribe_prefetch(enum bgp_af af, bgp_route_prefetch_fn *fn);

// For each route, its best path (all paths if all_paths, best first per route);
// stops at a non-zero return and returns it.
int bgp_rib_walk_routes(
	enum bgp_af af, int (*fn)(const struct bgp_route *r, void *ctx), void *ctx, bool all_paths);

// The best path of the route of nlri into r (valid until the RIB changes): 1,
// or 0 when there is no such route.
int bgp_rib_best(enum bgp_af af, const uint8_t *nlri, size_t len, struct bgp_route *r);

// A walk of a family's Loc-RIB over many polls (an initial table sent while the
// RIB changes): a route present from start to end is visited at least once (a
// removal that moves a route back before the cursor moves the cursor back; the
// table's growth restarts the walk), maybe twice. The cursor is registered with
// the RIB while active: it must not move in memory nor be freed before
// bgp_rib_cursor_stop.
struct bgp_rib_cursor {
	struct bgp_rib_cursor *next;
	size_t slot;
	enum bgp_af af;
	bool active;
};
void bgp_rib_cursor_start(struct bgp_rib_cursor *c, enum bgp_af af);
void bgp_rib_cursor_stop(struct bgp_rib_cursor *c); // also when not active
// fn for the best path of up to budget routes from c; returns how many. At the
// end of the table the cursor stops (c->active false).
size_t bgp_rib_walk_from(struct bgp_rib_cursor *c, size_t budget,
	void (*fn)(const struct bgp_route *r, void *ctx), void *ctx);

// Adds or replaces src's path for the route of nlri in family af (takes a
// reference to a). Returns 1 for a new path, 0 for a replaced one,
// -EINVAL/-ENOTSUP (not kept, see struct bgp_family's key), -ENOMEM.
int bgp_nlri_rib_update(
	enum bgp_af af, struct bgp_src *src, const uint8_t *nlri, size_t len, struct bgp_pattr *a);
// Removes src's path for the route of nlri: 1 when there was one, else 0.
int bgp_nlri_rib_withdraw(enum bgp_af af, struct bgp_src *src, const uint8_t *nlri, size_t len);
// src's paths of af (BGP_AF_MAX: of every family here): marked with flag
// (BGP_PATH_STALE, BGP_PATH_REFRESH), or removed (flag 0: all, else those
// marked flag). Each returns how many paths.
size_t bgp_nlri_rib_mark(struct bgp_src *src, enum bgp_af af, uint8_t flag);
size_t bgp_nlri_rib_flush(struct bgp_src *src, enum bgp_af af, uint8_t flag);
// The paths of the route of nlri in af, best first, or NULL (valid until the
// RIB changes).
struct bgp_path *bgp_nlri_rib_paths_of(enum bgp_af af, const uint8_t *nlri, size_t len);
// fn for every route of af: the NLRI of its best path and its paths, best
// first (fn must not change the RIB); stops at a non-zero return, which it
// returns.
int bgp_nlri_rib_walk_paths(enum bgp_af af,
	int (*fn)(const uint8_t *nlri, size_t len, struct bgp_path *paths, void *ctx), void *ctx);
// Routes, and paths in total, of af.
size_t bgp_nlri_rib_count(enum bgp_af af);
size_t bgp_nlri_rib_paths(enum bgp_af af);
void bgp_nlri_rib_fini(void);

// ---- one source's paths, any family (bgp_rib_src.c)
//
// What graceful restart, enhanced route refresh and the end of a session do to
// a neighbor's paths of one family (BGP_AF_MAX: every family), whichever table
// keeps them. flag: BGP_PATH_STALE or BGP_PATH_REFRESH to mark; to flush, 0
// (every path) or the mark of the paths to remove. Each returns how many paths.
size_t bgp_rib_src_mark(struct bgp_src *src, enum bgp_af af, uint8_t flag);
size_t bgp_rib_src_flush(struct bgp_src *src, enum bgp_af af, uint8_t flag);
// src's paths of af (BGP_AF_MAX: all) in the RIB.
uint32_t bgp_rib_src_routes(const struct bgp_src *src, enum bgp_af af);

// <0 when a is preferred to b (RFC 4271 9.1.2.2 and the usual tie-breaks).
int bgp_path_cmp(const struct bgp_path *a, const struct bgp_path *b);
// The decision over one route's paths, for every family's table: moves the
// best path of the list at *head to its head (the first of equals stays).
void bgp_paths_best_first(struct bgp_path **head);
// Why a won over b, for "show" ("AS path", "router ID" ...).
const char *bgp_path_cmp_reason(const struct bgp_path *a, const struct bgp_path *b);

#endif
