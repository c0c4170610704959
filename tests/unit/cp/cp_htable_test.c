// SPDX-License-Identifier: BSD-3-Clause
// cp/cp_htable.c: insert, lookup, delete with backward shift, grow and walk,
// checked against a plain array of what must be there; a hash that puts every
// key in a handful of slots makes every probe a collision.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cp/cp_hash.h"
#include "cp/cp_htable.h"

#define N 20000

struct ent {
	uint64_t key;
	uint32_t val;
};

static bool ent_eq(const void *e, const void *key, void *arg)
{
	(void)arg;
	return ((const struct ent *)e)->key == *(const uint64_t *)key;
}

static uint32_t good_hash(uint64_t k)
{
	return (uint32_t)cp_hash_mix64(k);
}

// 8 distinct values whose homes are the last slots and, for 0 (stored as 1),
// slot 1: long runs that wrap around the end into another run.
static uint32_t bad_hash(uint64_t k)
{
	return k % 8 == 0 ? 0 : UINT32_MAX - (uint32_t)(k % 8);
}

static struct ent *add(struct cp_htable *t, uint32_t (*hash)(uint64_t), uint64_t k, uint32_t v)
{
	uint32_t i = cp_htable_probe(t, hash(k), &k, ent_eq, NULL);
	assert_false(cp_htable_used(t, i));
	struct ent *e = cp_htable_fill(t, i, hash(k));
	assert_non_null(e);
	assert_int_equal(e->key, 0); // zeroed
	e->key = k;
	e->val = v;
	return e;
}

static struct ent *find(const struct cp_htable *t, uint32_t (*hash)(uint64_t), uint64_t k)
{
	return cp_htable_find(t, hash(k), &k, ent_eq, NULL);
}

// Every key of present[] is found with its value, every other is not, and a
// walk sees each present key exactly once.
static void check(
	const struct cp_htable *t, uint32_t (*hash)(uint64_t), const bool *present, size_t n)
{
	size_t count = 0;
	for (uint64_t k = 0; k < n; k++) {
		struct ent *e = find(t, hash, k * 7 + 3);
		if (!present[k]) {
			assert_null(e);
			continue;
		}
		assert_non_null(e);
		assert_int_equal(e->val, (uint32_t)k);
		count++;
	}
	assert_int_equal(cp_htable_count(t), count);
	uint8_t *seen = calloc(n, 1);
	uint32_t pos = 0, walked = 0;
	for (struct ent *e; (e = cp_htable_next(t, &pos)) != NULL; walked++) {
		uint64_t k = (e->key - 3) / 7;
		assert_true(k < n && present[k]);
		assert_int_equal(seen[k]++, 0);
	}
	assert_int_equal(walked, count);
	free(seen);
}

static void churn(uint32_t (*hash)(uint64_t), size_t n)
{
	struct cp_htable t;
	bool *present = calloc(n, sizeof(*present));
	assert_int_equal(cp_htable_init(&t, sizeof(struct ent), 8, 0), 0);
	assert_int_equal(t.size, 24); // 4 + pad + 16, a multiple of 8
	for (uint64_t k = 0; k < n; k++) {
		add(&t, hash, k * 7 + 3, (uint32_t)k);
		present[k] = true;
	}
	assert_true(cp_htable_bytes(&t) >= n * 4 / 3 * t.size); // it grew
	check(&t, hash, present, n);
	// delete two thirds, in an order unrelated to the slots
	for (uint64_t k = 0; k < n; k++) {
		if (k % 3 == 0)
			continue;
		cp_htable_del(&t, find(&t, hash, k * 7 + 3));
		present[k] = false;
	}
	check(&t, hash, present, n);
	// and back: the holes the deletes left are usable
	for (uint64_t k = 0; k < n; k += 3)
		if (k % 2 == 0) {
			cp_htable_del(&t, find(&t, hash, k * 7 + 3));
			present[k] = false;
		}
	for (uint64_t k = 1; k < n; k += 3) {
		add(&t, hash, k * 7 + 3, (uint32_t)k);
		present[k] = true;
	}
	check(&t, hash, present, n);
	cp_htable_clear(&t);
	memset(present, 0, n * sizeof(*present));
	check(&t, hash, present, n);
	cp_htable_fini(&t);
	free(present);
}

static void many_keys(void **state)
{
	(void)state;
	churn(good_hash, N);
}

static void collisions(void **state)
{
	(void)state;
	churn(bad_hash, 2000); // quadratic probes: fewer keys
}

static bool id_eq(const void *e, const void *key, void *arg)
{
	(void)arg;
	return *(const uint32_t *)e == *(const uint32_t *)key;
}

// A 4-byte entry costs 8 bytes a slot: the MAC table's index depends on it.
static void small_entries(void **state)
{
	(void)state;
	struct cp_htable t;
	assert_int_equal(cp_htable_init(&t, 4, 4, 98304), 0);
	assert_int_equal(t.size, 8);
	assert_int_equal(cp_htable_bytes(&t), 131072 * 8); // 98304: 3/4 of 2^17, no grow
	for (uint32_t id = 1; id <= 98304; id++) {
		uint32_t h = cp_hash_mix32(id);
		uint32_t *e = cp_htable_fill(&t, cp_htable_probe(&t, h, &id, id_eq, NULL), h);
		*e = id;
	}
	assert_int_equal(cp_htable_bytes(&t), 131072 * 8);
	uint32_t id = 77777;
	assert_int_equal(*(uint32_t *)cp_htable_find(&t, cp_hash_mix32(id), &id, id_eq, NULL), id);
	id = 98305;
	assert_null(cp_htable_find(&t, cp_hash_mix32(id), &id, id_eq, NULL));
	cp_htable_fini(&t);
	assert_int_equal(cp_htable_init(&t, 4, 3, 0), -EINVAL);
	assert_int_equal(cp_htable_init(&t, 0, 4, 0), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(many_keys),
		cmocka_unit_test(collisions),
		cmocka_unit_test(small_entries),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
