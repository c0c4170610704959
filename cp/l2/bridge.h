// SPDX-License-Identifier: BSD-3-Clause
// Bridge domains from the configuration, programmed into the dataplane: VNI, access
// members, static local and remote MACs, static flood lists (ingress replication).
#ifndef EVPND_BRIDGE_H
#define EVPND_BRIDGE_H

#include "cp/config/config.h"
#include "cp/config/config_diff.h"
#include "dp/dp_api.h"

int bridge_apply(const struct evpnd_config *cfg, const uint16_t *port_ids);
// One change of a reload (config_diff) to the dataplane: its item (in cfg, the
// configuration that has it) added, or removed when add is false (the rollback of an
// addition removes it). 0 or -errno.
int bridge_change(const struct evpnd_config *cfg, const struct cfg_change *c, bool add,
	const uint16_t *port_ids);
// MAC learned, moved, aged or flushed on an access port (EVPN will advertise these).
void bridge_on_mac(const struct dp_notify *n);
// A port's link went down (its learned MACs flushed) or up: one log line.
void bridge_on_link(const struct dp_notify *n);

#endif
