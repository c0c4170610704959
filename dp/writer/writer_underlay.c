// SPDX-License-Identifier: BSD-3-Clause
// Writer side of the underlay: our addresses, remote VTEP next hops (with their
// prebuilt outer headers), and the ARP/ND solicitations the control plane asks for.
#include <errno.h>
#include <rte_ip.h>
#include <rte_udp.h>
#include <rte_vxlan.h>
#include <stdlib.h>
#include <string.h>
#include <urcu-qsbr.h>

#include "dp/core/dp_meta.h"
#include "dp/ip/nd_packet.h"
#include "dp/writer/writer.h"

static struct dp_local_addrs *addrs_copy(void)
{
	struct dp_local_addrs *n = malloc(sizeof(*n));
	if (n != NULL)
		memcpy(n, dp_tables.addrs, sizeof(*n));
	return n;
}

static void addrs_publish(struct dp_local_addrs *n)
{
	writer_defer_free(dp_tables.addrs);
	rcu_assign_pointer(dp_tables.addrs, n);
}

static int writer_vtep_addr(const struct dp_msg_vtep_addr *v)
{
	struct dp_local_addrs *n;
	if (v->ip.family != AF_INET && v->ip.family != AF_INET6)
		return -EAFNOSUPPORT;
	if ((n = addrs_copy()) == NULL)
		return -ENOMEM;
	if (v->ip.family == AF_INET) {
		n->vtep4 = v->ip.v4.s_addr;
	} else {
		n->vtep6 = v->ip.v6;
		n->has_vtep6 = true;
	}
	addrs_publish(n);
	return 0;
}

static int writer_underlay_addr(const struct dp_msg_underlay_addr *u)
{
	struct dp_local_addrs *n;
	struct dp_port *p;

	if (u->port >= DP_MAX_PORTS || dp_tables.port[u->port] == NULL)
		return -ENODEV;
	if (dp_tables.port[u->port]->role == DP_PORT_ACCESS)
		return -EBUSY;
	if (u->ip.family != AF_INET && u->ip.family != AF_INET6)
		return -EAFNOSUPPORT;
	if (dp_tables.addrs->n == DP_MAX_UADDR)
		return -ENOSPC;
	if ((n = addrs_copy()) == NULL)
		return -ENOMEM;
	n->addr[n->n].port = u->port;
	n->addr[n->n].prefix_len = u->prefix_len;
	n->addr[n->n].ip = u->ip;
	n->n++;
	if (dp_tables.port[u->port]->role != DP_PORT_UNDERLAY) {
		if ((p = malloc(sizeof(*p))) == NULL) {
			free(n);
			return -ENOMEM;
		}
		memcpy(p, dp_tables.port[u->port], sizeof(*p));
		p->role = DP_PORT_UNDERLAY;
		writer_defer_free(dp_tables.port[u->port]);
		rcu_assign_pointer(dp_tables.port[u->port], p);
	}
	addrs_publish(n);
	return 0;
}

static uint16_t csum_fold32(uint32_t sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

static void nh_template4(struct dp_nh *nh, const struct rte_ether_addr *src_mac)
{
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)nh->hdr;
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
	struct rte_vxlan_hdr *vx = (struct rte_vxlan_hdr *)(udp + 1);

	eth->dst_addr = nh->dst_mac;
	eth->src_addr = *src_mac;
	eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_IPV4);
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	ip->src_addr = nh->local.v4.s_addr;
	ip->dst_addr = nh->remote.v4.s_addr;
	// Sum with total_length = 0; encap adds the real length per packet.
	nh->ip4_csum_base = csum_fold32(__rte_raw_cksum(ip, sizeof(*ip), 0));
	udp->dst_port = RTE_BE16(RTE_VXLAN_DEFAULT_PORT);
	vx->vx_flags = RTE_BE32(0x08000000);
	nh->hdr_len = sizeof(*eth) + sizeof(*ip) + sizeof(*udp) + sizeof(*vx);
}

static void nh_template6(struct dp_nh *nh, const struct rte_ether_addr *src_mac)
{
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)nh->hdr;
	struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)(eth + 1);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
	struct rte_vxlan_hdr *vx = (struct rte_vxlan_hdr *)(udp + 1);

	eth->dst_addr = nh->dst_mac;
	eth->src_addr = *src_mac;
	eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_IPV6);
	ip->vtc_flow = RTE_BE32(6u << 28);
	ip->proto = IPPROTO_UDP;
	ip->hop_limits = 64;
	memcpy(ip->src_addr, &nh->local.v6, 16);
	memcpy(ip->dst_addr, &nh->remote.v6, 16);
	// Pseudo-header without the length: addresses and next header.
	nh->ip6_pseudo_base = csum_fold32(__rte_raw_cksum(ip->src_addr, 32, 0) +
		rte_cpu_to_be_16(IPPROTO_UDP));
	udp->dst_port = RTE_BE16(RTE_VXLAN_DEFAULT_PORT);
	vx->vx_flags = RTE_BE32(0x08000000);
	nh->hdr_len = sizeof(*eth) + sizeof(*ip) + sizeof(*udp) + sizeof(*vx);
}

static int writer_nh_set(const struct dp_msg_nh *m)
{
	const struct dp_port *p = NULL;
	struct dp_nh *nh;

	if (m->nh == 0 || m->nh >= DP_MAX_NEXTHOPS ||
		(m->encap != DP_ENCAP_VXLAN && m->encap != DP_ENCAP_MPLS &&
			m->encap != DP_ENCAP_MPLS_UDP))
		return -EINVAL;
	if (m->encap == DP_ENCAP_MPLS && writer_mpls_nh_check(m) < 0)
		return -EINVAL;
	if ((m->remote.family != AF_INET && m->remote.family != AF_INET6) ||
		(m->encap != DP_ENCAP_MPLS && m->local.family != m->remote.family))
		return -EAFNOSUPPORT;
	if (m->resolved && (m->port >= DP_MAX_PORTS || (p = dp_tables.port[m->port]) == NULL))
		return -ENODEV;
	if ((nh = aligned_alloc(64, RTE_ALIGN(sizeof(*nh), 64))) == NULL)
		return -ENOMEM;
	memset(nh, 0, sizeof(*nh));
	nh->id = m->nh;
	nh->port = m->port;
	nh->resolved = !m->resolved ? 0 : m->encap == DP_ENCAP_VXLAN ? DP_NH_VXLAN : DP_NH_MPLS;
	nh->ipv6 = m->remote.family == AF_INET6;
	nh->encap = m->encap;
	nh->remote = m->remote;
	nh->local = m->local;
	memcpy(&nh->dst_mac, m->dst_mac, 6);
	if (m->resolved) {
		if (m->encap == DP_ENCAP_MPLS)
			writer_mpls_nh_template(nh, &p->mac, m);
		else if (nh->ipv6)
			nh_template6(nh, &p->mac);
		else
			nh_template4(nh, &p->mac);
		if (m->encap == DP_ENCAP_MPLS_UDP)
			writer_mpls_udp_template(nh);
	}
	writer_defer_free(dp_tables.nh[m->nh]);
	rcu_assign_pointer(dp_tables.nh[m->nh], nh);
	return 0;
}

static int writer_nh_del(uint32_t id)
{
	if (id == 0 || id >= DP_MAX_NEXTHOPS || dp_tables.nh[id] == NULL)
		return -ENOENT;
	writer_defer_free(dp_tables.nh[id]);
	rcu_assign_pointer(dp_tables.nh[id], NULL);
	return 0;
}

// Builds the ARP request or NS and hands it to worker 0, which owns a tx queue.
static int writer_solicit(const struct dp_msg_solicit *s)
{
	const struct dp_port *p;
	struct rte_mbuf *m;
	int ret;

	if (s->port >= DP_MAX_PORTS || (p = dp_tables.port[s->port]) == NULL)
		return -ENODEV;
	if ((s->target.family != AF_INET && s->target.family != AF_INET6) ||
		s->target.family != s->source.family)
		return -EAFNOSUPPORT;
	if (dp_writer.n_workers == 0)
		return -ENOTCONN;
	if ((m = rte_pktmbuf_alloc(dp_writer.pool)) == NULL)
		return -ENOMEM;
	if (s->target.family == AF_INET)
		ret = arp_build_request(m, &p->mac, s->source.v4.s_addr, s->target.v4.s_addr);
	else
		ret = nd_build_ns(m, &p->mac, &s->source.v6, &s->target.v6);
	dp_meta(m)->out_port = s->port;
	if (ret == 0 && rte_ring_enqueue(dp_writer.workers[0]->inject, m) != 0)
		ret = -ENOBUFS;
	if (ret < 0) {
		rte_pktmbuf_free(m);
		return ret;
	}
	dp_writer.stats.solicits_sent++;
	return 0;
}

int writer_apply_underlay(const struct dp_msg *m)
{
	switch (m->type) {
	case DP_MSG_VTEP_ADDR:
		return writer_vtep_addr(&m->vtep);
	case DP_MSG_UNDERLAY_ADDR:
		return writer_underlay_addr(&m->uaddr);
	case DP_MSG_NH_SET:
		return writer_nh_set(&m->nh);
	case DP_MSG_NH_DEL:
		return writer_nh_del(m->nh.nh);
	case DP_MSG_NEIGH_SOLICIT:
		return writer_solicit(&m->solicit);
	default:
		return -ENOTSUP;
	}
}
