// SPDX-License-Identifier: BSD-3-Clause
// The routes we originate (our EVPN Loc-RIB part): a type 2 per local MAC
// (with its mobility sequence and sticky flag) and a type 3 per VNI, each in
// wire form (evpn_route_out), keyed by its NLRI. Changes are queued for the
// BGP side, which drains them into UPDATEs; a withdrawn route stays as a
// tombstone until drained. Control thread only.
//
// MAC+IP routes: the IPs seen for a local MAC in ARP/ND (a few per MAC, kept
// only while the MAC is advertised) each get a type 2 with the MAC's own
// sequence and sticky flag, re-advertised with it and withdrawn with it.
#ifndef EVPND_EVPN_LOCAL_H
#define EVPND_EVPN_LOCAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cp/evpn/evpn_route.h"

struct evpn_local_route {
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

// ---- MAC+IP routes of local MACs

#define EVPN_LOCAL_MAX_IPS 4 // per MAC; a new one replaces the oldest

// Advertises (or re-advertises) our MAC-only type 2 for a local MAC, and a
// MAC+IP one per IP known for it, all with seq and sticky. 0 or -errno.
int evpn_local_mac_set(const struct evpn_vni *v, const uint8_t mac[6], uint32_t seq, bool sticky,
	const struct dp_ip *vtep);
// Withdraws them all and forgets the MAC's IPs. 0, or -ENOENT when the
// MAC-only route was not advertised.
int evpn_local_mac_del(const struct evpn_vni *v, const uint8_t mac[6], const struct dp_ip *vtep);
// An IP seen for a local MAC whose route is advertised with seq and sticky:
// 1 when its MAC+IP route is new, 0 when known already, -errno. At
// EVPN_LOCAL_MAX_IPS the oldest IP's route is withdrawn for it.
int evpn_local_mac_ip_add(const struct evpn_vni *v, const uint8_t mac[6], const struct cp_ip *ip,
	uint32_t seq, bool sticky, const struct dp_ip *vtep);
// Withdraws the MAC+IP route of one IP of a local MAC (the IP moved to another
// MAC) and forgets it. 0, or -ENOENT when the MAC did not have it.
int evpn_local_mac_ip_del(const struct evpn_vni *v, const uint8_t mac[6], const struct cp_ip *ip,
	const struct dp_ip *vtep);
// The IPs known for a MAC, oldest first. Returns how many.
unsigned evpn_local_mac_ips(
	uint32_t vni, const uint8_t mac[6], struct cp_ip out[EVPN_LOCAL_MAX_IPS]);

#endif
