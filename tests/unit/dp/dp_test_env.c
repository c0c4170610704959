// SPDX-License-Identifier: BSD-3-Clause
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <rte_arp.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ip.h>
#include <rte_udp.h>
#include <rte_vxlan.h>

#include "dp/core/dp_meta.h"
#include "dp/ip/nd_packet.h"
#include "dp/writer/writer.h"
#include "dp/writer/writer_gp.h"
#include "pipelines/vtep_pipeline.h"
#include "tests/unit/dp/dp_test_env.h"

struct dpt_env dpt;
uint32_t dpt_notify_ring_size;

const struct rte_ether_addr dpt_peer_mac = {{0x02, 0xee, 0x00, 0x00, 0x00, 0x02}};
const struct rte_ether_addr dpt_bcast = {{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}};
const uint8_t dpt_vtep6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 0x01};
const uint8_t dpt_remote6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 0x02};
const uint8_t dpt_ul6[16] = {0xfd, 0x00, [15] = 0x01};
const uint8_t dpt_peer6[16] = {0xfd, 0x00, [15] = 0x02};

static struct rte_mempool *dpt_pool_once;
static struct dp_worker *dpt_workers[1];
static uint32_t dpt_cookie;

// Notifications dpt_apply read while looking for its answer.
#define DPT_STASH 1024
static struct dp_notify dpt_stash[DPT_STASH];
static unsigned dpt_n_stash;

// --- process and per-test set-up -------------------------------------------------

void dpt_eal_init(const char *name)
{
	char prefix[64];
	const char *base = strrchr(name, '/');
	char *argv[] = {"dpt", "--no-huge", "--no-pci", "-m", "256", "--no-shconf",
		"--no-telemetry", "--file-prefix", prefix, "-l", "0", "--log-level=*:error", NULL};

	snprintf(prefix, sizeof(prefix), "dpt_%s_%d", base ? base + 1 : name, (int)getpid());
	if (rte_eal_init((int)RTE_DIM(argv) - 1, argv) < 0) {
		fprintf(stderr, "rte_eal_init failed: %s\n", rte_strerror(rte_errno));
		abort();
	}
	dpt_pool_once = dp_pktmbuf_pool_create("dpt_pool", DPT_POOL_SIZE, SOCKET_ID_ANY);
	if (dpt_pool_once == NULL) {
		fprintf(stderr, "mbuf pool: %s\n", rte_strerror(rte_errno));
		abort();
	}
}

void dpt_eal_fini(void)
{
	char run_dir[PATH_MAX];

	snprintf(run_dir, sizeof(run_dir), "%s", rte_eal_get_runtime_dir());
	rte_mempool_free(dpt_pool_once);
	dpt_pool_once = NULL;
	rte_eal_cleanup();
	rmdir(run_dir); // EAL leaves its (empty, with --no-shconf) runtime directory behind
}

int dpt_setup(void **state)
{
	(void)state;
	memset(&dpt, 0, sizeof(dpt));
	dpt.pool = dpt_pool_once;
	dpt.avail_at_setup = rte_mempool_avail_count(dpt.pool);
	if (dp_graph_build(&vtep_pipeline) != 0)
		return -1;
	dpt.w = aligned_alloc(RTE_CACHE_LINE_SIZE, sizeof(*dpt.w));
	if (dpt.w == NULL || dp_worker_init(dpt.w, 0, dpt.pool) != 0)
		return -1;
	dpt_workers[0] = dpt.w;
	if (dp_init(1, dpt_workers, dpt.pool, DPT_MAC_TABLE_SIZE, dpt_notify_ring_size) != 0)
		return -1;
	for (uint16_t p = 0; p < DPT_N_PORTS; p++) {
		char name[16];
		dpt.port_mac[p] =
			(struct rte_ether_addr){{0x02, 0x00, 0x5e, 0x00, 0x10, (uint8_t)p}};
		snprintf(name, sizeof(name), "port%u", p);
		if (dp_port_register(p, name, &dpt.port_mac[p]) != 0)
			return -1;
	}
	dpt_n_stash = 0;
	dpt_clock(0);
	return 0;
}

static void dpt_vec_free(struct dp_vec *v)
{
	rte_pktmbuf_free_bulk(v->pkts, v->n);
	v->n = 0;
}

int dpt_teardown(void **state)
{
	struct dp_worker *w = dpt.w;
	unsigned avail;

	(void)state;
	for (unsigned id = 0; id < DP_NODE_MAX; id++)
		dpt_vec_free(&w->vec[id]);
	dp_worker_fini(w); // frees tx queues and the inject ring's packets
	dp_fini();
	free(w);
	dpt.w = NULL;
	avail = rte_mempool_avail_count(dpt.pool);
	if (avail != dpt.avail_at_setup) {
		fprintf(stderr, "mbuf leak: %d mbufs not returned\n",
			(int)(dpt.avail_at_setup - avail));
		return -1;
	}
	return 0;
}

void dpt_topology(void)
{
	assert_int_equal(dpt_uaddr4(DPT_UL, DPT_UL4, 24), 0);
	assert_int_equal(dpt_uaddr6(DPT_UL, dpt_ul6, 64), 0);
	assert_int_equal(dpt_vtep_set4(DPT_VTEP4), 0);
	assert_int_equal(dpt_vtep_set6(dpt_vtep6), 0);
	assert_int_equal(dpt_bd_set(DPT_BD, DPT_VNI, 300, true), 0);
	assert_int_equal(dpt_bd_set(DPT_BD2, DPT_VNI2, 300, true), 0);
	assert_int_equal(dpt_member(true, DPT_BD, DPT_A1, 0), 0);
	assert_int_equal(dpt_member(true, DPT_BD, DPT_A2, 100), 0);
	assert_int_equal(dpt_member(true, DPT_BD, DPT_A3, 200), 0);
	assert_int_equal(dpt_member(true, DPT_BD2, DPT_A1, 20), 0);
	assert_int_equal(dpt_nh4(1, DPT_UL, DPT_REMOTE4, DPT_VTEP4), 0);
	assert_int_equal(dpt_nh6(2, DPT_UL, dpt_remote6, dpt_vtep6), 0);
	assert_int_equal(dpt_flood(true, DPT_BD, 1, 0), 0);
	assert_int_equal(dpt_flood(true, DPT_BD, 2, 0), 0);
}

// --- programming through the writer ------------------------------------------------

int dpt_apply(struct dp_msg *m)
{
	struct dp_notify n[64];
	unsigned got;
	int ret = 0;

	m->cookie = ++dpt_cookie;
	assert_int_equal(dp_msg_send(m), 0);
	dp_writer_poll();
	while ((got = dp_notify_recv(n, RTE_DIM(n))) > 0)
		for (unsigned i = 0; i < got; i++) {
			if (n[i].type == DP_NOTIFY_MSG_ERROR && n[i].cookie == m->cookie)
				ret = n[i].error;
			else if (dpt_n_stash < DPT_STASH)
				dpt_stash[dpt_n_stash++] = n[i];
		}
	return ret;
}

static bool dpt_garbage(void)
{
	return dp_writer.garbage.n > 0 || dp_writer.sealed.n > 0 || writer_gp_in_flight() ||
		mac_table_reclaim_pending(dp_tables.macs);
}

void dpt_reclaim(void)
{
	uint64_t deadline = rte_rdtsc() + 10 * rte_get_tsc_hz();
	while (dpt_garbage() && rte_rdtsc() < deadline) {
		dp_writer_poll();
		usleep(100);
	}
	assert_false(dpt_garbage());
}

int dpt_bd_set(uint16_t bd, uint32_t vni, uint32_t aging, bool learning)
{
	struct dp_msg m = {.type = DP_MSG_BD_SET,
		.bd = {.bd = bd, .vni = vni, .aging_sec = aging, .learning = learning}};
	return dpt_apply(&m);
}

int dpt_bd_del(uint16_t bd)
{
	struct dp_msg m = {.type = DP_MSG_BD_DEL, .bd = {.bd = bd}};
	return dpt_apply(&m);
}

int dpt_member(bool add, uint16_t bd, uint16_t port, uint16_t vlan)
{
	struct dp_msg m = {.type = add ? DP_MSG_MEMBER_ADD : DP_MSG_MEMBER_DEL,
		.member = {.bd = bd, .port = port, .vlan = vlan}};
	return dpt_apply(&m);
}

int dpt_vtep_set4(rte_be32_t ip)
{
	struct dp_msg m = {.type = DP_MSG_VTEP_ADDR, .vtep.ip = {.family = AF_INET}};
	m.vtep.ip.v4.s_addr = ip;
	return dpt_apply(&m);
}

int dpt_vtep_set6(const uint8_t ip[16])
{
	struct dp_msg m = {.type = DP_MSG_VTEP_ADDR, .vtep.ip = {.family = AF_INET6}};
	memcpy(m.vtep.ip.bytes, ip, 16);
	return dpt_apply(&m);
}

int dpt_uaddr4(uint16_t port, rte_be32_t ip, uint8_t plen)
{
	struct dp_msg m = {.type = DP_MSG_UNDERLAY_ADDR,
		.uaddr = {.port = port, .prefix_len = plen, .ip = {.family = AF_INET}}};
	m.uaddr.ip.v4.s_addr = ip;
	return dpt_apply(&m);
}

int dpt_uaddr6(uint16_t port, const uint8_t ip[16], uint8_t plen)
{
	struct dp_msg m = {.type = DP_MSG_UNDERLAY_ADDR,
		.uaddr = {.port = port, .prefix_len = plen, .ip = {.family = AF_INET6}}};
	memcpy(m.uaddr.ip.bytes, ip, 16);
	return dpt_apply(&m);
}

int dpt_nh4(uint32_t nh, uint16_t port, rte_be32_t remote, rte_be32_t local)
{
	struct dp_msg m = {.type = DP_MSG_NH_SET,
		.nh = {.nh = nh,
			.encap = DP_ENCAP_VXLAN,
			.resolved = true,
			.port = port,
			.remote = {.family = AF_INET},
			.local = {.family = AF_INET}}};
	memcpy(m.nh.dst_mac, &dpt_peer_mac, 6);
	m.nh.remote.v4.s_addr = remote;
	m.nh.local.v4.s_addr = local;
	return dpt_apply(&m);
}

int dpt_nh6(uint32_t nh, uint16_t port, const uint8_t remote[16], const uint8_t local[16])
{
	struct dp_msg m = {.type = DP_MSG_NH_SET,
		.nh = {.nh = nh,
			.encap = DP_ENCAP_VXLAN,
			.resolved = true,
			.port = port,
			.remote = {.family = AF_INET6},
			.local = {.family = AF_INET6}}};
	memcpy(m.nh.dst_mac, &dpt_peer_mac, 6);
	memcpy(m.nh.remote.bytes, remote, 16);
	memcpy(m.nh.local.bytes, local, 16);
	return dpt_apply(&m);
}

int dpt_flood(bool add, uint16_t bd, uint32_t nh, uint32_t vni)
{
	struct dp_msg m = {.type = add ? DP_MSG_FLOOD_ADD : DP_MSG_FLOOD_DEL,
		.flood = {.bd = bd, .nh = nh, .vni = vni}};
	return dpt_apply(&m);
}

int dpt_mac_local(
	uint16_t bd, const struct rte_ether_addr *mac, uint8_t kind, uint16_t port, uint16_t vlan)
{
	struct dp_msg m = {.type = DP_MSG_MAC_ADD,
		.mac = {.bd = bd, .kind = kind, .port = port, .vlan = vlan}};
	memcpy(m.mac.mac, mac, 6);
	return dpt_apply(&m);
}

static int mac_remote(const struct dp_msg_mac *mm, const struct rte_ether_addr *mac)
{
	struct dp_msg m = {.type = DP_MSG_MAC_ADD, .mac = *mm};
	memcpy(m.mac.mac, mac, 6);
	return dpt_apply(&m);
}

int dpt_mac_remote(
	uint16_t bd, const struct rte_ether_addr *mac, uint8_t kind, uint32_t nh, uint32_t vni)
{
	return mac_remote(&(struct dp_msg_mac){.bd = bd, .kind = kind, .nh = nh, .vni = vni}, mac);
}

int dpt_mac_remote_pinned(uint16_t bd, const struct rte_ether_addr *mac, uint32_t nh, uint32_t vni)
{
	return mac_remote(
		&(struct dp_msg_mac){
			.bd = bd, .kind = DP_MAC_REMOTE, .pinned = true, .nh = nh, .vni = vni},
		mac);
}

int dpt_mac_del(uint16_t bd, const struct rte_ether_addr *mac)
{
	struct dp_msg m = {.type = DP_MSG_MAC_DEL, .mac = {.bd = bd}};
	memcpy(m.mac.mac, mac, 6);
	return dpt_apply(&m);
}

unsigned dpt_notify_take(struct dp_notify *out, unsigned n)
{
	unsigned k = RTE_MIN(n, dpt_n_stash);

	memcpy(out, dpt_stash, k * sizeof(*out));
	memmove(dpt_stash, dpt_stash + k, (dpt_n_stash - k) * sizeof(*out));
	dpt_n_stash -= k;
	if (k < n)
		k += dp_notify_recv(out + k, n - k);
	return k;
}

// --- reading what the nodes did ----------------------------------------------------

unsigned dpt_tx_take(uint16_t port, struct rte_mbuf **out, unsigned n)
{
	struct dp_txq *q = &dpt.w->tx[port];
	unsigned k = RTE_MIN(n, (unsigned)q->n);

	memcpy(out, q->pkts, k * sizeof(*out));
	memmove(q->pkts, q->pkts + k, (q->n - k) * sizeof(*out));
	q->n = (uint16_t)(q->n - k);
	if (q->n == 0)
		dpt.w->tx_dirty &= ~(UINT64_C(1) << port);
	return k;
}

unsigned dpt_vec_take(struct dp_vec *v, struct rte_mbuf **out, unsigned n)
{
	unsigned k = RTE_MIN(n, (unsigned)v->n);

	memcpy(out, v->pkts, k * sizeof(*out));
	memmove(v->pkts, v->pkts + k, (v->n - k) * sizeof(*out));
	v->n = (uint16_t)(v->n - k);
	return k;
}

unsigned dpt_events_take(struct dp_event *out, unsigned n)
{
	return rte_ring_sc_dequeue_burst_elem(dpt.w->events, out, sizeof(*out), n, NULL);
}

void dpt_free(struct rte_mbuf **pkts, unsigned n)
{
	rte_pktmbuf_free_bulk(pkts, n);
}

unsigned dpt_pending(void)
{
	const struct dp_worker *w = dpt.w;
	unsigned n = 0;

	for (unsigned id = 0; id < DP_NODE_MAX; id++)
		n += w->vec[id].n;

	for (unsigned p = 0; p < DP_MAX_PORTS; p++)
		n += w->tx[p].n;
	return n;
}

bool dpt_mac_lookup(uint16_t bd, const struct rte_ether_addr *mac, mac_entry_t *e)
{
	union mac_key k = mac_key_make(bd, mac);
	return mac_table_lookup(dp_tables.macs, &k, e) == 0;
}

void dpt_clock(int sec)
{
	dpt.w->now_tsc = rte_rdtsc() + (uint64_t)(int64_t)sec * dp_tables.tsc_hz;
	dpt.w->now_sec = dp_now_sec(dpt.w->now_tsc);
}

// --- counters and edges -----------------------------------------------------------

void dpt_snap(struct dpt_cnt *s)
{
	memcpy(s->c, dpt.w->cnt, sizeof(s->c));
}

int dpt_cnt(const char *owner, const char *name)
{
	int c = dp_counter_id(owner, name);

	if (c < 0)
		fail_msg("no counter %s.%s in the built pipeline", owner, name);
	return c;
}

// Counters that are not edges: events sent or lost, static moves, flood copies.
static bool dpt_is_side_counter(unsigned c)
{
	static const char *const side[][2] = {
		{"l2_fwd", "learn_event"},
		{"l2_fwd", "learn_ring_full"},
		{"l2_fwd", "snoop_event"},
		{"l2_fwd", "snoop_dhcp_event"},
		{"l2_fwd", "static_mac_seen_elsewhere"},
		{"bum_flood", "copies"},
		{"events", "ring_full"},
	};

	for (unsigned i = 0; i < RTE_DIM(side); i++)
		if (c == (unsigned)dpt_cnt(side[i][0], side[i][1]))
			return true;
	return false;
}

int dpt_edge_of(const struct dpt_cnt *before, const char *node)
{
	int edge = -1;

	for (unsigned c = 0; c < dp_graph.n_counters; c++) {
		if (strcmp(dp_graph.counter[c].owner, node) != 0 || dpt.w->cnt[c] == before->c[c] ||
			dpt_is_side_counter(c))
			continue;
		if (edge != -1)
			return -2;
		edge = (int)c;
	}
	return edge;
}

uint64_t dpt_delta(const struct dpt_cnt *before, int c)
{
	return dpt.w->cnt[c] - before->c[c];
}

const char *dpt_cnt_name(int c)
{
	static char buf[4][64];
	static unsigned next;
	char *s;

	if (c == -1)
		return "none";
	if (c < 0 || c >= dp_graph.n_counters)
		return "several";
	s = buf[next++ % RTE_DIM(buf)];
	snprintf(s, sizeof(buf[0]), "%s.%s", dp_graph.counter[c].owner, dp_graph.counter[c].name);
	return s;
}

int dpt_feed(const char *node, dpt_node_fn fn, struct rte_mbuf *m)
{
	struct dpt_cnt before;

	assert_non_null(m);
	dpt_snap(&before);
	fn(dpt.w, &m, 1);
	return dpt_edge_of(&before, node);
}

int dpt_feed_port(const char *node, dpt_port_node_fn fn, uint16_t port, struct rte_mbuf *m)
{
	struct dpt_cnt before;

	assert_non_null(m);
	dpt_snap(&before);
	fn(dpt.w, port, &m, 1);
	return dpt_edge_of(&before, node);
}

// --- packet builders --------------------------------------------------------------

void dpt_pkt_init(struct dpt_pkt *p)
{
	memset(p, 0, sizeof(*p));
}

void *dpt_put(struct dpt_pkt *p, const void *data, uint16_t len)
{
	uint8_t *at = p->b + p->len;

	assert_true(p->len + len <= sizeof(p->b));
	if (data != NULL)
		memcpy(at, data, len);
	else
		memset(at, 0, len);
	p->len = (uint16_t)(p->len + len);
	return at;
}

void dpt_put_eth(struct dpt_pkt *p, const struct rte_ether_addr *dst,
	const struct rte_ether_addr *src, uint16_t type)
{
	struct rte_ether_hdr *eth = dpt_put(p, NULL, sizeof(*eth));
	eth->dst_addr = *dst;
	eth->src_addr = *src;
	eth->ether_type = rte_cpu_to_be_16(type);
}

void dpt_put_eth_vlan(struct dpt_pkt *p, const struct rte_ether_addr *dst,
	const struct rte_ether_addr *src, uint16_t vlan, uint16_t type)
{
	struct rte_vlan_hdr *vh;
	dpt_put_eth(p, dst, src, RTE_ETHER_TYPE_VLAN);
	vh = dpt_put(p, NULL, sizeof(*vh));
	vh->vlan_tci = rte_cpu_to_be_16(vlan);
	vh->eth_proto = rte_cpu_to_be_16(type);
}

struct rte_ipv4_hdr *dpt_put_ipv4(struct dpt_pkt *p, rte_be32_t src, rte_be32_t dst, uint8_t proto)
{
	struct rte_ipv4_hdr *ip;
	p->l3 = p->len;
	ip = dpt_put(p, NULL, sizeof(*ip));
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->time_to_live = 64;
	ip->next_proto_id = proto;
	ip->src_addr = src;
	ip->dst_addr = dst;
	p->l4 = p->len;
	return ip;
}

struct rte_ipv6_hdr *dpt_put_ipv6(struct dpt_pkt *p, const uint8_t src[16], const uint8_t dst[16],
	uint8_t proto, uint8_t hops)
{
	struct rte_ipv6_hdr *ip;
	p->l3 = p->len;
	ip = dpt_put(p, NULL, sizeof(*ip));
	ip->vtc_flow = RTE_BE32(6u << 28);
	ip->proto = proto;
	ip->hop_limits = hops;
	memcpy(ip->src_addr, src, 16);
	memcpy(ip->dst_addr, dst, 16);
	p->l4 = p->len;
	return ip;
}

struct rte_udp_hdr *dpt_put_udp(struct dpt_pkt *p, uint16_t sport, uint16_t dport)
{
	struct rte_udp_hdr *udp;
	p->l4 = p->len;
	udp = dpt_put(p, NULL, sizeof(*udp));
	udp->src_port = rte_cpu_to_be_16(sport);
	udp->dst_port = rte_cpu_to_be_16(dport);
	p->l5 = p->len;
	return udp;
}

struct rte_vxlan_hdr *dpt_put_vxlan(struct dpt_pkt *p, uint32_t flags, uint32_t vni)
{
	struct rte_vxlan_hdr *vx = dpt_put(p, NULL, sizeof(*vx));
	vx->vx_flags = rte_cpu_to_be_32(flags);
	vx->vx_vni = rte_cpu_to_be_32(vni << 8);
	p->inner = p->len;
	return vx;
}

static bool dpt_is_ipv4(const struct dpt_pkt *p)
{
	return p->l3 != 0 && (p->b[p->l3] >> 4) == 4;
}

void dpt_fix_ipv4_csum(struct dpt_pkt *p)
{
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(p->b + p->l3);
	ip->hdr_checksum = 0;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
}

void dpt_fix_lengths(struct dpt_pkt *p)
{
	if (dpt_is_ipv4(p)) {
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(p->b + p->l3);
		ip->total_length = rte_cpu_to_be_16((uint16_t)(p->len - p->l3));
		dpt_fix_ipv4_csum(p);
	} else if (p->l3 != 0) {
		struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)(p->b + p->l3);
		ip->payload_len = rte_cpu_to_be_16((uint16_t)(p->len - p->l3 - sizeof(*ip)));
	}
	if (p->l5 != 0) {
		struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(p->b + p->l4);
		udp->dgram_len = rte_cpu_to_be_16((uint16_t)(p->len - p->l4));
	}
}

void dpt_fix_icmp6_csum(struct dpt_pkt *p)
{
	struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)(p->b + p->l3);
	struct nd_msg *nd = (struct nd_msg *)(p->b + p->l4);
	nd->cksum = 0;
	nd->cksum = rte_ipv6_udptcp_cksum(ip, nd);
}

void dpt_frame(struct dpt_pkt *p, const struct rte_ether_addr *dst,
	const struct rte_ether_addr *src, uint16_t vlan, uint16_t payload)
{
	uint8_t *d;
	dpt_pkt_init(p);
	if (vlan != 0)
		dpt_put_eth_vlan(p, dst, src, vlan, RTE_ETHER_TYPE_IPV4);
	else
		dpt_put_eth(p, dst, src, RTE_ETHER_TYPE_IPV4);
	d = dpt_put(p, NULL, payload);
	for (uint16_t i = 0; i < payload; i++)
		d[i] = (uint8_t)(i * 7 + 1);
}

static void dpt_vxlan_tail(struct dpt_pkt *p, const struct dpt_pkt *inner, uint32_t vni)
{
	dpt_put_udp(p, 55555, RTE_VXLAN_DEFAULT_PORT);
	dpt_put_vxlan(p, 0x08000000, vni);
	dpt_put(p, inner->b, inner->len);
	dpt_fix_lengths(p);
}

void dpt_vxlan4_pkt(struct dpt_pkt *p, const struct dpt_pkt *inner, uint32_t vni)
{
	dpt_pkt_init(p);
	dpt_put_eth(p, &dpt.port_mac[DPT_UL], &dpt_peer_mac, RTE_ETHER_TYPE_IPV4);
	dpt_put_ipv4(p, DPT_REMOTE4, DPT_VTEP4, IPPROTO_UDP);
	dpt_vxlan_tail(p, inner, vni);
}

void dpt_vxlan6_pkt(struct dpt_pkt *p, const struct dpt_pkt *inner, uint32_t vni)
{
	dpt_pkt_init(p);
	dpt_put_eth(p, &dpt.port_mac[DPT_UL], &dpt_peer_mac, RTE_ETHER_TYPE_IPV6);
	dpt_put_ipv6(p, dpt_remote6, dpt_vtep6, IPPROTO_UDP, 64);
	dpt_vxlan_tail(p, inner, vni);
}

void dpt_vxlan6_ext_pkt(struct dpt_pkt *p, const struct dpt_pkt *inner, uint32_t vni,
	uint8_t first, const void *ext, uint16_t ext_len)
{
	dpt_pkt_init(p);
	dpt_put_eth(p, &dpt.port_mac[DPT_UL], &dpt_peer_mac, RTE_ETHER_TYPE_IPV6);
	dpt_put_ipv6(p, dpt_remote6, dpt_vtep6, first, 64);
	dpt_put(p, ext, ext_len);
	dpt_vxlan_tail(p, inner, vni);
}

void dpt_fix_udp6_csum(struct dpt_pkt *p)
{
	const struct rte_ipv6_hdr *ip = (const struct rte_ipv6_hdr *)(p->b + p->l3);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(p->b + p->l4);
	uint16_t len = (uint16_t)(p->len - p->l4), c;
	struct {
		rte_be32_t len;
		uint8_t zero[3];
		uint8_t proto;
	} ph = {rte_cpu_to_be_32(len), {0}, IPPROTO_UDP};
	uint32_t sum;

	udp->dgram_cksum = 0;
	sum = __rte_raw_cksum(ip->src_addr, 32, 0);
	sum = __rte_raw_cksum(&ph, sizeof(ph), sum);
	sum = __rte_raw_cksum(udp, len, sum);
	c = (uint16_t)~__rte_raw_cksum_reduce(sum);
	udp->dgram_cksum = c == 0 ? 0xffff : c;
}

void dpt_arp_pkt(struct dpt_pkt *p, uint16_t op, const struct rte_ether_addr *sha, rte_be32_t sip,
	rte_be32_t tip)
{
	struct rte_arp_hdr *arp;
	dpt_pkt_init(p);
	dpt_put_eth(p, op == RTE_ARP_OP_REQUEST ? &dpt_bcast : &dpt.port_mac[DPT_UL], sha,
		RTE_ETHER_TYPE_ARP);
	p->l3 = p->len;
	arp = dpt_put(p, NULL, sizeof(*arp));
	arp->arp_hardware = RTE_BE16(RTE_ARP_HRD_ETHER);
	arp->arp_protocol = RTE_BE16(RTE_ETHER_TYPE_IPV4);
	arp->arp_hlen = RTE_ETHER_ADDR_LEN;
	arp->arp_plen = 4;
	arp->arp_opcode = rte_cpu_to_be_16(op);
	arp->arp_data.arp_sha = *sha;
	arp->arp_data.arp_sip = sip;
	if (op == RTE_ARP_OP_REPLY)
		arp->arp_data.arp_tha = dpt.port_mac[DPT_UL];
	arp->arp_data.arp_tip = tip;
}

static void dpt_nd_pkt(struct dpt_pkt *p, uint8_t type, const struct rte_ether_addr *src_mac,
	const uint8_t src[16], const uint8_t dst[16], const uint8_t target[16])
{
	static const uint8_t unspec[16];
	struct nd_msg *nd;
	struct rte_ether_addr dmac = {{0x33, 0x33, dst[12], dst[13], dst[14], dst[15]}};

	dpt_pkt_init(p);
	if (dst[0] != 0xff)
		dmac = dpt.port_mac[DPT_UL];
	dpt_put_eth(p, &dmac, src_mac, RTE_ETHER_TYPE_IPV6);
	dpt_put_ipv6(p, src, dst, IPPROTO_ICMPV6, 255);
	nd = dpt_put(p, NULL, sizeof(*nd));
	nd->type = type;
	memcpy(nd->target, target, 16);
	if (type == ND_TYPE_NA)
		nd->flags = ND_NA_FLAG_SOLICITED | ND_NA_FLAG_OVERRIDE;
	if (type == ND_TYPE_NA || memcmp(src, unspec, 16) != 0) {
		struct nd_opt_lladdr *opt = dpt_put(p, NULL, sizeof(*opt));
		opt->type = type == ND_TYPE_NA ? ND_OPT_TGT_LLADDR : ND_OPT_SRC_LLADDR;
		opt->len = 1;
		opt->mac = *src_mac;
	}
	dpt_fix_lengths(p);
	dpt_fix_icmp6_csum(p);
}

void dpt_ns_pkt(struct dpt_pkt *p, const struct rte_ether_addr *src_mac, const uint8_t src[16],
	const uint8_t dst[16], const uint8_t target[16])
{
	dpt_nd_pkt(p, ND_TYPE_NS, src_mac, src, dst, target);
}

void dpt_na_pkt(struct dpt_pkt *p, const struct rte_ether_addr *src_mac, const uint8_t src[16],
	const uint8_t dst[16], const uint8_t target[16])
{
	dpt_nd_pkt(p, ND_TYPE_NA, src_mac, src, dst, target);
}

struct rte_mbuf *dpt_mbuf_bytes(const void *data, uint16_t len)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(dpt.pool);
	void *d;

	assert_non_null(m);
	d = rte_pktmbuf_append(m, len);
	assert_non_null(d);
	memcpy(d, data, len);
	memset(dp_meta(m), 0, sizeof(struct dp_meta));
	return m;
}

struct rte_mbuf *dpt_mbuf(const struct dpt_pkt *p)
{
	return dpt_mbuf_bytes(p->b, p->len);
}

struct rte_mbuf *dpt_l2_mbuf(const struct dpt_pkt *frame, uint16_t bd, uint16_t in_port,
	uint16_t in_vlan, bool from_tunnel)
{
	struct rte_mbuf *m = dpt_mbuf(frame);
	struct dp_meta *meta = dp_meta(m);
	meta->bd = bd;
	meta->in_port = in_port;
	meta->in_vlan = in_vlan;
	meta->from_tunnel = from_tunnel;
	return m;
}

struct rte_ether_addr dpt_mac(uint16_t n)
{
	return (struct rte_ether_addr){{0x02, 0x00, 0x00, 0x00, (uint8_t)(n >> 8), (uint8_t)n}};
}
