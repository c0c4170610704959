// SPDX-License-Identifier: BSD-3-Clause
// nd_input: IPv6 neighbour discovery on an underlay port (RFC 4861). A solicitation
// for one of our addresses is answered in place with an advertisement; the sender of
// a solicitation, or the target of an advertisement, becomes a neighbour event.
#include <rte_ether.h>
#include <rte_ip.h>
#include <urcu/pointer.h>

#include "dp/core/dp_meta.h"
#include "dp/core/dp_worker.h"
#include "dp/ip/nd_packet.h"

// Every edge it takes and every drop, named (the drops: true).
#define ND_INPUT_COUNTERS(X)                                                               \
	X(ND_INPUT_CNT_REPLY, "advert_sent", false)                                        \
	X(ND_INPUT_CNT_NEIGH, "neighbor_seen", true)                                       \
	X(ND_INPUT_CNT_BAD, "malformed", true)                                             \
	X(ND_INPUT_CNT_NOT_FOR_US, "not_for_us", true)                                     \
	X(ND_INPUT_CNT_TO_HOST, "to_host", false)                                          \
	X(ND_INPUT_CNT_NO_ROOM, "no_room_for_reply", true)
DP_COUNTER_ENUM(nd_input_cnt, ND_INPUT_COUNTERS);
static struct dp_node nd_input_node;
dp_node_process_t nd_input_process;

static bool nd_is_ours(const struct dp_local_addrs *a, uint16_t port, const uint8_t *ip)
{
	if (a->has_vtep6 && memcmp(ip, &a->vtep6, 16) == 0)
		return true;
	for (unsigned i = 0; i < a->n; i++)
		if (a->addr[i].port == port && a->addr[i].ip.family == AF_INET6 &&
			memcmp(&a->addr[i].ip.v6, ip, 16) == 0)
			return true;
	return false;
}

static void nd_neigh_event(struct dp_worker *w, uint16_t port, const uint8_t *ip,
	const struct rte_ether_addr *mac)
{
	struct dp_event ev = {.type = DP_EVENT_NEIGH, .port = port};
	static const uint8_t unspec[16];
	if (mac == NULL || memcmp(ip, unspec, 16) == 0)
		return;
	memcpy(ev.mac, mac, sizeof(ev.mac));
	ev.ip.family = AF_INET6;
	memcpy(&ev.ip.v6, ip, 16);
	dp_event_post(w, &ev);
}

static enum nd_input_cnt nd_input_one(struct dp_worker *w, struct rte_mbuf *m,
	const struct dp_local_addrs *a)
{
	uint16_t port = dp_meta(m)->in_port;
	const struct dp_port *p = rcu_dereference(dp_tables.port[port]);
	uint32_t len = rte_pktmbuf_data_len(m) - sizeof(struct rte_ether_hdr);
	struct rte_ipv6_hdr *ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv6_hdr *,
		sizeof(struct rte_ether_hdr));
	struct nd_msg *nd = (struct nd_msg *)(ip + 1);
	uint32_t plen = rte_be_to_cpu_16(ip->payload_len);
	const uint8_t *opts = (const uint8_t *)(nd + 1);

	// underlay_input checked the IPv6 header; the message must be whole and untouched.
	if (!nd_msg_ok(ip, len))
		return ND_INPUT_CNT_BAD;
	if (a == NULL || p == NULL)
		return ND_INPUT_CNT_NOT_FOR_US;
	if (p->to_host) {
		// The kernel owns neighbour discovery for its stack (link-local included);
		// we only learn from what passes.
		if (nd->type == ND_TYPE_NA)
			nd_neigh_event(w, port, nd->target,
				nd_find_lladdr(opts, plen - sizeof(*nd), ND_OPT_TGT_LLADDR));
		else
			nd_neigh_event(w, port, ip->src_addr,
				nd_find_lladdr(opts, plen - sizeof(*nd), ND_OPT_SRC_LLADDR));
		return ND_INPUT_CNT_TO_HOST;
	}
	if (nd->type == ND_TYPE_NA) {
		if (!nd_is_ours(a, port, ip->dst_addr) && !(ip->dst_addr[0] == 0xff))
			return ND_INPUT_CNT_NOT_FOR_US;
		nd_neigh_event(w, port, nd->target,
			nd_find_lladdr(opts, plen - sizeof(*nd), ND_OPT_TGT_LLADDR));
		return ND_INPUT_CNT_NEIGH;
	}
	if (!nd_is_ours(a, port, nd->target))
		return ND_INPUT_CNT_NOT_FOR_US;
	nd_neigh_event(w, port, ip->src_addr,
		nd_find_lladdr(opts, plen - sizeof(*nd), ND_OPT_SRC_LLADDR));
	if (ip->src_addr[0] == 0 && ip->src_addr[15] == 0 &&
		memcmp(ip->src_addr, (const uint8_t[16]){0}, 16) == 0)
		return ND_INPUT_CNT_NEIGH; // duplicate address detection: not answered
	if (!nd_advert_fits(m))
		return ND_INPUT_CNT_NO_ROOM;
	nd_advert_build(m, ip, nd, &p->mac, false);
	return ND_INPUT_CNT_REPLY;
}

void nd_input_process(struct dp_worker *w, struct rte_mbuf **pkts, uint16_t n)
{
	uint64_t *cnt = dp_cnt(w, &nd_input_node.cnt);
	const struct dp_local_addrs *a = rcu_dereference(dp_tables.addrs);

	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		enum nd_input_cnt edge = nd_input_one(w, m, a);
		if (edge == ND_INPUT_CNT_REPLY) {
			dp_count(cnt, edge);
			dp_tx(w, dp_meta(m)->in_port, m);
		} else if (edge == ND_INPUT_CNT_TO_HOST) {
			dp_count(cnt, edge);
			dp_to_host(w, m);
		} else {
			dp_drop(cnt, m, edge);
		}
	}
}

// No next node: frames leave by tx (or to the host).
static struct dp_node nd_input_node = {
	.name = "nd_input",
	.process = nd_input_process,
	.cnt = {DP_COUNTER_BLOCK(ND_INPUT_COUNTERS)},
};
DP_NODE_REGISTER(nd_input_node);
