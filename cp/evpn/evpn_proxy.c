// SPDX-License-Identifier: BSD-3-Clause
#include "cp/evpn/evpn_proxy.h"

#include <string.h>

#include "cp/cp_addr.h"
#include "cp/cp_msgq.h"
#include "cp/evpn/evpn_gw.h"

#define PROXY_ARP 1
#define PROXY_ND 2

static uint8_t proxy_bd[DP_MAX_BD]; // PROXY_ARP | PROXY_ND

void evpn_proxy_init(const struct evpnd_config *cfg)
{
	memset(proxy_bd, 0, sizeof(proxy_bd));
	for (size_t i = 0; i < cfg->n_bds; i++) {
		const struct cfg_bd *b = &cfg->bds[i];
		if (b->id < DP_MAX_BD)
			proxy_bd[b->id] =
				(b->arp_suppress ? PROXY_ARP : 0) | (b->nd_suppress ? PROXY_ND : 0);
	}
}

static uint8_t proxy_bit(int family)
{
	if (family == AF_INET)
		return PROXY_ARP;
	return family == AF_INET6 ? PROXY_ND : 0;
}

bool evpn_proxy_on(uint16_t bd, int family)
{
	return bd < DP_MAX_BD && (proxy_bd[bd] & proxy_bit(family));
}

void evpn_proxy_set(
	uint16_t bd, const uint8_t mac[6], const struct cp_ip *ip, bool router, bool add)
{
	struct dp_msg m = {.type = add ? DP_MSG_NEIGH_ADD : DP_MSG_NEIGH_DEL};

	// The gateway's own addresses are its entries (cp/l2/bridge.c): a route for one
	// (another VTEP's anycast gateway, or a host claiming it) never replaces them.
	if (!evpn_proxy_on(bd, ip->family) || evpn_gw_has_ip(bd, ip))
		return;
	m.neigh.bd = bd;
	m.neigh.router = router;
	memcpy(m.neigh.mac, mac, 6);
	cp_ip_to_dp(ip, &m.neigh.ip);
	cp_send(&m); // in order behind the MAC it names
}
