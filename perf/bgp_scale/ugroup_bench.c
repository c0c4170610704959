// SPDX-License-Identifier: BSD-3-Clause
// ugroup_bench: the send path of the relay benchmark (run.sh RELAY=1) in process,
// without sockets: N IPv4 routes from one eBGP source go into the RIB in batches,
// and after each batch bgp_ugroup_poll() runs until idle, sending them on to one
// eBGP peer whose output buffer is emptied as if written. Prints nanoseconds per
// route for the RIB updates and for bgp_ugroup_poll, and the bytes sent.
//
//   ugroup_bench [-n ROUTES] [-b BATCH] [-a SETS]
//
// SETS > 1: route i gets attribute set i % SETS (they differ in the AS path), so
// the send path has to regroup each batch.
//
// Instructions per route (stable on a loaded machine):
//   valgrind --tool=callgrind --collect-atstart=no --toggle-collect=bgp_ugroup_poll
//       build/perf/ugroup_bench -n 100000
// then the total Ir divided by ROUTES.
#include <arpa/inet.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cp/bgp/bgp_io.h"
#include "cp/bgp/bgp_peer.h"
#include "cp/bgp/bgp_rib.h"
#include "cp/bgp/bgp_ugroup.h"

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

// The feeder's attribute set number k: AS path 65001 (65001 64512+k-1 for k > 0),
// next hop 192.0.2.2, origin IGP.
static struct bgp_pattr *feed_attrs(unsigned k)
{
	static struct bgp_pattr_tmp t;
	uint32_t second = 64512 + k - 1;
	uint8_t path[] = {BGP_ASPATH_SEQUENCE, k ? 2 : 1, 0, 0, 0xfd, 0xe9, 0, 0,
		(uint8_t)(second >> 8), (uint8_t)second};

	bgp_pattr_tmp_init(&t);
	t.a.origin = BGP_ORIGIN_IGP;
	inet_pton(AF_INET, "192.0.2.2", &t.a.next_hop);
	if (bgp_pattr_tmp_set_aspath(&t, path, k ? 10 : 6) < 0)
		return NULL;
	return bgp_pattr_intern(&t);
}

// The receiving eBGP peer (AS 65002), Established, writing to nowhere.
static struct bgp_peer *receiver(void)
{
	struct bgp_peer *p = calloc(1, sizeof(*p));
	struct bgp_conn *c = calloc(1, sizeof(*c));

	if (p == NULL || c == NULL)
		exit(1);
	c->fd = open("/dev/null", O_WRONLY);
	c->peer = p;
	inet_pton(AF_INET, "192.0.2.1", &c->local);
	p->conn = c;
	p->state = BGP_ESTABLISHED;
	p->af[BGP_AF_IPV4_UNICAST] = true;
	p->ctx.four_octet_as = true;
	p->src.ebgp = true;
	p->remote_as = 65002;
	inet_pton(AF_INET, "192.0.2.3", &p->src.addr);
	return p;
}

int main(int argc, char **argv)
{
	struct bgp_src feeder = {.ebgp = true, .router_id = {htonl(0xc0000202)}};
	unsigned n = 100000, batch = 8192, n_sets = 1;
	struct bgp_pattr **sets;
	uint64_t t_rib = 0, t_send = 0, bytes = 0;
	int c;

	while ((c = getopt(argc, argv, "n:b:a:")) != -1) {
		if (c == 'n')
			n = (unsigned)strtoul(optarg, NULL, 10);
		else if (c == 'b')
			batch = (unsigned)strtoul(optarg, NULL, 10);
		else if (c == 'a')
			n_sets = (unsigned)strtoul(optarg, NULL, 10);
		else {
			fprintf(stderr, "usage: ugroup_bench [-n ROUTES] [-b BATCH] [-a SETS]\n");
			return 2;
		}
	}
	if (n == 0 || batch == 0 || n_sets == 0 || n_sets > 65536)
		return 2;
	if ((sets = calloc(n_sets, sizeof(*sets))) == NULL)
		return 1;
	for (unsigned k = 0; k < n_sets; k++)
		if ((sets[k] = feed_attrs(n_sets > 1 ? k + 1 : 0)) == NULL)
			return 1;
	struct bgp_peer *p = receiver();
	if (bgp_ugroup_join(p) < 0)
		return 1;
	for (unsigned i = 0; i < n;) {
		uint64_t t0 = now_ns();
		for (unsigned end = i + batch < n ? i + batch : n; i < end; i++) {
			struct in_addr pfx = {htonl(0x10000000u + (i << 8))}; // 16.0.0.0/24 on
			if (bgp_rib_update(&feeder, pfx, 24, sets[i % n_sets]) < 0)
				return 1;
		}
		uint64_t t1 = now_ns();
		while (bgp_ugroup_poll() > 0) {
			bytes += bgp_buf_used(&p->conn->tx);
			p->conn->tx.off = p->conn->tx.len = 0;
		}
		t_rib += t1 - t0;
		t_send += now_ns() - t1;
	}
	if (p->prefixes_out != n) {
		fprintf(stderr, "ugroup_bench: sent %llu of %u routes\n",
			(unsigned long long)p->prefixes_out, n);
		return 1;
	}
	printf("routes %u batch %u sets %u: rib_update %.0f ns/route, bgp_ugroup_poll %.0f "
	       "ns/route, %.1f bytes/route sent\n",
		n, batch, n_sets, (double)t_rib / n, (double)t_send / n, (double)bytes / n);
	bgp_ugroup_leave(p);
	for (unsigned k = 0; k < n_sets; k++)
		bgp_pattr_unref(sets[k]);
	free(sets);
	return 0;
}
