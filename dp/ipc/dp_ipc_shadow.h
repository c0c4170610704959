// SPDX-License-Identifier: BSD-3-Clause
// The forwarding process's shadow of what the control process programmed: every object
// the tables hold (bridge domains, members, next hops, MACs, routes...) as the last
// message that set it, so that a restarted control process can re-send everything
// while forwarding goes on (mark), and whatever it did not re-send is removed at the
// end (sweep). It also translates next-hop and route-next-hop ids: each control
// process numbers them its own way, the dataplane keeps its ids (MACs and routes point
// at them) and a new control process's "same remote VTEP" is matched to the old one.
//
// Pure C (no DPDK, no socket), one instance, called from one thread (the one that
// receives the control process's messages, before the table writer's ring).
//
// What the writer refuses is recorded all the same (the shadow runs before the writer
// answers): a refused SET/ADD is swept with a DEL the writer answers -ENOENT, and a
// refused NH_DEL/RNH_DEL (-EBUSY: routes still use it) frees the dataplane id here,
// which the control process caused by deleting what it still uses.
#ifndef EVPND_DP_IPC_SHADOW_H
#define EVPND_DP_IPC_SHADOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dp/dp_api.h"

// Start empty (no control process ever connected). 0 or -ENOMEM.
int dp_ipc_shadow_init(void);
void dp_ipc_shadow_fini(void);
// A control process connected. Every recorded object becomes stale (the dataplane keeps
// it and keeps forwarding with it); the id translation of the previous control process
// is forgotten (its ids mean nothing to the new one) but the dataplane ids in use stay
// reserved.
void dp_ipc_shadow_mark(void);
// Whether any object is recorded (a control process has programmed the tables before).
bool dp_ipc_shadow_has_state(void);
// One message from the control process. Translates its next-hop ids (nh.nh, mac.nh,
// flood.nh, rnh.nh, label.nh) and route-next-hop ids (rnh.id, rnh.members[], route.rnh)
// into dataplane ids, records it, and says what to apply: 1 with *out the translated
// message for the table writer (cookie kept), 0 when nothing is to be applied (a SET/ADD
// identical to the record, except MAC_ADD and NEIGH_ADD, always applied: the dataplane
// changes MACs and proxy entries on its own; nor an unresolved NH_SET of a stale resolved
// next hop: the neighbour the dataplane has stays until the new control process has
// resolved it again), or -errno: -ENOSPC (no free dataplane id),
// -ENOENT (an id the control process never set: in a SET/ADD, or the key of NH_DEL,
// RNH_DEL, FLOOD_DEL), -EINVAL (unknown type, an id out of range, too many members),
// -ENOMEM. A DEL's other ids (mac.nh, route.rnh...), which the writer ignores, go out
// as 0 when unknown. A DEL of an object not recorded gives 1 (the writer answers).
// MAC_FLUSH, NEIGH_SOLICIT, BARRIER and NONE pass through as they are, not recorded.
int dp_ipc_shadow_msg(const struct dp_msg *in, struct dp_msg *out);
// The control process re-sent everything. Every object still stale is removed: emit()
// gets the delete message of each (dataplane ids, the recorded content: NEIGH_DEL its
// mac and gateway flag) in an order the writer accepts: routes, ECMP route next hops,
// the other route next hops, labels, L3VNIs, MACs, flood entries, proxy neighbours,
// members, next hops, bridge domains. VTEP_ADDR and UNDERLAY_ADDR have no delete: they
// are kept and stop being stale. When emit returns non-zero that delete is skipped and
// the object is forgotten all the same (its dataplane id freed): the caller logs it.
// Returns how many deletes emit took (returned 0).
unsigned dp_ipc_shadow_sweep(int (*emit)(const struct dp_msg *del, void *arg), void *arg);
// How many objects are stale now (for show and logs), and recorded in all.
size_t dp_ipc_shadow_stale(void);
size_t dp_ipc_shadow_count(void);
// Dataplane id -> the current control process's id, for replies to show commands
// (dp_mac_info.nh, dp_nh_info.nh, dp_bd_info.flood[].nh, dp_label_info.nh): 0 when it
// has none for it (a stale next hop). And the other way (0: never set).
uint32_t dp_ipc_shadow_nh_to_cp(uint32_t dp_nh);
uint32_t dp_ipc_shadow_nh_to_dp(uint32_t cp_nh);
// The same for route next hops.
uint32_t dp_ipc_shadow_rnh_to_cp(uint32_t dp_rnh);
uint32_t dp_ipc_shadow_rnh_to_dp(uint32_t cp_rnh);
// Bytes the shadow holds now (records, hash buckets, id maps), for show and the tests.
size_t dp_ipc_shadow_memory(void);

#endif
