// SPDX-License-Identifier: BSD-3-Clause
// The tester's streams: their prebuilt headers (outer Ethernet, IPv4/UDP/VXLAN or
// labels, then the inner Ethernet/IPv4/UDP), the workers' state and the runs.
#include <errno.h>
#include <rte_cycles.h>
#include <rte_ip.h>
#include <rte_malloc.h>
#include <rte_udp.h>
#include <rte_vxlan.h>
#include <string.h>

#include "dp/core/dp_tables.h"
#include "dp/mpls/mpls_lse.h"
#include "dp/mpls/mpls_udp.h"
#include "dp/tester/tester.h"

struct tester tester;

static uint8_t *put_eth(uint8_t *p, const struct rte_ether_addr *dst,
	const struct rte_ether_addr *src, uint16_t type)
{
	struct rte_ether_hdr *e = (struct rte_ether_hdr *)p;

	e->dst_addr = *dst;
	e->src_addr = *src;
	e->ether_type = rte_cpu_to_be_16(type);
	return p + sizeof(*e);
}

// IPv4 and UDP with their lengths left to the sender (tester_gen: per frame size).
static uint8_t *put_ip_udp(uint8_t *p, rte_be32_t src, rte_be32_t dst, uint16_t dport)
{
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)p;
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);

	memset(ip, 0, sizeof(*ip));
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	ip->src_addr = src;
	ip->dst_addr = dst;
	udp->src_port = rte_cpu_to_be_16(49152);
	udp->dst_port = rte_cpu_to_be_16(dport);
	udp->dgram_cksum = 0;
	return (uint8_t *)(udp + 1);
}

static uint8_t *put_labels(uint8_t *p, const struct tester_stream_conf *c)
{
	for (unsigned i = 0; i < c->n_labels; i++, p += LSE_LEN)
		lse_put(p, lse_make(c->labels[i], i + 1 == c->n_labels, 64));
	return p;
}

// The outer headers of an encapsulated stream, up to its inner Ethernet.
static uint8_t *put_outer(uint8_t *p, const struct tester_stream_conf *c,
	const struct rte_ether_addr *port_mac, struct tester_stream *s)
{
	struct rte_vxlan_hdr *vx;

	if (c->encap == TESTER_ENCAP_MPLS)
		return put_labels(put_eth(p, &c->next_hop_mac, port_mac, RTE_ETHER_TYPE_MPLS), c);
	p = put_eth(p, &c->next_hop_mac, port_mac, RTE_ETHER_TYPE_IPV4);
	s->outer_ip = (uint16_t)(p - s->hdr);
	if (c->encap == TESTER_ENCAP_MPLS_UDP)
		return put_labels(put_ip_udp(p, c->src_vtep, c->dst_vtep, MPLS_UDP_PORT), c);
	vx = (struct rte_vxlan_hdr *)put_ip_udp(p, c->src_vtep, c->dst_vtep, RTE_VXLAN_DEFAULT_PORT);
	vx->vx_flags = rte_cpu_to_be_32(0x08000000);
	vx->vx_vni = rte_cpu_to_be_32(c->vni << 8);
	return (uint8_t *)(vx + 1);
}

// The sum of an IPv4 header with its length, checksum (and source) left out.
static uint32_t ip_base_sum(const uint8_t *hdr, bool no_src)
{
	struct rte_ipv4_hdr ip;

	memcpy(&ip, hdr, sizeof(ip));
	ip.total_length = 0;
	ip.hdr_checksum = 0;
	if (no_src)
		ip.src_addr = 0;
	return rte_raw_cksum(&ip, sizeof(ip));
}

int tester_stream_build(struct tester_stream *s, const struct tester_stream_conf *c,
	const struct rte_ether_addr *port_mac)
{
	uint8_t *p = s->hdr;

	memset(s, 0, sizeof(*s));
	s->c = *c;
	s->moved_host = UINT32_MAX;
	if (c->n_sizes == 0 || c->n_sizes > TESTER_MAX_SIZES || c->n_labels > TESTER_MAX_LABELS ||
		(c->n_labels == 0 && (c->encap == TESTER_ENCAP_MPLS || c->encap == TESTER_ENCAP_MPLS_UDP)))
		return -EINVAL;
	if (c->encap != TESTER_ENCAP_ETHERNET)
		p = put_outer(p, c, port_mac, s);
	s->inner_eth = (uint16_t)(p - s->hdr);
	p = put_eth(p, &c->dst_mac, &c->src_mac, RTE_ETHER_TYPE_IPV4);
	s->inner_ip = (uint16_t)(p - s->hdr);
	p = put_ip_udp(p, c->src_ip, c->dst_ip, TESTER_UDP_PORT);
	s->hdr_len = (uint16_t)(p - s->hdr);
	s->inner_sum = ip_base_sum(s->hdr + s->inner_ip, false);
	if (s->outer_ip != 0)
		s->outer_sum = ip_base_sum(s->hdr + s->outer_ip, true);
	s->min_len = (uint16_t)(s->hdr_len + sizeof(struct tester_payload));
	for (unsigned i = 0; i < c->n_sizes; i++)
		if (c->sizes[i] < TESTER_FCS || c->sizes[i] - TESTER_FCS < s->min_len)
			s->c.sizes[i] = (uint16_t)(s->min_len + TESTER_FCS);
	return 0;
}

void tester_fini(void)
{
	for (unsigned i = 0; i < tester.n_workers; i++)
		rte_free(tester.worker[i]);
	memset(&tester, 0, sizeof(tester));
}

int tester_init(const struct tester_stream_conf *conf, unsigned n, unsigned n_workers)
{
	static const struct rte_ether_addr zero;
	int ret;

	tester_fini();
	if (n > TESTER_MAX_STREAMS || n_workers == 0 || n_workers > RTE_DIM(tester.worker))
		return -E2BIG;
	for (unsigned i = 0; i < n; i++) {
		const struct dp_port *p = conf[i].tx_port < DP_MAX_PORTS ?
			dp_tables.port[conf[i].tx_port] : NULL;
		if ((ret = tester_stream_build(&tester.stream[i], &conf[i], p ? &p->mac : &zero)) < 0)
			return ret;
		tester.stream[i].worker = (uint16_t)(i % n_workers);
		tester.stream[i].duration_tsc = conf[i].duration_ms * rte_get_tsc_hz() / 1000;
		tester.conf[i].pps = conf[i].pps;
		tester.conf[i].count = conf[i].count;
		tester.conf[i].duration_tsc = tester.stream[i].duration_tsc;
	}
	tester.n_streams = (uint16_t)n;
	tester.run.only = TESTER_ALL;
	tester.hz = rte_get_tsc_hz();
	for (unsigned w = 0; w < n_workers; w++) {
		tester.worker[w] = rte_zmalloc("tester_worker", sizeof(struct tester_worker), 64);
		if (tester.worker[w] == NULL) {
			tester.n_workers = (uint16_t)w;
			tester_fini();
			return -ENOMEM;
		}
		for (unsigned i = 0; i < TESTER_MAX_STREAMS; i++)
			tester_acct_reset(&tester.worker[w]->rx[i]);
	}
	tester.n_workers = (uint16_t)n_workers;
	return 0;
}

struct tester_worker *tester_worker_sync(unsigned worker)
{
	struct tester_worker *tw = tester.worker[worker];
	uint32_t gen = __atomic_load_n(&tester.run.gen, __ATOMIC_ACQUIRE);

	if (likely(tw->gen == gen))
		return tw;
	memset(tw->tx, 0, sizeof(tw->tx));
	memset(tw->move_seq, 0, sizeof(tw->move_seq));
	memset(tw->last, 0, sizeof(tw->last));
	for (unsigned i = 0; i < tester.n_streams; i++)
		tester_acct_reset(&tw->rx[i]);
	tw->gen = gen;
	return tw;
}
