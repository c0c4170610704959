// SPDX-License-Identifier: BSD-3-Clause
#include "cp/evpn/evpn_ip_owner.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "cp/cp_hash.h"
#include "cp/cp_htable.h"
#include "cp/cp_log.h"

struct owner_key {
	uint32_t vni;
	const struct cp_ip *ip;
};

struct owner {
	uint32_t vni;
	struct cp_ip ip;
	uint8_t mac[6];
	bool dup;
	uint32_t moves;		  // in the window
	uint64_t window_start_ms; // of the detection window
};

static struct cp_htable owners; // of struct owner
static struct evpn_ip_owner_cfg cfg;

int evpn_ip_owner_init(const struct evpn_ip_owner_cfg *c)
{
	cfg = *c;
	cp_htable_fini(&owners);
	return cp_htable_init(&owners, sizeof(struct owner), _Alignof(struct owner), 64);
}

void evpn_ip_owner_fini(void)
{
	cp_htable_fini(&owners);
}

static bool owner_is(const void *e, const void *key, void *arg)
{
	const struct owner *o = e;
	const struct owner_key *k = key;
	(void)arg;
	return o->vni == k->vni && cp_ip_eq(&o->ip, k->ip);
}

static uint32_t owner_hash(uint32_t vni, const struct cp_ip *ip)
{
	return (uint32_t)(cp_hash_bytes(ip->addr, cp_ip_len(ip->family)) ^ vni);
}

static struct owner *owner_find(uint32_t vni, const struct cp_ip *ip)
{
	struct owner_key k = {vni, ip};
	return owners.slots != NULL
		       ? cp_htable_find(&owners, owner_hash(vni, ip), &k, owner_is, NULL)
		       : NULL;
}

// A change of holder: true when it makes ip a duplicate now (logged once).
static bool dad_move(struct owner *o, const uint8_t to[6], uint64_t now_ms)
{
	char a[INET6_ADDRSTRLEN], from_s[24], to_s[24];

	if (!cfg.dad_enable || o->dup)
		return false;
	if (o->moves == 0 || now_ms - o->window_start_ms > (uint64_t)cfg.dad_time_sec * 1000) {
		o->moves = 0;
		o->window_start_ms = now_ms;
	}
	if (++o->moves < cfg.dad_max_moves)
		return false;
	o->dup = true;
	inet_ntop(o->ip.family, o->ip.addr, a, sizeof(a));
	cp_mac_str(o->mac, from_s, sizeof(from_s));
	cp_mac_str(to, to_s, sizeof(to_s));
	CP_WARN("evpn",
		"VNI %u: IP %s detected as duplicate: %u moves in %u s, last from MAC %s to %s%s%s",
		o->vni, a, o->moves, cfg.dad_time_sec, from_s, to_s,
		cfg.dad_freeze ? ", frozen with MAC " : "", cfg.dad_freeze ? from_s : "");
	return true;
}

int evpn_ip_owner_claim(uint32_t vni, const uint8_t mac[6], const struct cp_ip *ip, uint64_t now_ms,
	uint8_t holder[6])
{
	struct owner_key k = {vni, ip};
	uint32_t h = owner_hash(vni, ip), i = cp_htable_probe(&owners, h, &k, owner_is, NULL);
	struct owner *o;

	if (!cp_htable_used(&owners, i)) {
		if ((o = cp_htable_fill(&owners, i, h)) == NULL)
			return -ENOMEM;
		o->vni = vni;
		o->ip = *ip;
		memcpy(o->mac, mac, 6);
		return EVPN_IP_NEW;
	}
	o = cp_htable_at(&owners, i);
	if (memcmp(o->mac, mac, 6) == 0)
		return EVPN_IP_SAME;
	memcpy(holder, o->mac, 6);
	if (o->dup && cfg.dad_freeze)
		return EVPN_IP_FROZEN;
	if (dad_move(o, mac, now_ms) && cfg.dad_freeze)
		return EVPN_IP_FROZEN;
	memcpy(o->mac, mac, 6);
	return EVPN_IP_MOVED;
}

void evpn_ip_owner_release(uint32_t vni, const uint8_t mac[6], const struct cp_ip *ip)
{
	struct owner *o = owner_find(vni, ip);

	if (o != NULL && memcmp(o->mac, mac, 6) == 0)
		cp_htable_del(&owners, o);
}

bool evpn_ip_owner_is_dup(uint32_t vni, const struct cp_ip *ip)
{
	const struct owner *o = owner_find(vni, ip);
	return o != NULL && o->dup;
}

unsigned evpn_ip_owner_clear_dup(uint32_t vni)
{
	struct owner *o;
	uint32_t pos = 0;
	unsigned n = 0;

	while (owners.slots != NULL && (o = cp_htable_next(&owners, &pos)) != NULL)
		if (o->dup && (vni == 0 || o->vni == vni)) {
			o->dup = false;
			o->moves = 0;
			n++;
		}
	return n;
}

size_t evpn_ip_owner_count(void)
{
	return cp_htable_count(&owners);
}
