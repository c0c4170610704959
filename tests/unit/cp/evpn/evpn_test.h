// SPDX-License-Identifier: BSD-3-Clause
// Helpers shared by the cp/evpn tests: fixtures (BGP UPDATEs captured from
// FRR, see fixtures/README.md) and a small attribute walk, so these tests do
// not depend on the BGP decoder.
#ifndef EVPND_TESTS_EVPN_TEST_H
#define EVPND_TESTS_EVPN_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "unit/test_file.h"

#ifndef EVPN_FIXTURES
#error "EVPN_FIXTURES must name the fixtures directory"
#endif

// Reads fixtures/<name> into a buffer of exactly its size. Caller frees.
static inline uint8_t *evpn_fixture(const char *name, size_t *len)
{
	return test_file_load(EVPN_FIXTURES, name, len);
}

// What the tests need of an UPDATE carrying EVPN.
struct evpn_test_update {
	const uint8_t *reach_nh; // MP_REACH next hop
	size_t reach_nh_len;
	const uint8_t *reach; // MP_REACH NLRI field
	size_t reach_len;
	const uint8_t *unreach; // MP_UNREACH NLRI field
	size_t unreach_len;
	bool has_unreach;
	const uint8_t *ecomm; // EXTENDED_COMMUNITIES value
	size_t ecomm_len;
	const uint8_t *pmsi; // PMSI_TUNNEL value
	size_t pmsi_len;
};

static inline uint16_t evpn_test_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

// Walks the path attributes of a whole UPDATE message (header included).
static inline void evpn_test_parse(const uint8_t *m, size_t len, struct evpn_test_update *u)
{
	memset(u, 0, sizeof(*u));
	assert_true(len >= 23);
	assert_int_equal(m[18], 2);
	size_t wl = evpn_test_get16(m + 19);
	size_t off = 21 + wl;
	size_t al = evpn_test_get16(m + off);
	off += 2;
	size_t end = off + al;
	assert_true(end <= len);
	while (off < end) {
		uint8_t flags = m[off], type = m[off + 1];
		size_t vl = flags & 0x10 ? evpn_test_get16(m + off + 2) : m[off + 2];
		const uint8_t *v = m + off + (flags & 0x10 ? 4 : 3);
		off += (flags & 0x10 ? 4 : 3) + vl;
		assert_true(off <= end);
		if (type == 14) {
			assert_int_equal(evpn_test_get16(v), 25);
			assert_int_equal(v[2], 70);
			u->reach_nh = v + 4;
			u->reach_nh_len = v[3];
			u->reach = v + 5 + v[3];
			u->reach_len = vl - 5 - v[3];
		} else if (type == 15) {
			assert_int_equal(evpn_test_get16(v), 25);
			assert_int_equal(v[2], 70);
			u->has_unreach = true;
			u->unreach = v + 3;
			u->unreach_len = vl - 3;
		} else if (type == 16) {
			u->ecomm = v;
			u->ecomm_len = vl;
		} else if (type == 22) {
			u->pmsi = v;
			u->pmsi_len = vl;
		}
	}
}

#endif
