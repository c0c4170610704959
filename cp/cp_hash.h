// SPDX-License-Identifier: BSD-3-Clause
// Finalizers for the control plane's hash tables (murmur3's fmix): every input
// bit reaches the low bits a power-of-two mask keeps. Keys such as MACs and
// route distinguishers count up in their last octets; without this they fill
// a fraction of the slots (seen: a quarter of them, 3 probes per lookup).
#ifndef EVPND_CP_HASH_H
#define EVPND_CP_HASH_H

#include <stddef.h>
#include <stdint.h>

static inline uint64_t cp_hash_mix64(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdull;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ull;
	k ^= k >> 33;
	return k;
}

static inline uint32_t cp_hash_mix32(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

// A hash of n bytes (keys of variable length: NLRI, names): FNV-1a, then
// mixed, since FNV's low bits follow the last octets.
static inline uint64_t cp_hash_bytes(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	return cp_hash_mix64(h);
}

#endif
