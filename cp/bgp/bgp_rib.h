// SPDX-License-Identifier: BSD-3-Clause
// The IPv4 unicast RIB: one destination per prefix holding the paths of every
// source (the Adj-RIBs-In, as received, no inbound policy), best path first
// (the Loc-RIB). Changed destinations are queued for the update groups
// (bgp_ugroup.h). A path is a pointer to an interned attribute set: about 32
// octets per route per peer. Control thread only.
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
	bool ebgp;
	bool rr_client;
	struct in_addr router_id; // the peer's BGP identifier
	struct in_addr addr;      // the peer's address
	uint32_t n_prefixes;      // paths of this source in the RIB
	void *owner;              // the peer
};

#define BGP_PATH_STALE 0x1 // kept over a graceful restart of its peer

struct bgp_path {
	struct bgp_path *next;
	struct bgp_src *src;
	struct bgp_pattr *attrs;
	uint8_t flags;
};

struct bgp_dest {
	struct bgp_dest *next; // hash chain
	struct in_addr prefix;
	uint8_t len;
	bool queued;            // in the change queue
	struct bgp_path *paths; // the best one first; NULL when withdrawn everywhere
};

int bgp_rib_init(void);
void bgp_rib_fini(void);

// Adds or replaces the path of src for prefix/len (takes a reference to a).
// Returns 1 when src had no path for it before, 0 when replaced, -ENOMEM.
int bgp_rib_update(struct bgp_src *src, struct in_addr prefix, uint8_t len, struct bgp_pattr *a);
// Removes src's path; 1 when there was one, else 0.
int bgp_rib_withdraw(struct bgp_src *src, struct in_addr prefix, uint8_t len);
// Removes every path of src (only the stale ones if stale_only).
void bgp_rib_flush_src(struct bgp_src *src, bool stale_only);
// Marks every path of src stale (graceful restart); returns how many.
size_t bgp_rib_mark_stale(struct bgp_src *src);

struct bgp_dest *bgp_rib_lookup(struct in_addr prefix, uint8_t len);
// The best path, or NULL.
static inline const struct bgp_path *bgp_dest_best(const struct bgp_dest *d)
{
	return d->paths;
}

// Calls fn for every destination in the change queue, then empties it (and
// frees the destinations left without paths).
void bgp_rib_drain(void (*fn)(struct bgp_dest *d, void *ctx), void *ctx);
// Calls fn for every destination (any order); stops at a non-zero return.
int bgp_rib_walk(int (*fn)(struct bgp_dest *d, void *ctx), void *ctx);
// Destinations, and paths in total.
size_t bgp_rib_count(void);
size_t bgp_rib_paths(void);

// <0 when a is preferred to b (RFC 4271 9.1.2.2 and the usual tie-breaks).
int bgp_path_cmp(const struct bgp_path *a, const struct bgp_path *b);
// Why a won over b, for "show" ("AS path", "router ID" ...).
const char *bgp_path_cmp_reason(const struct bgp_path *a, const struct bgp_path *b);

#endif
