// SPDX-License-Identifier: BSD-3-Clause
// The proxy ARP table of the bridge domains with `arp-suppression` (RFC 9161): the
// IP -> MAC bindings EVPN knows, remote (received MAC+IP type-2 routes) and local (IPs
// snooped for our local MACs), programmed as DP_MSG_NEIGH_ADD/DEL. Domains without
// suppression get none (a million MAC+IP routes would fill the table for nothing).
// IPv4 only for now: ND suppression is not there yet. Control thread only.
#ifndef EVPND_EVPN_PROXY_H
#define EVPND_EVPN_PROXY_H

#include <stdbool.h>
#include <stdint.h>

#include "cp/config/config.h"

void evpn_proxy_init(const struct evpnd_config *cfg);
// Whether the dataplane answers ARP for bd from its proxy table.
bool evpn_proxy_on(uint16_t bd);
// Adds or removes the binding ip -> mac in bd (a removal leaves a binding that has
// moved to another MAC since). Nothing for a domain without suppression.
void evpn_proxy_set(uint16_t bd, const uint8_t mac[6], const struct cp_ip *ip, bool add);

#endif
