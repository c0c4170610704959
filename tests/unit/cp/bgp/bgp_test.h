// SPDX-License-Identifier: BSD-3-Clause
// Helpers shared by the cp/bgp codec tests: fixtures captured from FRR, and
// UPDATEs assembled from hex strings.
#ifndef EVPND_TESTS_BGP_TEST_H
#define EVPND_TESTS_BGP_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "unit/test_file.h"

#include "cp/bgp/bgp_decode.h"

#ifndef BGP_FIXTURES
#error "BGP_FIXTURES must name the fixtures directory"
#endif

// Reads fixtures/<name> into a buffer of exactly its size. Caller frees.
static inline uint8_t *fixture_load(const char *name, size_t *len)
{
	return test_file_load(BGP_FIXTURES, name, len);
}

// Hex digits (spaces ignored) into buf; returns the octet count.
static inline size_t hex_to_bytes(const char *hex, uint8_t *buf, size_t cap)
{
	size_t n = 0;
	int hi = -1;
	for (const char *c = hex; *c; c++) {
		int v;
		if (*c >= '0' && *c <= '9')
			v = *c - '0';
		else if (*c >= 'a' && *c <= 'f')
			v = *c - 'a' + 10;
		else if (*c >= 'A' && *c <= 'F')
			v = *c - 'A' + 10;
		else
			continue;
		if (hi < 0) {
			hi = v;
			continue;
		}
		assert_true(n < cap);
		buf[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	assert_int_equal(hi, -1);
	return n;
}

// An UPDATE from hex withdrawn routes, attributes and NLRI; lengths computed.
static inline size_t update_from_hex(
	uint8_t *buf, size_t cap, const char *withdrawn, const char *attrs, const char *nlri)
{
	assert_true(cap >= 23);
	memset(buf, 0xff, 16);
	buf[18] = BGP_MSG_UPDATE;
	size_t w = hex_to_bytes(withdrawn, buf + 21, cap - 21);
	buf[19] = (uint8_t)(w >> 8);
	buf[20] = (uint8_t)w;
	size_t a = hex_to_bytes(attrs, buf + 23 + w, cap - 23 - w);
	buf[21 + w] = (uint8_t)(a >> 8);
	buf[22 + w] = (uint8_t)a;
	size_t n = hex_to_bytes(nlri, buf + 23 + w + a, cap - 23 - w - a);
	size_t len = 23 + w + a + n;
	buf[16] = (uint8_t)(len >> 8);
	buf[17] = (uint8_t)len;
	return len;
}

#endif
