// SPDX-License-Identifier: BSD-3-Clause
// One (bridge domain, IP) can be named by several bindings at once: the MAC+IP
// routes of the two VTEPs a host moved between (until the old one's withdrawal
// comes), or our snooping and a remote route. The dataplane holds one MAC per
// (domain, IP), the newest binding's; a removal takes away only its own binding
// (its source and MAC), and the dataplane entry goes with the last one, or
// falls back to the newest one left.
#include "cp/evpn/evpn_proxy.h"

#include <errno.h>
#include <string.h>

#include "cp/cp_addr.h"
#include "cp/cp_hash.h"
#include "cp/cp_htable.h"
#include "cp/cp_msgq.h"
#include "cp/evpn/evpn_gw.h"

#define PROXY_ARP 1
#define PROXY_ND 2
// Bindings kept per IP: a move has two (the old and the new VTEP); a third
// takes the place of the oldest.
#define PROXY_HOLDERS 2

struct proxy_holder {
	struct dp_ip from; // the route's VTEP; family 0: our own snooping
	uint8_t mac[6];
	bool router;
};

struct proxy_key {
	uint16_t bd;
	struct dp_ip ip;
};

struct proxy_entry {
	struct proxy_key key;
	uint8_t n; // holders, the newest last: the one the dataplane has
	struct proxy_holder h[PROXY_HOLDERS];
};

static uint8_t proxy_bd[DP_MAX_BD]; // PROXY_ARP | PROXY_ND
static struct cp_htable bindings;   // of struct proxy_entry

void evpn_proxy_bd(const struct cfg_bd *b, bool add)
{
	// A domain with a gateway needs the bindings to route to its hosts
	// (ip_forward resolves them there); the proxies answer for them only
	// with suppression on.
	bool gw = b->has_gw_mac && b->n_gw_addrs > 0;
	if (b->id < DP_MAX_BD)
		proxy_bd[b->id] = !add ? 0
					: (b->arp_suppress || gw ? PROXY_ARP : 0) |
						  (b->nd_suppress || gw ? PROXY_ND : 0);
}

void evpn_proxy_init(const struct evpnd_config *cfg)
{
	memset(proxy_bd, 0, sizeof(proxy_bd));
	for (size_t i = 0; i < cfg->n_bds; i++)
		evpn_proxy_bd(&cfg->bds[i], true);
	cp_htable_fini(&bindings);
	cp_htable_init(&bindings, sizeof(struct proxy_entry), 4, 64);
}

static uint8_t proxy_bit(int family)
{
	if (family == AF_INET)
		return PROXY_ARP;
	return family == AF_INET6 ? PROXY_ND : 0;
}

bool evpn_proxy_on(uint16_t bd, int family)
{
	return bd < DP_MAX_BD && (proxy_bd[bd] & proxy_bit(family));
}

static bool key_eq(const void *entry, const void *key, void *arg)
{
	const struct proxy_key *a = &((const struct proxy_entry *)entry)->key, *b = key;
	(void)arg;
	return a->bd == b->bd && cp_dp_ip_eq(&a->ip, &b->ip);
}

static uint32_t key_hash(const struct proxy_key *k)
{
	size_t n = k->ip.family == AF_INET6 ? 16 : 4;
	return (uint32_t)(cp_hash_bytes(k->ip.bytes, n) ^ k->bd);
}

static bool holder_is(const struct proxy_holder *h, const struct dp_ip *from, const uint8_t mac[6])
{
	return memcmp(h->mac, mac, 6) == 0 && h->from.family == from->family &&
	       (from->family == 0 || cp_dp_ip_eq(&h->from, from));
}

static void send_neigh(const struct proxy_key *k, const struct proxy_holder *h)
{
	struct dp_msg m = {.type = h != NULL ? DP_MSG_NEIGH_ADD : DP_MSG_NEIGH_DEL};

	m.neigh.bd = k->bd;
	m.neigh.ip = k->ip;
	if (h != NULL) {
		m.neigh.router = h->router;
		memcpy(m.neigh.mac, h->mac, 6);
	}
	cp_send(&m); // in order behind the MAC it names
}

static void holder_drop(struct proxy_entry *e, unsigned i)
{
	memmove(&e->h[i], &e->h[i + 1], (e->n - i - 1) * sizeof(e->h[0]));
	e->n--;
}

static void bind_add(struct proxy_entry *e, const struct proxy_holder *nh)
{
	for (unsigned i = 0; i < e->n; i++)
		if (holder_is(&e->h[i], &nh->from, nh->mac)) {
			holder_drop(e, i); // seen again: it becomes the newest
			break;
		}
	if (e->n == PROXY_HOLDERS)
		holder_drop(e, 0);
	e->h[e->n++] = *nh;
	send_neigh(&e->key, nh);
}

static void bind_del(struct proxy_entry *e, const struct dp_ip *from, const uint8_t mac[6])
{
	for (unsigned i = 0; i < e->n; i++) {
		if (!holder_is(&e->h[i], from, mac))
			continue;
		bool was_newest = i + 1 == e->n;
		holder_drop(e, i);
		if (e->n == 0) {
			send_neigh(&e->key, NULL);
			cp_htable_del(&bindings, e);
		} else if (was_newest) {
			send_neigh(&e->key, &e->h[e->n - 1]);
		}
		return;
	}
}

void evpn_proxy_set(uint16_t bd, const struct dp_ip *from, const uint8_t mac[6],
	const struct cp_ip *ip, bool router, bool add)
{
	static const struct dp_ip local;
	struct proxy_holder nh = {.router = router};
	struct proxy_key k = {.bd = bd};

	// The gateway's own addresses are its entries (cp/l2/bridge.c): a route for one
	// (another VTEP's anycast gateway, or a host claiming it) never replaces them.
	if (!evpn_proxy_on(bd, ip->family) || evpn_gw_has_ip(bd, ip))
		return;
	cp_ip_to_dp(ip, &k.ip);
	if (from == NULL)
		from = &local;
	uint32_t hash = key_hash(&k);
	uint32_t i = cp_htable_probe(&bindings, hash, &k, key_eq, NULL);
	struct proxy_entry *e = cp_htable_used(&bindings, i) ? cp_htable_at(&bindings, i) : NULL;
	if (!add) {
		if (e != NULL)
			bind_del(e, from, mac);
		return;
	}
	if (e == NULL) {
		e = cp_htable_fill(&bindings, i, hash);
		if (e == NULL) { // no memory to keep it: the dataplane still gets it
			nh.from = *from;
			memcpy(nh.mac, mac, 6);
			send_neigh(&k, &nh);
			return;
		}
		e->key = k;
	}
	nh.from = *from;
	memcpy(nh.mac, mac, 6);
	bind_add(e, &nh);
}

size_t evpn_proxy_count(void)
{
	return cp_htable_count(&bindings);
}
