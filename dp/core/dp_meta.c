// SPDX-License-Identifier: BSD-3-Clause
#include "dp/core/dp_meta.h"

struct rte_mempool *dp_pktmbuf_pool_create(const char *name, unsigned n, int socket)
{
	unsigned cache = n >= 4096 ? 256 : 0;
	return rte_pktmbuf_pool_create(name, n, cache, DP_META_SIZE, RTE_MBUF_DEFAULT_BUF_SIZE,
		socket);
}
