// SPDX-License-Identifier: BSD-3-Clause
// access_output: a frame leaving on an access port, tagged with the member's 802.1Q
// VLAN if it has one -> tx.
#include <rte_ether.h>

#include "dp/core/dp_meta.h"
#include "dp/core/dp_worker.h"

// Not a node (l2_fwd and bum_flood call it per frame), but counted like one.
#define ACCESS_OUTPUT_COUNTERS(X)                                                          \
	X(ACCESS_OUTPUT_CNT_TX, "to_tx", false)                                            \
	X(ACCESS_OUTPUT_CNT_VLAN_FAIL, "vlan_insert_failed", true)
DP_COUNTER_ENUM(access_output_cnt, ACCESS_OUTPUT_COUNTERS);
static struct dp_counters access_output_counters = {.owner = "access_output",
	DP_COUNTER_BLOCK(ACCESS_OUTPUT_COUNTERS)};
DP_COUNTERS_REGISTER(access_output_counters);

void access_output_process(struct dp_worker *w, struct rte_mbuf *m)
{
	struct dp_meta *meta = dp_meta(m);

	if (meta->out_vlan != DP_VLAN_UNTAGGED) {
		m->vlan_tci = meta->out_vlan;
		if (unlikely(rte_vlan_insert(&m) != 0)) {
			dp_drop(dp_cnt(w, &access_output_counters), m, ACCESS_OUTPUT_CNT_VLAN_FAIL);
			return;
		}
	}
	dp_count_in(w, &access_output_counters, ACCESS_OUTPUT_CNT_TX);
	dp_tx(w, meta->out_port, m);
}
