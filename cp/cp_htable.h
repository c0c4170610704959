// SPDX-License-Identifier: BSD-3-Clause
// The control plane's one hash table: open addressing with linear probing over
// slots that hold a 32-bit hash and the entry itself, inline (no allocation
// per entry, no pointer per entry). The caller hashes and compares; the table
// never reads an entry to place it (grow and delete use the stored hash), so
// an entry may be only an index into the caller's own storage: the EVPN MAC
// table keeps 4-byte ids here, 8 bytes a slot, the same as its own index was.
// Delete shifts back the entries that probed past the hole (no tombstones):
// lookups stay as short after churn as after inserts. An empty slot is all
// zero bytes. An entry pointer is valid until the next fill or delete.
#ifndef EVPND_CP_HTABLE_H
#define EVPND_CP_HTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct cp_htable {
	uint8_t *slots;
	uint32_t mask;	// slots - 1, slots a power of two
	uint32_t count; // entries
	uint16_t size;	// bytes of a slot
	uint16_t off;	// of the entry in its slot, after the hash
};

// True when entry is key's (the caller's types behind both).
typedef bool cp_htable_eq_fn(const void *entry, const void *key, void *arg);

// An empty table of entries of esize bytes aligned to align (1..8) with room
// for at least min entries before it grows. 0, -EINVAL or -ENOMEM.
int cp_htable_init(struct cp_htable *t, size_t esize, size_t align, size_t min);
void cp_htable_fini(struct cp_htable *t);
// Empties it, keeping its size.
void cp_htable_clear(struct cp_htable *t);

// The hash as stored: 0 marks an empty slot.
static inline uint32_t cp_htable_tag(uint32_t hash)
{
	return hash != 0 ? hash : 1;
}

static inline uint32_t cp_htable_hash_at(const struct cp_htable *t, uint32_t i)
{
	const uint8_t *s = t->slots + (size_t)i * t->size;
	return *(const uint32_t *)(const void *)s;
}

// The entry of slot i (used or not).
static inline void *cp_htable_at(const struct cp_htable *t, uint32_t i)
{
	return t->slots + (size_t)i * t->size + t->off;
}

static inline bool cp_htable_used(const struct cp_htable *t, uint32_t i)
{
	return cp_htable_hash_at(t, i) != 0;
}

// The slot of key (hashing to hash), or the empty slot where it would go.
// Inline so that a constant eq is inlined too: the MAC table's lookups are
// on the path of every EVPN route.
static inline uint32_t cp_htable_probe(
	const struct cp_htable *t, uint32_t hash, const void *key, cp_htable_eq_fn *eq, void *arg)
{
	uint32_t tag = cp_htable_tag(hash);
	for (uint32_t i = tag & t->mask;; i = (i + 1) & t->mask) {
		uint32_t h = cp_htable_hash_at(t, i);
		if (h == 0 || (h == tag && eq(cp_htable_at(t, i), key, arg)))
			return i;
	}
}

// Brings the first slot a lookup of hash reads into the cache.
static inline void cp_htable_prefetch(const struct cp_htable *t, uint32_t hash)
{
	__builtin_prefetch(t->slots + (size_t)(cp_htable_tag(hash) & t->mask) * t->size);
}

// key's entry, or NULL.
static inline void *cp_htable_find(
	const struct cp_htable *t, uint32_t hash, const void *key, cp_htable_eq_fn *eq, void *arg)
{
	uint32_t i = cp_htable_probe(t, hash, key, eq, arg);
	return cp_htable_used(t, i) ? cp_htable_at(t, i) : NULL;
}

// What cp_htable_fill does when the table must grow first.
void *cp_htable_grow_fill(struct cp_htable *t, uint32_t hash);

// Takes empty slot i (from cp_htable_probe with this hash, nothing filled or
// deleted since) for a new entry, growing first when it would be more than
// three quarters full. Its zeroed entry, or NULL (errno ENOMEM).
static inline void *cp_htable_fill(struct cp_htable *t, uint32_t i, uint32_t hash)
{
	if (((size_t)t->count + 1) * 4 > ((size_t)t->mask + 1) * 3)
		return cp_htable_grow_fill(t, hash);
	uint32_t tag = cp_htable_tag(hash);
	*(uint32_t *)(void *)(t->slots + (size_t)i * t->size) = tag;
	t->count++;
	return cp_htable_at(t, i);
}
// Removes the entry e points to (from this table).
void cp_htable_del(struct cp_htable *t, void *e);
// What cp_htable_del_at does when entries after slot i may have to move back.
void cp_htable_del_shift(struct cp_htable *t, uint32_t i);

// Removes the entry of used slot i. Inline for the common case: the next slot
// is empty, so nothing moves.
static inline void cp_htable_del_at(struct cp_htable *t, uint32_t i)
{
	if (cp_htable_used(t, (i + 1) & t->mask)) {
		cp_htable_del_shift(t, i);
		return;
	}
	uint8_t *s = t->slots + (size_t)i * t->size;
	if (t->size == 8)
		memset(s, 0, 8); // the MAC index: one store, no call
	else
		memset(s, 0, t->size);
	t->count--;
}
// The next entry from slot *pos on (start at 0), *pos moved past it; NULL at
// the end. A delete during a walk may shift an entry not yet seen into a slot
// already passed: collect first, then delete.
void *cp_htable_next(const struct cp_htable *t, uint32_t *pos);

static inline size_t cp_htable_count(const struct cp_htable *t)
{
	return t->count;
}

// Bytes of its slots.
static inline size_t cp_htable_bytes(const struct cp_htable *t)
{
	return t->slots != NULL ? ((size_t)t->mask + 1) * t->size : 0;
}

#endif
