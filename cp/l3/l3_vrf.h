// SPDX-License-Identifier: BSD-3-Clause
// VRFs: what the control plane programs into the dataplane's FIBs (connected subnets
// of the anycast gateways, static routes) and keeps for `show ip route vrf`.
#ifndef EVPND_L3_VRF_H
#define EVPND_L3_VRF_H

#include "cp/config/config.h"

enum l3_route_kind {
	L3_ROUTE_CONNECTED = 'C',
	L3_ROUTE_STATIC = 'S',
};

struct l3_route {
	struct cfg_prefix dst;
	char kind;	  // enum l3_route_kind
	bool blackhole;	  // static: unreachable
	uint16_t bd;	  // connected: its domain; static: the domain its next hop is in
	struct cp_ip via; // static
	uint32_t rnh;	  // the dataplane's next hop id
	bool installed;	  // sent to the dataplane
};

struct l3_vrf {
	char name[CFG_NAME_MAX]; // "default" for id 0
	uint16_t id;
	uint32_t vni;
	uint8_t router_mac[6];
	uint16_t n_bds;
	uint16_t *bds;		 // attached bridge domains with a gateway
	struct l3_route *routes; // sorted by family, then prefix
	size_t n_routes;
};

// Programs the VRFs of cfg (after the bridge domains: a route's next hop names
// one). 0 or -errno. A config without gateways has none.
int l3_vrf_apply(const struct evpnd_config *cfg);
void l3_vrf_fini(void);
// The VRFs, id order: the default first when a gateway routes there.
size_t l3_vrf_count(void);
const struct l3_vrf *l3_vrf_at(size_t i);
const struct l3_vrf *l3_vrf_find(const char *name);
// The VRF whose L3VNI is vni (symmetric IRB), or NULL.
const struct l3_vrf *l3_vrf_by_vni(uint32_t vni);

#endif
