// SPDX-License-Identifier: BSD-3-Clause
// Which local MAC holds an IP of a VNI: the one that claimed it last in ARP, ND or
// DHCP (snooped by the dataplane). An IP that changes hands moves its MAC+IP route
// to the new MAC: the old MAC's route for it is withdrawn. Duplicate address
// detection for IPs, as FRR does it for neighbours (`dup-addr-detection`, the MAC
// table's settings): an IP whose holder changed max_moves times within time_sec is
// a duplicate, logged once; with freeze it stays with the MAC that held it then,
// until that MAC lets it go (ages out, or its IPs are replaced) or `clear evpn
// dup-addr`. Control thread only.
#ifndef EVPND_EVPN_IP_OWNER_H
#define EVPND_EVPN_IP_OWNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cp/cp_addr.h"

struct evpn_ip_owner_cfg {
	bool dad_enable;
	uint32_t dad_max_moves;
	uint32_t dad_time_sec;
	bool dad_freeze;
};

enum evpn_ip_claim {
	EVPN_IP_NEW,	// nobody held it
	EVPN_IP_SAME,	// this MAC held it already
	EVPN_IP_MOVED,	// it was holder's: now this MAC's
	EVPN_IP_FROZEN, // a frozen duplicate: it stays holder's
};

int evpn_ip_owner_init(const struct evpn_ip_owner_cfg *cfg);
void evpn_ip_owner_fini(void);
// mac claims ip in vni at now_ms; holder: the MAC that held it (MOVED, FROZEN).
// -ENOMEM when it cannot be kept (the claim then counts as NEW).
int evpn_ip_owner_claim(uint32_t vni, const uint8_t mac[6], const struct cp_ip *ip, uint64_t now_ms,
	uint8_t holder[6]);
// mac no longer holds ip (its MAC+IP route is withdrawn); nothing if another holds it.
void evpn_ip_owner_release(uint32_t vni, const uint8_t mac[6], const struct cp_ip *ip);
// Whether ip was detected as a duplicate; the IPs held.
bool evpn_ip_owner_is_dup(uint32_t vni, const struct cp_ip *ip);
// `clear evpn dup-addr`: the duplicates of vni (0: all) are no more; how many.
unsigned evpn_ip_owner_clear_dup(uint32_t vni);
size_t evpn_ip_owner_count(void);

#endif
