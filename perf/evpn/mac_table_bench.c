// SPDX-License-Identifier: BSD-3-Clause
// mac_table_bench: the EVPN MAC mobility table (cp/evpn/evpn_mac.c) alone, as
// perf/evpn/scale.sh drives it: N remote MACs of one VNI from one VTEP (one
// route origin) added, looked up, then withdrawn, with dataplane callbacks
// that do nothing. Prints nanoseconds of CPU per operation and the resident
// bytes per MAC after the adds (the index is mmapped: malloc's counts miss it). Instructions per
// MAC (stable on a loaded machine):
//   valgrind --tool=callgrind --collect-atstart=no --toggle-collect=bench_adds
//       build/perf/mac_table_bench -n 200000
// then the total Ir divided by N.
#include "cp/evpn/evpn_mac.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int install(void *arg, uint32_t vni, const uint8_t mac[6], const struct evpn_mac_path *p,
	bool pinned, const struct dp_ip *replaces)
{
	(void)arg, (void)vni, (void)mac, (void)p, (void)pinned, (void)replaces;
	return 0;
}

static void remove_remote(void *arg, uint32_t vni, const uint8_t mac[6], const struct dp_ip *vtep)
{
	(void)arg, (void)vni, (void)mac, (void)vtep;
}

static double cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long rss_bytes(void)
{
	long pages = 0, rss = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (f == NULL || fscanf(f, "%ld %ld", &pages, &rss) != 2)
		rss = 0;
	if (f != NULL)
		fclose(f);
	return rss * sysconf(_SC_PAGESIZE);
}

static void mac_of(uint32_t i, uint8_t mac[6])
{
	uint8_t m[6] = {
		0x02, 0, (uint8_t)(i >> 24), (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i};
	memcpy(mac, m, 6);
}

typedef int mac_op(struct evpn_mac_table *t, const uint8_t *mac, const struct evpn_mac_path *p);

static int add_op(struct evpn_mac_table *t, const uint8_t *mac, const struct evpn_mac_path *p)
{
	return evpn_mac_remote_add(t, 100, mac, p, 1000);
}

static int del_op(struct evpn_mac_table *t, const uint8_t *mac, const struct evpn_mac_path *p)
{
	return evpn_mac_remote_del_path(t, 100, mac, p, 2000);
}

static int get_op(struct evpn_mac_table *t, const uint8_t *mac, const struct evpn_mac_path *p)
{
	struct evpn_mac_info info;
	(void)p;
	return evpn_mac_get(t, 100, mac, &info);
}

static void each_mac(
	struct evpn_mac_table *t, uint32_t n, const struct evpn_mac_path *p, mac_op *op)
{
	uint8_t mac[6];
	for (uint32_t i = 0; i < n; i++) {
		mac_of(i, mac);
		if (op(t, mac, p) < 0)
			abort();
	}
}

// Not static, not inlined: callgrind's --toggle-collect names them.
__attribute__((noinline)) void bench_adds(
	struct evpn_mac_table *t, uint32_t n, const struct evpn_mac_path *p);
__attribute__((noinline)) void bench_adds(
	struct evpn_mac_table *t, uint32_t n, const struct evpn_mac_path *p)
{
	each_mac(t, n, p, add_op);
}

__attribute__((noinline)) void bench_dels(
	struct evpn_mac_table *t, uint32_t n, const struct evpn_mac_path *p);
__attribute__((noinline)) void bench_dels(
	struct evpn_mac_table *t, uint32_t n, const struct evpn_mac_path *p)
{
	each_mac(t, n, p, del_op);
}

int main(int argc, char **argv)
{
	uint32_t n = 1000000;
	for (int c; (c = getopt(argc, argv, "n:")) != -1;)
		if (c == 'n')
			n = (uint32_t)strtoul(optarg, NULL, 0);
	struct evpn_mac_cfg cfg;
	evpn_mac_cfg_default(&cfg);
	struct evpn_mac_ops ops = {.install_remote = install, .remove_remote = remove_remote};
	struct evpn_mac_path p = {.vni = 100, .has_rd = true, .rd = {0, 1, 192, 0, 2, 4, 0, 100}};
	p.vtep.family = AF_INET;
	inet_pton(AF_INET, "192.0.2.4", p.vtep.bytes);

	long rss0 = rss_bytes();
	struct evpn_mac_table *t = evpn_mac_table_new(&cfg, &ops, NULL);
	double t0 = cpu_s();
	bench_adds(t, n, &p);
	double t1 = cpu_s();
	long rss1 = rss_bytes();
	each_mac(t, n, &p, get_op);
	double t2 = cpu_s();
	bench_dels(t, n, &p);
	double t3 = cpu_s();
	printf("n=%u add_ns=%.1f get_ns=%.1f del_ns=%.1f rss_B_per_mac=%.1f count_after=%zu\n", n,
		(t1 - t0) * 1e9 / n, (t2 - t1) * 1e9 / n, (t3 - t2) * 1e9 / n,
		(double)(rss1 - rss0) / n, evpn_mac_count(t));
	evpn_mac_table_free(t);
	return 0;
}
