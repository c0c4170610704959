// SPDX-License-Identifier: BSD-3-Clause
// See cp_htable.h.
#include "cp/cp_htable.h"

#include "cp/cp_table_mem.h"

#include <errno.h>
#include <string.h>

#define MIN_SLOTS 16

static size_t slots_for(size_t entries)
{
	size_t n = MIN_SLOTS;
	while (n / 4 * 3 < entries)
		n *= 2;
	return n;
}

static int alloc_slots(struct cp_htable *t, size_t n)
{
	if (n > (size_t)1 << 31) // a walk's position stays a uint32_t
		return -ENOMEM;
	uint8_t *s = cp_table_alloc(n, t->size);
	if (s == NULL)
		return -ENOMEM;
	t->slots = s;
	t->mask = (uint32_t)(n - 1);
	return 0;
}

int cp_htable_init(struct cp_htable *t, size_t esize, size_t align, size_t min)
{
	memset(t, 0, sizeof(*t));
	if (esize == 0 || esize > UINT16_MAX / 2 || align == 0 || align > 8 ||
		(align & (align - 1)) != 0)
		return -EINVAL;
	// the entry after the 4-byte hash, both aligned; the slot a multiple of both
	size_t a = align > 4 ? align : 4;
	t->off = (uint16_t)a;
	t->size = (uint16_t)((a + esize + a - 1) & ~(a - 1));
	return alloc_slots(t, slots_for(min));
}

void cp_htable_fini(struct cp_htable *t)
{
	if (t->slots != NULL)
		cp_table_free(t->slots, (size_t)t->mask + 1, t->size);
	memset(t, 0, sizeof(*t));
}

void cp_htable_clear(struct cp_htable *t)
{
	memset(t->slots, 0, cp_htable_bytes(t));
	t->count = 0;
}

static uint8_t *slot(const struct cp_htable *t, uint32_t i)
{
	return t->slots + (size_t)i * t->size;
}

// The MAC index's 8-byte slots are moved in one instruction, not by a call
// to memcpy with a size known only at run time.
static void slot_copy(const struct cp_htable *t, uint8_t *dst, const uint8_t *src)
{
	if (t->size == 8)
		memcpy(dst, src, 8);
	else
		memcpy(dst, src, t->size);
}

static void slot_zero(const struct cp_htable *t, uint8_t *dst)
{
	if (t->size == 8)
		memset(dst, 0, 8);
	else
		memset(dst, 0, t->size);
}

static uint32_t empty_from(const struct cp_htable *t, uint32_t tag)
{
	uint32_t i = tag & t->mask;
	while (cp_htable_used(t, i))
		i = (i + 1) & t->mask;
	return i;
}

// Doubles the slots and puts every entry back by its stored hash.
static int grow(struct cp_htable *t)
{
	struct cp_htable old = *t;
	if (alloc_slots(t, ((size_t)old.mask + 1) * 2) < 0) {
		*t = old;
		return -ENOMEM;
	}
	for (uint32_t i = 0; i <= old.mask; i++) {
		uint32_t h = cp_htable_hash_at(&old, i);
		if (h != 0)
			slot_copy(t, slot(t, empty_from(t, h)), slot(&old, i));
	}
	cp_table_free(old.slots, (size_t)old.mask + 1, old.size);
	return 0;
}

void *cp_htable_grow_fill(struct cp_htable *t, uint32_t hash)
{
	if (grow(t) < 0) {
		errno = ENOMEM;
		return NULL;
	}
	uint32_t tag = cp_htable_tag(hash), i = empty_from(t, tag);
	memcpy(slot(t, i), &tag, sizeof(tag));
	t->count++;
	return cp_htable_at(t, i);
}

// Empties slot i, moving back each later entry of the run that probed past
// it (its home is not in the cyclic interval (i, j]).
void cp_htable_del_shift(struct cp_htable *t, uint32_t i)
{
	for (uint32_t j = (i + 1) & t->mask; cp_htable_used(t, j); j = (j + 1) & t->mask) {
		uint32_t home = cp_htable_hash_at(t, j) & t->mask;
		bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
		if (!stays) {
			slot_copy(t, slot(t, i), slot(t, j));
			i = j;
		}
	}
	slot_zero(t, slot(t, i));
	t->count--;
}

void cp_htable_del(struct cp_htable *t, void *e)
{
	cp_htable_del_at(t, (uint32_t)(((uint8_t *)e - t->off - t->slots) / t->size));
}

void *cp_htable_next(const struct cp_htable *t, uint32_t *pos)
{
	for (size_t i = *pos; t->slots != NULL && i <= t->mask; i++)
		if (cp_htable_used(t, (uint32_t)i)) {
			*pos = (uint32_t)i + 1;
			return cp_htable_at(t, (uint32_t)i);
		}
	*pos = t->mask + 1;
	return NULL;
}
