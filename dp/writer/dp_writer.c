// SPDX-License-Identifier: BSD-3-Clause
#include <errno.h>
#include <rte_cycles.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_malloc.h>
#include <stdlib.h>
#include <string.h>
#include <urcu-qsbr.h>

#include "dp/writer/writer.h"
#include "dp/writer/writer_gp.h"

#define DP_MSG_RING_SIZE 65536
#define DP_NOTIFY_RING_SIZE 65536
#define WRITER_MSG_BUDGET 4096
#define WRITER_EVENT_BUDGET 1024

_Static_assert(sizeof(struct dp_msg) % 4 == 0, "ring elements are multiples of 4 bytes");
_Static_assert(sizeof(struct dp_notify) % 4 == 0, "ring elements are multiples of 4 bytes");
_Static_assert(sizeof(struct dp_event) % 4 == 0, "ring elements are multiples of 4 bytes");

struct dp_tables dp_tables;
struct dp_writer dp_writer;

int dp_init(unsigned n_workers, struct dp_worker **workers, struct rte_mempool *pool,
	uint32_t mac_table_size, uint32_t notify_ring_size)
{
	struct dp_writer *w = &dp_writer;
	unsigned notify_flags =
		RING_F_SP_ENQ | RING_F_SC_DEQ | (notify_ring_size ? RING_F_EXACT_SZ : 0);

	memset(&dp_tables, 0, sizeof(dp_tables));
	memset(w, 0, sizeof(*w));
	writer_gp_init();
	dp_tables.tsc_hz = rte_get_tsc_hz();
	w->workers = workers;
	w->n_workers = n_workers;
	w->pool = pool;
	w->msgs = rte_ring_create_elem("dp_msgs", sizeof(struct dp_msg), DP_MSG_RING_SIZE,
		SOCKET_ID_ANY, RING_F_SC_DEQ);
	w->notify = rte_ring_create_elem("dp_notify", sizeof(struct dp_notify),
		notify_ring_size ? notify_ring_size : DP_NOTIFY_RING_SIZE, SOCKET_ID_ANY,
		notify_flags);
	dp_tables.macs = mac_table_create("dp_macs", mac_table_size, SOCKET_ID_ANY);
	dp_tables.addrs = calloc(1, sizeof(*dp_tables.addrs));
	if (w->msgs == NULL || w->notify == NULL || dp_tables.macs == NULL ||
		dp_tables.addrs == NULL || dp_neigh_table_size(0) < 0) {
		dp_fini();
		return -ENOMEM;
	}
	return 0;
}

static void writer_free_garbage(struct writer_garbage *g)
{
	for (unsigned i = 0; i < g->n; i++)
		free(g->obj[i]);
	g->n = 0;
}

void dp_fini(void)
{
	struct dp_writer *w = &dp_writer;

	dp_exception_fini();
	writer_gp_fini(); // the workers stopped: nothing reads the garbage any more
	writer_free_garbage(&w->sealed);
	writer_free_garbage(&w->garbage);
	free(w->sealed.obj);
	free(w->garbage.obj);
	for (unsigned i = 0; i < DP_MAX_BD; i++)
		free(dp_tables.bd[i]);
	for (unsigned i = 0; i < DP_MAX_PORTS; i++)
		free(dp_tables.port[i]);
	for (unsigned i = 0; i < DP_MAX_NEXTHOPS; i++)
		free(dp_tables.nh[i]);
	free(dp_tables.vni_map);
	free(dp_tables.addrs);
	writer_route_fini();
	mac_table_free(dp_tables.macs);
	neigh_table_free(dp_tables.neighs);
	rte_ring_free(w->msgs);
	rte_ring_free(w->notify);
	memset(&dp_tables, 0, sizeof(dp_tables));
	memset(w, 0, sizeof(*w));
}

int dp_port_register(uint16_t port, const char *name, const struct rte_ether_addr *mac)
{
	struct dp_port *p;
	if (port >= DP_MAX_PORTS)
		return -ERANGE;
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return -ENOMEM;
	p->role = DP_PORT_UNUSED;
	p->mac = *mac;
	snprintf(dp_writer.port_name[port], sizeof(dp_writer.port_name[port]), "%s", name);
	writer_defer_free(dp_tables.port[port]);
	rcu_assign_pointer(dp_tables.port[port], p);
	return 0;
}

void writer_defer_free(void *obj)
{
	struct writer_garbage *g = &dp_writer.garbage;
	if (obj == NULL)
		return;
	if (g->n == g->cap) {
		unsigned cap = g->cap ? g->cap * 2 : 64;
		void **o = realloc(g->obj, cap * sizeof(*o));
		if (o == NULL) {
			// Leak it rather than free it under a reader or wait for them here.
			dp_writer.stats.garbage_leaked++;
			return;
		}
		g->obj = o;
		g->cap = cap;
	}
	g->obj[g->n++] = obj;
}

void dp_loop_time(uint64_t tsc)
{
	if (tsc > dp_writer.stats.loop_max_tsc)
		dp_writer.stats.loop_max_tsc = tsc;
}

// After a drop, DP_NOTIFY_LOST goes up before anything newer, as soon as the ring has
// room: the control plane then reads the MAC table again, so what the dropped
// notifications said is not lost for good. False while it is still owed.
static bool writer_notify_lost(void)
{
	struct dp_writer *w = &dp_writer;
	struct dp_notify n = {.type = DP_NOTIFY_LOST, .n_lost = w->notify_owed};

	if (w->notify_owed == 0)
		return true;
	if (rte_ring_sp_enqueue_elem(w->notify, &n, sizeof(n)) != 0)
		return false;
	w->notify_owed = 0;
	return true;
}

void writer_notify(const struct dp_notify *n)
{
	struct dp_writer *w = &dp_writer;

	if (writer_notify_lost() &&
		rte_ring_sp_enqueue_elem(w->notify, (void *)(uintptr_t)n, sizeof(*n)) == 0)
		return;
	w->stats.notify_dropped++;
	if (w->notify_owed < UINT32_MAX)
		w->notify_owed++;
}

int dp_msg_send(const struct dp_msg *msg)
{
	if (rte_ring_mp_enqueue_elem(dp_writer.msgs, (void *)(uintptr_t)msg, sizeof(*msg)) != 0)
		return -ENOBUFS;
	return 0;
}

unsigned dp_msg_pending(void)
{
	return rte_ring_count(dp_writer.msgs);
}

unsigned dp_notify_recv(struct dp_notify *out, unsigned n)
{
	return rte_ring_sc_dequeue_burst_elem(dp_writer.notify, out, sizeof(*out), n, NULL);
}

static int writer_apply(const struct dp_msg *m)
{
	struct dp_notify n = {.type = DP_NOTIFY_BARRIER, .cookie = m->cookie};

	switch (m->type) {
	case DP_MSG_BARRIER:
		writer_notify(&n);
		return 0;
	case DP_MSG_VTEP_ADDR:
	case DP_MSG_UNDERLAY_ADDR:
	case DP_MSG_NH_SET:
	case DP_MSG_NH_DEL:
	case DP_MSG_NEIGH_SOLICIT:
		return writer_apply_underlay(m);
	case DP_MSG_NEIGH_ADD:
	case DP_MSG_NEIGH_DEL:
		return writer_apply_neigh(m);
	case DP_MSG_RNH_SET:
	case DP_MSG_RNH_DEL:
	case DP_MSG_ROUTE_ADD:
	case DP_MSG_ROUTE_DEL:
	case DP_MSG_L3VNI_SET:
	case DP_MSG_L3VNI_DEL:
		return writer_apply_route(m);
	default:
		return writer_apply_l2(m);
	}
}

static unsigned writer_drain_msgs(void)
{
	struct dp_writer *w = &dp_writer;
	struct dp_msg batch[64];
	unsigned done = 0, n;

	while (done < WRITER_MSG_BUDGET &&
		(n = rte_ring_sc_dequeue_burst_elem(w->msgs, batch, sizeof(batch[0]), 64, NULL)) > 0) {
		writer_prefetch_macs(batch, n);
		for (unsigned i = 0; i < n; i++) {
			int ret = writer_apply(&batch[i]);
			if (ret == 0) {
				w->stats.msgs_applied++;
				continue;
			}
			w->stats.msgs_refused++;
			writer_notify(&(struct dp_notify){.type = DP_NOTIFY_MSG_ERROR,
				.cookie = batch[i].cookie, .error = ret});
		}
		done += n;
	}
	return done;
}

unsigned writer_drain_events(void)
{
	struct dp_writer *w = &dp_writer;
	struct dp_event batch[64];
	unsigned done = 0;

	for (unsigned k = 0; k < w->n_workers; k++) {
		unsigned n;
		while (done < WRITER_EVENT_BUDGET &&
			(n = rte_ring_sc_dequeue_burst_elem(w->workers[k]->events, batch,
				 sizeof(batch[0]), 64, NULL)) > 0) {
			for (unsigned i = 0; i < n; i++)
				writer_apply_event(&batch[i]);
			done += n;
		}
	}
	return done;
}

// Frees what was replaced once every worker has passed a quiescent state, without
// waiting for them: the grace period in flight ends on its own (writer_gp.h), a
// later step frees what it covers, then the next one starts for what was replaced
// meanwhile. Each object waits for a grace period that began after it was
// unpublished: the seal comes after the rcu_assign_pointer that replaced it.
static void writer_reclaim(void)
{
	struct dp_writer *w = &dp_writer;
	struct writer_garbage g;

	if (writer_gp_poll()) {
		w->stats.grace_periods++;
		writer_free_garbage(&w->sealed);
		mac_table_reclaim(dp_tables.macs);
		neigh_table_reclaim(dp_tables.neighs);
	}
	if (writer_gp_in_flight() ||
		(w->garbage.n == 0 && !mac_table_reclaim_pending(dp_tables.macs) &&
			!neigh_table_reclaim_pending(dp_tables.neighs)))
		return;
	g = w->sealed; // empty: its array is reused
	w->sealed = w->garbage;
	w->garbage = g;
	mac_table_reclaim_seal(dp_tables.macs);
	neigh_table_reclaim_seal(dp_tables.neighs);
	writer_gp_start();
}

unsigned dp_writer_poll(void)
{
	uint64_t t0 = rte_rdtsc(), t;
	unsigned done;

	writer_notify_lost(); // also when nothing newer comes
	done = writer_drain_msgs();
	done += writer_drain_events();
	done += dp_exception_poll();
	writer_aging_step(rte_rdtsc());
	writer_reclaim();
	t = rte_rdtsc() - t0;
	if (t > dp_writer.stats.step_max_tsc)
		dp_writer.stats.step_max_tsc = t;
	return done;
}
