// SPDX-License-Identifier: BSD-3-Clause
// l2_fwd: MAC FIB lookups in bulk for a vector of frames of known bridge domain.
// Destination: local -> access_output, remote -> vxlan_encap, unknown or BUM ->
// bum_flood. Source (frames from access ports): a new or moved MAC, or one due for
// its once-a-second refresh, becomes an event to the table writer; workers never
// write the table. ARP and IPv6 frames from access ports are also snooped for the
// host's IP (l2_snoop), after the source MAC's event so the writer knows the MAC;
// so are DHCP server replies from any side (the server may be behind a remote VTEP).
// The ARP frames it hands to arp_proxy are snooped there (dp_meta.snoop): it reads them.
#include <rte_ether.h>
#include <rte_ip.h>
#include <stddef.h>
#include <urcu/pointer.h>

#include "dp/core/dp_meta.h"
#include "dp/core/dp_worker.h"
#include "dp/l2/l2_fwd.h"

enum l2_fwd_next {
	L2_FWD_TO_BUM_FLOOD,
	L2_FWD_TO_VXLAN_ENCAP,
	L2_FWD_TO_ARP_PROXY,
	L2_FWD_TO_ND_PROXY,
	L2_FWD_TO_GW_INPUT,
};
// is_bum[] of a BUM frame from an access port for a proxy (RFC 9161 suppression)
#define L2_FWD_BUM_ARP 3 // broadcast ARP, to arp_proxy
#define L2_FWD_BUM_ND 4  // multicast IPv6, to nd_proxy
// src_idx[] of a frame from an access port of a domain without learning (no source
// lookup) whose source is the anycast gateway's MAC: dropped. (With learning, the
// source lookup finds the gateway's entry.)
#define L2_FWD_SRC_GW 0xfe
// dst_idx[] of a frame to the domain's anycast gateway MAC: no lookup. The writer keeps
// the gateway's pinned entry in the MAC FIB exactly while the domain has a gateway
// (writer_l2.c bd_gateway_set; MAC_ADD/DEL refuse it), so comparing with bd->gw_mac
// finds what the lookup would, for the routed paths' ~140 instructions a packet.
#define L2_FWD_DST_GW 0xfe
dp_node_process_t l2_fwd_process;

#define L2_FWD_CHUNK (RTE_HASH_LOOKUP_BULK_MAX / 2)

static inline struct dp_learn_filter *l2_fwd_filter_slot(struct dp_worker *w, uint64_t key)
{
	return &w->learn_filter[(key * UINT64_C(0x9E3779B97F4A7C15)) >> 52];
}

// Whether this source was dealt with this second on this port and VLAN.
static inline bool l2_fwd_src_known(struct dp_worker *w, uint64_t key,
	const struct dp_meta *meta)
{
	const struct dp_learn_filter *f = l2_fwd_filter_slot(w, key);
	return f->key == key && f->sec == w->now_sec && f->port == meta->in_port &&
		f->vlan == meta->in_vlan;
}

static inline void l2_fwd_src_remember(struct dp_worker *w, uint64_t key, uint16_t port,
	uint16_t vlan)
{
	struct dp_learn_filter *f = l2_fwd_filter_slot(w, key);
	*f = (struct dp_learn_filter){.key = key, .sec = w->now_sec, .port = port, .vlan = vlan};
}

// Whether a frame may be a DHCP server's reply (IPv4, UDP 67 -> 68), for l2_snoop to
// read. Other frames pay an ethertype compare, other IPv4 ones a length and a port
// compare (a header with options, rare, a few more).
static inline bool l2_fwd_dhcp_reply(const struct rte_mbuf *m, const struct rte_ether_hdr *eth)
{
	const uint8_t *ip = (const uint8_t *)(eth + 1);
	const uint32_t ports = RTE_BE32(67 << 16 | 68); // source, destination
	const uint32_t min = sizeof(*eth) + sizeof(struct rte_ipv4_hdr) + sizeof(ports);
	uint32_t ihl = sizeof(struct rte_ipv4_hdr), got;

	if (eth->ether_type != RTE_BE16(RTE_ETHER_TYPE_IPV4) || rte_pktmbuf_data_len(m) < min)
		return false;
	if (unlikely(ip[0] != RTE_IPV4_VHL_DEF)) {
		ihl = (uint32_t)(ip[0] & RTE_IPV4_HDR_IHL_MASK) * RTE_IPV4_IHL_MULTIPLIER;
		if (rte_pktmbuf_data_len(m) < sizeof(*eth) + ihl + sizeof(ports))
			return false;
	}
	memcpy(&got, ip + ihl, sizeof(got));
	return got == ports && ip[offsetof(struct rte_ipv4_hdr, next_proto_id)] == IPPROTO_UDP;
}

// Where a BUM frame from an access port of a suppressing domain, or of one with a
// gateway, goes: a proxy, or the flood (1).
static inline uint8_t l2_fwd_proxy(const struct dp_bd *bd, const struct rte_ether_hdr *eth)
{
	if (bd->arp_to_proxy && eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_ARP))
		return L2_FWD_BUM_ARP;
	if (bd->nd_to_proxy && eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_IPV6))
		return L2_FWD_BUM_ND;
	return 1;
}

static void l2_fwd_to_proxy(struct dp_worker *w, uint64_t *cnt, struct rte_mbuf *m, bool arp)
{
	dp_count(cnt, arp ? L2_FWD_CNT_TO_ARP_PROXY : L2_FWD_CNT_TO_ND_PROXY);
	dp_vec_push(dp_next(w, &l2_fwd_node, arp ? L2_FWD_TO_ARP_PROXY : L2_FWD_TO_ND_PROXY), m);
}

// True when a learn event was posted.
static bool l2_fwd_learn(struct dp_worker *w, const union mac_key *k, uint16_t port,
	uint16_t vlan)
{
	struct dp_event ev = {.type = DP_EVENT_LEARN, .bd = k->bd, .port = port, .vlan = vlan};
	const struct dp_learn_filter *f = l2_fwd_filter_slot(w, k->u64);

	if (f->key == k->u64 && f->sec == w->now_sec && f->port == port && f->vlan == vlan)
		return false;
	l2_fwd_src_remember(w, k->u64, port, vlan);
	memcpy(ev.mac, k->mac, sizeof(ev.mac));
	if (dp_event_post(w, &ev) == 0) {
		dp_count_in(w, &l2_fwd_node.cnt, L2_FWD_CNT_LEARN);
		return true;
	}
	dp_count_in(w, &l2_fwd_node.cnt, L2_FWD_CNT_LEARN_RING_FULL);
	return false;
}

// What the source address of a frame from an access port tells the writer. A source
// that needs nothing this second is remembered, so its next frames skip the lookup.
// 1 when the source was unknown and its learn event is on its way, -1 when the frame
// claims the anycast gateway's MAC (dropped: it is ours on every VTEP), else 0.
static inline int l2_fwd_check_src(struct dp_worker *w, const union mac_key *k, bool hit,
	mac_entry_t e, const struct dp_meta *meta)
{
	bool here = hit && mac_entry_is_local(e) && mac_entry_port(e) == meta->in_port &&
		mac_entry_vlan(e) == meta->in_vlan;

	if (!hit)
		return l2_fwd_learn(w, k, meta->in_port, meta->in_vlan);
	if (!here && (mac_entry_flags(e) & MAC_FLAG_PINNED)) {
		if (mac_entry_kind(e) == DP_MAC_GATEWAY)
			return -1;
		// the control plane pinned it
		dp_count_in(w, &l2_fwd_node.cnt, L2_FWD_CNT_STATIC_MOVE);
		return 0;
	}
	switch (mac_entry_kind(e)) {
	case DP_MAC_LOCAL:
		if (!here || mac_entry_seen(e) != w->now_sec)
			l2_fwd_learn(w, k, meta->in_port, meta->in_vlan);
		else
			l2_fwd_src_remember(w, k->u64, meta->in_port, meta->in_vlan);
		break;
	case DP_MAC_REMOTE: // the host moved here from a remote VTEP
		return l2_fwd_learn(w, k, meta->in_port, meta->in_vlan);
	default: // static where it belongs (pinned: seen elsewhere, it stopped above)
		l2_fwd_src_remember(w, k->u64, meta->in_port, meta->in_vlan);
	}
	return 0;
}

// What l2_fwd takes once per chunk: its counters and next vectors.
struct l2_fwd_out {
	uint64_t *cnt;
	struct dp_vec *flood, *encap, *gw;
};

static inline void l2_fwd_dst(struct dp_worker *w, const struct l2_fwd_out *o, struct rte_mbuf *m,
	bool hit, mac_entry_t e)
{
	uint64_t *cnt = o->cnt;
	struct dp_meta *meta = dp_meta(m);

	if (!hit) {
		dp_count(cnt, L2_FWD_CNT_FLOOD);
		dp_vec_push(o->flood, m);
	} else if (mac_entry_is_local(e)) {
		if (unlikely(!meta->from_tunnel && mac_entry_port(e) == meta->in_port &&
			    mac_entry_vlan(e) == meta->in_vlan)) {
			dp_drop(cnt, m, L2_FWD_CNT_SAME_PORT);
			return;
		}
		meta->out_port = mac_entry_port(e);
		meta->out_vlan = mac_entry_vlan(e);
		dp_count(cnt, L2_FWD_CNT_LOCAL);
		access_output_process(w, m);
	} else if (unlikely(mac_entry_kind(e) == DP_MAC_GATEWAY)) {
		dp_count(cnt, L2_FWD_CNT_TO_GW); // never flooded, never sent on
		dp_vec_push(o->gw, m);
	} else {
		if (unlikely(meta->from_tunnel == DP_FROM_TUNNEL)) {
			dp_drop(cnt, m, L2_FWD_CNT_SPLIT_HORIZON);
			return;
		}
		meta->nh = mac_entry_nh(e);
		meta->vni = mac_entry_vni(e);
		dp_count(cnt, L2_FWD_CNT_REMOTE);
		dp_vec_push(o->encap, m);
	}
}

static void l2_fwd_chunk(struct dp_worker *w, struct rte_mbuf **pkts, uint16_t n)
{
	union mac_key keys[2 * L2_FWD_CHUNK];
	const union mac_key *kp[2 * L2_FWD_CHUNK];
	mac_entry_t entries[2 * L2_FWD_CHUNK];
	uint8_t src_idx[L2_FWD_CHUNK]; // keys[] index of its source, 0xff none, L2_FWD_SRC_GW
	uint8_t dst_idx[L2_FWD_CHUNK]; // keys[] index of its destination, 0xff = none (BUM)
	uint8_t is_bum[L2_FWD_CHUNK]; // 1 BUM, 2 no domain, L2_FWD_BUM_ARP/ND
	uint8_t snoop[L2_FWD_CHUNK]; // ARP or IPv6 from an access port (learning on), or DHCP
	const struct l2_fwd_out o = {
		.cnt = dp_cnt(w, &l2_fwd_node.cnt),
		.flood = dp_next(w, &l2_fwd_node, L2_FWD_TO_BUM_FLOOD),
		.encap = dp_next(w, &l2_fwd_node, L2_FWD_TO_VXLAN_ENCAP),
		.gw = dp_next(w, &l2_fwd_node, L2_FWD_TO_GW_INPUT),
	};
	uint64_t *cnt = o.cnt;
	unsigned nk = 0;
	uint64_t hits;
	int fresh;

	for (uint16_t i = 0; i < n; i++) {
		struct dp_meta *meta = dp_meta(pkts[i]);
		const struct rte_ether_hdr *eth = rte_pktmbuf_mtod(pkts[i], struct rte_ether_hdr *);
		const struct dp_bd *bd = rcu_dereference(dp_tables.bd[meta->bd]);

		src_idx[i] = dst_idx[i] = 0xff;
		snoop[i] = 0;
		if (unlikely(bd == NULL)) {
			// The domain went away while the frame was in flight: no lookup key.
			is_bum[i] = 2;
			continue;
		}
		is_bum[i] = rte_is_multicast_ether_addr(&eth->dst_addr);
		if (!is_bum[i]) { // broadcast and multicast flood without a lookup
			if (unlikely(bd->has_gw) &&
				rte_is_same_ether_addr(&eth->dst_addr, &bd->gw_mac)) {
				dst_idx[i] = L2_FWD_DST_GW;
			} else {
				dst_idx[i] = (uint8_t)nk;
				keys[nk] = mac_key_make(meta->bd, &eth->dst_addr);
				kp[nk] = &keys[nk];
				nk++;
			}
		} else if (unlikely(bd->arp_to_proxy | bd->nd_to_proxy) && !meta->from_tunnel) {
			// ARP/ND suppression (RFC 9161) or the gateway's addresses: the proxy
			// answers or floods it, after the source is learned (and snooped) below.
			is_bum[i] = l2_fwd_proxy(bd, eth);
		}
		if (!meta->from_tunnel && bd->learning && rte_is_valid_assigned_ether_addr(&eth->src_addr)) {
			snoop[i] = eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_ARP) ||
				   eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_IPV6);
			keys[nk] = mac_key_make(meta->bd, &eth->src_addr);
			if (!l2_fwd_src_known(w, keys[nk].u64, meta)) {
				src_idx[i] = (uint8_t)nk;
				kp[nk] = &keys[nk];
				nk++;
			}
		} else if (!meta->from_tunnel && unlikely(bd->has_gw) &&
			   rte_is_same_ether_addr(&eth->src_addr, &bd->gw_mac)) {
			src_idx[i] = L2_FWD_SRC_GW;
		}
		if (unlikely(l2_fwd_dhcp_reply(pkts[i], eth)) &&
			meta->from_tunnel != DP_FROM_ROUTER)
			snoop[i] = 1;
	}
	hits = nk > 0 ? mac_table_lookup_bulk(dp_tables.macs, kp, nk, entries) : 0;

	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		struct dp_meta *meta = dp_meta(m);
		unsigned k = src_idx[i], d = dst_idx[i];

		if (unlikely(is_bum[i] == 2)) {
			dp_drop(cnt, m, L2_FWD_CNT_NO_BD);
			continue;
		}
		fresh = 0;
		if (k != 0xff) {
			fresh = unlikely(k == L2_FWD_SRC_GW)
					? -1
					: l2_fwd_check_src(
						  w, &keys[k], (hits >> k) & 1, entries[k], meta);
			if (unlikely(fresh < 0)) {
				dp_drop(cnt, m, L2_FWD_CNT_GW_SRC_MAC);
				continue;
			}
		} else if (!meta->from_tunnel) {
			const struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
			if (!rte_is_valid_assigned_ether_addr(&eth->src_addr)) {
				dp_drop(cnt, m, L2_FWD_CNT_BAD_SRC_MAC);
				continue;
			}
		}
		if (unlikely(is_bum[i] == L2_FWD_BUM_ARP)) {
			// arp_proxy reads the ARP anyway: it snoops it there (dp_meta.snoop)
			meta->snoop = !snoop[i] ? DP_SNOOP_NONE
				    : fresh > 0 ? DP_SNOOP_ARP_FRESH
						: DP_SNOOP_ARP;
			l2_fwd_to_proxy(w, cnt, m, true);
			continue;
		}
		if (unlikely(snoop[i]))
			l2_snoop(w, m, fresh > 0);
		if (is_bum[i]) {
			if (unlikely(is_bum[i] == L2_FWD_BUM_ND)) {
				l2_fwd_to_proxy(w, cnt, m, false);
				continue;
			}
			dp_count(cnt, L2_FWD_CNT_FLOOD);
			dp_vec_push(o.flood, m);
			continue;
		}
		if (unlikely(d == L2_FWD_DST_GW))
			l2_fwd_dst(w, &o, m, true,
				mac_entry_remote(DP_MAC_GATEWAY, MAC_FLAG_PINNED, 0, 0));
		else
			l2_fwd_dst(w, &o, m, (hits >> d) & 1, entries[d]);
	}
}

// The writer flushed MACs (clear mac, link down): what the learn and snoop filters
// remember of this second is stale, and a host back within it would be neither learned
// nor snooped until the second rolls.
static __rte_noinline void l2_fwd_forget_sources(struct dp_worker *w, uint32_t gen)
{
	memset(w->learn_filter, 0, sizeof(w->learn_filter));
	memset(w->snoop_filter, 0, sizeof(w->snoop_filter));
	w->mac_flush_gen = gen;
}

void l2_fwd_process(struct dp_worker *w, struct rte_mbuf **pkts, uint16_t n)
{
	uint32_t gen = __atomic_load_n(&dp_tables.mac_flush_gen, __ATOMIC_ACQUIRE);

	if (unlikely(gen != w->mac_flush_gen))
		l2_fwd_forget_sources(w, gen);
	for (uint16_t i = 0; i < n; i += L2_FWD_CHUNK) {
		uint16_t c = RTE_MIN((uint16_t)(n - i), (uint16_t)L2_FWD_CHUNK);
		l2_fwd_chunk(w, pkts + i, c);
	}
}

struct dp_node l2_fwd_node = {
	.name = "l2_fwd",
	.process = l2_fwd_process,
	.next = {[L2_FWD_TO_BUM_FLOOD] = "bum_flood",
		[L2_FWD_TO_VXLAN_ENCAP] = "vxlan_encap",
		[L2_FWD_TO_ARP_PROXY] = "arp_proxy",
		[L2_FWD_TO_ND_PROXY] = "nd_proxy",
		[L2_FWD_TO_GW_INPUT] = "gw_input"},
	.cnt = {DP_COUNTER_BLOCK(L2_FWD_COUNTERS)},
};
DP_NODE_REGISTER(l2_fwd_node);
