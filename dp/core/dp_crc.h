// SPDX-License-Identifier: BSD-3-Clause
// CRC32-C of 4 and 8 bytes as one instruction each. rte_hash_crc_4byte/8byte test
// at run time which CRC to use (3 instructions each) and inline a software fallback
// whose registers the caller then saves and restores (~15 instructions a snooped ARP,
// perf/run.sh callgrind arp-proxy-reply). DPDK is built with SSE4.2 as a compile-time
// requirement (-march=corei7, RTE_COMPILE_TIME_CPUFLAGS: EAL refuses a CPU without
// it), so the instruction is always there; the same values as rte_hash_crc's.
#ifndef EVPND_DP_CRC_H
#define EVPND_DP_CRC_H

#include <stdint.h>

#ifdef __SSE4_2__
#include <nmmintrin.h>

static inline uint32_t dp_crc32c_4(uint32_t data, uint32_t init)
{
	return _mm_crc32_u32(init, data);
}

static inline uint32_t dp_crc32c_8(uint64_t data, uint32_t init)
{
	return (uint32_t)_mm_crc32_u64(init, data);
}
#else
#include <rte_hash_crc.h>

static inline uint32_t dp_crc32c_4(uint32_t data, uint32_t init)
{
	return rte_hash_crc_4byte(data, init);
}

static inline uint32_t dp_crc32c_8(uint64_t data, uint32_t init)
{
	return rte_hash_crc_8byte(data, init);
}
#endif

#endif
