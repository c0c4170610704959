// SPDX-License-Identifier: BSD-3-Clause
// The EVPN VTEP of the process: made from the configuration when router bgp
// has `advertise-all-vni` in address-family l2vpn evpn. One EVPN VNI per
// bridge domain (its `vni`), RD and RTs derived as FRR derives them, with the
// per-VNI `rd` / `route-target` of the config on top. It joins the pieces:
//   dataplane notifications (learned/moved/aged) -> MAC mobility (evpn_mac)
//   IPs snooped for local MACs -> MAC+IP type-2 routes beside the MAC's
//   MAC mobility decisions -> remote MACs in the dataplane (evpn_dp) and our
//                             type-2 routes (evpn_local)
//   received type-2/3 paths (from BGP) -> evpn_route_rx -> the same
// and advertises a type-3 route per VNI. Control thread only.
#ifndef EVPND_EVPN_VTEP_H
#define EVPND_EVPN_VTEP_H

#include <stdbool.h>
#include <stdint.h>

#include "cp/config/config.h"
#include "cp/evpn/evpn_mac.h"
#include "cp/evpn/evpn_route.h"
#include "cp/evpn/evpn_vni.h"
#include "dp/dp_api.h"

// Nothing happens (0) when EVPN is not configured. port_ids maps config port
// indexes to dataplane port ids (static local MACs). 0 or -errno.
int evpn_vtep_init(const struct evpnd_config *cfg, const uint16_t *port_ids, uint64_t now_ms);
void evpn_vtep_fini(void);
bool evpn_vtep_enabled(void);

// A local MAC learned, moved, aged or flushed (link down, clear mac) in the dataplane.
void evpn_vtep_on_mac(const struct dp_notify *n, uint64_t now_ms);
// A bridge domain added by a reload (the dataplane has it already): its VNI with the
// config's RD and route targets, its type-3 route, its static local MACs. The
// received routes it imports come from evpn_bgp_in_vni. 0 or -errno (nothing left).
int evpn_vtep_vni_add(const struct evpnd_config *cfg, const struct cfg_bd *b,
	const uint16_t *port_ids, uint64_t now_ms);
// A bridge domain removed (its received routes unimported first, evpn_bgp_in_vni):
// its local MACs' routes and type-3 route withdrawn, the VNI gone.
void evpn_vtep_vni_del(uint32_t vni, uint64_t now_ms);
// rx imported (add) or unimported, if VNI vni alone imports its route targets (a
// route other VNIs import too is left as it is). Whether it was.
bool evpn_vtep_rx_vni_only(const struct evpn_rx_path *rx, uint32_t vni, bool add, uint64_t now_ms);
// A static local MAC of a bridge domain added or removed by a reload (the
// dataplane's entry already changed): its routes advertised or withdrawn.
void evpn_vtep_static_mac(uint16_t bd, const uint8_t mac[6], uint16_t port, uint16_t vlan,
	bool add, uint64_t now_ms);
// Notifications were dropped (DP_NOTIFY_LOST): the dataplane's MAC table is read
// again. Learned MACs it has that are not local here where it has them are learned;
// local learned MACs it no longer has are aged (their routes withdrawn). Returns
// how many MACs changed; -ENOMEM when some could not be looked at.
int evpn_vtep_resync(uint64_t now_ms, unsigned *learned, unsigned *aged);
// An IP seen in ARP/ND for a local MAC (DP_NOTIFY_MAC_IP).
void evpn_vtep_on_mac_ip(const struct dp_notify *n, uint64_t now_ms);
// Timers (frozen duplicate MACs).
void evpn_vtep_tick(uint64_t now_ms);

// A hint: a type-2 route for (the VNI of its label, mac) comes soon;
// prefetches its MAC mobility entry's slot.
void evpn_vtep_prefetch(uint32_t label_vni, const uint8_t mac[6]);

// A received EVPN path (add) or its withdrawal (the attributes of the path
// that goes). Returns what import did (res may be NULL).
void evpn_vtep_rx(
	const struct evpn_rx_path *rx, bool add, uint64_t now_ms, struct evpn_rx_result *res);

// `clear evpn dup-addr [vni N]` (vni 0: every VNI). Returns how many MACs.
unsigned evpn_vtep_clear_dup(uint32_t vni, uint64_t now_ms);

// Read-only views for show commands.
const struct evpn_inst *evpn_vtep_inst(void);
const struct evpn_mac_table *evpn_vtep_macs(void);
const struct dp_ip *evpn_vtep_local(void);
uint16_t evpn_vtep_bd(uint32_t vni); // 0 when no bridge domain has it

#endif
