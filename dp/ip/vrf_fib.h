// SPDX-License-Identifier: BSD-3-Clause
// A VRF's forwarding table: IPv4 and IPv6 longest-prefix match (DPDK rte_fib, DIR-24-8,
// and rte_fib6, a trie), prefix -> route next hop id (dp_tables.rnh), 0 = no route.
// Written only by the table writer (DP_MSG_ROUTE_ADD/DEL), looked up by ip_forward.
#ifndef EVPND_VRF_FIB_H
#define EVPND_VRF_FIB_H

#include <stdint.h>

#include "dp/dp_api.h"

struct rte_fib;
struct rte_fib6;

struct vrf_fib {
	uint16_t vrf;
	uint32_t n_routes4, n_routes6; // writer only, for show
	struct rte_fib *v4;
	struct rte_fib6 *v6;
};

// Routes one VRF holds per family, unless the configuration says (fib-size).
#define VRF_FIB_MAX_ROUTES 65536
// Sets the size of the FIBs made from now on (writer, before the first route): 0 or
// -EINVAL (below 1024 or above 2^24).
int vrf_fib_size(uint32_t routes);

// Writer. NULL and errno (ENOMEM, EEXIST) on failure.
struct vrf_fib *vrf_fib_create(uint16_t vrf);
void vrf_fib_free(struct vrf_fib *f);
// 0, or -EINVAL (bad family or length, host bits set), -ENOSPC (full); del: -ENOENT
// when the prefix is absent.
int vrf_fib_add(struct vrf_fib *f, const struct dp_ip *prefix, uint8_t len, uint32_t rnh);
int vrf_fib_del(struct vrf_fib *f, const struct dp_ip *prefix, uint8_t len);
// The exact prefix's next hop: 0 and *rnh, or -ENOENT (writer and show).
int vrf_fib_get(const struct vrf_fib *f, const struct dp_ip *prefix, uint8_t len, uint32_t *rnh);

#define VRF_FIB_BULK_MAX 64
// Workers: next hop ids of n (at most VRF_FIB_BULK_MAX) addresses, 0 where no route holds them.
// IPv4 addresses in network order.
void vrf_fib_lookup4(const struct vrf_fib *f, const uint32_t *be_ips, uint32_t *rnh, unsigned n);
void vrf_fib_lookup6(const struct vrf_fib *f, const uint8_t (*ips)[16], uint32_t *rnh, unsigned n);

#endif
