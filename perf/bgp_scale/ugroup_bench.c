// SPDX-License-Identifier: BSD-3-Clause
// ugroup_bench: the send path of the relay benchmark (run.sh RELAY=1) in process,
// without sockets: N IPv4 routes from one eBGP source go into the RIB in batches,
// and after each batch bgp_ugroup_poll() runs until idle, sending them on to one
// eBGP peer whose output buffer is emptied as if written. Prints nanoseconds per
// route for the RIB updates and for bgp_ugroup_poll, and the bytes sent.
//
//   ugroup_bench [-n ROUTES] [-b BATCH]
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

// The feeder's attribute set: AS path 65001, next hop 192.0.2.2, origin IGP.
static struct bgp_pattr *feed_attrs(void)
{
	static struct bgp_pattr_tmp t;
	const uint8_t path[] = {BGP_ASPATH_SEQUENCE, 1, 0, 0, 0xfd, 0xe9};

	bgp_pattr_tmp_init(&t);
	t.a.origin = BGP_ORIGIN_IGP;
	inet_pton(AF_INET, "192.0.2.2", &t.a.next_hop);
	if (bgp_pattr_tmp_set_aspath(&t, path, sizeof(path)) < 0)
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
	unsigned n = 100000, batch = 8192;
	uint64_t t_rib = 0, t_send = 0, bytes = 0;
	int c;

	while ((c = getopt(argc, argv, "n:b:")) != -1) {
		if (c == 'n')
			n = (unsigned)strtoul(optarg, NULL, 10);
		else if (c == 'b')
			batch = (unsigned)strtoul(optarg, NULL, 10);
		else {
			fprintf(stderr, "usage: ugroup_bench [-n ROUTES] [-b BATCH]\n");
			return 2;
		}
	}
	if (n == 0 || batch == 0 || bgp_rib_init() < 0)
		return 2;
	struct bgp_pattr *a = feed_attrs();
	struct bgp_peer *p = receiver();
	if (a == NULL || bgp_ugroup_join(p) < 0)
		return 1;
	for (unsigned i = 0; i < n;) {
		uint64_t t0 = now_ns();
		for (unsigned end = i + batch < n ? i + batch : n; i < end; i++) {
			struct in_addr pfx = {htonl(0x10000000u + (i << 8))}; // 16.0.0.0/24 on
			if (bgp_rib_update(&feeder, pfx, 24, a) < 0)
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
	printf("routes %u batch %u: rib_update %.0f ns/route, bgp_ugroup_poll %.0f ns/route, "
	       "%.1f bytes/route sent\n",
		n, batch, (double)t_rib / n, (double)t_send / n, (double)bytes / n);
	bgp_ugroup_leave(p);
	bgp_pattr_unref(a);
	return 0;
}
