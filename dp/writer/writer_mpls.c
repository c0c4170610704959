// SPDX-License-Identifier: BSD-3-Clause
// Writer side of MPLS: the local label table (what mpls_input does with a top label)
// and the outer header of MPLS next hops (what mpls_encap pushes before the service
// label). The table is a flat array indexed by label: a change copies it whole (a
// static table, changed rarely) and publishes the copy.
#include <errno.h>
#include <stdlib.h>
#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_vxlan.h>
#include <string.h>
#include <urcu-qsbr.h>

#include "dp/mpls/mpls_lse.h"
#include "dp/mpls/mpls_udp.h"
#include "dp/writer/writer.h"

// Counter slots in use (dp_worker.label_pkts): one per local label.
static uint8_t slot_used[DP_MPLS_MAX_LOCAL];

static bool label_ok(uint32_t label)
{
	return label >= DP_MPLS_LABEL_MIN && label <= DP_MPLS_LABEL_MAX;
}

int writer_mpls_nh_check(const struct dp_msg_nh *m)
{
	if (m->n_labels > DP_MPLS_MAX_PUSH)
		return -EINVAL;
	for (unsigned i = 0; i < m->n_labels; i++)
		if (!label_ok(m->labels[i]))
			return -EINVAL;
	return 0;
}

// Ethernet to the next hop, then the transport labels (never bottom of stack: the
// service label follows), TTL 255: the uniform model starts at the ingress PE; the
// entropy label indicator when asked for.
void writer_mpls_nh_template(struct dp_nh *nh, const struct rte_ether_addr *src_mac,
	const struct dp_msg_nh *m)
{
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)nh->hdr;
	uint8_t *lse = (uint8_t *)(eth + 1);

	eth->dst_addr = nh->dst_mac;
	eth->src_addr = *src_mac;
	eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_MPLS);
	for (unsigned i = 0; i < m->n_labels; i++)
		lse_put(lse + LSE_LEN * i, lse_make(m->labels[i], false, 255));
	nh->hdr_len = (uint8_t)(sizeof(*eth) + 4 * m->n_labels);
	if (m->entropy_label) { // the ELI, then room for the EL mpls_encap writes
		lse_put(nh->hdr + nh->hdr_len, lse_make(DP_MPLS_ELI, false, 255));
		nh->el_off = (uint8_t)(nh->hdr_len + LSE_LEN);
		nh->hdr_len = (uint8_t)(nh->hdr_len + 2 * LSE_LEN);
	}
}

// VXLAN's outer header made MPLS-in-UDP's: port 6635, no VXLAN header (RFC 7510).
void writer_mpls_udp_template(struct dp_nh *nh)
{
	size_t ip_len = nh->ipv6 ? sizeof(struct rte_ipv6_hdr) : sizeof(struct rte_ipv4_hdr);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(nh->hdr + sizeof(struct rte_ether_hdr) +
		ip_len);

	udp->dst_port = RTE_BE16(MPLS_UDP_PORT);
	memset(udp + 1, 0, sizeof(struct rte_vxlan_hdr));
	nh->hdr_len = (uint8_t)((uint8_t *)(udp + 1) - nh->hdr);
	nh->udp = 1;
}

static uint32_t table_size(void)
{
	return dp_tables.labels != NULL ? dp_tables.labels->size : 0;
}

// A copy of the table with room for `size` labels (at least its own size).
static struct dp_label_table *table_copy(uint32_t size)
{
	uint32_t old = table_size();
	struct dp_label_table *t;

	size = RTE_MAX(size, old);
	t = calloc(1, sizeof(*t) + (size_t)size * sizeof(t->e[0]));
	if (t == NULL)
		return NULL;
	t->size = size;
	if (old != 0)
		memcpy(t->e, dp_tables.labels->e, old * sizeof(t->e[0]));
	return t;
}

static void table_publish(struct dp_label_table *t)
{
	writer_defer_free(dp_tables.labels);
	rcu_assign_pointer(dp_tables.labels, t);
}

static int label_entry(const struct dp_msg_label *l, struct dp_label *e)
{
	memset(e, 0, sizeof(*e));
	e->action = l->action;
	switch (l->action) {
	case DP_LABEL_SWAP:
		if (!label_ok(l->out_label))
			return -EINVAL;
		e->out_label = l->out_label;
		/* fall through */
	case DP_LABEL_POP:
		if (l->nh == 0 || l->nh >= DP_MAX_NEXTHOPS)
			return -EINVAL;
		e->nh = l->nh;
		return 0;
	case DP_LABEL_POP_LOCAL:
		return 0;
	case DP_LABEL_POP_L2:
		if (l->bd == 0 || l->bd >= DP_MAX_BD)
			return -EINVAL;
		e->bd = l->bd;
		e->control_word = l->control_word;
		return 0;
	case DP_LABEL_POP_VRF:
		if (l->vrf >= DP_MAX_VRF)
			return -EINVAL;
		e->vrf = l->vrf;
		return 0;
	default:
		return -EINVAL;
	}
}

static int label_slot(void)
{
	for (unsigned i = 0; i < DP_MPLS_MAX_LOCAL; i++)
		if (!slot_used[i])
			return (int)i;
	return -ENOSPC;
}

// A label's counters start from zero: its slot's sums in every worker are cleared
// when the slot is taken again (workers only add, a racy reset loses a few counts).
static void slot_take(unsigned slot)
{
	slot_used[slot] = 1;
	for (unsigned w = 0; w < dp_writer.n_workers; w++)
		dp_writer.workers[w]->label_pkts[slot] = 0;
}

static int writer_label_set(const struct dp_msg_label *l)
{
	struct dp_label e;
	struct dp_label_table *t;
	bool fresh;
	int slot, ret;

	if (!label_ok(l->label))
		return -EINVAL;
	if ((ret = label_entry(l, &e)) < 0)
		return ret;
	fresh = l->label >= table_size() || dp_tables.labels->e[l->label].action == 0;
	slot = fresh ? label_slot() : dp_tables.labels->e[l->label].slot;
	if (slot < 0)
		return slot;
	if ((t = table_copy(l->label + 1)) == NULL)
		return -ENOMEM;
	e.slot = (uint16_t)slot;
	t->e[l->label] = e;
	if (fresh)
		slot_take((unsigned)slot);
	table_publish(t);
	return 0;
}

static int writer_label_del(uint32_t label)
{
	struct dp_label_table *t;

	if (label >= table_size() || dp_tables.labels->e[label].action == 0)
		return -ENOENT;
	if ((t = table_copy(0)) == NULL)
		return -ENOMEM;
	slot_used[t->e[label].slot] = 0;
	memset(&t->e[label], 0, sizeof(t->e[label]));
	table_publish(t);
	return 0;
}

int writer_apply_label(const struct dp_msg *m)
{
	if (m->type == DP_MSG_LABEL_SET)
		return writer_label_set(&m->label);
	return writer_label_del(m->label.label);
}

void writer_mpls_fini(void)
{
	free(dp_tables.labels);
	dp_tables.labels = NULL;
	memset(slot_used, 0, sizeof(slot_used));
}

int dp_label_walk(dp_label_cb cb, void *arg)
{
	uint32_t size = table_size();

	for (uint32_t l = 0; l < size; l++) {
		const struct dp_label *e = &dp_tables.labels->e[l];
		const struct dp_nh *nh;
		struct dp_label_info i;
		int ret;
		if (e->action == 0)
			continue;
		memset(&i, 0, sizeof(i));
		i.label = l;
		i.action = e->action;
		i.control_word = e->control_word;
		i.bd = e->bd;
		i.vrf = e->vrf;
		i.out_label = e->out_label;
		i.nh = e->nh;
		if (e->nh != 0 && (nh = dp_tables.nh[e->nh]) != NULL)
			i.nexthop = nh->remote;
		for (unsigned w = 0; w < dp_writer.n_workers; w++)
			i.packets += dp_writer.workers[w]->label_pkts[e->slot];
		if ((ret = cb(&i, arg)) != 0)
			return ret;
	}
	return 0;
}
