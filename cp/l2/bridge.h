// SPDX-License-Identifier: BSD-3-Clause
// Bridge domains from the configuration, programmed into the dataplane: VNI, access
// members, static local and remote MACs, static flood lists (ingress replication).
#ifndef EVPND_BRIDGE_H
#define EVPND_BRIDGE_H

#include "cp/config/config.h"
#include "dp/dp_api.h"

int bridge_apply(const struct evpnd_config *cfg, const uint16_t *port_ids);
// MAC learned, moved, aged or flushed on an access port (EVPN will advertise these).
void bridge_on_mac(const struct dp_notify *n);
// A port's link went down (its learned MACs flushed) or up: one log line.
void bridge_on_link(const struct dp_notify *n);

#endif
