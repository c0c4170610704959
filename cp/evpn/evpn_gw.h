// SPDX-License-Identifier: BSD-3-Clause
// The bridge domains' distributed anycast gateways as EVPN sees them: which MAC and
// addresses are ours on every VTEP (so a received route for them never replaces them
// in the dataplane, nor moves the MAC: evpn_mac.c decides that, told by
// evpn_mac_gateway_set), and, with `advertise-default-gw`, our MAC+IP type-2 route
// of each gateway address with the Default Gateway community (RFC 7432 7.8), as FRR
// advertises its SVI's. The dataplane side (the MAC, the proxy entries flagged
// gateway) is programmed with the bridge domain (cp/l2/bridge.c). Control thread only.
#ifndef EVPND_EVPN_GW_H
#define EVPND_EVPN_GW_H

#include <stdbool.h>
#include <stdint.h>

#include "cp/config/config.h"
#include "cp/cp_addr.h"

struct evpn_inst;
struct evpn_mac_table;

// Keeps the gateways of cfg's bridge domains. 0 or -ENOMEM.
int evpn_gw_init(const struct evpnd_config *cfg);
void evpn_gw_fini(void);
// Marks each gateway MAC in macs and, when cfg says advertise-default-gw (router bgp's
// or the VNI's), originates the gateway routes from vtep. 0 or -errno.
int evpn_gw_start(const struct evpnd_config *cfg, const struct evpn_inst *in,
	struct evpn_mac_table *macs, const struct dp_ip *vtep);

// The gateway MAC of bd, or NULL when it has none.
const uint8_t *evpn_gw_mac(uint16_t bd);
// Whether ip is one of bd's gateway addresses.
bool evpn_gw_has_ip(uint16_t bd, const struct cp_ip *ip);
// For show: bd's gateway addresses (up to CFG_GW_MAX_ADDRS) and their prefix lengths;
// returns how many.
unsigned evpn_gw_addrs(uint16_t bd, struct cp_ip *ips, uint8_t *lens);
// advertise-default-gw: router bgp's (global), and a VNI's own (its vni block).
bool evpn_gw_advertised(void);
bool evpn_gw_vni_advertised(uint32_t vni);
// How many gateway routes we originate.
unsigned evpn_gw_routes(void);

#endif
