// SPDX-License-Identifier: BSD-3-Clause
// Big-endian loads and stores for the codec (internal to cp/bgp). The loads
// and stores do not check lengths (callers do); the bgp_out writer does.
#ifndef EVPND_BGP_WIRE_H
#define EVPND_BGP_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint16_t bgp_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t bgp_get24(const uint8_t *p)
{
	return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

static inline uint32_t bgp_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void bgp_put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static inline void bgp_put24(uint8_t *p, uint32_t v)
{
	p[0] = (v >> 16) & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = v & 0xff;
}

static inline void bgp_put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

// A bounded output: writes past cap are refused and remembered.
struct bgp_out {
	uint8_t *buf;
	size_t cap;
	size_t len;
	bool full;
};

// Room for n more octets, or NULL (and full set).
static inline uint8_t *bgp_out_take(struct bgp_out *o, size_t n)
{
	if (o->full || o->cap - o->len < n) {
		o->full = true;
		return NULL;
	}
	uint8_t *p = o->buf + o->len;
	o->len += n;
	return p;
}

static inline void bgp_out_u8(struct bgp_out *o, uint8_t v)
{
	uint8_t *p = bgp_out_take(o, 1);
	if (p)
		p[0] = v;
}

static inline void bgp_out_u16(struct bgp_out *o, uint16_t v)
{
	uint8_t *p = bgp_out_take(o, 2);
	if (p)
		bgp_put16(p, v);
}

static inline void bgp_out_u32(struct bgp_out *o, uint32_t v)
{
	uint8_t *p = bgp_out_take(o, 4);
	if (p)
		bgp_put32(p, v);
}

static inline void bgp_out_bytes(struct bgp_out *o, const void *v, size_t n)
{
	uint8_t *p = bgp_out_take(o, n);
	if (p && n)
		memcpy(p, v, n);
}

// Marker, length and type of a message.
static inline void bgp_put_header(uint8_t *buf, uint16_t len, uint8_t type)
{
	memset(buf, 0xff, 16);
	bgp_put16(buf + 16, len);
	buf[18] = type;
}

#endif
