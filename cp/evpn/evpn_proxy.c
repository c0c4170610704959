// SPDX-License-Identifier: BSD-3-Clause
#include "cp/evpn/evpn_proxy.h"

#include <string.h>

#include "cp/cp_addr.h"
#include "cp/cp_msgq.h"

static uint8_t proxy_bd[DP_MAX_BD / 8];

void evpn_proxy_init(const struct evpnd_config *cfg)
{
	memset(proxy_bd, 0, sizeof(proxy_bd));
	for (size_t i = 0; i < cfg->n_bds; i++)
		if (cfg->bds[i].arp_suppress && cfg->bds[i].id < DP_MAX_BD)
			proxy_bd[cfg->bds[i].id / 8] |= (uint8_t)(1u << (cfg->bds[i].id % 8));
}

bool evpn_proxy_on(uint16_t bd)
{
	return bd < DP_MAX_BD && (proxy_bd[bd / 8] >> (bd % 8)) & 1;
}

void evpn_proxy_set(uint16_t bd, const uint8_t mac[6], const struct cp_ip *ip, bool add)
{
	struct dp_msg m = {.type = add ? DP_MSG_NEIGH_ADD : DP_MSG_NEIGH_DEL};

	if (!evpn_proxy_on(bd) || ip->family != AF_INET)
		return;
	m.neigh.bd = bd;
	memcpy(m.neigh.mac, mac, 6);
	cp_ip_to_dp(ip, &m.neigh.ip);
	cp_send(&m); // in order behind the MAC it names
}
