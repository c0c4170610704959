// SPDX-License-Identifier: BSD-3-Clause
// Writer side of bridge domains, their members and flood lists, and MAC entries.
// A bridge domain or port map is changed by copy: the new object is published, the
// old one freed after a grace period.
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <urcu-qsbr.h>

#include <rte_hash.h>

#include "dp/writer/writer.h"

static struct dp_bd *bd_copy(uint16_t id)
{
	struct dp_bd *n = malloc(sizeof(*n));
	if (n == NULL)
		return NULL;
	if (dp_tables.bd[id] != NULL)
		memcpy(n, dp_tables.bd[id], sizeof(*n));
	else
		memset(n, 0, sizeof(*n));
	n->id = id;
	return n;
}

static void bd_publish(uint16_t id, struct dp_bd *n)
{
	writer_defer_free(dp_tables.bd[id]);
	rcu_assign_pointer(dp_tables.bd[id], n);
}

static int port_map_set(uint16_t port, uint16_t vlan, uint16_t bd)
{
	struct dp_port *old = dp_tables.port[port], *n;
	if (old == NULL)
		return -ENODEV;
	n = malloc(sizeof(*n));
	if (n == NULL)
		return -ENOMEM;
	memcpy(n, old, sizeof(*n));
	n->vlan_bd[vlan] = bd;
	if (bd != 0)
		n->role = DP_PORT_ACCESS;
	writer_defer_free(old);
	rcu_assign_pointer(dp_tables.port[port], n);
	return 0;
}

static void vni_map_put(struct dp_vni_map *m, uint32_t vni, uint16_t bd)
{
	for (uint32_t h = (vni * 2654435761u) >> 16;; h++) {
		uint32_t s = h & m->mask;
		if (m->slot[s].vni == 0) {
			m->slot[s].vni = vni;
			m->slot[s].bd = bd;
			return;
		}
	}
}

// Rebuilt whole: VNIs change rarely and the map stays small. The L3VNIs too.
int writer_vni_map_rebuild(void)
{
	unsigned count = 0, size = 16;
	struct dp_vni_map *m;

	for (unsigned i = 0; i < DP_MAX_BD; i++)
		count += dp_tables.bd[i] != NULL && dp_tables.bd[i]->vni != 0;
	for (unsigned i = 0; i < DP_MAX_VRF; i++)
		count += dp_tables.vrf[i] != NULL;
	while (size < 2 * count)
		size *= 2;
	m = calloc(1, sizeof(*m) + size * sizeof(m->slot[0]));
	if (m == NULL)
		return -ENOMEM;
	m->mask = size - 1;
	for (unsigned i = 0; i < DP_MAX_BD; i++) {
		const struct dp_bd *bd = dp_tables.bd[i];
		if (bd != NULL && bd->vni != 0)
			vni_map_put(m, bd->vni, bd->id);
	}
	for (unsigned i = 0; i < DP_MAX_VRF; i++)
		if (dp_tables.vrf[i] != NULL)
			vni_map_put(m, dp_tables.vrf[i]->l3vni, (uint16_t)(DP_VNI_L3 | i));
	writer_defer_free(dp_tables.vni_map);
	rcu_assign_pointer(dp_tables.vni_map, m);
	return 0;
}

static bool bd_id_ok(uint16_t id)
{
	return id > 0 && id < DP_MAX_BD;
}

static bool mac_is_gateway(const union mac_key *k)
{
	mac_entry_t e;
	return mac_table_lookup(dp_tables.macs, k, &e) == 0 && mac_entry_kind(e) == DP_MAC_GATEWAY;
}

// The gateway MAC's entry follows the domain's: the old one goes when it changes,
// the new one replaces whatever the MAC was (a learned host with that MAC is gone).
static int bd_gateway_set(const struct dp_bd *old, struct dp_bd *n, const struct dp_msg_bd *b)
{
	union mac_key k;

	if (old != NULL && old->has_gw &&
		(!b->has_gw || memcmp(old->gw_mac.addr_bytes, b->gw_mac, 6) != 0)) {
		k = mac_key_make(b->bd, &old->gw_mac);
		if (mac_is_gateway(&k))
			writer_mac_remove(&k);
	}
	n->has_gw = b->has_gw;
	memcpy(n->gw_mac.addr_bytes, b->gw_mac, 6);
	if (!b->has_gw)
		return 0;
	if (!rte_is_valid_assigned_ether_addr(&n->gw_mac))
		return -EINVAL;
	k = mac_key_make(b->bd, &n->gw_mac);
	return writer_mac_store(&k, mac_entry_remote(DP_MAC_GATEWAY, MAC_FLAG_PINNED, 0, 0));
}

static int writer_bd_set(const struct dp_msg_bd *b)
{
	struct dp_bd *n;
	int ret;
	if (!bd_id_ok(b->bd) || b->vni == 0 || b->vni > 0xffffff || b->vrf >= DP_MAX_VRF)
		return -EINVAL;
	for (unsigned i = 0; i < DP_MAX_BD; i++)
		if (i != b->bd && dp_tables.bd[i] != NULL && dp_tables.bd[i]->vni == b->vni)
			return -EEXIST;
	for (unsigned i = 0; i < DP_MAX_VRF; i++)
		if (dp_tables.vrf[i] != NULL && dp_tables.vrf[i]->l3vni == b->vni)
			return -EEXIST; // an L3VNI
	n = bd_copy(b->bd);
	if (n == NULL)
		return -ENOMEM;
	n->vni = b->vni;
	n->aging_sec = b->aging_sec > 60000 ? 60000 : b->aging_sec;
	n->learning = b->learning;
	n->arp_suppress = b->arp_suppress;
	n->nd_suppress = b->nd_suppress;
	n->unknown_drop = b->unknown_drop;
	n->vrf = b->vrf;
	n->glean_src4 = b->glean_src4;
	n->glean_src6 = b->glean_src6;
	if ((ret = bd_gateway_set(dp_tables.bd[b->bd], n, b)) < 0) {
		free(n);
		return ret;
	}
	n->arp_to_proxy = n->arp_suppress || n->has_gw;
	n->nd_to_proxy = n->nd_suppress || n->has_gw;
	bd_publish(b->bd, n);
	return writer_vni_map_rebuild();
}

static int writer_bd_del(uint16_t id)
{
	const struct dp_bd *bd;
	if (!bd_id_ok(id) || (bd = dp_tables.bd[id]) == NULL)
		return -ENOENT;
	for (unsigned i = 0; i < bd->n_members; i++)
		port_map_set(bd->members[i].port, bd->members[i].vlan, 0);
	writer_mac_flush(&(struct writer_flush){.bd = id, .port = DP_PORT_ANY});
	writer_neigh_flush(id);
	bd_publish(id, NULL);
	return writer_vni_map_rebuild();
}

static int writer_member(const struct dp_msg_member *mb, bool add)
{
	const struct dp_bd *bd;
	struct dp_bd *n;
	unsigned i;
	int ret;

	if (!bd_id_ok(mb->bd) || (bd = dp_tables.bd[mb->bd]) == NULL)
		return -ENOENT;
	if (mb->port >= DP_MAX_PORTS || dp_tables.port[mb->port] == NULL || mb->vlan > 4094)
		return -EINVAL;
	if (dp_tables.port[mb->port]->role == DP_PORT_UNDERLAY)
		return -EBUSY;
	for (i = 0; i < bd->n_members; i++)
		if (bd->members[i].port == mb->port && bd->members[i].vlan == mb->vlan)
			break;
	if (add && i < bd->n_members)
		return 0;
	if (!add && i == bd->n_members)
		return -ENOENT;
	if (add && (bd->n_members == DP_MAX_MEMBERS ||
		     dp_tables.port[mb->port]->vlan_bd[mb->vlan] != 0))
		return add && bd->n_members == DP_MAX_MEMBERS ? -ENOSPC : -EEXIST;
	if ((n = bd_copy(mb->bd)) == NULL)
		return -ENOMEM;
	if (add)
		n->members[n->n_members++] = (struct dp_member){mb->port, mb->vlan};
	else
		n->members[i] = n->members[--n->n_members];
	ret = port_map_set(mb->port, mb->vlan, add ? mb->bd : 0);
	if (ret < 0) {
		free(n);
		return ret;
	}
	bd_publish(mb->bd, n);
	return 0;
}

static int writer_flood(const struct dp_msg_flood *f, bool add)
{
	const struct dp_bd *bd;
	struct dp_bd *n;
	unsigned i;

	if (!bd_id_ok(f->bd) || (bd = dp_tables.bd[f->bd]) == NULL)
		return -ENOENT;
	if (f->nh == 0 || f->nh >= DP_MAX_NEXTHOPS)
		return -EINVAL;
	for (i = 0; i < bd->n_flood; i++)
		if (bd->flood[i].nh == f->nh)
			break;
	if (!add && i == bd->n_flood)
		return -ENOENT;
	if (add && i == bd->n_flood && bd->n_flood == DP_MAX_FLOOD)
		return -ENOSPC;
	if ((n = bd_copy(f->bd)) == NULL)
		return -ENOMEM;
	if (add) {
		n->flood[i] = (struct dp_flood_target){f->nh, f->vni ? f->vni : bd->vni};
		if (i == n->n_flood)
			n->n_flood++;
	} else {
		n->flood[i] = n->flood[--n->n_flood];
	}
	bd_publish(f->bd, n);
	return 0;
}

static int writer_mac_add(const struct dp_msg_mac *m)
{
	union mac_key k = mac_key_make(m->bd, (const struct rte_ether_addr *)m->mac);
	unsigned flags = m->pinned || m->kind == DP_MAC_LOCAL_STATIC ? MAC_FLAG_PINNED : 0;
	mac_entry_t e;
	int ret;

	if (!bd_id_ok(m->bd) || dp_tables.bd[m->bd] == NULL)
		return -ENOENT;
	if (mac_is_gateway(&k)) {
		dp_writer.stats.gateway_refused++;
		return -EBUSY;
	}
	switch (m->kind) {
	case DP_MAC_LOCAL:
	case DP_MAC_LOCAL_STATIC:
		if (m->port >= DP_MAX_PORTS || m->vlan > 4094)
			return -EINVAL;
		e = mac_entry_local(m->kind, flags, dp_now_sec(rte_rdtsc()), m->port, m->vlan);
		break;
	case DP_MAC_REMOTE:
		if (m->nh == 0 || m->nh >= DP_MAX_NEXTHOPS || m->vni > 0xffffff)
			return -EINVAL;
		e = mac_entry_remote(
			m->kind, flags, m->vni ? m->vni : dp_tables.bd[m->bd]->vni, m->nh);
		break;
	default:
		return -EINVAL;
	}
	ret = writer_mac_store(&k, e);
	if (ret == -ENOSPC)
		dp_writer.stats.mac_table_full++;
	return ret;
}

static int writer_mac_del_msg(const struct dp_msg_mac *m)
{
	union mac_key k = mac_key_make(m->bd, (const struct rte_ether_addr *)m->mac);
	mac_entry_t e;

	if (mac_is_gateway(&k)) {
		dp_writer.stats.gateway_refused++;
		return -EBUSY;
	}
	if (m->del_if_same && (mac_table_lookup(dp_tables.macs, &k, &e) != 0 ||
				      mac_entry_kind(e) != m->kind ||
				      (m->kind == DP_MAC_REMOTE && mac_entry_nh(e) != m->nh)))
		return 0; // changed since: not the entry the sweep meant
	return writer_mac_remove(&k);
}

// Learned MACs leave with a notification, as aged ones do, so that the control
// plane withdraws their routes.
static void flush_one(const struct writer_flush *f, const union mac_key *k, mac_entry_t e)
{
	if (writer_mac_remove(k) < 0 || !f->notify || mac_entry_kind(e) != DP_MAC_LOCAL)
		return;
	dp_writer.stats.macs_flushed++;
	writer_mac_notify(DP_NOTIFY_MAC_FLUSHED, k, mac_entry_port(e), mac_entry_vlan(e), false);
}

static bool flush_match(const struct writer_flush *f, const union mac_key *k, mac_entry_t e)
{
	if (f->bd != 0 && k->bd != f->bd)
		return false;
	if (f->learned_only && mac_entry_kind(e) != DP_MAC_LOCAL)
		return false;
	return f->port == DP_PORT_ANY || (mac_entry_is_local(e) && mac_entry_port(e) == f->port);
}

unsigned writer_mac_flush(const struct writer_flush *f)
{
	union mac_key batch[256];
	mac_entry_t ent[256];
	unsigned total = 0, n;

	// Collect then delete, and walk again until a pass finds nothing: deleting may
	// move entries the walk has not reached yet.
	do {
		uint32_t next = 0;
		bool end = false;
		n = 0;
		while (!end) {
			unsigned got = 0;
			union mac_key k;
			mac_entry_t e;
			while (got < RTE_DIM(batch) &&
				!(end = mac_table_iterate(dp_tables.macs, &next, &k, &e) != 0))
				if (flush_match(f, &k, e)) {
					ent[got] = e;
					batch[got++] = k;
				}
			for (unsigned i = 0; i < got; i++)
				flush_one(f, &batch[i], ent[i]);
			n += got;
		}
		total += n;
	} while (n > 0);
	if (total > 0) // after the deletes: a worker that sees it forgets its filters
		__atomic_store_n(&dp_tables.mac_flush_gen, dp_tables.mac_flush_gen + 1,
			__ATOMIC_RELEASE);
	return total;
}

int writer_apply_l2(const struct dp_msg *m)
{
	switch (m->type) {
	case DP_MSG_BD_SET:
		return writer_bd_set(&m->bd);
	case DP_MSG_BD_DEL:
		return writer_bd_del(m->bd.bd);
	case DP_MSG_MEMBER_ADD:
		return writer_member(&m->member, true);
	case DP_MSG_MEMBER_DEL:
		return writer_member(&m->member, false);
	case DP_MSG_FLOOD_ADD:
		return writer_flood(&m->flood, true);
	case DP_MSG_FLOOD_DEL:
		return writer_flood(&m->flood, false);
	case DP_MSG_MAC_ADD:
		return writer_mac_add(&m->mac);
	case DP_MSG_MAC_DEL:
		return writer_mac_del_msg(&m->mac);
	case DP_MSG_MAC_FLUSH:
		writer_mac_flush(&(struct writer_flush){.bd = m->mac.bd,
			.port = m->mac.flush_port ? m->mac.port : DP_PORT_ANY,
			.learned_only = true,
			.notify = true});
		return 0;
	default:
		return -ENOTSUP;
	}
}

static uint32_t *mac_counter(uint16_t bd, mac_entry_t e)
{
	if (bd >= DP_MAX_BD)
		return NULL;
	if (mac_entry_kind(e) == DP_MAC_GATEWAY)
		return NULL; // neither learned nor remote: show bridge-domain names it apart
	return mac_entry_is_local(e) ? &dp_writer.macs_local[bd] : &dp_writer.macs_remote[bd];
}

// One bulk lookup of a burst's MAC messages first: rte_hash pipelines the
// prefetches of their buckets and keys, so the adds and deletes that follow
// one by one find them in cache instead of each waiting on memory (a million
// remote MACs from BGP arrive this way).
void writer_prefetch_macs(const struct dp_msg *m, unsigned n)
{
	union mac_key keys[RTE_HASH_LOOKUP_BULK_MAX];
	const union mac_key *kp[RTE_HASH_LOOKUP_BULK_MAX];
	mac_entry_t found[RTE_HASH_LOOKUP_BULK_MAX];
	unsigned k = 0;

	for (unsigned i = 0; i < n && k < RTE_HASH_LOOKUP_BULK_MAX; i++)
		if (m[i].type == DP_MSG_MAC_ADD || m[i].type == DP_MSG_MAC_DEL) {
			keys[k] = mac_key_make(m[i].mac.bd, (const struct rte_ether_addr *)m[i].mac.mac);
			kp[k] = &keys[k];
			k++;
		}
	if (k > 1)
		mac_table_lookup_bulk(dp_tables.macs, kp, k, found);
}

int writer_mac_store(const union mac_key *k, mac_entry_t e)
{
	mac_entry_t old;
	bool existed = mac_table_lookup(dp_tables.macs, k, &old) == 0;
	uint32_t *c;
	int ret = mac_table_set(dp_tables.macs, k, e);

	if (ret < 0)
		return ret;
	if (existed && (c = mac_counter(k->bd, old)) != NULL && *c > 0)
		(*c)--;
	if ((c = mac_counter(k->bd, e)) != NULL)
		(*c)++;
	return 0;
}

int writer_mac_remove(const union mac_key *k)
{
	mac_entry_t old;
	uint32_t *c;
	int ret;

	if (mac_table_lookup(dp_tables.macs, k, &old) < 0)
		return -ENOENT;
	if ((ret = mac_table_del(dp_tables.macs, k)) < 0)
		return ret;
	if ((c = mac_counter(k->bd, old)) != NULL && *c > 0)
		(*c)--;
	return 0;
}
