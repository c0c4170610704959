// SPDX-License-Identifier: BSD-3-Clause
// Address helpers shared with the control plane, and the parser's containers.
#include "cp/config/config_priv.h"

#include "cp/cp_hash.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

int cfg_port_index(const struct evpnd_config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->n_ports; i++)
		if (strcmp(cfg->ports[i].name, name) == 0)
			return (int)i;
	return -ENOENT;
}

bool cfg_ip_is_unicast(const struct cp_ip *ip)
{
	if (ip->family == AF_INET) {
		uint32_t a = ntohl(ip->v4.s_addr);
		// 0.0.0.0 and everything from 224.0.0.0 up (multicast, reserved, broadcast)
		return a != 0 && a < 0xe0000000u;
	}
	if (ip->family == AF_INET6)
		return !IN6_IS_ADDR_UNSPECIFIED(&ip->v6) && !IN6_IS_ADDR_MULTICAST(&ip->v6);
	return false;
}

bool cfg_mac_is_unicast(const uint8_t mac[6])
{
	static const uint8_t zero[6];

	return (mac[0] & 0x01) == 0 && memcmp(mac, zero, sizeof(zero)) != 0;
}

bool cfg_port_name_valid(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len >= CFG_NAME_MAX)
		return false;
	return strspn(name, "abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789_.-") == len;
}

uint8_t cfg_ip_maxlen(int family)
{
	return family == AF_INET ? 32 : family == AF_INET6 ? 128 : 0;
}

// Mask of the host bits of byte i of an address under a prefix of length len.
static uint8_t host_mask(unsigned i, unsigned len)
{
	unsigned first = i * 8; // index of the byte's top bit in the address

	if (first >= len)
		return 0xff;
	if (first + 8 <= len)
		return 0;
	return (uint8_t)(0xff >> (len - first));
}

bool cfg_prefix_has_host_bits(const struct cfg_prefix *p)
{
	const uint8_t *b = (const uint8_t *)&p->addr.v6;
	unsigned nbytes = cfg_ip_maxlen(p->addr.family) / 8;

	for (unsigned i = 0; i < nbytes; i++)
		if (b[i] & host_mask(i, p->len))
			return true;
	return false;
}

void cfg_prefix_mask(struct cfg_prefix *p)
{
	uint8_t *b = (uint8_t *)&p->addr.v6;
	unsigned nbytes = cfg_ip_maxlen(p->addr.family) / 8;

	for (unsigned i = 0; i < nbytes; i++)
		b[i] &= (uint8_t)~host_mask(i, p->len);
}

const char *cfg_prefix_str(const struct cfg_prefix *p, char *buf, size_t len)
{
	char ip[CP_IP_STRLEN];

	if (cp_ip_str(&p->addr, ip, sizeof(ip)) == NULL)
		return NULL;
	snprintf(buf, len, "%s/%u", ip, p->len);
	return buf;
}

const char *cfg_family_str(int family)
{
	return family == AF_INET ? "IPv4" : family == AF_INET6 ? "IPv6" : "unset";
}

size_t cfg_ip_key(const struct cp_ip *ip, uint8_t key[CFG_KEY_MAX])
{
	memset(key, 0, CFG_KEY_MAX);
	key[0] = (uint8_t)ip->family;
	memcpy(key + 1, &ip->v6, ip->family == AF_INET ? 4 : 16);
	return 17;
}

size_t cfg_prefix_key(const struct cfg_prefix *p, uint8_t key[CFG_KEY_MAX])
{
	cfg_ip_key(&p->addr, key);
	key[17] = p->len;
	return 18;
}

size_t cfg_member_key(const struct cfg_member *m, uint8_t key[CFG_KEY_MAX])
{
	memset(key, 0, CFG_KEY_MAX);
	memcpy(key, &m->port, sizeof(m->port));
	memcpy(key + sizeof(m->port), &m->vlan, sizeof(m->vlan));
	return sizeof(m->port) + sizeof(m->vlan);
}

const char *cfg_member_str(
	const struct evpnd_config *cfg, const struct cfg_member *m, char *buf, size_t len)
{
	const char *port =
		m->port >= 0 && (size_t)m->port < cfg->n_ports ? cfg->ports[m->port].name : "?";

	if (m->vlan == CFG_VLAN_UNTAGGED)
		snprintf(buf, len, "%s untagged", port);
	else
		snprintf(buf, len, "%s vlan %u", port, m->vlan);
	return buf;
}

void *cfg_push(void *arrp, size_t *n, size_t size)
{
	size_t cnt = *n;
	void *arr;

	// memcpy, not a void ** cast: the array pointer has its element's type.
	memcpy(&arr, arrp, sizeof(arr));
	// Capacity is cnt rounded up to a power of two (at least 8): grow by
	// doubling exactly when cnt reaches it, so 100k pushes cost O(n).
	if (cnt == 0 || (cnt >= 8 && (cnt & (cnt - 1)) == 0)) {
		size_t cap = cnt == 0 ? 8 : cnt * 2;
		if (cap > SIZE_MAX / size) {
			errno = ENOMEM;
			return NULL;
		}
		void *grown = realloc(arr, cap * size);
		if (grown == NULL)
			return NULL;
		arr = grown;
		memcpy(arrp, &arr, sizeof(arr));
	}
	char *elem = (char *)arr + cnt * size;
	memset(elem, 0, size);
	*n = cnt + 1;
	return elem;
}

struct cfg_kslot {
	uint8_t key[CFG_KEY_MAX];
	uint32_t val;
};

static bool kslot_eq(const void *e, const void *key, void *arg)
{
	(void)arg;
	return memcmp(((const struct cfg_kslot *)e)->key, key, CFG_KEY_MAX) == 0;
}

static uint32_t kset_key(const void *key, size_t len, uint8_t k[CFG_KEY_MAX])
{
	memset(k, 0, CFG_KEY_MAX);
	memcpy(k, key, len < CFG_KEY_MAX ? len : CFG_KEY_MAX);
	return (uint32_t)cp_hash_bytes(k, CFG_KEY_MAX);
}

int cfg_kset_add(struct cfg_kset *s, const void *key, size_t len, uint32_t val, uint32_t *old)
{
	uint8_t k[CFG_KEY_MAX];
	uint32_t h = kset_key(key, len, k);

	if (s->t.slots == NULL && cp_htable_init(&s->t, sizeof(struct cfg_kslot), 4, 0) < 0)
		return -ENOMEM;
	uint32_t i = cp_htable_probe(&s->t, h, k, kslot_eq, NULL);
	struct cfg_kslot *slot = cp_htable_at(&s->t, i);
	if (cp_htable_used(&s->t, i)) {
		if (old != NULL)
			*old = slot->val;
		return 1;
	}
	if ((slot = cp_htable_fill(&s->t, i, h)) == NULL)
		return -ENOMEM;
	memcpy(slot->key, k, CFG_KEY_MAX);
	slot->val = val;
	return 0;
}

bool cfg_kset_get(const struct cfg_kset *s, const void *key, size_t len, uint32_t *val)
{
	uint8_t k[CFG_KEY_MAX];
	uint32_t h = kset_key(key, len, k);

	if (s->t.slots == NULL)
		return false;
	const struct cfg_kslot *slot = cp_htable_find(&s->t, h, k, kslot_eq, NULL);
	if (slot != NULL && val != NULL)
		*val = slot->val;
	return slot != NULL;
}

void cfg_kset_free(struct cfg_kset *s)
{
	cp_htable_fini(&s->t);
}

static bool prefix_contains(const struct cfg_prefix *p, const struct cp_ip *ip)
{
	const uint8_t *a, *b;
	unsigned full, rest;

	if (p->addr.family != ip->family)
		return false;
	a = ip->family == AF_INET ? (const uint8_t *)&p->addr.v4 : p->addr.v6.s6_addr;
	b = ip->family == AF_INET ? (const uint8_t *)&ip->v4 : ip->v6.s6_addr;
	full = p->len / 8;
	rest = p->len % 8;
	if (memcmp(a, b, full) != 0)
		return false;
	return rest == 0 || ((a[full] ^ b[full]) & (0xff00 >> rest) & 0xff) == 0;
}

// The connected address whose prefix holds ip (the longest), or NULL.
static const struct cfg_uaddr *connected(const struct evpnd_config *cfg, const struct cp_ip *ip)
{
	const struct cfg_uaddr *best = NULL;

	for (size_t i = 0; i < cfg->n_addrs; i++) {
		const struct cfg_uaddr *a = &cfg->addrs[i];
		if (prefix_contains(&a->prefix, ip) &&
			(best == NULL || a->prefix.len > best->prefix.len))
			best = a;
	}
	return best;
}

const struct cfg_uaddr *cfg_underlay_route(
	const struct evpnd_config *cfg, const struct cp_ip *dst, struct cp_ip *gw)
{
	const struct cfg_route *best = NULL;
	const struct cfg_uaddr *a = connected(cfg, dst);

	*gw = *dst;
	if (a != NULL)
		return a;
	for (size_t i = 0; i < cfg->n_routes; i++) {
		const struct cfg_route *r = &cfg->routes[i];
		if (prefix_contains(&r->dst, dst) && (best == NULL || r->dst.len > best->dst.len))
			best = r;
	}
	if (best == NULL)
		return NULL;
	*gw = best->via;
	return connected(cfg, gw);
}
