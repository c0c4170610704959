// SPDX-License-Identifier: BSD-3-Clause
// Every per-worker counter of the dataplane, one list. A node's edges are counter ids:
// a node records the edge each packet takes by bumping its counter, so `show stats`
// and the unit tests see the same thing. The third column marks drop edges.
#ifndef EVPND_DP_COUNTERS_H
#define EVPND_DP_COUNTERS_H

#include <stdbool.h>

#define DP_COUNTER_LIST(X)                                                                 \
	X(ACCESS_INPUT_L2, "access_input", "to_l2", false)                                  \
	X(ACCESS_INPUT_RUNT, "access_input", "runt", true)                                  \
	X(ACCESS_INPUT_NO_BD, "access_input", "no_bridge_domain", true)                     \
	X(UNDERLAY_INPUT_VXLAN, "underlay_input", "to_vxlan_decap", false)                  \
	X(UNDERLAY_INPUT_ARP, "underlay_input", "to_arp_input", false)                      \
	X(UNDERLAY_INPUT_ND, "underlay_input", "to_nd_input", false)                        \
	X(UNDERLAY_INPUT_RUNT, "underlay_input", "runt", true)                              \
	X(UNDERLAY_INPUT_NOT_OUR_MAC, "underlay_input", "not_our_mac", true)                \
	X(UNDERLAY_INPUT_BAD_IP_HEADER, "underlay_input", "bad_ip_header", true)            \
	X(UNDERLAY_INPUT_BAD_IP_CHECKSUM, "underlay_input", "bad_ip_checksum", true)        \
	X(UNDERLAY_INPUT_IP_FRAGMENT, "underlay_input", "ip_fragment", true)                \
	X(UNDERLAY_INPUT_IP6_EXT_TRUNCATED, "underlay_input", "ip6_ext_truncated", true)    \
	X(UNDERLAY_INPUT_IP6_EXT_LIMIT, "underlay_input", "ip6_ext_limit", true)            \
	X(UNDERLAY_INPUT_IP6_HBH_NOT_FIRST, "underlay_input", "ip6_hop_by_hop_not_first", true) \
	X(UNDERLAY_INPUT_IP6_ROUTING_NOT_FINAL, "underlay_input", "ip6_routing_not_final", true) \
	X(UNDERLAY_INPUT_NOT_LOCAL, "underlay_input", "not_local_address", true)            \
	X(UNDERLAY_INPUT_NOT_VXLAN, "underlay_input", "no_exception_path", true)            \
	X(UNDERLAY_INPUT_TO_HOST, "underlay_input", "to_host", false)                       \
	X(UNDERLAY_INPUT_OTHER_ETHERTYPE, "underlay_input", "other_ethertype", true)        \
	X(VXLAN_DECAP_L2, "vxlan_decap", "to_l2", false)                                    \
	X(VXLAN_DECAP_BAD_UDP_LENGTH, "vxlan_decap", "bad_udp_length", true)                \
	X(VXLAN_DECAP_BAD_UDP_CHECKSUM, "vxlan_decap", "bad_udp_checksum", true)            \
	X(VXLAN_DECAP_BAD_FLAGS, "vxlan_decap", "bad_flags", true)                          \
	X(VXLAN_DECAP_UNKNOWN_VNI, "vxlan_decap", "unknown_vni", true)                      \
	X(VXLAN_DECAP_INNER_RUNT, "vxlan_decap", "inner_runt", true)                        \
	X(VXLAN_DECAP_BAD_INNER_SRC_MAC, "vxlan_decap", "bad_inner_src_mac", true)          \
	X(L2_FWD_LOCAL, "l2_fwd", "to_access", false)                                       \
	X(L2_FWD_REMOTE, "l2_fwd", "to_vxlan_encap", false)                                 \
	X(L2_FWD_FLOOD, "l2_fwd", "to_bum_flood", false)                                    \
	X(L2_FWD_LEARN, "l2_fwd", "learn_event", false)                                     \
	X(L2_FWD_LEARN_RING_FULL, "l2_fwd", "learn_ring_full", false)                       \
	X(L2_FWD_SNOOP, "l2_fwd", "snoop_event", false)                                     \
	X(L2_FWD_SNOOP_DHCP, "l2_fwd", "snoop_dhcp_event", false)                           \
	X(L2_FWD_STATIC_MOVE, "l2_fwd", "static_mac_seen_elsewhere", false)                 \
	X(L2_FWD_BAD_SRC_MAC, "l2_fwd", "bad_src_mac", true)                                \
	X(L2_FWD_SAME_PORT, "l2_fwd", "same_port", true)                                    \
	X(L2_FWD_SPLIT_HORIZON, "l2_fwd", "split_horizon", true)                            \
	X(L2_FWD_NO_BD, "l2_fwd", "no_bridge_domain", true)                                 \
	X(L2_FWD_TO_ARP_PROXY, "l2_fwd", "to_arp_proxy", false)                             \
	X(L2_FWD_TO_ND_PROXY, "l2_fwd", "to_nd_proxy", false)                               \
	X(BUM_FLOOD_COPY, "bum_flood", "copies", false)                                     \
	X(BUM_FLOOD_NO_MBUF, "bum_flood", "no_mbuf", true)                                  \
	X(BUM_FLOOD_NO_TARGET, "bum_flood", "no_target", true)                              \
	X(VXLAN_ENCAP_TX, "vxlan_encap", "to_tx", false)                                    \
	X(VXLAN_ENCAP_NO_NEXTHOP, "vxlan_encap", "no_nexthop", true)                        \
	X(VXLAN_ENCAP_UNRESOLVED, "vxlan_encap", "unresolved_nexthop", true)                \
	X(VXLAN_ENCAP_NO_HEADROOM, "vxlan_encap", "no_headroom", true)                      \
	X(ACCESS_OUTPUT_TX, "access_output", "to_tx", false)                                \
	X(ACCESS_OUTPUT_VLAN_FAIL, "access_output", "vlan_insert_failed", true)             \
	X(ARP_INPUT_REPLY, "arp_input", "reply_sent", false)                                \
	X(ARP_INPUT_NEIGH, "arp_input", "neighbor_seen", true)                              \
	X(ARP_INPUT_BAD, "arp_input", "malformed", true)                                    \
	X(ARP_INPUT_NOT_FOR_US, "arp_input", "not_for_us", true)                            \
	X(ARP_INPUT_TO_HOST, "arp_input", "to_host", false)                                 \
	X(ARP_INPUT_GRATUITOUS, "arp_input", "gratuitous", true)                            \
	X(ND_INPUT_REPLY, "nd_input", "advert_sent", false)                                 \
	X(ND_INPUT_NEIGH, "nd_input", "neighbor_seen", true)                                \
	X(ND_INPUT_BAD, "nd_input", "malformed", true)                                      \
	X(ND_INPUT_NOT_FOR_US, "nd_input", "not_for_us", true)                              \
	X(ND_INPUT_TO_HOST, "nd_input", "to_host", false)                                   \
	X(ND_INPUT_NO_ROOM, "nd_input", "no_room_for_reply", true)                          \
	X(ARP_PROXY_REPLY, "arp_proxy", "reply_sent", false)                                \
	X(ARP_PROXY_NOT_PROXIED, "arp_proxy", "not_proxied", false)                         \
	X(ARP_PROXY_UNKNOWN_FLOOD, "arp_proxy", "unknown_flooded", false)                   \
	X(ARP_PROXY_UNKNOWN_DROP, "arp_proxy", "unknown_dropped", true)                     \
	X(ARP_PROXY_BAD, "arp_proxy", "malformed", true)                                    \
	X(ND_PROXY_REPLY, "nd_proxy", "advert_sent", false)                                 \
	X(ND_PROXY_NOT_PROXIED, "nd_proxy", "not_proxied", false)                           \
	X(ND_PROXY_UNKNOWN_FLOOD, "nd_proxy", "unknown_flooded", false)                     \
	X(ND_PROXY_UNKNOWN_DROP, "nd_proxy", "unknown_dropped", true)                       \
	X(ND_PROXY_BAD, "nd_proxy", "malformed", true)                                      \
	X(ND_PROXY_NO_ROOM, "nd_proxy", "no_room_for_reply", true)                          \
	X(GRAPH_SWEEP_LIMIT, "graph", "sweep_limit", true)                                  \
	X(EXCEPTION_RING_FULL, "exception", "ring_full", true)                              \
	X(EVENT_RING_FULL, "events", "ring_full", false)                                    \
	X(TX_SENT, "tx", "sent", false)                                                     \
	X(TX_FULL, "tx", "queue_full", true)                                                \
	X(TX_NO_PORT, "tx", "no_port", true)

enum dp_counter {
#define DP_CNT_ENUM(id, node, edge, drop) DP_CNT_##id,
	DP_COUNTER_LIST(DP_CNT_ENUM)
#undef DP_CNT_ENUM
	DP_CNT_MAX
};

struct dp_counter_desc {
	const char *node;
	const char *edge;
	bool drop;
};

extern const struct dp_counter_desc dp_counter_desc[DP_CNT_MAX];

#endif
