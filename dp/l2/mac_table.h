// SPDX-License-Identifier: BSD-3-Clause
// MAC FIB: (bridge domain, MAC) -> a packed 64-bit entry, in one lock-free rte_hash
// (one writer, many readers). The entry is the hash's data word itself, so a lookup
// costs no pointer chase and an update is one atomic store.
#ifndef EVPND_MAC_TABLE_H
#define EVPND_MAC_TABLE_H

#include <rte_ether.h>
#include <rte_hash.h>
#include <stdbool.h>
#include <stdint.h>

#include "dp/dp_api.h"

// 8-byte key: bridge domain and MAC.
union mac_key {
	struct {
		uint16_t bd;
		uint8_t mac[6];
	};
	uint64_t u64;
};

// Entry layout (64 bits):
//   local kinds:  kind[0:8) flags[8:16) seen[16:32) port[32:48) vlan[48:64)
//   remote kinds: kind[0:8) flags[8:16) vni[16:40)  nh[40:64)
// `seen` is the writer's clock in seconds (mod 2^16) when the MAC was last reported.
typedef uint64_t mac_entry_t;

#define MAC_FLAG_PINNED 0x01 // a local sighting does not displace it (dp_msg_mac.pinned)

static inline unsigned mac_entry_kind(mac_entry_t e)
{
	return e & 0xff;
}
static inline unsigned mac_entry_flags(mac_entry_t e)
{
	return (e >> 8) & 0xff;
}
static inline bool mac_entry_is_local(mac_entry_t e)
{
	return mac_entry_kind(e) <= DP_MAC_LOCAL_STATIC;
}
static inline uint16_t mac_entry_seen(mac_entry_t e)
{
	return (uint16_t)(e >> 16);
}
static inline uint16_t mac_entry_port(mac_entry_t e)
{
	return (uint16_t)(e >> 32);
}
static inline uint16_t mac_entry_vlan(mac_entry_t e)
{
	return (uint16_t)(e >> 48);
}
static inline uint32_t mac_entry_vni(mac_entry_t e)
{
	return (uint32_t)(e >> 16) & 0xffffff;
}
static inline uint32_t mac_entry_nh(mac_entry_t e)
{
	return (uint32_t)(e >> 40);
}
static inline mac_entry_t mac_entry_local(unsigned kind, unsigned flags, uint16_t seen,
	uint16_t port, uint16_t vlan)
{
	return (mac_entry_t)kind | (mac_entry_t)flags << 8 | (mac_entry_t)seen << 16 |
		(mac_entry_t)port << 32 | (mac_entry_t)vlan << 48;
}
static inline mac_entry_t mac_entry_remote(unsigned kind, unsigned flags, uint32_t vni,
	uint32_t nh)
{
	return (mac_entry_t)kind | (mac_entry_t)flags << 8 | (mac_entry_t)(vni & 0xffffff) << 16 |
		(mac_entry_t)(nh & 0xffffff) << 40;
}

static inline union mac_key mac_key_make(uint16_t bd, const struct rte_ether_addr *mac)
{
	union mac_key k;
	k.u64 = 0;
	k.bd = bd;
	rte_ether_addr_copy(mac, (struct rte_ether_addr *)k.mac);
	return k;
}

struct mac_table;

struct mac_table *mac_table_create(const char *name, uint32_t size, int socket);
void mac_table_free(struct mac_table *t);

// Readers (workers): up to RTE_HASH_LOOKUP_BULK_MAX keys. Returns a hit bitmask.
uint64_t mac_table_lookup_bulk(const struct mac_table *t, const union mac_key **keys,
	unsigned n, mac_entry_t *entries);
int mac_table_lookup(const struct mac_table *t, const union mac_key *key, mac_entry_t *e);

// Writer only.
int mac_table_set(struct mac_table *t, const union mac_key *key, mac_entry_t e);
// Removes the key now; its slot is reused only after mac_table_reclaim (after a grace
// period), so readers in flight never see another key's data under their key.
int mac_table_del(struct mac_table *t, const union mac_key *key);
// Reclamation in two steps around a grace period that does not block: seal (the
// slots deleted so far wait for the grace period started after it), then reclaim
// (frees the sealed slots, once that grace period has ended). Deletes in between
// wait for the next seal.
bool mac_table_reclaim_pending(const struct mac_table *t); // deleted, not sealed
void mac_table_reclaim_seal(struct mac_table *t); // only with none sealed
void mac_table_reclaim(struct mac_table *t);
uint32_t mac_table_count(const struct mac_table *t); // keys in it (not slots held)
// Walk: *next starts at 0; returns 0 and fills key/entry, or -ENOENT at the end.
int mac_table_iterate(const struct mac_table *t, uint32_t *next, union mac_key *key,
	mac_entry_t *e);

#endif
