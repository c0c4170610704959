// SPDX-License-Identifier: BSD-3-Clause
// The one interface between the control plane and the dataplane.
//
// cp -> dp: fixed-size typed programming messages (struct dp_msg) on a lock-free
// ring; the single table writer checks and applies them in order.
// dp -> cp: fixed-size notifications (struct dp_notify): MACs learned, moved, aged or
// flushed on access ports, their IPs seen in ARP/ND, underlay neighbours seen, port
// links going down or up. When the ring was full, DP_NOTIFY_LOST takes the place of
// what was dropped: the control plane then reads the MAC table again (dp_mac_walk).
//
// Plain C on purpose: no DPDK type appears here, so the control plane can later
// live in another process (shared rings) and be restarted while forwarding goes on.
// Labels sit beside VNIs and tunnels are generic "next hops" so MPLS and IRB fit.
#ifndef EVPND_DP_API_H
#define EVPND_DP_API_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#define DP_MAX_BD 4096       // bridge-domain ids are 1..4094
#define DP_MAX_PORTS 64
#define DP_MAX_NEXTHOPS 65536 // remote VTEPs / PEs
#define DP_MAX_FLOOD 256      // remote VTEPs in one flood list
#define DP_MAX_MEMBERS 64     // access attachments in one bridge domain
#define DP_VLAN_UNTAGGED 0
#define DP_MAX_GW_ADDRS 8 // gateway addresses of one bridge domain that show lists
#define DP_MAX_VRF 256	  // VRF ids 0..255; 0 is the default VRF
#define DP_MAX_RNH 32768  // route next hops 1..32767 (0: no route; the FIBs keep 15 bits)
#define DP_MPLS_MAX_LOCAL 1024	 // local labels in the label table (each has its counters)
#define DP_MPLS_MAX_PUSH 4	 // transport labels one MPLS next hop pushes
#define DP_MPLS_LABEL_MAX 0xfffff // 20 bits; 0-15 are reserved (RFC 3032, RFC 7274)
#define DP_MPLS_LABEL_MIN 16
// In a remote MAC's or flood target's vni of an MPLS bridge domain: the service label
// (20 bits) and, here, whether a control word follows it (RFC 4448 section 4.6).
#define DP_MPLS_CW_FLAG (1u << 20)
// In a DP_RNH_REMOTE_L3's vni toward an MPLS PE: the remote per-VRF label (20 bits) of
// Layer 3 EVPN over MPLS; the routed IP packet goes right after it, no inner Ethernet
// (RFC 9135 section 5.1, RFC 9136).
#define DP_MPLS_IP_FLAG (1u << 21)

struct dp_ip {
	uint8_t family; // AF_INET or AF_INET6, 0 = none
	union {
		struct in_addr v4;
		struct in6_addr v6;
		uint8_t bytes[16];
	};
};

enum dp_encap {
	DP_ENCAP_VXLAN = 1, // RFC 7348 / RFC 8365
	DP_ENCAP_MPLS,      // label push: transport labels (dp_msg_nh.labels), then the service label
	DP_ENCAP_MPLS_UDP,  // RFC 7510: IP/UDP to port 6635 from local to remote, then the service label
};

enum dp_mac_kind {
	DP_MAC_LOCAL = 0,    // learned on an access port, ages
	DP_MAC_LOCAL_STATIC, // configured on an access port: never ages, always pinned
	DP_MAC_REMOTE,	     // behind a remote VTEP (static or BGP)
	// The bridge domain's anycast gateway MAC (dp_msg_bd.gw_mac): frames to it go to
	// gw_input, a frame from it on an access port is dropped. Only DP_MSG_BD_SET
	// writes it; MAC_ADD/MAC_DEL and learning never replace it.
	DP_MAC_GATEWAY,
};

enum dp_msg_type {
	DP_MSG_NONE = 0,
	DP_MSG_VTEP_ADDR,     // local VTEP address (tunnel source, decap destination)
	DP_MSG_UNDERLAY_ADDR, // an address on an underlay port (answers ARP/ND)
	DP_MSG_BD_SET,	      // create or change a bridge domain (id, vni, aging, learning)
	DP_MSG_BD_DEL,
	DP_MSG_MEMBER_ADD, // attach port[/vlan] to a bridge domain
	DP_MSG_MEMBER_DEL,
	DP_MSG_NH_SET, // remote VTEP: address, and how to reach it in the underlay
	DP_MSG_NH_DEL,
	DP_MSG_FLOOD_ADD, // add a next hop to a bridge domain's flood list
	DP_MSG_FLOOD_DEL,
	DP_MSG_MAC_ADD, // static local, or remote MAC -> next hop
	DP_MSG_MAC_DEL,
	DP_MSG_MAC_FLUSH,     // remove all learned MACs of a bridge domain (0 = all) or port, each notified
	DP_MSG_NEIGH_SOLICIT, // send an ARP request / neighbour solicitation
	DP_MSG_BARRIER,	      // answered by DP_NOTIFY_BARRIER once all before it are applied
	DP_MSG_NEIGH_ADD,     // proxy ARP/ND: (bridge domain, IP) -> MAC, answered locally
	DP_MSG_NEIGH_DEL,     // removes it if it still maps to that MAC
	DP_MSG_RNH_SET,	      // a route next hop (struct dp_msg_rnh), by id
	DP_MSG_RNH_DEL,
	DP_MSG_ROUTE_ADD, // a prefix of a VRF's FIB -> route next hop id
	DP_MSG_ROUTE_DEL,
	DP_MSG_L3VNI_SET, // a VRF's L3VNI and router MAC (symmetric IRB, struct dp_msg_l3vni)
	DP_MSG_L3VNI_DEL,
	DP_MSG_LABEL_SET, // a local label: what an MPLS packet with it on top gets (dp_msg_label)
	DP_MSG_LABEL_DEL,
};

struct dp_msg_vtep_addr {
	struct dp_ip ip;
};

struct dp_msg_underlay_addr {
	uint16_t port;
	uint8_t prefix_len;
	struct dp_ip ip;
};

struct dp_msg_bd {
	uint16_t bd;
	uint32_t vni;
	uint32_t aging_sec; // 0 = never age
	bool learning;
	// RFC 9161: ARP requests from access ports for an IPv4 address in the proxy table
	// are answered locally and not flooded; unknown_drop: those for an unknown one are
	// dropped (counted) instead of flooded.
	bool arp_suppress;
	bool nd_suppress; // the same for neighbour solicitations (IPv6)
	bool unknown_drop;
	// Distributed anycast gateway: its MAC (the same on every VTEP). Its addresses
	// are proxy entries with `gateway` set (DP_MSG_NEIGH_ADD), answered always.
	bool has_gw;
	uint8_t gw_mac[6];
	// The VRF its gateway routes in (0: the default VRF). Frames gw_input does not
	// answer are routed in this VRF's FIB (ip_forward).
	uint16_t vrf;
	// The gateway's first IPv4 and first IPv6 address (family 0: none): the sender of
	// the ARP requests and neighbour solicitations ip_glean sends for unknown hosts.
	struct dp_ip glean_src4;
	struct dp_ip glean_src6;
};

struct dp_msg_member {
	uint16_t bd;
	uint16_t port;
	uint16_t vlan; // DP_VLAN_UNTAGGED or 1..4094
};

// A next hop is a remote tunnel endpoint. `resolved` says whether the underlay path
// (port, neighbour MAC) is known; unresolved next hops drop with a counter.
struct dp_msg_nh {
	uint32_t nh;          // 1..DP_MAX_NEXTHOPS-1, chosen by the control plane
	uint8_t encap;        // enum dp_encap
	bool resolved;
	uint16_t port;        // underlay port
	uint8_t dst_mac[6];   // underlay neighbour (the next hop router or the VTEP)
	struct dp_ip remote;  // the remote VTEP address (MPLS: the remote PE's, for show)
	struct dp_ip local;   // our VTEP address used as the source (not for MPLS)
	// DP_ENCAP_MPLS: the labels pushed toward the remote PE, outermost first (0 labels:
	// a directly connected PE or an implicit-null transport, only the service label).
	uint8_t n_labels;
	uint32_t labels[DP_MPLS_MAX_PUSH];
	// DP_ENCAP_MPLS: an entropy label indicator and an entropy label (the flow hash)
	// under the transport labels (RFC 6790 section 4.2).
	bool entropy_label;
};

// What a local label does (the top label of a packet from an underlay port).
enum dp_label_action {
	DP_LABEL_SWAP = 1, // P router: out_label in its place, TTL - 1, to next hop nh
	DP_LABEL_POP,	   // P router, penultimate hop (implicit-null): the rest to nh
	DP_LABEL_POP_L2,   // egress PE: an EVPN service label, pops into bridge domain bd
	DP_LABEL_POP_LOCAL, // ours (an SR node label, no PHP): popped, the next one looked up
	DP_LABEL_POP_VRF,   // egress PE: a per-VRF label (L3 EVPN), the IP packet routed in vrf
};

struct dp_msg_label {
	uint32_t label;	   // DP_MPLS_LABEL_MIN..DP_MPLS_LABEL_MAX
	uint8_t action;	   // enum dp_label_action
	bool control_word; // POP_L2: a control word follows the label (checked, stripped)
	uint16_t bd;	   // POP_L2
	uint16_t vrf;	   // POP_VRF: 0..DP_MAX_VRF-1, a VRF with an L3VNI
	uint32_t out_label; // SWAP
	uint32_t nh;	    // SWAP, POP: a next hop of encap DP_ENCAP_MPLS
};

struct dp_msg_flood {
	uint16_t bd;
	uint32_t nh;
	uint32_t vni; // VNI to send with (normally the bridge domain's)
};

struct dp_msg_mac {
	uint16_t bd;
	uint8_t mac[6];
	uint8_t kind;  // enum dp_mac_kind
	// A local sighting does not displace a pinned MAC (the writer counts it as a
	// refused move); any other gives way to it at once. Why a MAC is pinned (an
	// EVPN sticky MAC, a duplicate frozen behind a VTEP) is the control plane's
	// alone: cp/evpn/evpn_mac.c decides MAC mobility, the dataplane only obeys.
	bool pinned;
	uint16_t port; // local kinds
	uint16_t vlan; // local kinds
	uint32_t nh;   // remote kinds
	uint32_t vni;  // remote kinds: VNI (or MPLS label later) carried to that VTEP
	bool flush_port; // MAC_FLUSH: only those learned on `port` (a member that left)
	// MAC_DEL: only while the entry is still of this kind behind this nh (a restart's
	// sweep of a remote MAC the dataplane may have learned locally since).
	bool del_if_same;
};

// A proxy ARP/ND entry. NEIGH_DEL removes (bd, ip) only while it maps to mac (the
// binding may have moved to another MAC since), and is no error when it is absent.
// NEIGH_ADD is refused with -ENOSPC when the table is full (writer neigh_table_full).
struct dp_msg_neigh {
	uint16_t bd;
	uint8_t mac[6];
	bool router; // ND: answer with the Router flag (RFC 9161 section 3.2)
	// An address of the domain's anycast gateway: ARP/NS for it are answered with or
	// without suppression, ICMP echo to it by gw_input. Only a message with gateway
	// set replaces or removes such an entry (a MAC+IP route never does).
	bool gateway;
	struct dp_ip ip;
};

// What a route leads to (ip_forward). A connected route resolves the packet's own
// destination in the proxy ARP/ND table of its bridge domain; a `via` route resolves
// the gateway address `via` there instead; a host route carries the MAC itself.
enum dp_rnh_kind {
	DP_RNH_CONNECTED = 1, // bd: the subnet of one of its gateway addresses
	DP_RNH_VIA,	      // bd, via: a router in that domain (static route)
	DP_RNH_HOST,	      // bd, mac: a host of that domain
	DP_RNH_BLACKHOLE,     // dropped (counted)
	// Symmetric IRB (RFC 9135): routed into the L3VNI `vni` to the remote VTEP of next
	// hop `nh`, the inner frame from our router MAC `src_mac` to its router MAC `mac`.
	DP_RNH_REMOTE_L3,
	// ECMP (type-5 prefixes of several VTEPs): `members` route next hops (REMOTE_L3),
	// one per flow, chosen by a hash of the IP source and destination.
	DP_RNH_ECMP,
};

#define DP_RNH_ECMP_MAX 8

struct dp_msg_rnh {
	uint32_t id;	  // 1..DP_MAX_RNH-1, chosen by the control plane
	uint8_t kind;	  // enum dp_rnh_kind
	uint16_t bd;	  // out bridge domain (not for blackhole); it must have a gateway MAC
	uint8_t mac[6];	  // DP_RNH_HOST; DP_RNH_REMOTE_L3: the remote router MAC
	struct dp_ip via; // DP_RNH_VIA
	uint32_t nh;	  // DP_RNH_REMOTE_L3: the remote VTEP (DP_MSG_NH_SET), no bd
	uint32_t vni;	  // DP_RNH_REMOTE_L3: the L3VNI
	uint8_t src_mac[6]; // DP_RNH_REMOTE_L3: our router MAC in the VRF
	uint8_t n_members;  // DP_RNH_ECMP: 2..DP_RNH_ECMP_MAX
	uint16_t members[DP_RNH_ECMP_MAX]; // DP_RNH_ECMP: route next hop ids (not ECMP)
};

// Symmetric IRB: VXLAN frames with VNI `vni` are routed in VRF `vrf` when their inner
// destination is router_mac (our router MAC there). The L3VNI is a VNI of a VRF, not of a
// bridge domain: it may not be a bridge domain's VNI too (-EEXIST).
struct dp_msg_l3vni {
	uint16_t vrf;
	uint32_t vni;
	uint8_t router_mac[6];
};

// ROUTE_ADD replaces the prefix's next hop when it is there; ROUTE_DEL of an absent
// prefix is no error. The next hop must exist (RNH_SET first); RNH_DEL of a next hop
// routes still use is refused (-EBUSY).
struct dp_msg_route {
	uint16_t vrf;
	uint8_t len;
	struct dp_ip prefix; // host bits must be zero
	uint32_t rnh;
};

struct dp_msg_solicit {
	uint16_t port;
	struct dp_ip target;
	struct dp_ip source;
};

struct dp_msg {
	uint16_t type; // enum dp_msg_type
	uint16_t pad;
	uint32_t cookie; // echoed in DP_NOTIFY_BARRIER and error notifications
	union {
		struct dp_msg_vtep_addr vtep;
		struct dp_msg_underlay_addr uaddr;
		struct dp_msg_bd bd;
		struct dp_msg_member member;
		struct dp_msg_nh nh;
		struct dp_msg_flood flood;
		struct dp_msg_mac mac;
		struct dp_msg_solicit solicit;
		struct dp_msg_neigh neigh;
		struct dp_msg_rnh rnh;
		struct dp_msg_route route;
		struct dp_msg_l3vni l3vni;
		struct dp_msg_label label;
	};
};

enum dp_notify_type {
	DP_NOTIFY_NONE = 0,
	DP_NOTIFY_MAC_LEARNED, // new local MAC
	DP_NOTIFY_MAC_MOVED,   // local MAC moved to another port/vlan, or remote -> local
	DP_NOTIFY_MAC_AGED,    // local learned MAC removed by aging
	DP_NOTIFY_NEIGH,       // underlay neighbour seen (ARP or ND)
	DP_NOTIFY_BARRIER,
	DP_NOTIFY_MSG_ERROR,   // a message was refused; `error` says why (-errno)
	DP_NOTIFY_MAC_IP,      // a local MAC's IP seen in its ARP/ND or a DHCP reply to it
	DP_NOTIFY_MAC_FLUSHED, // local learned MAC removed by a flush (link down, clear mac)
	DP_NOTIFY_PORT_LINK,   // a port's link went down (its MACs flushed first) or up
	DP_NOTIFY_LOST,        // notifications were dropped before this one (ring full)
};

struct dp_notify {
	uint16_t type; // enum dp_notify_type
	uint16_t port;
	uint32_t cookie;
	int32_t error;
	uint8_t announced; // NEIGH: from a gratuitous ARP: updates a known neighbour, adds none
	uint16_t bd;
	uint16_t vlan;
	uint8_t mac[6];
	uint8_t was_remote; // MOVED: the MAC was behind a remote VTEP before
	uint8_t link_up;    // PORT_LINK
	struct dp_ip ip;    // NEIGH, MAC_IP
	uint32_t n_flushed; // PORT_LINK: learned MACs removed (each also sent as MAC_FLUSHED)
	uint32_t n_lost;    // LOST: how many were dropped
};

// Queue one message for the table writer. Returns 0, or -ENOBUFS when the ring is
// full (the caller retries later: backpressure is explicit).
int dp_msg_send(const struct dp_msg *msg);
// Messages waiting to be applied (for high/low watermarks).
unsigned dp_msg_pending(void);
// Take up to n notifications. Returns how many.
unsigned dp_notify_recv(struct dp_notify *out, unsigned n);


// Read-only views for `show` commands. Called on the control thread (the writer's
// thread), so they see a consistent table.
#define DP_PORT_QSTATS 16 // DPDK's RTE_ETHDEV_QUEUE_STAT_CNTRS

struct dp_port_info {
	uint16_t port;
	char name[32];
	uint8_t role; // 0 unused, 1 access, 2 underlay
	uint8_t mac[6];
	bool link_up; // as the dataplane last saw it (what flushed its MACs)
	uint32_t speed_mbps;
	uint16_t rx_queues, tx_queues;
	uint64_t rx_packets, rx_bytes, rx_missed, rx_errors, rx_nombuf;
	uint64_t tx_packets, tx_bytes, tx_errors;
	uint64_t tx_dropped; // ours: the port's tx queue was full (tx/queue_full), all workers
	// Per queue, as the PMD counts them: rx queue q is polled by worker q % workers,
	// tx queue w is worker w's (the first DP_PORT_QSTATS queues).
	uint64_t rxq_packets[DP_PORT_QSTATS], txq_packets[DP_PORT_QSTATS];
};

struct dp_bd_info {
	uint16_t bd;
	uint32_t vni;
	uint32_t aging_sec;
	bool learning;
	bool arp_suppress;
	bool nd_suppress;
	bool unknown_drop;
	uint32_t n_neigh; // proxy ARP/ND entries
	uint16_t n_members;
	struct {
		uint16_t port;
		uint16_t vlan;
	} members[DP_MAX_MEMBERS];
	uint16_t n_flood;
	struct {
		uint32_t nh;
		uint32_t vni;
		struct dp_ip remote;
	} flood[DP_MAX_FLOOD];
	uint32_t n_macs_local, n_macs_remote;
	bool has_gw; // the anycast gateway: its MAC and addresses (proxy entries flagged gateway)
	uint8_t gw_mac[6];
	uint8_t n_gw_addrs;
	struct dp_ip gw_addrs[DP_MAX_GW_ADDRS];
};

struct dp_mac_info {
	uint16_t bd;
	uint8_t mac[6];
	uint8_t kind;  // enum dp_mac_kind
	bool pinned;   // a local sighting does not displace it (struct dp_msg_mac)
	uint16_t port; // local kinds
	uint16_t vlan;
	uint32_t age_sec; // local learned: seconds since last seen
	uint32_t nh;      // remote kinds
	uint32_t vni;
	struct dp_ip remote;
};

struct dp_nh_info {
	uint32_t nh;
	uint8_t encap; // enum dp_encap
	bool resolved;
	uint16_t port;
	uint8_t dst_mac[6];
	struct dp_ip remote;
	struct dp_ip local;
};

// Counters summed over workers; the writer's own figures come after the nodes'.
struct dp_counter_info {
	const char *node;
	const char *name;
	bool drop;
	uint64_t value;
};

// A local label, its action and the packets it took (summed over workers).
struct dp_label_info {
	uint32_t label;
	uint8_t action; // enum dp_label_action
	bool control_word;
	uint16_t bd;
	uint16_t vrf; // POP_VRF
	uint32_t out_label;
	uint32_t nh;
	struct dp_ip nexthop; // the next hop's address (SWAP, POP)
	uint64_t packets;
};

typedef int (*dp_port_cb)(const struct dp_port_info *, void *arg);
typedef int (*dp_bd_cb)(const struct dp_bd_info *, void *arg);
typedef int (*dp_mac_cb)(const struct dp_mac_info *, void *arg);
typedef int (*dp_nh_cb)(const struct dp_nh_info *, void *arg);
typedef int (*dp_counter_cb)(const struct dp_counter_info *, void *arg);
// A node of the running pipeline, its figures summed over workers (TSC cycles spent in
// the node's calls, an rdtsc pair per call).
struct dp_node_info {
	const char *name;
	uint64_t calls;
	uint64_t packets;
	uint64_t cycles;
};
typedef int (*dp_node_cb)(const struct dp_node_info *, void *arg);

// Each walk stops early when the callback returns non-zero, and returns that value.
int dp_port_walk(dp_port_cb cb, void *arg);
int dp_bd_walk(dp_bd_cb cb, void *arg);
int dp_mac_walk(uint16_t bd, dp_mac_cb cb, void *arg); // bd 0 = every bridge domain
// One MAC: 0 and *out filled, or -ENOENT.
int dp_mac_get(uint16_t bd, const uint8_t mac[6], struct dp_mac_info *out);
int dp_nh_walk(dp_nh_cb cb, void *arg);
typedef int (*dp_label_cb)(const struct dp_label_info *, void *arg);
int dp_label_walk(dp_label_cb cb, void *arg); // by label, ascending
int dp_counter_walk(dp_counter_cb cb, void *arg);
int dp_node_walk(dp_node_cb cb, void *arg); // entry nodes first, then the sweep's order
// The proxy ARP/ND entry of (bd, ip): 0 and mac, or -ENOENT.
int dp_neigh_get(uint16_t bd, const struct dp_ip *ip, uint8_t mac[6]);
// Proxy ARP/ND table size (entries), before the workers start: 0 or -errno.
int dp_neigh_table_size(uint32_t size);
// Routes each VRF's FIB holds per family (default 65536), before the workers start:
// 0 or -EINVAL.
int dp_fib_size(uint32_t routes);
// Port id of a port name, or -ENOENT.
int dp_port_by_name(const char *name);

// ---- evpnd --split: the forwarding process as the control process sees it
struct dp_split_info {
	uint32_t fwd_pid, cp_pid;
	uint64_t fwd_uptime_ms;
	uint32_t controls; // control processes connected since the forwarding process started
	bool syncing;	   // the current one has not re-sent everything yet
	uint64_t recorded, stale; // table entries the forwarding process keeps, stale of them
	uint64_t last_sweep_removed; // by the last re-sync
	uint64_t last_sync_ms;	     // connect to re-sync done, the last time
	uint64_t msgs, notifies_sent, notifies_dropped;
};
// 0, or -ENOTSUP when evpnd runs as one process.
int dp_split_info(struct dp_split_info *out);

// ---- packet capture (drivers/port_capture.c): one at a time, of one port's received
// and/or sent frames, to a pcapng file. Only the captured port pays for it (ethdev
// rx/tx callbacks, removed when the capture ends). Control thread only.
#define DP_CAPTURE_IN 1
#define DP_CAPTURE_OUT 2
struct dp_capture_req {
	uint16_t port;
	const char *port_name; // for the log and "show capture"
	uint8_t dir;	    // DP_CAPTURE_IN | DP_CAPTURE_OUT
	const char *filter; // a pcap-filter(7) expression, or NULL
	uint64_t count;	    // frames to capture, 0 = no limit
	uint32_t seconds;   // 0 = no limit
	const char *path;   // the pcapng file, created (truncated)
};
struct dp_capture_info {
	bool running;
	uint16_t port;
	char port_name[32];
	uint8_t dir;
	char path[256];
	char filter[256];
	char ended[32]; // why the last capture ended: "count", "seconds", "stopped", ...
	uint64_t count;
	uint32_t seconds;
	uint64_t started_ms, elapsed_ms;
	uint64_t captured; // frames written to the file
	uint64_t filtered; // frames the filter did not take
	uint64_t dropped;  // frames lost: no copy buffer or the writer's ring was full
};
// 0, or -errno with the reason in err (unknown port, a capture running, a bad filter,
// a file that cannot be created).
int dp_capture_start(const struct dp_capture_req *req, char *err, size_t errlen);
// Ends the running capture (the file is complete afterwards): 0, or -ENOENT.
int dp_capture_stop(void);
// The running capture, or the last one (running false); -ENOENT if none ever ran.
int dp_capture_get(struct dp_capture_info *out);
// Writes what the workers copied, ends the capture at its count or time. Call it
// every loop of the control thread; returns the frames written.
unsigned dp_capture_poll(uint64_t now_ms);

// ---- per-packet trace (dp/core/dp_trace.h): "trace add N" makes each worker follow
// its next N received packets (DP_TRACE_PKTS at most) through the nodes.
#define DP_TRACE_MAX_HOPS 16
struct dp_trace_info {
	unsigned worker;
	unsigned index; // the packet's number in its worker's trace, from 1
	char in_port[32];
	uint16_t len;
	uint8_t dst[6], src[6];
	uint16_t ether_type;
	unsigned n_hops;
	const char *node[DP_TRACE_MAX_HOPS]; // "tx" for the hand-over to out_port
	uint64_t ns[DP_TRACE_MAX_HOPS];      // since the packet's burst came in
	bool sent;
	char out_port[32];
};
typedef int (*dp_trace_cb)(const struct dp_trace_info *, void *arg);
// 0, or -EINVAL (n is 0 or more than a worker keeps: DP_TRACE_PKTS).
int dp_trace_add(unsigned n);
void dp_trace_clear(void);
// Packets asked for and not yet seen, summed over workers.
unsigned dp_trace_pending(void);
// The traced packets, worker by worker, in the order they came.
int dp_trace_walk(dp_trace_cb cb, void *arg);

// ---- the packet-rate tester (dp/tester; the tester pipeline only)

// A stream's figures in the current (or last) run, summed over workers. Loss: while
// the run goes, the sequence numbers skipped; once it is over, what was sent and
// never came back (sent - (received - duplicates)), which also counts a lost tail.
struct dp_tester_info {
	const char *name;
	uint64_t tx_pkts, tx_bytes, rx_pkts, rx_bytes;
	uint64_t lost, dup, reorder, wrong_vni, wrong_port;
	uint64_t lat_min_ns, lat_mean_ns, lat_max_ns, lat_p50_ns, lat_p99_ns; // 0: none
	uint64_t tx_pps, rx_pps; // over the run's time
	uint64_t conf_pps;	 // the configured rate (0: as fast as the port takes)
	bool done;		 // sent its count or for its duration
	// The last move (tester move) measured on this stream in this run: the outage
	// between the last frame received by the old path (VTEP, network order) and the
	// first by the new one, by receive and by send time; the sequence numbers lost
	// between them; frames sent after the move that still took the old path.
	bool moved, converged;
	uint32_t move_from, move_to;
	uint64_t move_at_ms; // since the run started
	uint64_t outage_ns, outage_tx_ns, move_lost, misdelivered, old_path_pkts, new_path_pkts;
	uint64_t frame_gap_ns; // 1 / the stream's rate: the outage's resolution (0: max rate)
};

struct dp_tester_state {
	bool enabled; // the tester pipeline runs
	bool running; // started and not stopped
	bool done;    // every stream is done (or stopped)
	uint32_t run; // runs started so far
	uint64_t elapsed_ms;
	unsigned n_streams;
};

// A new run from sequence number 0: -ENOTSUP (not the tester pipeline), -ENOENT (no
// streams), -EBUSY (running).
int dp_tester_start(void);
// An RFC 2544 trial: a run of stream `stream` alone at pps for ms milliseconds (the
// others send nothing; the next dp_tester_start runs them all as configured again):
// dp_tester_start's errors, -EINVAL (no such stream, no rate or time).
int dp_tester_trial(unsigned stream, uint64_t pps, uint64_t ms);
// Stops sending (receiving goes on): 0, -ENOTSUP, -EALREADY (not running).
int dp_tester_stop(void);
void dp_tester_state(struct dp_tester_state *st);
// Moves emulated host `host` of stream `stream` (one with 2 or more emulated VTEPs) to
// its emulated VTEP *vtep (UINT32_MAX: the one after where it is; set) while a run goes: that host's frames are sent from there, and
// every other stream whose destination MAC is the host measures the move by the outer
// destination of its frames coming back (the old VTEP, the new one). *old_vtep: where
// the host was; *measured: the streams measuring. -ENOTSUP, -ENOENT (no such stream),
// -EINVAL (not a host or VTEP of the stream, or where it is already), -EBUSY (another
// host of the stream is moved: one per stream), -EAGAIN (no run going).
int dp_tester_move(unsigned stream, uint32_t host, uint32_t *vtep, uint32_t *old_vtep,
	unsigned *measured);
typedef int (*dp_tester_cb)(const struct dp_tester_info *, void *arg);
int dp_tester_walk(dp_tester_cb cb, void *arg);

#endif
