// SPDX-License-Identifier: BSD-3-Clause
// The configuration model: what a config file (or an evpnctl command) says,
// parsed and checked whole before anything is applied. Plain C, no DPDK.
#ifndef EVPND_CONFIG_H
#define EVPND_CONFIG_H

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
#define CFG_LCORE_ID_MAX 1023 // highest lcore id in main-lcore/worker-lcores
#define CFG_IP_STRLEN INET6_ADDRSTRLEN // buffer size for cfg_ip_str
#define CFG_MAC_STRLEN 18 // buffer size for cfg_mac_str: "aa:bb:cc:dd:ee:ff"

// An IPv4 or IPv6 address; family is AF_INET or AF_INET6 (0 = unset).
struct cfg_ip {
	int family;
	union {
		struct in_addr v4;
		struct in6_addr v6;
	};
};

struct cfg_prefix {
	struct cfg_ip addr;
	uint8_t len;
};

struct cfg_port {
	char name[CFG_NAME_MAX];
	char devargs[CFG_DEVARGS_MAX];
	uint16_t rx_queues; // 0 = one per worker when the port supports it
	uint16_t mtu;       // 0 = leave the driver's default
};

// Underlay interface address: "address 192.0.2.1/24 port uplink0".
struct cfg_uaddr {
	struct cfg_prefix prefix;
	int port; // index into cfg.ports
};

// "route 0.0.0.0/0 via 192.0.2.254"
struct cfg_route {
	struct cfg_prefix dst;
	struct cfg_ip via;
};

// "neighbor 192.0.2.2 mac 02:00:00:00:00:02 port uplink0": static ARP/ND entry.
struct cfg_neigh {
	struct cfg_ip ip;
	uint8_t mac[6];
	int port;
};

// "member host0 untagged" / "member host0 vlan 10"
struct cfg_member {
	int port;      // index into cfg.ports
	uint16_t vlan; // CFG_VLAN_UNTAGGED or 1..4094
};

enum cfg_mac_kind {
	CFG_MAC_LOCAL,  // "mac M port P [vlan V]": static local MAC
	CFG_MAC_REMOTE, // "mac M remote-vtep IP": static remote MAC
};

struct cfg_mac {
	uint8_t mac[6];
	enum cfg_mac_kind kind;
	struct cfg_member local; // CFG_MAC_LOCAL
	struct cfg_ip vtep;      // CFG_MAC_REMOTE
};

struct cfg_bd {
	uint32_t id;  // "bridge-domain N", 1..4094
	uint32_t vni; // "vni N", 1..16777215 (0 = not set: an error at check time)
	uint32_t mac_aging_sec; // "mac-aging-time N", default 300, 0 = never
	bool learning;          // "no learning" turns it off, default on
	struct cfg_member *members;
	size_t n_members;
	struct cfg_mac *macs;
	size_t n_macs;
	struct cfg_ip *flood_vteps; // "flood-vtep IP"
	size_t n_flood_vteps;
};

struct evpnd_config {
	// dataplane
	uint32_t main_lcore;                    // "main-lcore N", default 0
	uint32_t worker_lcores[CFG_MAX_LCORES]; // "worker-lcores 1,2-3", default {1}
	size_t n_workers;
	uint32_t mbufs;          // "mbufs N", default 32768
	uint32_t mac_table_size; // "mac-table-size N", default 262144
	struct cfg_port ports[CFG_MAX_PORTS];
	size_t n_ports;

	// underlay
	struct cfg_ip vtep4; // "vtep-address 198.51.100.1" (family 0 when unset)
	struct cfg_ip vtep6; // "vtep-address 2001:db8::1"
	struct cfg_uaddr *addrs;
	size_t n_addrs;
	struct cfg_route *routes;
	size_t n_routes;
	struct cfg_neigh *neighs;
	size_t n_neighs;

	// bridge domains, in the order of the file
	struct cfg_bd *bds;
	size_t n_bds;
};

// An error found while parsing: "file:line: reason".
struct cfg_error {
	char msg[512];
};

// Fills *cfg with defaults. Must be called before parsing into it.
void config_init(struct evpnd_config *cfg);
// Frees what config_parse_* allocated; *cfg is reset to defaults.
void config_free(struct evpnd_config *cfg);

// Parse a whole file. On error returns -EINVAL (or -errno for I/O), fills err with
// "FILE:LINE: reason" and leaves *cfg freed (defaults). Runs config_check at the end.
int config_parse_file(struct evpnd_config *cfg, const char *path, struct cfg_error *err);
// Same for a string; `name` stands for the file name in error messages.
int config_parse_string(struct evpnd_config *cfg, const char *text, const char *name,
	struct cfg_error *err);
// Cross-checks (VNI unique, ports referenced exist, a port is not both an access
// member and an underlay port, a vtep-address is set when a bridge domain exists...).
int config_check(const struct evpnd_config *cfg, struct cfg_error *err);

// Prints the configuration in the same grammar (parse -> print -> parse is identity).
void config_print(const struct evpnd_config *cfg, FILE *out);

// Helpers shared with the control plane. Parsers return 0 or -EINVAL; *_str return
// buf, or NULL with errno ENOSPC when buf is too small.
int cfg_ip_parse(const char *s, struct cfg_ip *ip); // inet_pton, IPv4 then IPv6
const char *cfg_ip_str(const struct cfg_ip *ip, char *buf, size_t len); // "none" if unset
int cfg_mac_parse(const char *s, uint8_t mac[6]); // "aa:bb:cc:dd:ee:ff", any case
// Lower-case "aa:bb:cc:dd:ee:ff"; NULL and errno ENOSPC if len < CFG_MAC_STRLEN.
const char *cfg_mac_str(const uint8_t mac[6], char *buf, size_t len);
bool cfg_ip_equal(const struct cfg_ip *a, const struct cfg_ip *b);
int cfg_port_index(const struct evpnd_config *cfg, const char *name); // index or -ENOENT

#endif
