// SPDX-License-Identifier: BSD-3-Clause
// access_output: a frame leaving on an access port, tagged with the member's 802.1Q
// VLAN if it has one -> tx.
#include <rte_ether.h>

#include "dp/core/dp_meta.h"
#include "dp/core/dp_worker.h"

void access_output_process(struct dp_worker *w, struct rte_mbuf *m)
{
	struct dp_meta *meta = dp_meta(m);

	if (meta->out_vlan != DP_VLAN_UNTAGGED) {
		m->vlan_tci = meta->out_vlan;
		if (unlikely(rte_vlan_insert(&m) != 0)) {
			dp_drop(w, m, DP_CNT_ACCESS_OUTPUT_VLAN_FAIL);
			return;
		}
	}
	dp_count(w, DP_CNT_ACCESS_OUTPUT_TX);
	dp_tx(w, meta->out_port, m);
}
