// SPDX-License-Identifier: BSD-3-Clause
// The proxy ARP/ND table (RFC 9161): entries come from the control plane only
// (cp/evpn: remote MAC+IP routes and the local bindings it snooped), the writer checks
// and stores them; arp_proxy reads them.
#include <errno.h>
#include <rte_malloc.h>
#include <string.h>

#include "dp/writer/writer.h"

#define NEIGH_TABLE_DEFAULT 65536

static bool neigh_msg_ok(const struct dp_msg_neigh *n)
{
	return n->bd > 0 && n->bd < DP_MAX_BD && dp_tables.bd[n->bd] != NULL &&
	       (n->ip.family == AF_INET || n->ip.family == AF_INET6);
}

static int writer_neigh_add(const struct dp_msg_neigh *n)
{
	struct neigh_key k;
	neigh_entry_t old;
	bool existed;
	int ret;

	if (!neigh_msg_ok(n))
		return -EINVAL;
	if (!rte_is_valid_assigned_ether_addr((const struct rte_ether_addr *)n->mac))
		return -EINVAL;
	k = neigh_key_make(n->bd, n->ip.family, n->ip.bytes);
	existed = neigh_table_lookup(dp_tables.neighs, &k, &old) == 0;
	if (existed && !n->gateway && (neigh_entry_flags(old) & NEIGH_FLAG_GATEWAY)) {
		dp_writer.stats.gateway_refused++;
		return -EBUSY;
	}
	ret = neigh_table_set(dp_tables.neighs, &k,
		neigh_entry_make(n->mac, (n->router ? NEIGH_FLAG_ROUTER : 0) |
						 (n->gateway ? NEIGH_FLAG_GATEWAY : 0)));
	if (ret < 0) {
		dp_writer.stats.neigh_table_full++;
		return ret;
	}
	if (!existed)
		dp_writer.neighs[n->bd]++;
	return 0;
}

static int writer_neigh_remove(const struct neigh_key *k)
{
	int ret = neigh_table_del(dp_tables.neighs, k);
	if (ret == 0)
		dp_writer.neighs[k->bd]--;
	return ret;
}

static int writer_neigh_del(const struct dp_msg_neigh *n)
{
	struct neigh_key k;
	neigh_entry_t e;
	uint8_t mac[6];

	if (!neigh_msg_ok(n))
		return -EINVAL;
	k = neigh_key_make(n->bd, n->ip.family, n->ip.bytes);
	// Absent: never stored (the table was full) or gone with its domain; nothing to do.
	if (neigh_table_lookup(dp_tables.neighs, &k, &e) != 0)
		return 0;
	neigh_entry_mac(e, mac);
	if (memcmp(mac, n->mac, 6) != 0)
		return 0; // the IP moved to another MAC since: that binding stays
	if (!n->gateway && (neigh_entry_flags(e) & NEIGH_FLAG_GATEWAY))
		return 0; // a route for the gateway's address never removes it
	return writer_neigh_remove(&k);
}

int writer_apply_neigh(const struct dp_msg *m)
{
	return m->type == DP_MSG_NEIGH_ADD ? writer_neigh_add(&m->neigh)
					   : writer_neigh_del(&m->neigh);
}

void writer_neigh_flush(uint16_t bd)
{
	struct neigh_key k;
	neigh_entry_t e;
	uint32_t next = 0;

	// Deleting behind the cursor is safe: rte_hash_iterate walks slots, not chains.
	while (dp_writer.neighs[bd] > 0 &&
		neigh_table_iterate(dp_tables.neighs, &next, &k, &e) == 0)
		if (k.bd == bd)
			writer_neigh_remove(&k);
}

// The old table goes first: the new one takes its name (rte_hash names are unique).
int writer_neigh_init(uint32_t size)
{
	neigh_table_free(dp_tables.neighs);
	memset(dp_writer.neighs, 0, sizeof(dp_writer.neighs));
	dp_tables.neighs = neigh_table_create("dp_neighs", size, SOCKET_ID_ANY);
	return dp_tables.neighs == NULL ? -ENOMEM : 0;
}

int dp_neigh_table_size(uint32_t size)
{
	return writer_neigh_init(size ? size : NEIGH_TABLE_DEFAULT);
}

int dp_neigh_get(uint16_t bd, const struct dp_ip *ip, uint8_t mac[6])
{
	struct neigh_key k;
	neigh_entry_t e;

	if (ip->family != AF_INET && ip->family != AF_INET6)
		return -EINVAL;
	k = neigh_key_make(bd, ip->family, ip->bytes);
	if (neigh_table_lookup(dp_tables.neighs, &k, &e) != 0)
		return -ENOENT;
	neigh_entry_mac(e, mac);
	return 0;
}
