// SPDX-License-Identifier: BSD-3-Clause
// The member of an ECMP route next hop (DP_RNH_ECMP) a flow takes: a hash of the IP
// source and destination, mixed (murmur3's finaliser), whose high bits pick (no
// division). Workers, under RCU; members are never ECMP ones (the writer checks).
#ifndef EVPND_RNH_ECMP_H
#define EVPND_RNH_ECMP_H

#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <urcu/pointer.h>

#include "dp/core/dp_tables.h"

// dst: the destination address in the packet's IP header (the source sits before it).
static inline const struct dp_rnh *rnh_ecmp_pick(
	const struct dp_rnh *nh, uint8_t family, const uint8_t *dst)
{
	unsigned words = family == AF_INET ? 2 : 8;
	const uint8_t *a = dst - (words / 2) * 4;
	uint32_t h = 0;

	for (unsigned i = 0; i < words; i++) {
		uint32_t w;
		memcpy(&w, a + 4 * i, 4);
		h = (h ^ w) * 0x9e3779b1u;
	}
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return rcu_dereference(dp_tables.rnh[nh->members[((uint64_t)h * nh->n_members) >> 32]]);
}

#endif
