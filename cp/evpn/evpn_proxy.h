// SPDX-License-Identifier: BSD-3-Clause
// The proxy ARP/ND table (RFC 9161) of the bridge domains with `arp-suppression`
// (IPv4) or `neigh-suppression` (IPv6), or with an anycast gateway (ip_forward
// resolves the hosts it routes to there): the IP -> MAC bindings EVPN knows, remote
// (received MAC+IP type-2 routes) and local (IPs snooped for our local MACs),
// programmed as DP_MSG_NEIGH_ADD/DEL. Other domains get none (a million MAC+IP routes
// would fill the table for nothing). Control thread only.
#ifndef EVPND_EVPN_PROXY_H
#define EVPND_EVPN_PROXY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cp/config/config.h"

void evpn_proxy_init(const struct evpnd_config *cfg);
// A bridge domain added or removed by a reload: whether its proxies answer.
void evpn_proxy_bd(const struct cfg_bd *b, bool add);
// Whether the dataplane answers ARP (AF_INET) or ND (AF_INET6) for bd from its table.
bool evpn_proxy_on(uint16_t bd, int family);
// Adds or removes the binding ip -> mac in bd named by from: the VTEP of a
// received MAC+IP route, or NULL for our own snooping of a local MAC. A removal
// takes away only that binding: the dataplane keeps the newest one left (a host
// that moved between VTEPs stays answered when the old route's withdrawal comes
// after the new route). router: NAs for it carry the Router flag (the MAC+IP
// route's ARP/ND extended community, RFC 9161 3.2). Nothing for a domain without
// suppression of ip's family.
void evpn_proxy_set(uint16_t bd, const struct dp_ip *from, const uint8_t mac[6],
	const struct cp_ip *ip, bool router, bool add);
// The (domain, IP) pairs with a binding.
size_t evpn_proxy_count(void);

#endif
