// SPDX-License-Identifier: BSD-3-Clause
// The shadow's table of message types and the keys of the objects they set.
#include <stddef.h>
#include <string.h>

#include "dp/ipc/shadow_key.h"

#define SET(o, member, d) {.obj = SHADOW_OBJ_##o, .size = sizeof(member), .del = DP_MSG_##d}
#define DEL(o, member) {.obj = SHADOW_OBJ_##o, .size = sizeof(member), .is_del = true}

static const struct shadow_type types[] = {
	[DP_MSG_NONE] = {0},
	[DP_MSG_VTEP_ADDR] = SET(VTEP, struct dp_msg_vtep_addr, NONE),
	[DP_MSG_UNDERLAY_ADDR] = SET(UADDR, struct dp_msg_underlay_addr, NONE),
	[DP_MSG_BD_SET] = SET(BD, struct dp_msg_bd, BD_DEL),
	[DP_MSG_BD_DEL] = DEL(BD, struct dp_msg_bd),
	[DP_MSG_MEMBER_ADD] = SET(MEMBER, struct dp_msg_member, MEMBER_DEL),
	[DP_MSG_MEMBER_DEL] = DEL(MEMBER, struct dp_msg_member),
	[DP_MSG_NH_SET] = SET(NH, struct dp_msg_nh, NH_DEL),
	[DP_MSG_NH_DEL] = DEL(NH, struct dp_msg_nh),
	[DP_MSG_FLOOD_ADD] = SET(FLOOD, struct dp_msg_flood, FLOOD_DEL),
	[DP_MSG_FLOOD_DEL] = DEL(FLOOD, struct dp_msg_flood),
	[DP_MSG_MAC_ADD] = {.obj = SHADOW_OBJ_MAC, .size = sizeof(struct dp_msg_mac),
		.del = DP_MSG_MAC_DEL, .always = true},
	[DP_MSG_MAC_DEL] = DEL(MAC, struct dp_msg_mac),
	[DP_MSG_MAC_FLUSH] = {0},
	[DP_MSG_NEIGH_SOLICIT] = {0},
	[DP_MSG_BARRIER] = {0},
	[DP_MSG_NEIGH_ADD] = {.obj = SHADOW_OBJ_NEIGH, .size = sizeof(struct dp_msg_neigh),
		.del = DP_MSG_NEIGH_DEL, .always = true},
	[DP_MSG_NEIGH_DEL] = DEL(NEIGH, struct dp_msg_neigh),
	[DP_MSG_RNH_SET] = SET(RNH, struct dp_msg_rnh, RNH_DEL),
	[DP_MSG_RNH_DEL] = DEL(RNH, struct dp_msg_rnh),
	[DP_MSG_ROUTE_ADD] = SET(ROUTE, struct dp_msg_route, ROUTE_DEL),
	[DP_MSG_ROUTE_DEL] = DEL(ROUTE, struct dp_msg_route),
	[DP_MSG_L3VNI_SET] = SET(L3VNI, struct dp_msg_l3vni, L3VNI_DEL),
	[DP_MSG_L3VNI_DEL] = DEL(L3VNI, struct dp_msg_l3vni),
	[DP_MSG_LABEL_SET] = SET(LABEL, struct dp_msg_label, LABEL_DEL),
	[DP_MSG_LABEL_DEL] = DEL(LABEL, struct dp_msg_label),
};

const struct shadow_type *shadow_type(uint16_t type)
{
	return type < sizeof(types) / sizeof(types[0]) ? &types[type] : NULL;
}

struct key_writer {
	union shadow_key *k;
	unsigned off;
};

static void put(struct key_writer *w, const void *p, unsigned n)
{
	memcpy(&w->k->b[w->off], p, n);
	w->off += n;
}

// An address's family and only the bytes it uses: an IPv4 key ignores the rest.
static void put_ip(struct key_writer *w, const struct dp_ip *ip)
{
	unsigned start = w->off;

	put(w, &ip->family, 1);
	if (ip->family == AF_INET)
		put(w, ip->bytes, 4);
	else if (ip->family == AF_INET6)
		put(w, ip->bytes, 16);
	w->off = start + 1 + 16; // the same width whatever the family
}

static void key_fields(const struct dp_msg *m, struct key_writer *w)
{
	switch (shadow_type(m->type)->obj) {
	case SHADOW_OBJ_VTEP:
		put(w, &m->vtep.ip.family, 1);
		break;
	case SHADOW_OBJ_UADDR:
		put(w, &m->uaddr.port, 2);
		put(w, &m->uaddr.prefix_len, 1);
		put_ip(w, &m->uaddr.ip);
		break;
	case SHADOW_OBJ_BD:
		put(w, &m->bd.bd, 2);
		break;
	case SHADOW_OBJ_MEMBER:
		put(w, &m->member, sizeof(m->member)); // bd, port, vlan: no padding
		break;
	case SHADOW_OBJ_NH:
		put(w, &m->nh.nh, 4);
		break;
	case SHADOW_OBJ_FLOOD:
		put(w, &m->flood.bd, 2);
		put(w, &m->flood.nh, 4);
		break;
	case SHADOW_OBJ_MAC:
		put(w, &m->mac.bd, 2);
		put(w, m->mac.mac, 6);
		break;
	case SHADOW_OBJ_NEIGH:
		put(w, &m->neigh.bd, 2);
		put_ip(w, &m->neigh.ip);
		break;
	case SHADOW_OBJ_RNH:
		put(w, &m->rnh.id, 4);
		break;
	case SHADOW_OBJ_ROUTE:
		put(w, &m->route.vrf, 2);
		put(w, &m->route.len, 1);
		put_ip(w, &m->route.prefix);
		break;
	case SHADOW_OBJ_L3VNI:
		put(w, &m->l3vni.vrf, 2);
		break;
	case SHADOW_OBJ_LABEL:
		put(w, &m->label.label, 4);
		break;
	}
}

void shadow_key_make(const struct dp_msg *m, union shadow_key *k)
{
	struct key_writer w = {.k = k};

	memset(k, 0, sizeof(*k));
	k->obj = shadow_type(m->type)->obj;
	key_fields(m, &w);
}

// A 64-bit multiply-xorshift mix (splitmix64's finaliser) folded to 32 bits.
static uint64_t mix(uint64_t h)
{
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebull;
	return h ^ (h >> 31);
}

uint32_t shadow_key_hash(const union shadow_key *k)
{
	uint64_t h = mix(k->w[0]);

	h = mix(h ^ k->w[1]);
	h = mix(h ^ k->w[2]);
	return (uint32_t)(h ^ (h >> 32));
}

uint32_t shadow_hash_bytes(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint64_t h = n, w;

	for (; n >= 8; n -= 8, b += 8) {
		memcpy(&w, b, 8);
		h = mix(h ^ w);
	}
	w = 0;
	memcpy(&w, b, n);
	h = mix(h ^ w);
	return (uint32_t)(h ^ (h >> 32));
}
