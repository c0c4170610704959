// SPDX-License-Identifier: BSD-3-Clause
#include "dp/core/dp_counters.h"

const struct dp_counter_desc dp_counter_desc[DP_CNT_MAX] = {
#define DP_CNT_DESC(id, n, e, d) [DP_CNT_##id] = {.node = n, .edge = e, .drop = d},
	DP_COUNTER_LIST(DP_CNT_DESC)
#undef DP_CNT_DESC
};
