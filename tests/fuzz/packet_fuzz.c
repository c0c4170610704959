// SPDX-License-Identifier: BSD-3-Clause
// libFuzzer target for everything that parses packets from the wire: one input is one
// frame received on the underlay port (underlay_input, vxlan_decap, mpls_input,
// arp_input, nd_input, l2_fwd, bum_flood, vxlan_encap, mpls_encap) or on an access port (access_input, l2
// learning, arp_proxy and nd_proxy: bridge domain 100 suppresses ARP and ND and
// proxies 10.1.0.2 and fd00:1::2). The first byte picks the port and whether the outer destination MAC is
// forced to the port's (so the fuzzer reaches past the MAC check). Ports are net_null
// vdevs, so transmission is real but goes nowhere. The writer runs every few inputs,
// so learning events and their table updates are fuzzed too. Each frame ends where
// its allocation does (frame_mbuf), so a read past it is caught, and must be freed when
// the worker is done with it.
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_ether.h>
#include <arpa/inet.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dp/core/dp_meta.h"
#include "dp/writer/writer.h"
#include "pipelines/vtep_pipeline.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

// A frame as large as a pool mbuf holds (RTE_MBUF_DEFAULT_DATAROOM).
#define FRAME_MAX 2048

static struct dp_worker *worker;
static struct rte_mempool *pool;
static struct rte_ether_addr port_mac[2];
static unsigned frames_held; // frames given to the dataplane and not freed yet

static void fuzz_port(uint16_t id)
{
	struct rte_eth_conf conf = {0};
	if (rte_eth_dev_configure(id, 1, 1, &conf) < 0 ||
		rte_eth_rx_queue_setup(id, 0, 64, 0, NULL, pool) < 0 ||
		rte_eth_tx_queue_setup(id, 0, 64, 0, NULL) < 0 || rte_eth_dev_start(id) < 0)
		abort();
	rte_eth_macaddr_get(id, &port_mac[id]);
}

static void send_msg(struct dp_msg m)
{
	if (dp_msg_send(&m) < 0)
		abort();
}

static struct dp_ip ip4(const char *s)
{
	struct dp_ip ip = {.family = AF_INET};
	inet_pton(AF_INET, s, &ip.v4);
	return ip;
}

static struct dp_ip ip6(const char *s)
{
	struct dp_ip ip = {.family = AF_INET6};
	inet_pton(AF_INET6, s, &ip.v6);
	return ip;
}

// Routing at the gateway (ip_forward): bd 200 (VLAN 20 of port 1) has the same
// gateway; the default VRF has both subnets, a blackhole; h 10.2.0.2 behind VTEP 1;
// an L3VNI (symmetric IRB) with routes into it, two of them by ECMP.
static void program_routes(void)
{
	static const struct {
		const char *pfx;
		uint8_t len;
		uint32_t rnh;
	} routes[] = {{"10.1.0.0", 24, 1}, {"10.2.0.0", 24, 2}, {"10.99.0.0", 16, 3},
		{"fd00:1::", 64, 1}, {"fd00:2::", 64, 2}, {"10.5.0.0", 16, 4},
		{"fd00:5::", 64, 4}, {"10.6.0.0", 16, 6}, {"fd00:6::", 64, 6}};

	send_msg((struct dp_msg){.type = DP_MSG_BD_SET,
		.bd = {.bd = 200,
			.vni = 200,
			.learning = true,
			.has_gw = true,
			.gw_mac = {0, 0, 0x5e, 0, 1, 1},
			.glean_src4 = ip4("10.2.0.254"),
			.glean_src6 = ip6("fd00:2::fe")}});
	send_msg((struct dp_msg){.type = DP_MSG_MEMBER_ADD, .member = {200, 1, 20}});
	send_msg((struct dp_msg){.type = DP_MSG_MAC_ADD,
		.mac = {.bd = 200,
			.mac = {2, 0, 0, 0, 0, 5},
			.kind = DP_MAC_REMOTE,
			.nh = 1,
			.vni = 200}});
	send_msg((struct dp_msg){.type = DP_MSG_NEIGH_ADD,
		.neigh = {.bd = 200, .mac = {2, 0, 0, 0, 0, 5}, .ip = ip4("10.2.0.2")}});
	send_msg((struct dp_msg){.type = DP_MSG_NEIGH_ADD,
		.neigh = {.bd = 200, .mac = {2, 0, 0, 0, 0, 5}, .ip = ip6("fd00:2::2")}});
	send_msg((struct dp_msg){
		.type = DP_MSG_RNH_SET, .rnh = {.id = 1, .kind = DP_RNH_CONNECTED, .bd = 100}});
	send_msg((struct dp_msg){
		.type = DP_MSG_RNH_SET, .rnh = {.id = 2, .kind = DP_RNH_CONNECTED, .bd = 200}});
	send_msg((struct dp_msg){
		.type = DP_MSG_RNH_SET, .rnh = {.id = 3, .kind = DP_RNH_BLACKHOLE}});
	// Symmetric IRB: the default VRF's L3VNI 5000 (router MAC 02:00:00:00:50:01), and
	// 10.5.0.0/16, fd00:5::/64 via VTEP 1's router MAC in it (l3vni_input, ip_forward).
	send_msg((struct dp_msg){.type = DP_MSG_L3VNI_SET,
		.l3vni = {.vrf = 0, .vni = 5000, .router_mac = {2, 0, 0, 0, 0x50, 1}}});
	send_msg((struct dp_msg){.type = DP_MSG_RNH_SET,
		.rnh = {.id = 4,
			.kind = DP_RNH_REMOTE_L3,
			.nh = 1,
			.vni = 5000,
			.mac = {2, 0, 0, 0, 0x50, 2},
			.src_mac = {2, 0, 0, 0, 0x50, 1}}});
	// ECMP (type-5 prefixes of two VTEPs): 10.6.0.0/16, fd00:6::/64 over next hop 4 and
	// another router MAC behind VTEP 1.
	send_msg((struct dp_msg){.type = DP_MSG_RNH_SET,
		.rnh = {.id = 5,
			.kind = DP_RNH_REMOTE_L3,
			.nh = 1,
			.vni = 5000,
			.mac = {2, 0, 0, 0, 0x50, 3},
			.src_mac = {2, 0, 0, 0, 0x50, 1}}});
	send_msg((struct dp_msg){.type = DP_MSG_RNH_SET,
		.rnh = {.id = 6, .kind = DP_RNH_ECMP, .n_members = 2, .members = {4, 5}}});
	for (unsigned i = 0; i < RTE_DIM(routes); i++) {
		bool v6 = strchr(routes[i].pfx, ':') != NULL;
		send_msg((struct dp_msg){.type = DP_MSG_ROUTE_ADD,
			.route = {.len = routes[i].len,
				.prefix = v6 ? ip6(routes[i].pfx) : ip4(routes[i].pfx),
				.rnh = routes[i].rnh}});
	}
}

// MPLS: PE 192.0.2.7 (nh 3) behind transport label 16005, a remote MAC there
// (02:..:07, service label 2000 with a control word) and in bd 100's flood list; the
// label table swaps 16003, pops 16002 (PHP), pops 1000 and 1001 (control word) into
// bd 100, pops 16009 (ours) and looks again.
static void program_mpls(void)
{
	send_msg((struct dp_msg){.type = DP_MSG_NH_SET, .nh = {.nh = 3, .encap = DP_ENCAP_MPLS,
		.resolved = true, .port = 0, .remote = ip4("192.0.2.7"), .n_labels = 1,
		.labels = {16005}}});
	send_msg((struct dp_msg){.type = DP_MSG_FLOOD_ADD, .flood = {100, 3, 2000}});
	send_msg((struct dp_msg){.type = DP_MSG_MAC_ADD, .mac = {.bd = 100,
		.mac = {2, 0, 0, 0, 0, 7}, .kind = DP_MAC_REMOTE, .nh = 3,
		.vni = 2000 | DP_MPLS_CW_FLAG}});
	send_msg((struct dp_msg){.type = DP_MSG_LABEL_SET, .label = {.label = 16003,
		.action = DP_LABEL_SWAP, .out_label = 16004, .nh = 3}});
	send_msg((struct dp_msg){.type = DP_MSG_LABEL_SET, .label = {.label = 16002,
		.action = DP_LABEL_POP, .nh = 3}});
	send_msg((struct dp_msg){.type = DP_MSG_LABEL_SET, .label = {.label = 1000,
		.action = DP_LABEL_POP_L2, .bd = 100}});
	send_msg((struct dp_msg){.type = DP_MSG_LABEL_SET, .label = {.label = 1001,
		.action = DP_LABEL_POP_L2, .bd = 100, .control_word = true}});
	send_msg((struct dp_msg){.type = DP_MSG_LABEL_SET, .label = {.label = 16009,
		.action = DP_LABEL_POP_LOCAL}});
	// L3 EVPN over MPLS: 1002 pops into the default VRF (L3VNI 5000); 10.7.0.0/16 via
	// the PE's per-VRF label 2001 (the IP packet under {16005, 2001}).
	send_msg((struct dp_msg){.type = DP_MSG_LABEL_SET, .label = {.label = 1002,
		.action = DP_LABEL_POP_VRF, .vrf = 0}});
	send_msg((struct dp_msg){.type = DP_MSG_RNH_SET,
		.rnh = {.id = 7, .kind = DP_RNH_REMOTE_L3, .nh = 3, .vni = 2001 | DP_MPLS_IP_FLAG,
			.mac = {2, 0, 0, 0, 0x50, 7}, .src_mac = {2, 0, 0, 0, 0x50, 1}}});
	send_msg((struct dp_msg){.type = DP_MSG_ROUTE_ADD,
		.route = {.len = 16, .prefix = ip4("10.7.0.0"), .rnh = 7}});
}

static void program_tables(void)
{
	send_msg((struct dp_msg){.type = DP_MSG_VTEP_ADDR, .vtep = {ip4("192.0.2.1")}});
	send_msg((struct dp_msg){.type = DP_MSG_VTEP_ADDR, .vtep = {ip6("2001:db8::1")}});
	send_msg((struct dp_msg){.type = DP_MSG_UNDERLAY_ADDR,
		.uaddr = {.port = 0, .prefix_len = 24, .ip = ip4("192.0.2.1")}});
	send_msg((struct dp_msg){.type = DP_MSG_UNDERLAY_ADDR,
		.uaddr = {.port = 0, .prefix_len = 64, .ip = ip6("2001:db8::1")}});
	send_msg((struct dp_msg){.type = DP_MSG_BD_SET,
		.bd = {.bd = 100,
			.vni = 100,
			.aging_sec = 1,
			.learning = true,
			.arp_suppress = true,
			.nd_suppress = true,
			.has_gw = true,
			.gw_mac = {0, 0, 0x5e, 0, 1, 1},
			.glean_src4 = ip4("10.1.0.254"),
			.glean_src6 = ip6("fd00:1::fe")}});
	send_msg((struct dp_msg){.type = DP_MSG_MEMBER_ADD, .member = {100, 1, 0}});
	send_msg((struct dp_msg){.type = DP_MSG_MEMBER_ADD, .member = {100, 1, 10}});
	send_msg((struct dp_msg){.type = DP_MSG_NH_SET, .nh = {.nh = 1, .encap = DP_ENCAP_VXLAN,
		.resolved = true, .port = 0, .remote = ip4("192.0.2.2"), .local = ip4("192.0.2.1")}});
	send_msg((struct dp_msg){.type = DP_MSG_NH_SET, .nh = {.nh = 2, .encap = DP_ENCAP_VXLAN,
		.resolved = true, .port = 0, .remote = ip6("2001:db8::2"), .local = ip6("2001:db8::1")}});
	send_msg((struct dp_msg){.type = DP_MSG_FLOOD_ADD, .flood = {100, 1, 100}});
	send_msg((struct dp_msg){.type = DP_MSG_FLOOD_ADD, .flood = {100, 2, 100}});
	send_msg((struct dp_msg){.type = DP_MSG_MAC_ADD, .mac = {.bd = 100,
		.mac = {2, 0, 0, 0, 0, 2}, .kind = DP_MAC_REMOTE, .nh = 2, .vni = 100}});
	send_msg((struct dp_msg){.type = DP_MSG_NEIGH_ADD,
		.neigh = {.bd = 100, .mac = {2, 0, 0, 0, 0, 2}, .ip = ip4("10.1.0.2")}});
	send_msg((struct dp_msg){.type = DP_MSG_NEIGH_ADD,
		.neigh = {.bd = 100, .mac = {2, 0, 0, 0, 0, 2}, .ip = ip6("fd00:1::2")}});
	// the anycast gateway of bd 100 (gw_input)
	send_msg((struct dp_msg){.type = DP_MSG_NEIGH_ADD,
		.neigh = {.bd = 100,
			.mac = {0, 0, 0x5e, 0, 1, 1},
			.gateway = true,
			.ip = ip4("10.1.0.254")}});
	send_msg((struct dp_msg){.type = DP_MSG_NEIGH_ADD,
		.neigh = {.bd = 100,
			.mac = {0, 0, 0x5e, 0, 1, 1},
			.gateway = true,
			.ip = ip6("fd00:1::fe")}});
	program_routes();
	program_mpls();
	dp_writer_poll();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char *eal[] = {"fuzz", "--no-huge", "-m", "256", "--no-pci", "--no-shconf",
		"--file-prefix", "evpnd_fuzz", "-l", "0", "--log-level", "*:error",
		"--vdev", "net_null0,no-rx=1", "--vdev", "net_null1,no-rx=1", NULL};
	(void)argc;
	(void)argv;
	if (rte_eal_init(RTE_DIM(eal) - 1, eal) < 0)
		abort();
	pool = dp_pktmbuf_pool_create("fuzz_pool", 8192, 0);
	worker = rte_zmalloc("w", sizeof(*worker), RTE_CACHE_LINE_SIZE);
	if (pool == NULL || worker == NULL || dp_graph_build(&vtep_pipeline) < 0 ||
		dp_worker_init(worker, 0, pool) < 0 ||
		dp_init(1, &worker, pool, 4096, 0) < 0)
		abort();
	fuzz_port(0);
	fuzz_port(1);
	dp_port_register(0, "uplink0", &port_mac[0]);
	dp_port_register(1, "host0", &port_mac[1]);
	program_tables();
	return 0;
}

static void frame_free(void *addr, void *opaque)
{
	frames_held--;
	free(addr);
	free(opaque);
}

// An mbuf whose frame (size octets from data) ends exactly where a malloc'd buffer
// does: a read past the frame is caught by ASan (or valgrind in the replay), where a
// pool mbuf's tailroom would hide it. The headroom stays, for the encapsulation.
static struct rte_mbuf *frame_mbuf(const uint8_t *data, size_t size)
{
	struct rte_mbuf_ext_shared_info *shinfo = malloc(sizeof(*shinfo));
	uint8_t *buf = malloc(RTE_PKTMBUF_HEADROOM + size);
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);

	if (m == NULL || buf == NULL || shinfo == NULL)
		abort(); // a leak in the dataplane would end here
	frames_held++;
	shinfo->free_cb = frame_free;
	shinfo->fcb_opaque = shinfo;
	rte_mbuf_ext_refcnt_set(shinfo, 1);
	rte_pktmbuf_attach_extbuf(m, buf, RTE_BAD_IOVA, (uint16_t)(RTE_PKTMBUF_HEADROOM + size),
		shinfo);
	m->data_off = RTE_PKTMBUF_HEADROOM;
	memcpy(rte_pktmbuf_append(m, (uint16_t)size), data, size);
	return m;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned inputs;
	struct rte_mbuf *m;
	uint16_t port;

	if (size < 1 || size > FRAME_MAX + 1)
		return 0;
	port = data[0] & 1;
	m = frame_mbuf(data + 1, size - 1);
	if ((data[0] & 2) && size > 6)
		memcpy(rte_pktmbuf_mtod(m, void *), &port_mac[port], 6);
	worker->now_tsc = rte_rdtsc();
	worker->now_sec = dp_now_sec(worker->now_tsc);
	dp_worker_input(worker, port, &m, 1);
	// Dropped or sent (the null ports free at once), a frame is freed by now: else
	// its mbuf lost the external buffer (or the dataplane kept it).
	if (frames_held != 0) {
		fprintf(stderr, "a frame was not freed\n");
		abort();
	}
	if (++inputs % 64 == 0)
		dp_writer_poll();
	return 0;
}
