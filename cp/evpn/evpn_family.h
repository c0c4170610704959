// SPDX-License-Identifier: BSD-3-Clause
// The l2vpn evpn family of the BGP speaker (cp/bgp/bgp_family.h): the route key
// of an EVPN NLRI and its printer, so that the speaker parses no EVPN NLRI.
#ifndef EVPND_EVPN_FAMILY_H
#define EVPND_EVPN_FAMILY_H

#include <stddef.h>
#include <stdint.h>

#include "cp/bgp/bgp_family.h"

// The route key of an NLRI (type, length, value) into key (BGP_FAMILY_KEY_MAX):
// its length, -EINVAL (lengths that contradict the type, too long) or -ENOTSUP
// (unknown type).
int evpn_nlri_key(const uint8_t *nlri, size_t len, uint8_t *key);

// Registers the family with the speaker (idempotent): 0 or -errno.
int evpn_family_register(void);
void evpn_family_unregister(void);

#endif
