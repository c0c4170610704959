// SPDX-License-Identifier: BSD-3-Clause
// The table writer: the only code that changes dataplane tables. It runs on the
// control thread (main lcore), applies cp messages and worker events in order,
// publishes with RCU and frees replaced objects after a grace period that it
// starts and polls, never waits for (writer_gp.h).
#ifndef EVPND_DP_WRITER_H
#define EVPND_DP_WRITER_H

#include <rte_mempool.h>
#include <rte_ring.h>

#include "dp/core/dp_tables.h"
#include "dp/core/dp_worker.h"
#include "dp/dp_api.h"

struct dp_writer_stats {
	uint64_t msgs_applied;
	uint64_t msgs_refused;
	uint64_t macs_learned;
	uint64_t macs_moved;
	uint64_t macs_move_refused; // a learn event for a pinned MAC (workers count theirs)
	uint64_t macs_aged;
	uint64_t macs_flushed;    // learned MACs removed by a link down or `clear mac`
	uint64_t macip_snooped; // DP_NOTIFY_MAC_IP sent
	uint64_t mac_table_full;
	uint64_t neigh_table_full; // proxy ARP/ND entries refused: the table is full
	uint64_t fib_full;	   // routes refused: the VRF's FIB is full (or could not be made)
	uint64_t fib_routes;	   // routes in the VRFs' FIBs now (a gauge)
	uint64_t gateway_refused;  // a MAC or proxy message over the anycast gateway's entries
	uint64_t notify_dropped;
	uint64_t grace_periods;
	uint64_t garbage_leaked; // replaced objects not freed: no memory to remember them
	uint64_t loop_max_tsc; // longest control-loop iteration (work only, not its idle wait)
	uint64_t step_max_tsc; // longest dp_writer_poll, a part of one iteration
	uint64_t solicits_sent;
	uint64_t exception_to_kernel;
	uint64_t exception_from_kernel;
	uint64_t exception_errors;
};

// Objects unpublished by the writer, each freed after a grace period.
struct writer_garbage {
	void **obj;
	unsigned n, cap;
};

struct dp_writer {
	struct rte_ring *msgs;   // cp -> dp, MP/SC
	struct rte_ring *notify; // dp -> cp, SP/SC
	struct dp_worker **workers;
	unsigned n_workers;
	struct rte_mempool *pool;
	struct writer_garbage garbage; // replaced since the last grace period started
	struct writer_garbage sealed;  // freed when the grace period in flight ends
	uint32_t notify_owed; // dropped since the last DP_NOTIFY_LOST went up
	uint32_t aging_cursor;
	uint64_t last_aging_tsc;
	char port_name[DP_MAX_PORTS][32];
	uint8_t link[DP_MAX_PORTS]; // enum dp_link: what dp_port_link_set last said
	uint32_t macs_local[DP_MAX_BD]; // entries per bridge domain, for show
	uint32_t macs_remote[DP_MAX_BD];
	uint32_t neighs[DP_MAX_BD]; // proxy ARP/ND entries per bridge domain
	uint32_t rnh_refs[DP_MAX_RNH]; // routes using each route next hop
	struct dp_writer_stats stats;
};

extern struct dp_writer dp_writer;

enum dp_link { DP_LINK_UNKNOWN = 0, DP_LINK_DOWN, DP_LINK_UP };
#define DP_PORT_ANY DP_MAX_PORTS

// What a flush removes: bd 0 = every bridge domain, port DP_PORT_ANY = any port;
// learned_only keeps static and remote entries; notify sends MAC_FLUSHED for each
// learned MAC removed.
struct writer_flush {
	uint16_t bd;
	uint16_t port;
	bool learned_only;
	bool notify;
};

// Set-up (before workers start) and tear-down (after they stopped). notify_ring_size:
// notifications the ring to the control plane holds (0: the default, 65535).
int dp_init(unsigned n_workers, struct dp_worker **workers, struct rte_mempool *pool,
	uint32_t mac_table_size, uint32_t notify_ring_size);
void dp_fini(void);
int dp_port_register(uint16_t port, const char *name, const struct rte_ether_addr *mac);
// A port's link as read on the control thread (drivers/port_link.c): going down
// flushes the MACs learned on the port; each change goes up as DP_NOTIFY_PORT_LINK.
void dp_port_link_set(uint16_t port, bool up);

// Exception path: host traffic of `port` goes to the kernel interface `fd`.
int dp_exception_register(uint16_t port, int fd);
unsigned dp_exception_poll(void);
void dp_exception_fini(void);

// The control loop reports each iteration's working time (TSC cycles, without its
// idle wait): the longest shows as writer/loop_max_us in `show stats`.
void dp_loop_time(uint64_t tsc);

// One step of the writer: messages, events, aging, reclamation. Bounded work.
// Returns the number of things done (0 = idle).
unsigned dp_writer_poll(void);

// Internal to dp/writer.
void writer_defer_free(void *obj);
void writer_notify(const struct dp_notify *n);
int writer_apply_l2(const struct dp_msg *m);
int writer_apply_underlay(const struct dp_msg *m);
int writer_apply_neigh(const struct dp_msg *m);
// VRF FIBs and route next hops (writer_route.c); writer_route_fini frees them (dp_fini).
int writer_apply_route(const struct dp_msg *m);
// The VNI map again from the bridge domains and the L3VNIs (writer_l2.c).
int writer_vni_map_rebuild(void);
// The local label table (writer_mpls.c): LABEL_SET/DEL; MPLS next hops: their labels
// checked (0 or -EINVAL), their header (Ethernet 0x8847, transport labels) built.
int writer_apply_label(const struct dp_msg *m);
int writer_mpls_nh_check(const struct dp_msg_nh *m);
void writer_mpls_nh_template(struct dp_nh *nh, const struct rte_ether_addr *src_mac,
	const struct dp_msg_nh *m);
void writer_mpls_udp_template(struct dp_nh *nh);
void writer_mpls_fini(void);
void writer_route_fini(void);
// A new, empty proxy ARP/ND table of `size` entries in place of the old one, before
// the workers start (dp_init, dp_neigh_table_size). 0 or -ENOMEM (then there is none).
int writer_neigh_init(uint32_t size);
// Removes the proxy entries of a bridge domain (it goes away).
void writer_neigh_flush(uint16_t bd);
void writer_apply_event(const struct dp_event *ev);
// Applies the workers' events waiting on their rings (bounded). Returns how many.
unsigned writer_drain_events(void);
void writer_aging_step(uint64_t now_tsc);
// Returns how many entries it removed.
unsigned writer_mac_flush(const struct writer_flush *f);
void writer_mac_notify(uint16_t type, const union mac_key *k, uint16_t port, uint16_t vlan,
	bool was_remote);
// Every MAC table write goes through these: they keep the per-domain counts.
int writer_mac_store(const union mac_key *k, mac_entry_t e);
// Warms the cache for the MAC messages among m[0..n) (before applying them).
void writer_prefetch_macs(const struct dp_msg *m, unsigned n);
int writer_mac_remove(const union mac_key *k);

#endif
