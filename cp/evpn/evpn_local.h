// SPDX-License-Identifier: BSD-3-Clause
// The routes we originate (our EVPN Loc-RIB part): a type 2 per local MAC
// (with its mobility sequence and sticky flag) and a type 3 per VNI, each in
// wire form (evpn_route_out), keyed by its NLRI. Changes are queued for the
// BGP side, which drains them into UPDATEs; a withdrawn route stays as a
// tombstone until drained. Control thread only.
#ifndef EVPND_EVPN_LOCAL_H
#define EVPND_EVPN_LOCAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cp/evpn/evpn_route.h"

struct evpn_local_route {
	struct evpn_local_route *next; // hash chain
	uint32_t vni;
	bool live;    // false: withdrawn, waiting to be drained
	bool pending; // in the change queue
	struct evpn_route_out out;
};

int evpn_local_init(void);
void evpn_local_fini(void);

// Adds or replaces the route with out's NLRI. 0 or -ENOMEM.
int evpn_local_set(uint32_t vni, const struct evpn_route_out *out);
// Withdraws the route with this NLRI (type, length, value). 0 or -ENOENT.
int evpn_local_del(const uint8_t *nlri, size_t len);
const struct evpn_local_route *evpn_local_find(const uint8_t *nlri, size_t len);

typedef void (*evpn_local_fn)(const struct evpn_local_route *r, void *arg);
// Every live route.
void evpn_local_walk(evpn_local_fn fn, void *arg);
// Every queued change (live: announce, else withdraw), oldest first; then
// the queue is empty and the tombstones are freed. fn may be NULL.
void evpn_local_drain(evpn_local_fn fn, void *arg);
size_t evpn_local_pending(void);
size_t evpn_local_count(void); // live routes

#endif
