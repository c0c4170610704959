// SPDX-License-Identifier: BSD-3-Clause
// l2_fwd's counters, shared with its side step (dp/l2/l2_snoop.c): every edge it
// takes, the events it sends, and every drop, named (the drops: true).
#ifndef EVPND_DP_L2_L2_FWD_H
#define EVPND_DP_L2_L2_FWD_H

#include "dp/core/dp_node.h"

#define L2_FWD_COUNTERS(X)                                                                         \
	X(L2_FWD_CNT_LOCAL, "to_access", false)                                                    \
	X(L2_FWD_CNT_REMOTE, "to_vxlan_encap", false)                                              \
	X(L2_FWD_CNT_FLOOD, "to_bum_flood", false)                                                 \
	X(L2_FWD_CNT_LEARN, "learn_event", false)                                                  \
	X(L2_FWD_CNT_LEARN_RING_FULL, "learn_ring_full", false)                                    \
	X(L2_FWD_CNT_SNOOP, "snoop_event", false)                                                  \
	X(L2_FWD_CNT_SNOOP_DHCP, "snoop_dhcp_event", false)                                        \
	X(L2_FWD_CNT_STATIC_MOVE, "static_mac_seen_elsewhere", false)                              \
	X(L2_FWD_CNT_BAD_SRC_MAC, "bad_src_mac", true)                                             \
	X(L2_FWD_CNT_SAME_PORT, "same_port", true)                                                 \
	X(L2_FWD_CNT_SPLIT_HORIZON, "split_horizon", true)                                         \
	X(L2_FWD_CNT_NO_BD, "no_bridge_domain", true)                                              \
	X(L2_FWD_CNT_TO_ARP_PROXY, "to_arp_proxy", false)                                          \
	X(L2_FWD_CNT_TO_ND_PROXY, "to_nd_proxy", false)                                            \
	X(L2_FWD_CNT_TO_GW, "to_gw_input", false)                                                  \
	X(L2_FWD_CNT_GW_SRC_MAC, "gateway_src_mac", true)
DP_COUNTER_ENUM(l2_fwd_cnt, L2_FWD_COUNTERS);
extern struct dp_node l2_fwd_node;

#endif
