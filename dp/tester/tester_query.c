// SPDX-License-Identifier: BSD-3-Clause
// The tester's runs as the control thread sees them (dp_api.h): start, stop, and each
// stream's figures, the workers' copies summed (read racily, as the counters are).
#include <errno.h>
#include <rte_cycles.h>

#include "dp/dp_api.h"
#include "dp/tester/tester.h"

int dp_tester_start(void)
{
	if (tester.n_workers == 0)
		return -ENOTSUP;
	if (tester.n_streams == 0)
		return -ENOENT;
	if (tester.run.running)
		return -EBUSY;
	tester.run.start_tsc = rte_rdtsc();
	tester.run.stop_tsc = 0;
	// the workers reset their state when they see the new run, then send
	__atomic_store_n(&tester.run.gen, tester.run.gen + 1, __ATOMIC_RELEASE);
	__atomic_store_n(&tester.run.running, true, __ATOMIC_RELEASE);
	return 0;
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
		st->done = st->done && stream_done(i);
	if (st->done && st->running) // every stream has ended: the run is over
		dp_tester_stop();
	st->running = tester.run.running;
}

static uint64_t ns(uint64_t tsc)
{
	return (uint64_t)((unsigned __int128)tsc * 1000000000u / tester.hz);
}

static void stream_info(unsigned id, struct tester_acct *sum, struct dp_tester_info *i)
{
	uint64_t run = run_tsc();

	tester_acct_reset(sum);
	*i = (struct dp_tester_info){.name = tester.stream[id].c.name, .done = stream_done(id)};
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
