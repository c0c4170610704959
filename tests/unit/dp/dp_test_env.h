// SPDX-License-Identifier: BSD-3-Clause
// Shared fixture of the dataplane unit tests: one EAL per process (no hugepages, no
// PCI, no shared files), one mbuf pool, the real table writer and one worker whose
// nodes the tests call directly.
//
// The ports are not ethdevs: nothing here ever calls rte_eth_tx_burst. A node that
// transmits leaves its packets in w->tx[port], which the tests take (dpt_tx_take)
// instead of flushing. Tests keep bursts well under DP_TX_MAX so dp_tx never flushes.
//
// Programming goes through dp_msg_send + dp_writer_poll, as the control plane does.
// The test thread is the writer's (registered with liburcu, offline); no worker
// reads in another thread, so a grace period ends as soon as liburcu's call_rcu
// thread gets to it: dpt_reclaim polls the writer until then.
#ifndef EVPND_DP_TEST_ENV_H
#define EVPND_DP_TEST_ENV_H

#include <netinet/in.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <stdbool.h>
#include <stdint.h>

#include "dp/core/dp_counters.h"
#include "dp/core/dp_worker.h"
#include "dp/dp_api.h"

#define DPT_POOL_SIZE 4095 // below 4096: no per-lcore cache, exact avail counts
#define DPT_MAC_TABLE_SIZE 4096

// Ports: 0 is the underlay, 1..3 are access ports.
#define DPT_UL 0
#define DPT_A1 1
#define DPT_A2 2
#define DPT_A3 3
#define DPT_N_PORTS 4

struct dpt_env {
	struct rte_mempool *pool;
	struct dp_worker *w;
	struct rte_ether_addr port_mac[DPT_N_PORTS];
	unsigned avail_at_setup; // free mbufs when the test started
};
extern struct dpt_env dpt;
// What dpt_setup gives dp_init as notify_ring_size (0: the writer's default).
extern uint32_t dpt_notify_ring_size;

// Addresses of the standard topology (dpt_topology).
extern const struct rte_ether_addr dpt_peer_mac; // the underlay router / remote VTEP
extern const uint8_t dpt_vtep6[16], dpt_remote6[16], dpt_ul6[16], dpt_peer6[16];
#define DPT_VTEP4 RTE_BE32(RTE_IPV4(192, 0, 2, 1))    // our VTEP
#define DPT_REMOTE4 RTE_BE32(RTE_IPV4(192, 0, 2, 2))  // remote VTEP (nh 1)
#define DPT_REMOTE4B RTE_BE32(RTE_IPV4(192, 0, 2, 3)) // remote VTEP (nh 3)
#define DPT_UL4 RTE_BE32(RTE_IPV4(10, 0, 0, 1))	      // our underlay interface address
#define DPT_PEER4 RTE_BE32(RTE_IPV4(10, 0, 0, 2))     // the underlay neighbour
#define DPT_BD 10
#define DPT_VNI 1000
#define DPT_BD2 20
#define DPT_VNI2 2000

// The nodes the tests call directly (each node file declares its own).
dp_node_input_t access_input_process, underlay_input_process;
dp_node_process_t vxlan_decap_process, l2_fwd_process, bum_flood_process, vxlan_encap_process;
dp_node_process_t arp_input_process, nd_input_process;
// The input vector of a node of the VTEP pipeline, by name: DPT_VEC(l2_fwd).
#define DPT_VEC(node) (&dpt.w->vec[dp_node_find(#node)->id])

// --- process and per-test set-up -------------------------------------------------

// rte_eal_init once per process; `name` makes the file prefix unique. Aborts on failure.
void dpt_eal_init(const char *name);
void dpt_eal_fini(void);
// cmocka per-test fixtures: a fresh writer, tables and worker, ports 0..3 registered
// (no role yet). Teardown frees whatever a test left in vectors, tx queues and rings,
// and fails if the test leaked an mbuf.
int dpt_setup(void **state);
int dpt_teardown(void **state);

// Standard topology: underlay port 0 with 10.0.0.1/24 and fd00::1/64, VTEPs 192.0.2.1
// and 2001:db8::1; bd 10 (vni 1000, learning, aging 300) with members port 1
// untagged, port 2 vlan 100, port 3 vlan 200; bd 20 (vni 2000) with port 1 vlan 20;
// next hops 1 (192.0.2.2) and 2 (2001:db8::2) resolved via port 0, both in bd 10's
// flood list.
void dpt_topology(void);

// --- programming through the writer ------------------------------------------------

// Sends one message, runs the writer, and returns 0 or the -errno it refused with.
// Other notifications are kept for dpt_notify_take.
int dpt_apply(struct dp_msg *m);
int dpt_bd_set(uint16_t bd, uint32_t vni, uint32_t aging, bool learning);
int dpt_bd_del(uint16_t bd);
int dpt_member(bool add, uint16_t bd, uint16_t port, uint16_t vlan);
int dpt_vtep_set4(rte_be32_t ip);
int dpt_vtep_set6(const uint8_t ip[16]);
int dpt_uaddr4(uint16_t port, rte_be32_t ip, uint8_t plen);
int dpt_uaddr6(uint16_t port, const uint8_t ip[16], uint8_t plen);
int dpt_nh4(uint32_t nh, uint16_t port, rte_be32_t remote, rte_be32_t local);
int dpt_nh6(uint32_t nh, uint16_t port, const uint8_t remote[16], const uint8_t local[16]);
int dpt_flood(bool add, uint16_t bd, uint32_t nh, uint32_t vni);
int dpt_mac_local(
	uint16_t bd, const struct rte_ether_addr *mac, uint8_t kind, uint16_t port, uint16_t vlan);
int dpt_mac_remote(
	uint16_t bd, const struct rte_ether_addr *mac, uint8_t kind, uint32_t nh, uint32_t vni);
// A remote MAC the control plane pinned: a local sighting does not displace it.
int dpt_mac_remote_pinned(uint16_t bd, const struct rte_ether_addr *mac, uint32_t nh, uint32_t vni);
int dpt_mac_del(uint16_t bd, const struct rte_ether_addr *mac);
// Polls the writer until everything it replaced is freed (a grace period started
// and ended). Fails after 10 s.
void dpt_reclaim(void);
// Notifications: the ones dpt_apply kept first, then fresh ones from the writer.
unsigned dpt_notify_take(struct dp_notify *out, unsigned n);

// --- reading what the nodes did ----------------------------------------------------

// Takes up to n packets from w->tx[port], oldest first.
unsigned dpt_tx_take(uint16_t port, struct rte_mbuf **out, unsigned n);
// Takes up to n packets from a worker vector (DPT_VEC(l2_fwd), ...).
unsigned dpt_vec_take(struct dp_vec *v, struct rte_mbuf **out, unsigned n);
// Takes up to n events from w->events.
unsigned dpt_events_take(struct dp_event *out, unsigned n);
void dpt_free(struct rte_mbuf **pkts, unsigned n);
// Packets waiting anywhere in the worker (vectors and tx queues).
unsigned dpt_pending(void);
// Looks a MAC up in the table as a worker would. Returns true when found.
bool dpt_mac_lookup(uint16_t bd, const struct rte_ether_addr *mac, mac_entry_t *e);
// The worker's clock, as the worker loop sets it: now, or now + `sec` seconds.
void dpt_clock(int sec);

// --- counters and edges -----------------------------------------------------------

struct dpt_cnt {
	uint64_t c[DP_CNT_MAX];
};
void dpt_snap(struct dpt_cnt *s);
// The one edge of `node` that moved between `before` and now; side counters (learn
// events, static moves, flood copies) are not edges. -1: none moved, -2: several.
int dpt_edge_of(const struct dpt_cnt *before, const char *node);
uint64_t dpt_delta(const struct dpt_cnt *before, int c);
// The index in w->cnt of counter `name` of `owner` (a node or another block, as `show
// stats` names them); fails the test if the built pipeline has none.
int dpt_cnt(const char *owner, const char *name);
// "node.edge" of a counter id, or "none"/"several" for -1/-2.
const char *dpt_cnt_name(int c);
#define assert_edge(got, want) assert_string_equal(dpt_cnt_name(got), dpt_cnt_name(want))

typedef void (*dpt_node_fn)(struct dp_worker *, struct rte_mbuf **, uint16_t);
typedef void (*dpt_port_node_fn)(struct dp_worker *, uint16_t, struct rte_mbuf **, uint16_t);
// Feeds ONE packet to a node and returns the edge it took there.
int dpt_feed(const char *node, dpt_node_fn fn, struct rte_mbuf *m);
int dpt_feed_port(const char *node, dpt_port_node_fn fn, uint16_t port, struct rte_mbuf *m);

// --- packet builders --------------------------------------------------------------

// A frame under construction: bytes, and where each layer starts (0 = absent).
struct dpt_pkt {
	uint16_t len;
	uint16_t l3, l4, l5, inner;
	uint8_t b[2048];
};

void dpt_pkt_init(struct dpt_pkt *p);
void *dpt_put(struct dpt_pkt *p, const void *data, uint16_t len); // NULL data: zeros
void dpt_put_eth(struct dpt_pkt *p, const struct rte_ether_addr *dst,
	const struct rte_ether_addr *src, uint16_t type);
// Ethernet with an 802.1Q tag carrying `vlan`, then `type`.
void dpt_put_eth_vlan(struct dpt_pkt *p, const struct rte_ether_addr *dst,
	const struct rte_ether_addr *src, uint16_t vlan, uint16_t type);
// IPv4/IPv6 header; lengths and checksum are left for dpt_fix_* once the payload is in.
struct rte_ipv4_hdr *dpt_put_ipv4(struct dpt_pkt *p, rte_be32_t src, rte_be32_t dst, uint8_t proto);
struct rte_ipv6_hdr *dpt_put_ipv6(struct dpt_pkt *p, const uint8_t src[16], const uint8_t dst[16],
	uint8_t proto, uint8_t hops);
struct rte_udp_hdr *dpt_put_udp(struct dpt_pkt *p, uint16_t sport, uint16_t dport);
struct rte_vxlan_hdr *dpt_put_vxlan(struct dpt_pkt *p, uint32_t flags, uint32_t vni);
// Sets IP total/payload length and UDP length from p->len, and the IPv4 header checksum.
void dpt_fix_lengths(struct dpt_pkt *p);
void dpt_fix_ipv4_csum(struct dpt_pkt *p);
// ICMPv6 checksum of the message at p->l4.
void dpt_fix_icmp6_csum(struct dpt_pkt *p);

// An inner Ethernet frame: dst, src, optional tag (vlan 0 = untagged), IPv4 ethertype,
// `payload` filler bytes (a counter pattern).
void dpt_frame(struct dpt_pkt *p, const struct rte_ether_addr *dst,
	const struct rte_ether_addr *src, uint16_t vlan, uint16_t payload);
// A VXLAN packet as the peer sends it to our VTEP: to port 0's MAC, from
// dpt_peer_mac, 192.0.2.2 -> 192.0.2.1 (or the IPv6 pair), UDP 55555 -> 4789, flags I.
void dpt_vxlan4_pkt(struct dpt_pkt *p, const struct dpt_pkt *inner, uint32_t vni);
void dpt_vxlan6_pkt(struct dpt_pkt *p, const struct dpt_pkt *inner, uint32_t vni);
// The same with IPv6 extension headers: the IPv6 next header is `first`, then the
// `ext_len` bytes of `ext` (headers whose own next header fields the caller set, the
// last one's to UDP for a VXLAN packet), then UDP. Zero UDP checksum.
void dpt_vxlan6_ext_pkt(struct dpt_pkt *p, const struct dpt_pkt *inner, uint32_t vni,
	uint8_t first, const void *ext, uint16_t ext_len);
// The UDP checksum over IPv6 of the datagram at p->l4 to p->len (the pseudo-header
// with the UDP length, so extension headers do not count).
void dpt_fix_udp6_csum(struct dpt_pkt *p);
// ARP (Ethernet + 28 bytes), to broadcast for requests, to port 0 for replies.
void dpt_arp_pkt(struct dpt_pkt *p, uint16_t op, const struct rte_ether_addr *sha, rte_be32_t sip,
	rte_be32_t tip);
// Neighbour solicitation for `target` from src/src_mac (source link-layer option unless
// src is ::), or advertisement of `target` (target link-layer option), checksummed.
void dpt_ns_pkt(struct dpt_pkt *p, const struct rte_ether_addr *src_mac, const uint8_t src[16],
	const uint8_t dst[16], const uint8_t target[16]);
void dpt_na_pkt(struct dpt_pkt *p, const struct rte_ether_addr *src_mac, const uint8_t src[16],
	const uint8_t dst[16], const uint8_t target[16]);

// An mbuf holding the frame (default headroom), or holding raw bytes.
struct rte_mbuf *dpt_mbuf(const struct dpt_pkt *p);
struct rte_mbuf *dpt_mbuf_bytes(const void *data, uint16_t len);
// An access frame as access_input leaves it (metadata set), ready for l2_fwd.
struct rte_mbuf *dpt_l2_mbuf(const struct dpt_pkt *frame, uint16_t bd, uint16_t in_port,
	uint16_t in_vlan, bool from_tunnel);

// MAC addresses 02:00:00:00:hi:lo.
struct rte_ether_addr dpt_mac(uint16_t n);
extern const struct rte_ether_addr dpt_bcast;

#endif
