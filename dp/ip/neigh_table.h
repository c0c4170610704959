// SPDX-License-Identifier: BSD-3-Clause
// Proxy ARP/ND table (RFC 9161): (bridge domain, IPv4 or IPv6 address) -> MAC, in one
// lock-free rte_hash like the MAC FIB (one writer, many readers, the entry is the
// hash's data word). Written only by the table writer (DP_MSG_NEIGH_ADD/DEL), read by
// arp_proxy.
#ifndef EVPND_NEIGH_TABLE_H
#define EVPND_NEIGH_TABLE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <rte_byteorder.h>

#include "dp/core/dp_crc.h"
#include "dp/core/dp_lf_hash.h"
#include "dp/dp_api.h"

// 20-byte key; an IPv4 address sits in the first 4 bytes of ip, the rest zero.
struct neigh_key {
	uint16_t bd;
	uint8_t family;
	uint8_t pad;
	uint8_t ip[16];
};

// Entry: MAC in bits [0:48), flags in [48:56).
typedef uint64_t neigh_entry_t;
#define NEIGH_FLAG_ROUTER 0x01 // answered as a router (ND: the NA's R flag)
#define NEIGH_FLAG_GATEWAY 0x02 // an address of the domain's anycast gateway

static inline struct neigh_key neigh_key_make(uint16_t bd, uint8_t family, const void *ip)
{
	struct neigh_key k = {.bd = bd, .family = family};

	// two constant sizes, inlined: one variable size is a call to memcpy
	if (family == AF_INET)
		memcpy(k.ip, ip, 4);
	else
		memcpy(k.ip, ip, 16);
	return k;
}

// Byte i of the MAC is bits [8i, 8i+8): the entry's first six octets in little-endian
// order, so one copy moves the MAC (a byte loop cost 40 instructions a reply).
static inline neigh_entry_t neigh_entry_make(const uint8_t mac[6], unsigned flags)
{
	uint64_t le = 0;

	memcpy(&le, mac, 6);
	return rte_le_to_cpu_64(le) | (neigh_entry_t)flags << 48;
}

// Whether the entry's MAC is mac: one 64-bit compare (the MAC is bits [0:48)).
static inline bool neigh_entry_mac_is(neigh_entry_t e, const uint8_t mac[6])
{
	uint64_t le = 0;

	memcpy(&le, mac, 6);
	return ((rte_le_to_cpu_64(le) ^ e) & UINT64_C(0xffffffffffff)) == 0;
}

static inline void neigh_entry_mac(neigh_entry_t e, uint8_t mac[6])
{
	uint64_t le = rte_cpu_to_le_64(e);

	memcpy(mac, &le, 6);
}

static inline unsigned neigh_entry_flags(neigh_entry_t e)
{
	return (unsigned)(e >> 48) & 0xff;
}

// Keys are 20 bytes: three CRC32-C instructions, where rte_hash_crc loops over a
// generic length (47 instructions a lookup, perf/run.sh callgrind arp-proxy-reply).
// The table's hash function, and inline in the readers' lookup, with this init value.
#define NEIGH_KEY_HASH_INIT 0
static inline uint32_t neigh_key_sig(const struct neigh_key *key, uint32_t init)
{
	uint64_t a, b;
	uint32_t c;

	memcpy(&a, key, 8);
	memcpy(&b, (const uint8_t *)key + 8, 8);
	memcpy(&c, (const uint8_t *)key + 16, 4);
	return dp_crc32c_4(c, dp_crc32c_8(b, dp_crc32c_8(a, init)));
}

// An IPv4 key and its neigh_key_sig from registers: only its first 8 bytes are not
// zero (arp_proxy's lookup).
static inline uint32_t neigh_key_make4(struct neigh_key *k, uint16_t bd, rte_be32_t ip)
{
	uint64_t head;

	*k = (struct neigh_key){.bd = bd, .family = AF_INET};
	memcpy(k->ip, &ip, 4);
	memcpy(&head, k, 8);
	return dp_crc32c_4(0, dp_crc32c_8(0, dp_crc32c_8(head, NEIGH_KEY_HASH_INIT)));
}

// Callers use the functions below; the struct is here for the inline lookup.
struct neigh_table {
	struct dp_lf_hash lf;
};

struct neigh_table *neigh_table_create(const char *name, uint32_t size, int socket);
void neigh_table_free(struct neigh_table *t);

// Readers (workers). 0 and *e, or -ENOENT. Inline with its hash: a call to it and
// rte_hash_hash's to the hash function cost ~30 instructions an ARP proxy reply.
static inline int neigh_table_lookup(
	const struct neigh_table *t, const struct neigh_key *key, neigh_entry_t *e)
{
	return dp_lf_hash_lookup_with_hash(&t->lf, key, neigh_key_sig(key, NEIGH_KEY_HASH_INIT), e);
}

// The same with the key's neigh_key_sig known (neigh_key_make4's).
static inline int neigh_table_lookup_sig(
	const struct neigh_table *t, const struct neigh_key *key, uint32_t sig, neigh_entry_t *e)
{
	return dp_lf_hash_lookup_with_hash(&t->lf, key, sig, e);
}

// Up to 64 keys at once (rte_hash pipelines them): bit i of the result set when
// keys[i] is there, its entry in e[i] (e[i] undefined otherwise).
uint64_t neigh_table_lookup_bulk(
	const struct neigh_table *t, const struct neigh_key **keys, unsigned n, neigh_entry_t *e);

// Writer only. set: 0 or -ENOSPC (full); del: 0 or -ENOENT. A deleted slot is reused
// only after neigh_table_reclaim, as for the MAC FIB (mac_table.h).
int neigh_table_set(struct neigh_table *t, const struct neigh_key *key, neigh_entry_t e);
int neigh_table_del(struct neigh_table *t, const struct neigh_key *key);
bool neigh_table_reclaim_pending(const struct neigh_table *t);
void neigh_table_reclaim_seal(struct neigh_table *t);
void neigh_table_reclaim(struct neigh_table *t);
uint32_t neigh_table_count(const struct neigh_table *t);
// Walk: *next starts at 0; returns 0 and fills key/entry, or -ENOENT at the end.
int neigh_table_iterate(
	const struct neigh_table *t, uint32_t *next, struct neigh_key *key, neigh_entry_t *e);

#endif
