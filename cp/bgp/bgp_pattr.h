// SPDX-License-Identifier: BSD-3-Clause
// Interned path attribute sets: one refcounted copy of each distinct set of
// attributes, shared by every route that carries it (a route is a prefix and a
// pointer to one of these). Lists stay in wire form, AS paths always with
// 4-octet ASNs. Control thread only.
#ifndef EVPND_BGP_PATTR_H
#define EVPND_BGP_PATTR_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "cp/bgp/bgp_encode.h"
#include "cp/bgp/bgp_msg.h"

#define BGP_WEIGHT_LOCAL 32768 // routes we originate, as FRR
#define BGP_PATTR_DATA_MAX 65535
// has bits of a set beyond the encoder's BGP_AS_*: an IPv6 next hop (RFC 8950
// for IPv4 routes, or an EVPN route over an IPv6 underlay) in next_hop6.
#define BGP_PATTR_NH6 (1u << 16)
#define BGP_PATTR_PMSI_ID_MAX 16

struct bgp_pattr {
	uint32_t refcnt;
	uint32_t hash; // of the key, as interned
	// ---- the key: everything from here to the end of data
	uint32_t has; // BGP_AS_* of bgp_encode.h
	uint32_t weight;
	uint8_t origin;
	uint8_t pad[3];
	struct in_addr next_hop;
	uint32_t med;
	uint32_t local_pref;
	struct bgp_aggregator aggregator;
	struct in_addr originator_id;
	struct in6_addr next_hop6; // BGP_PATTR_NH6 (the global address of a 32-octet one)
	// PMSI_TUNNEL (RFC 6514 5; BGP_AS_PMSI_TUNNEL): EVPN type 3 flood lists
	uint8_t pmsi_flags, pmsi_type, pmsi_id_len;
	uint32_t pmsi_label; // the raw 3 octets
	uint8_t pmsi_id[BGP_PATTR_PMSI_ID_MAX];
	uint16_t aspath_len; // octets of the AS path (4-octet ASNs)
	uint16_t n_cluster, n_comm, n_ext, n_large;
	uint16_t unknown_len; // raw attributes: flags, type, 2-octet length, value
	uint8_t data[];	      // aspath, clusters, communities, ext, large, unknown
};

// A set being built, before interning: a.data has room for
// BGP_PATTR_DATA_MAX octets (a union, as a flexible array member may not be
// followed by another field).
struct bgp_pattr_tmp {
	union {
		struct bgp_pattr a;
		uint8_t room[sizeof(struct bgp_pattr) + BGP_PATTR_DATA_MAX];
	};
};

void bgp_pattr_tmp_init(struct bgp_pattr_tmp *t);
// Appends the lists in the order of data; each returns -ENOSPC when full.
int bgp_pattr_tmp_set_aspath(struct bgp_pattr_tmp *t, const uint8_t *p, uint16_t len);
int bgp_pattr_tmp_add_lists(struct bgp_pattr_tmp *t, const struct bgp_update *u);
// EXTENDED_COMMUNITIES (len octets, 8 per community) of a set being built
// here rather than decoded: before any large community or unknown attribute.
// 0, -EINVAL or -ENOSPC.
int bgp_pattr_tmp_add_ext(struct bgp_pattr_tmp *t, const uint8_t *ext, size_t len);
// COMMUNITIES (4 octets each, before any other list) and LARGE_COMMUNITY (12
// octets each, before any unknown attribute) of a set built here, the same way.
int bgp_pattr_tmp_add_comm(struct bgp_pattr_tmp *t, const uint8_t *comm, size_t len);
int bgp_pattr_tmp_add_large(struct bgp_pattr_tmp *t, const uint8_t *large, size_t len);

// Fills a set from a decoded UPDATE (AS_PATH converted to 4-octet ASNs).
int bgp_pattr_from_update(struct bgp_pattr_tmp *t, const struct bgp_update *u, bool four_octet);

// Returns the shared copy of t with one more reference (NULL on ENOMEM).
struct bgp_pattr *bgp_pattr_intern(const struct bgp_pattr_tmp *t);
struct bgp_pattr *bgp_pattr_ref(struct bgp_pattr *a);
void bgp_pattr_unref(struct bgp_pattr *a);
// Distinct sets alive, and their octets (show commands, tests).
size_t bgp_pattr_count(void);
size_t bgp_pattr_bytes(void);

// Views into data.
struct bgp_bytes bgp_pattr_aspath(const struct bgp_pattr *a);
struct bgp_bytes bgp_pattr_clusters(const struct bgp_pattr *a);
struct bgp_bytes bgp_pattr_comms(const struct bgp_pattr *a);
struct bgp_bytes bgp_pattr_ext(const struct bgp_pattr *a);
struct bgp_bytes bgp_pattr_large(const struct bgp_pattr *a);
struct bgp_bytes bgp_pattr_unknown(const struct bgp_pattr *a);

unsigned bgp_pattr_aspath_hops(const struct bgp_pattr *a);
// First AS of the path (the neighbor AS), 0 for an empty path.
uint32_t bgp_pattr_first_as(const struct bgp_pattr *a);
bool bgp_pattr_aspath_has(const struct bgp_pattr *a, uint32_t asn);
bool bgp_pattr_cluster_has(const struct bgp_pattr *a, struct in_addr id);
// "65001 65002 {65003}" (FRR's spelling); "" for an empty path.
const char *bgp_pattr_aspath_str(const struct bgp_pattr *a, char *buf, size_t len);

// The encoder's view of a (arrays in static scratch space: valid until the next
// call).
void bgp_pattr_to_set(const struct bgp_pattr *a, struct bgp_attr_set *s);

#endif
