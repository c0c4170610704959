// SPDX-License-Identifier: BSD-3-Clause
// The tester's runs as the control thread sees them (dp_api.h): start, stop, and each
// stream's figures, the workers' copies summed (read racily, as the counters are).
#include <errno.h>
#include <rte_cycles.h>

#include "dp/dp_api.h"
#include "dp/tester/tester.h"

// A run of every stream (only: TESTER_ALL) as configured, or of one alone.
static int run_start(uint16_t only)
{
	for (unsigned i = 0; i < tester.n_streams; i++)
		__atomic_store_n(&tester.move[i].seq, 0, __ATOMIC_RELEASE); // measured per run
	tester.run.only = only;
	tester.run.start_tsc = rte_rdtsc();
	tester.run.stop_tsc = 0;
	// the workers reset their state when they see the new run, then send
	__atomic_store_n(&tester.run.gen, tester.run.gen + 1, __ATOMIC_RELEASE);
	__atomic_store_n(&tester.run.running, true, __ATOMIC_RELEASE);
	return 0;
}

// The streams as configured (a trial changed one).
static void conf_restore(void)
{
	for (unsigned i = 0; i < tester.n_streams; i++) {
		tester.stream[i].c.pps = tester.conf[i].pps;
		tester.stream[i].c.count = tester.conf[i].count;
		tester.stream[i].duration_tsc = tester.conf[i].duration_tsc;
	}
}

static int run_check(void)
{
	if (tester.n_workers == 0)
		return -ENOTSUP;
	if (tester.n_streams == 0)
		return -ENOENT;
	return tester.run.running ? -EBUSY : 0;
}

int dp_tester_start(void)
{
	int ret = run_check();

	if (ret < 0)
		return ret;
	conf_restore();
	return run_start(TESTER_ALL);
}

int dp_tester_trial(unsigned stream, uint64_t pps, uint64_t ms)
{
	struct tester_stream *s;
	int ret = run_check();

	if (ret < 0)
		return ret;
	if (stream >= tester.n_streams || pps == 0 || ms == 0)
		return -EINVAL;
	conf_restore();
	s = &tester.stream[stream];
	s->c.pps = pps;
	s->c.count = 0;
	s->duration_tsc = ms * tester.hz / 1000;
	return run_start((uint16_t)stream);
}

int dp_tester_stop(void)
{
	if (tester.n_workers == 0)
		return -ENOTSUP;
	if (!tester.run.running)
		return -EALREADY;
	tester.run.stop_tsc = rte_rdtsc();
	__atomic_store_n(&tester.run.running, false, __ATOMIC_RELEASE);
	return 0;
}

static rte_be32_t vtep_ip(const struct tester_stream *s, uint32_t vtep)
{
	return rte_cpu_to_be_32(rte_be_to_cpu_32(s->c.src_vtep) + vtep);
}

// Arms the move's measurement on every other stream toward the host; how many.
static unsigned move_arm(unsigned stream, uint32_t host, uint32_t from, uint32_t to)
{
	const struct tester_stream *s = &tester.stream[stream];
	struct rte_ether_addr mac = s->c.src_mac;
	uint32_t seq = ++tester.moves;
	uint64_t now = rte_rdtsc();
	unsigned n = 0;

	tester_mac_add(mac.addr_bytes, host);
	for (unsigned j = 0; j < tester.n_streams; j++) {
		struct tester_move *mv = &tester.move[j];
		if (j == stream || !rte_is_same_ether_addr(&tester.stream[j].c.dst_mac, &mac))
			continue;
		__atomic_store_n(&mv->seq, 0, __ATOMIC_RELEASE); // workers leave it alone
		*mv = (struct tester_move){.tsc = now, .old_path = vtep_ip(s, from),
			.new_path = vtep_ip(s, to)};
		__atomic_store_n(&mv->seq, seq, __ATOMIC_RELEASE);
		n++;
	}
	return n;
}

int dp_tester_move(unsigned stream, uint32_t host, uint32_t *vtep, uint32_t *old_vtep,
	unsigned *measured)
{
	struct tester_stream *s;

	if (tester.n_workers == 0)
		return -ENOTSUP;
	if (stream >= tester.n_streams)
		return -ENOENT;
	s = &tester.stream[stream];
	if (s->c.n_vteps < 2 || s->c.src_vtep == 0 || host >= s->c.n_macs)
		return -EINVAL;
	if (s->moved_host != UINT32_MAX && s->moved_host != host)
		return -EBUSY;
	if (!tester.run.running)
		return -EAGAIN;
	*old_vtep = s->moved_host == host ? s->moved_vtep : host % s->c.n_vteps;
	if (*vtep == UINT32_MAX)
		*vtep = (*old_vtep + 1) % s->c.n_vteps;
	if (*vtep >= s->c.n_vteps || *vtep == *old_vtep)
		return -EINVAL;
	// measured from now; the generator's frames of the host from the new VTEP
	*measured = move_arm(stream, host, *old_vtep, *vtep);
	__atomic_store_n(&s->moved_vtep, *vtep, __ATOMIC_RELEASE);
	__atomic_store_n(&s->moved_host, host, __ATOMIC_RELEASE);
	return 0;
}

static bool stream_done(unsigned id)
{
	const struct tester_worker *tw = tester.worker[tester.stream[id].worker];

	return tw->gen == tester.run.gen && tw->tx[id].done;
}

static uint64_t run_tsc(void)
{
	if (tester.run.gen == 0)
		return 0;
	return (tester.run.stop_tsc != 0 ? tester.run.stop_tsc : rte_rdtsc()) - tester.run.start_tsc;
}

void dp_tester_state(struct dp_tester_state *st)
{
	*st = (struct dp_tester_state){.enabled = tester.n_workers > 0,
		.running = tester.run.running, .run = tester.run.gen, .n_streams = tester.n_streams};
	if (!st->enabled)
		return;
	st->elapsed_ms = run_tsc() * 1000 / tester.hz;
	st->done = tester.run.gen != 0;
	for (unsigned i = 0; i < tester.n_streams && st->running; i++)
		if (tester.run.only == TESTER_ALL || i == tester.run.only)
			st->done = st->done && stream_done(i);
	if (st->done && st->running) // every stream has ended: the run is over
		dp_tester_stop();
	st->running = tester.run.running;
}

static uint64_t ns(uint64_t tsc)
{
	return (uint64_t)((unsigned __int128)tsc * 1000000000u / tester.hz);
}

// The stream's last move in this run, the workers' views merged.
static void stream_move(unsigned id, struct dp_tester_info *i)
{
	const struct tester_move *mv = &tester.move[id];
	uint32_t seq = __atomic_load_n(&mv->seq, __ATOMIC_ACQUIRE);
	struct tester_move_acct sum;
	struct tester_move_result r;

	if (seq == 0)
		return;
	tester_move_reset(&sum);
	for (unsigned w = 0; w < tester.n_workers; w++) {
		const struct tester_worker *tw = tester.worker[w];
		if (tw->gen == tester.run.gen && tw->move_seq[id] == seq)
			tester_move_merge(&sum, &tw->mv[id]);
	}
	tester_move_result(&sum, mv->tsc, &r);
	i->moved = true;
	i->converged = r.converged;
	i->move_from = mv->old_path;
	i->move_to = mv->new_path;
	i->move_at_ms = (mv->tsc - tester.run.start_tsc) * 1000 / tester.hz;
	i->outage_ns = ns(r.outage_rx);
	i->outage_tx_ns = ns(r.outage_tx);
	i->move_lost = r.lost;
	i->misdelivered = r.misdelivered;
	i->old_path_pkts = r.old_pkts;
	i->new_path_pkts = r.new_pkts;
	if (tester.stream[id].c.pps != 0)
		i->frame_gap_ns = 1000000000u / tester.stream[id].c.pps;
}

static void stream_info(unsigned id, struct tester_acct *sum, struct dp_tester_info *i)
{
	uint64_t run = run_tsc();

	tester_acct_reset(sum);
	*i = (struct dp_tester_info){.name = tester.stream[id].c.name, .done = stream_done(id),
		.conf_pps = tester.conf[id].pps};
	for (unsigned w = 0; w < tester.n_workers; w++) {
		const struct tester_worker *tw = tester.worker[w];
		if (tw->gen != tester.run.gen)
			continue; // not yet in this run: nothing of it
		tester_acct_merge(sum, &tw->rx[id]);
		i->tx_pkts += tw->tx[id].pkts;
		i->tx_bytes += tw->tx[id].bytes;
	}
	i->rx_pkts = sum->pkts;
	i->rx_bytes = sum->bytes;
	i->dup = sum->dup;
	i->reorder = sum->reorder;
	i->wrong_vni = sum->wrong_vni;
	i->wrong_port = sum->wrong_port;
	i->lost = sum->lost;
	if (!tester.run.running)
		i->lost = i->tx_pkts + sum->dup > sum->pkts ? i->tx_pkts + sum->dup - sum->pkts : 0;
	if (sum->lat_n > 0) {
		i->lat_min_ns = ns(sum->lat_min);
		i->lat_max_ns = ns(sum->lat_max);
		i->lat_mean_ns = ns(sum->lat_sum / sum->lat_n);
		i->lat_p50_ns = ns(tester_acct_percentile(sum, 50));
		i->lat_p99_ns = ns(tester_acct_percentile(sum, 99));
	}
	stream_move(id, i);
	if (run > 0) {
		i->tx_pps = (uint64_t)((unsigned __int128)i->tx_pkts * tester.hz / run);
		i->rx_pps = (uint64_t)((unsigned __int128)i->rx_pkts * tester.hz / run);
	}
}

int dp_tester_walk(dp_tester_cb cb, void *arg)
{
	static struct tester_acct sum; // the control thread's only: 3 KB off its stack
	struct dp_tester_info info;
	int ret;

	for (unsigned id = 0; id < tester.n_streams; id++) {
		stream_info(id, &sum, &info);
		if ((ret = cb(&info, arg)) != 0)
			return ret;
	}
	return 0;
}
