// SPDX-License-Identifier: BSD-3-Clause
// The configuration model: what a config file (or an evpnctl command) says,
// parsed and checked whole before anything is applied. Plain C, no DPDK.
#ifndef EVPND_CONFIG_H
#define EVPND_CONFIG_H

#include "cp/cp_addr.h"

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CFG_NAME_MAX 32
#define CFG_DEVARGS_MAX 256
#define CFG_MAX_LCORES 64
#define CFG_MAX_PORTS 32
#define CFG_VLAN_UNTAGGED 0
#define CFG_GW_MAX_ADDRS 8    // gateway-addresses of one bridge domain
#define CFG_LCORE_ID_MAX 1023 // highest lcore id in main-lcore/worker-lcores

struct cfg_prefix {
	struct cp_ip addr;
	uint8_t len;
};

struct cfg_port {
	char name[CFG_NAME_MAX];
	char devargs[CFG_DEVARGS_MAX];
	uint16_t rx_queues; // 0 = one per worker when the port supports it
	uint16_t mtu;       // 0 = leave the driver's default
	// underlay "kernel-interface NAME port P": a kernel TAP mirroring this port, so
	// the host IP stack (BGP over TCP, ping) works on the port's addresses. "" = none.
	char kernel_if[16];
	// Lines of the file (0 for a config built in memory), so that errors found by
	// the whole-file check or at start-up (the driver refusing the MTU) name them.
	unsigned line, mtu_line, kernel_if_line;
};

// Underlay interface address: "address 192.0.2.1/24 port uplink0".
struct cfg_uaddr {
	struct cfg_prefix prefix;
	int port; // index into cfg.ports
	unsigned line;
};

// "route 0.0.0.0/0 via 192.0.2.254"
struct cfg_route {
	struct cfg_prefix dst;
	struct cp_ip via;
};

// "neighbor 192.0.2.2 mac 02:00:00:00:00:02 port uplink0": static ARP/ND entry.
struct cfg_neigh {
	struct cp_ip ip;
	uint8_t mac[6];
	int port;
	unsigned line;
};

// "member host0 untagged" / "member host0 vlan 10"
struct cfg_member {
	int port;      // index into cfg.ports
	uint16_t vlan; // CFG_VLAN_UNTAGGED or 1..4094
	unsigned line; // of its "member" (or "mac") line, 0 in memory
};

enum cfg_mac_kind {
	CFG_MAC_LOCAL,  // "mac M port P [vlan V]": static local MAC
	CFG_MAC_REMOTE, // "mac M remote-vtep IP": static remote MAC
};

struct cfg_mac {
	uint8_t mac[6];
	enum cfg_mac_kind kind;
	struct cfg_member local; // CFG_MAC_LOCAL
	struct cp_ip vtep;      // CFG_MAC_REMOTE (the remote PE of an MPLS domain)
	uint32_t label;         // "... remote-vtep IP label L": its service label (MPLS), 0 = none
	unsigned line;           // 0 in memory
};

#define CFG_NEIGH_TABLE_DEFAULT 65536
#define CFG_FIB_SIZE_DEFAULT 65536

struct cfg_bd {
	uint32_t id;  // "bridge-domain N", 1..4094
	uint32_t vni; // "vni N", 1..16777215 (0 = not set: an error at check time)
	uint32_t mac_aging_sec; // "mac-aging-time N", default 300, 0 = never
	bool learning;          // "no learning" turns it off, default on
	bool arp_suppress;      // "arp-suppression": answer ARP from the proxy table (RFC 9161)
	bool nd_suppress;       // "neigh-suppression": answer NS from the proxy table
	bool unknown_drop;      // "unknown-unicast-suppression": drop ARP/NS for unknown targets
	struct cfg_member *members;
	size_t n_members;
	struct cfg_mac *macs;
	size_t n_macs;
	struct cp_ip *flood_vteps; // "flood-vtep IP"
	size_t n_flood_vteps;
	uint32_t *flood_labels; // "flood-vtep IP label L": the PE's IMET label (MPLS), 0 = none
	// "encapsulation mpls" (RFC 7432; default vxlan, RFC 8365): frames to remote PEs
	// carry the transport labels and the PE's service label; ours comes from the mpls
	// section's label dynamic-block (cfg_bd_label). "control-word": RFC 4448's, both ways.
	bool mpls;
	bool control_word;
	unsigned encap_line, cw_line;
	// Distributed anycast gateway: "gateway-mac MAC", the same on every VTEP, and
	// "gateway-address A/LEN" (IPv4 and IPv6, up to CFG_GW_MAX_ADDRS).
	bool has_gw_mac;
	uint8_t gw_mac[6];
	struct cfg_prefix *gw_addrs;
	size_t n_gw_addrs;
	unsigned gw_addr_line; // of the first gateway-address, 0 = none
	// "vrf NAME": the VRF its gateway routes in (FRR: the SVI's vrf). "" = the default
	// VRF, where every gateway without one routes.
	char vrf[CFG_NAME_MAX];
	unsigned vrf_line;
	unsigned line; // of "bridge-domain N"
};

// ---- mpls (cp/config/config_mpls.c)

#define CFG_MPLS_MAX_PUSH 4 // labels of one transport stack (DP_MPLS_MAX_PUSH)
#define CFG_MPLS_LABEL_MIN 16
#define CFG_MPLS_LABEL_MAX 1048575

// "lsp IN NEXTHOP OUT|implicit-null" (FRR's static "mpls lsp"): the P router's swap, or
// the penultimate hop's pop.
struct cfg_mpls_lsp {
	uint32_t in_label;
	struct cp_ip nexthop; // a neighbour on a connected underlay subnet
	bool implicit_null;   // pop (PHP)
	uint32_t out_label;
	// "node-label L": a label of this router (its SR node label, when the P before it
	// does not pop it): popped, the label under it looked up. No next hop.
	bool local;
	unsigned line;
};

// "transport PE push L1 [L2..] | push implicit-null  nexthop ADDR [entropy-label]": how frames reach
// remote PE: the labels (outermost first) to the neighbour ADDR.
struct cfg_mpls_transport {
	struct cp_ip pe;
	struct cp_ip nexthop;
	uint8_t n_labels; // 0: implicit-null, the service label alone
	uint32_t labels[CFG_MPLS_MAX_PUSH];
	bool entropy_label; // push an ELI and an entropy label under them (RFC 6790)
	bool udp; // "transport PE udp": MPLS-in-UDP (RFC 7510) to pe, routed as VXLAN is
	unsigned line;
};

struct cfg_mpls {
	unsigned line; // of "mpls", 0 = no section
	// "label dynamic-block A B" (FRR's): where the service labels of MPLS bridge
	// domains come from, one per domain in file order. 0 0 = none.
	uint32_t block_lo, block_hi;
	unsigned block_line;
	struct cfg_mpls_lsp *lsps;
	size_t n_lsps;
	struct cfg_mpls_transport *transports;
	size_t n_transports;
};

// "vni N" ... "exit-vni" inside address-family l2vpn evpn (cp/config/config_evpn.c):
// per-VNI RD and route targets, wire form (8 octets), as FRR spells them.
#define CFG_EVPN_MAX_RT 16
#define CFG_EVPN_RT_IMPORT 1
#define CFG_EVPN_RT_EXPORT 2
#define CFG_EVPN_RT_BOTH 3

struct cfg_evpn_rt {
	uint8_t dir; // CFG_EVPN_RT_*, as given
	uint8_t rt[8];
};

// ---- ip|ipv6 prefix-list, route-map (cp/config/config_policy.c): what a VRF advertises

struct cfg_plist_entry {
	uint32_t seq;
	bool permit;
	bool any;
	struct cfg_prefix pfx;
	uint8_t ge, le; // 0: not given
	unsigned line;
};

struct cfg_plist {
	char name[CFG_NAME_MAX];
	uint8_t family;			 // AF_INET: "ip prefix-list", AF_INET6: "ipv6 ..."
	struct cfg_plist_entry *entries; // by seq
	size_t n;
};

// One entry "route-map NAME permit|deny SEQ" and its match lines.
struct cfg_rmap {
	char name[CFG_NAME_MAX];
	uint32_t seq;
	bool permit;
	char plist[2][CFG_NAME_MAX]; // [0] match ip, [1] match ipv6 address prefix-list
	unsigned line, match_line[2]; // match_line 0: no such match
};

// ---- vrf NAME (cp/config/config_vrf.c)

#define CFG_MAX_VRFS 255 // named VRFs (ids 1..255; 0 is the default VRF)

// "ip route 10.9.0.0/16 10.1.0.5" (FRR's), "... via 10.1.0.5", "... blackhole";
// "ipv6 route" the same.
struct cfg_vrf_route {
	struct cfg_prefix dst;
	bool blackhole;
	struct cp_ip via; // family 0 for a blackhole
	unsigned line;
};

struct cfg_vrf {
	char name[CFG_NAME_MAX];
	uint32_t vni;	     // "vni N": the L3VNI (symmetric IRB, later); 0 = none
	bool has_router_mac; // "router-mac MAC"; else derived (cfg_vrf_router_mac)
	uint8_t router_mac[6];
	// "encapsulation mpls" (Layer 3 EVPN over MPLS, RFC 9135/9136 as RFC 7432 says):
	// routed packets to remote PEs carry a per-VRF label, ours from the label
	// dynamic-block (cfg_vrf_label). Also when one of its bridge domains is MPLS.
	bool mpls;
	unsigned encap_line;
	struct cfg_vrf_route *routes;
	size_t n_routes;
	unsigned line, vni_line;
	// EVPN type-5 routes (RFC 9136; config_vrf_evpn.c): "advertise ipv4 unicast",
	// "advertise ipv6 unicast", "rd", "route-target", in "router bgp ASN vrf NAME" /
	// "address-family l2vpn evpn" as FRR, or in this section. RD auto:
	// router-id:index, RT auto: ASN:L3VNI (both as FRR derives them).
	unsigned advertise_line[2]; // [0] ipv4, [1] ipv6; 0 = not advertised
	char advertise_rmap[2][CFG_NAME_MAX]; // "advertise ... route-map NAME", "" = all
	bool rd_set;
	uint8_t rd[8];
	unsigned rd_line;
	uint8_t n_rts;
	struct cfg_evpn_rt rts[CFG_EVPN_MAX_RT];
	uint32_t bgp_asn;  // of "router bgp ASN vrf NAME", 0 = none
	unsigned bgp_line; // where that section was given
};

// ---- router bgp (cp/config/config_bgp.c)

#define CFG_BGP_PASSWORD_MAX 80 // TCP_MD5SIG_MAXKEYLEN is 80

enum cfg_bgp_af {
	CFG_BGP_AF_IPV4_UNICAST,
	CFG_BGP_AF_IPV6_UNICAST,
	CFG_BGP_AF_L2VPN_EVPN,
	CFG_BGP_AF_N,
};

enum cfg_bgp_as_kind {
	CFG_BGP_AS_UNSET,
	CFG_BGP_AS_NUMBER,   // "remote-as 65001"
	CFG_BGP_AS_INTERNAL, // "remote-as internal": our AS
	CFG_BGP_AS_EXTERNAL, // "remote-as external": any AS but ours
};

// Which fields of a cfg_bgp_nbr were given, so a neighbor inherits the others
// from its peer-group.
#define CFG_BGP_SET_REMOTE_AS (1u << 0)
#define CFG_BGP_SET_UPDATE_SOURCE (1u << 1)
#define CFG_BGP_SET_TIMERS (1u << 2)
#define CFG_BGP_SET_PASSWORD (1u << 3)
#define CFG_BGP_SET_TTL_SECURITY (1u << 4)
#define CFG_BGP_SET_MAX_PREFIX (1u << 5)
#define CFG_BGP_SET_RR_CLIENT (1u << 6)
#define CFG_BGP_SET_EXT_NEXTHOP (1u << 7)
#define CFG_BGP_SET_PASSIVE (1u << 8)
#define CFG_BGP_SET_CONNECT_RETRY (1u << 9)
#define CFG_BGP_SET_FIRST_AS (1u << 10)
#define CFG_BGP_SET_SHUTDOWN (1u << 11)
#define CFG_BGP_SET_AF(af) (1u << (16 + (af))) // "[no] neighbor X activate" in the family

// "neighbor 192.0.2.254 ..." or "neighbor RR peer-group" and its settings.
struct cfg_bgp_nbr {
	bool is_group;
	char name[CFG_NAME_MAX]; // the group name; the address as text for a neighbor
	struct cp_ip addr;      // family 0 for a group
	int group;               // index of its peer-group in cfg_bgp.nbrs, -1 if none
	uint32_t set;            // CFG_BGP_SET_*
	enum cfg_bgp_as_kind as_kind;
	uint32_t remote_as;
	struct cp_ip update_source;
	// "update-source IFNAME" (FRR's interface form): a port or kernel-interface of
	// this config, resolved by cfg_bgp_nbr_resolve to its underlay address. "" = none.
	char update_source_if[16];
	struct cp_ip update_source_if_addr[2]; // its IPv4 and IPv6 address, set by the parse
	uint16_t keepalive, hold; // "timers 3 9", defaults 60 180
	uint16_t connect_retry;   // "timers connect N", default 10
	char password[CFG_BGP_PASSWORD_MAX + 1];
	uint8_t ttl_hops;    // "ttl-security hops N", 0 = off
	// "maximum-prefix N [warning-only]" per family (outside a family: ipv4
	// unicast); 0 = no limit
	uint32_t max_prefix[CFG_BGP_AF_N];
	bool max_prefix_warn_only[CFG_BGP_AF_N];
	// "neighbor X route-reflector-client" per family (outside one: ipv4 unicast)
	bool rr_client[CFG_BGP_AF_N];
	bool ext_nexthop; // "capability extended-nexthop"
	bool passive;
	bool no_enforce_first_as; // "no neighbor X enforce-first-as" (FRR: on by default)
	bool af_active[CFG_BGP_AF_N];
	bool shutdown;	      // "neighbor X shutdown": configured, never started (Idle (Admin))
	char description[80]; // "neighbor X description TEXT", for show output
	unsigned line;	      // where the neighbor or group was defined, 0 in memory
};

// "bgp listen range 192.0.2.0/24 peer-group RR"
struct cfg_bgp_listen {
	struct cfg_prefix range;
	int group; // index in cfg_bgp.nbrs
	unsigned line;
};

struct cfg_evpn_vni {
	uint32_t vni;
	bool rd_set; // "rd X"; auto (router-id:index) otherwise
	uint8_t rd[8];
	uint8_t n_rts; // "route-target import|export|both X"; auto (AS:VNI) otherwise
	struct cfg_evpn_rt rts[CFG_EVPN_MAX_RT];
	bool advertise_default_gw; // "advertise-default-gw" for this VNI only (FRR's)
};

struct cfg_bgp {
	uint32_t asn; // "router bgp N"; 0 = no BGP
	struct in_addr router_id; // "bgp router-id", 0 = from vtep-address
	struct in_addr cluster_id; // "bgp cluster-id", 0 = router-id
	bool default_ipv4_unicast; // "no bgp default ipv4-unicast" clears it
	bool advertise_all_vni;
	// "advertise-default-gw": MAC+IP routes of the bridge domains' gateways, with the
	// Default Gateway extended community (RFC 7432 7.8)
	bool advertise_default_gw;
	// "vtep-address-family ipv4|ipv6" in address-family l2vpn evpn: which
	// vtep-address our EVPN routes carry when both are set (0: the rule of
	// cfg_evpn_vtep)
	uint8_t evpn_vtep_family;
	unsigned evpn_vtep_family_line;
	// "timers bgp KEEPALIVE HOLD": the default of the neighbors without their own
	// timers (60 180 when not given)
	bool timers_set;
	uint16_t keepalive, hold;
	// "bgp graceful-restart": restarting speaker too (our families in the GR
	// capability); evpnd is always a helper (RFC 4724 receiving speaker).
	bool graceful_restart;
	// "bgp graceful-restart restart-time N" (what our capability says) and
	// "select-defer-time N" (how long a restart waits for the neighbors'
	// End-of-RIB before advertising, RFC 4724 4.1); 0 = FRR's defaults
	uint16_t gr_restart_time, gr_select_defer_time;
	unsigned line, advertise_all_vni_line; // 0 in memory
	struct cfg_bgp_nbr *nbrs; // groups and neighbors in file order
	size_t n_nbrs;
	struct cfg_bgp_listen *listens;
	size_t n_listens;
	struct cfg_prefix *networks; // "network P" under address-family ipv4/ipv6 unicast
	size_t n_networks;
	struct cfg_evpn_vni *evpn_vnis; // "vni N" blocks, in file order
	size_t n_evpn_vnis;
};

// ---- tester, stream NAME (cp/config/config_tester.c): the packet-rate tester

#define CFG_TESTER_MAX_STREAMS 64 // TESTER_MAX_STREAMS
#define CFG_STREAM_MAX_SIZES 12	  // TESTER_MAX_SIZES (IMIX: 12)
#define CFG_STREAM_MAX_LABELS 4	  // TESTER_MAX_LABELS

enum cfg_stream_encap {
	CFG_STREAM_ETHERNET, // plain frames, toward an access port
	CFG_STREAM_VXLAN,
	CFG_STREAM_MPLS,
	CFG_STREAM_MPLS_UDP,
};

struct cfg_stream {
	char name[CFG_NAME_MAX];
	uint8_t encap;	  // enum cfg_stream_encap, "encapsulation" (default ethernet)
	int port;	  // "port P": sent there (-1: not given, an error)
	int rx_port;	  // "rx-port P": expected back there (-1: anywhere)
	struct cp_ip src_vtep; // "source-vtep A [count N]": the emulated VTEPs/PEs
	uint32_t n_vteps;
	struct cp_ip dst_vtep; // "destination-vtep A": the device under test
	bool has_next_hop_mac; // "next-hop-mac M": the outer destination
	uint8_t next_hop_mac[6];
	uint32_t vni; // "vni N": sent (vxlan), else checked when it comes back in VXLAN
	uint8_t n_labels; // "label L [L..]": transport labels then the service label
	uint32_t labels[CFG_STREAM_MAX_LABELS];
	uint32_t rx_label; // "rx-label L": checked when it comes back in MPLS, and announced
	bool has_src_mac;  // "source-mac M [count N]": the emulated hosts
	uint8_t src_mac[6];
	uint32_t n_macs;
	bool has_dst_mac; // "destination-mac M"
	uint8_t dst_mac[6];
	struct cp_ip src_ip, dst_ip; // "source-ip", "destination-ip" (198.18.0.1, .2)
	uint16_t sizes[CFG_STREAM_MAX_SIZES]; // "frame-size N [N..] | imix" (with FCS)
	uint8_t n_sizes;
	bool imix;
	uint64_t rate;	   // "rate N UNIT | max": 0 = max
	bool rate_bps;	   // rate is bits/s (pps when false)
	uint64_t count;	   // "count N", 0 = not given
	uint32_t duration; // "duration SECONDS", 0 = not given
	unsigned line;
};

struct cfg_tester {
	unsigned line; // of "tester": the tester pipeline runs (0: the VTEP)
	char report_file[256]; // "report-file PATH": the JSON report at each stop
	struct cfg_stream *streams;
	size_t n_streams;
};
// The packets per second a stream's rate asks (bits/s over its mean frame size, with
// the preamble and gap, 20 bytes); 0: as fast as the port takes.
uint64_t cfg_stream_pps(const struct cfg_stream *s);

// "log syslog [LEVEL]" (FRR): the syslog sink, wired by cp/cp_log.c.
struct cfg_log {
	bool syslog;
	int syslog_level; // syslog(3) priority: LOG_INFO unless a LEVEL is given
};

// "process NAME": a helper of the route-injection API (cp/inject), run with
// /bin/sh -c; its stdout gives commands, its stdin gets events.
#define CFG_PROCESS_NAME_MAX 32
#define CFG_MAX_PROCESSES 16
struct cfg_process {
	char name[CFG_PROCESS_NAME_MAX];
	char *run;	     // "run CMD...": the words joined by one space (malloc'd)
	bool receive_routes; // "receive routes": best-path changes as events too
	bool keep_routes;    // "keep-routes": its routes stay when it exits
	unsigned line;
};

// Section "metrics" (the Prometheus endpoint, cp/mgmt/metrics_http.h); "no metrics"
// turns it off. Unset: CFG_METRICS_ADDR port CFG_METRICS_PORT.
#define CFG_METRICS_ADDR "127.0.0.1"
#define CFG_METRICS_PORT 9440
struct cfg_metrics {
	bool off;	    // "no metrics"
	char addr[46];	    // "listen ADDR PORT": an IPv4 or IPv6 literal, "" = the default
	uint16_t port;	    // 0 = the default
	unsigned line;	    // of the section or of "no metrics", 0 = not given
};

struct evpnd_config {
	char hostname[64]; // "hostname NAME" (FRR): "" = the system's
	struct cfg_log log;
	unsigned debug_flags; // FRR's "debug bgp updates" ... lines: 1 << enum cp_debug
	struct cfg_metrics metrics;

	// dataplane
	uint32_t main_lcore;                    // "main-lcore N", default 0
	uint32_t worker_lcores[CFG_MAX_LCORES]; // "worker-lcores 1,2-3", default {1}
	size_t n_workers;
	unsigned main_lcore_line, workers_line; // 0: default, or built in memory
	uint32_t mbufs;          // "mbufs N", default 32768
	uint32_t mac_table_size; // "mac-table-size N", default 262144
	uint32_t neigh_table_size; // "neigh-table-size N": proxy ARP/ND entries, default 65536
	uint32_t fib_size; // "fib-size N": routes of each VRF's FIB per family, default 65536
	struct cfg_port ports[CFG_MAX_PORTS];
	size_t n_ports;

	// underlay
	struct cp_ip vtep4; // "vtep-address 198.51.100.1" (family 0 when unset)
	struct cp_ip vtep6; // "vtep-address 2001:db8::1"
	struct cfg_uaddr *addrs;
	size_t n_addrs;
	struct cfg_route *routes;
	size_t n_routes;
	struct cfg_neigh *neighs;
	size_t n_neighs;

	// bridge domains, in the order of the file
	struct cfg_bd *bds;
	size_t n_bds;

	struct cfg_vrf *vrfs; // in the order of the file; VRF id = index + 1
	size_t n_vrfs;

	struct cfg_mpls mpls;

	struct cfg_bgp bgp;

	struct cfg_plist *plists; // ip and ipv6 prefix-lists
	size_t n_plists;
	struct cfg_rmap *rmaps; // route-map entries in file order
	size_t n_rmaps;

	struct cfg_process *processes; // in the order of the file
	size_t n_processes;
	struct cfg_tester tester;
};

// Route map NAME's verdict on a prefix (FRR's: first entry by seq whose matches hold
// it; none, or no such route map: deny).
bool cfg_route_map_permits(
	const struct evpnd_config *cfg, const char *name, const struct cfg_prefix *pf);
bool cfg_route_map_exists(const struct evpnd_config *cfg, const char *name);

// The VRF id of a name: 0 for "" (the default VRF), index + 1, or -ENOENT.
int cfg_vrf_id(const struct evpnd_config *cfg, const char *name);
// A VRF's router MAC: its router-mac, else 02:00 and the 4 low octets of the
// vtep-address (IPv4, else IPv6): locally administered, one per VTEP as FRR's (the SVI's
// MAC) is. id 0 (the default VRF) has the derived one.
void cfg_vrf_router_mac(const struct evpnd_config *cfg, int id, uint8_t mac[6]);
// The bridge domain of VRF `id` whose gateway subnet holds ip, or NULL.
const struct cfg_bd *cfg_vrf_connected(
	const struct evpnd_config *cfg, int id, const struct cp_ip *ip);
void cfg_prefix_mask(struct cfg_prefix *p); // clears the host bits
// The local service label of an MPLS bridge domain: the label dynamic-block's first plus
// its rank among the MPLS domains of the file. 0 for a VXLAN one (or no block).
uint32_t cfg_bd_label(const struct evpnd_config *cfg, const struct cfg_bd *bd);
// Whether VRF `id` (1..n_vrfs) routes over MPLS: its own "encapsulation mpls" or one of
// its bridge domains'.
bool cfg_vrf_mpls(const struct evpnd_config *cfg, int id);
// The local per-VRF label of VRF `id` with an L3VNI that routes over MPLS: the label
// dynamic-block's next after the bridge domains' labels, by rank among such VRFs. 0 for
// any other VRF (or no block, or no label left).
uint32_t cfg_vrf_label(const struct evpnd_config *cfg, int id);
// The transport toward remote PE `pe`, or NULL.
const struct cfg_mpls_transport *cfg_mpls_transport(
	const struct evpnd_config *cfg, const struct cp_ip *pe);

// The VTEP address our EVPN routes carry (type-3 originating IP, PMSI tunnel
// endpoint, MP_REACH next hop): the vtep-address of the family vtep-address-family
// names; without it the IPv4 vtep-address, else the IPv6 one. NULL when that
// address is not set.
const struct cp_ip *cfg_evpn_vtep(const struct evpnd_config *cfg);

// What parsing found wrong: every error of the file, "file:line: reason" one per
// line in `all` (the first also in `msg`), and the warnings about lines accepted
// but ignored (FRR lines evpnd has no use for), one per line.
#define CFG_ERRORS_MAX 64 // more are counted, not listed
struct cfg_error {
	char msg[512];
	unsigned n_errors, n_warnings;
	char all[16384];
	char warnings[8192];
};

// Fills *cfg with defaults. Must be called before parsing into it.
void config_init(struct evpnd_config *cfg);
// Frees what config_parse_* allocated; *cfg is reset to defaults.
void config_free(struct evpnd_config *cfg);

// Parse a whole file. On error returns -EINVAL (or -errno for I/O), fills err with
// "FILE:LINE: reason" and leaves *cfg freed (defaults). A bad line does not stop
// the parse: every bad line is listed in err->all, then what config_check finds
// in the rest. Warnings (ignored lines) are in err->warnings either way.
int config_parse_file(struct evpnd_config *cfg, const char *path, struct cfg_error *err);
// Same for a string; `name` stands for the file name in error messages.
int config_parse_string(struct evpnd_config *cfg, const char *text, const char *name,
	struct cfg_error *err);
// Cross-checks (VNI unique, ports referenced exist, a port is not both an access
// member and an underlay port, a vtep-address is set when a bridge domain exists,
// what start-up would refuse...). Lists every problem; "LINE: reason" for the
// items that know their line (config_parse_* prefix the file name), else "reason".
int config_check(const struct evpnd_config *cfg, struct cfg_error *err);
// As config_check, naming the file in the messages ("FILE:LINE: reason").
int config_check_file(const struct evpnd_config *cfg, const char *name, struct cfg_error *err);
// Appends a formatted error to err (msg keeps the first); returns -EINVAL.
int cfg_error_add(struct cfg_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void cfg_error_clear(struct cfg_error *err);
// Prints the warnings ("PREFIXwarning: FILE:LINE: ...") then the errors, one a line.
void config_report(const struct cfg_error *err, const char *prefix, FILE *out);

// What only this machine can tell, for evpnd -n and start-up: lcores that are no CPU
// here (DPDK refuses to start on them), af_packet interfaces that do not exist. Warnings in err (the file may be meant for
// another machine); returns how many.
unsigned config_check_host(const struct evpnd_config *cfg, const char *name, struct cfg_error *err);

// Prints the configuration in the same grammar (parse -> print -> parse is identity).
void config_print(const struct evpnd_config *cfg, FILE *out);

// Helpers shared with the control plane (addresses and MACs: cp/cp_addr.h).
int cfg_port_index(const struct evpnd_config *cfg, const char *name); // index or -ENOENT
// How the underlay reaches dst: the connected address (its port) of the longest
// prefix holding dst, else of the longest route's gateway (in *gw, dst itself when
// connected). NULL when nothing reaches it.
const struct cfg_uaddr *cfg_underlay_route(
	const struct evpnd_config *cfg, const struct cp_ip *dst, struct cp_ip *gw);
// The effective settings of bgp.nbrs[i]: its own, then its peer-group's for the
// fields it did not set, then defaults.
void cfg_bgp_nbr_resolve(const struct cfg_bgp *bgp, size_t i, struct cfg_bgp_nbr *out);
// Index of the neighbor or group named name (an address or a group name), or -ENOENT.
int cfg_bgp_nbr_find(const struct cfg_bgp *bgp, const char *name);

#endif
