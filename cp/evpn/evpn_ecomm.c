// SPDX-License-Identifier: BSD-3-Clause
// EVPN extended communities: decode, encode, FRR-style printing.
#include "evpn_ecomm.h"

#include "cp/cp_addr.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T_NON_TRANSITIVE 0x40

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

bool evpn_ecomm_is_rt(const uint8_t raw[EVPN_ECOMM_LEN])
{
	uint8_t t = raw[0] & (uint8_t)~T_NON_TRANSITIVE;
	return raw[1] == EVPN_EC_ST_RT &&
	       (t == EVPN_EC_T_AS2 || t == EVPN_EC_T_IPV4 || t == EVPN_EC_T_AS4);
}

static void decode_rt(const uint8_t *raw, struct evpn_ecomm *out)
{
	uint8_t t = raw[0] & (uint8_t)~T_NON_TRANSITIVE;
	out->kind = EVPN_EC_RT;
	out->rt.form = t;
	out->rt.transitive = !(raw[0] & T_NON_TRANSITIVE);
	if (t == EVPN_EC_T_AS2) {
		out->rt.global = get16(raw + 2);
		out->rt.local = get32(raw + 4);
	} else {
		out->rt.global = get32(raw + 2);
		out->rt.local = get16(raw + 6);
	}
}

static void decode_evpn(const uint8_t *raw, struct evpn_ecomm *out)
{
	switch (raw[1]) {
	case EVPN_EC_ST_MAC_MOBILITY:
		out->kind = EVPN_EC_MAC_MOBILITY;
		out->mm.sticky = raw[2] & EVPN_MM_F_STICKY;
		out->mm.seq = get32(raw + 4);
		break;
	case EVPN_EC_ST_ESI_LABEL:
		out->kind = EVPN_EC_ESI_LABEL;
		out->esi_label.flags = raw[2];
		out->esi_label.label = (uint32_t)raw[5] << 16 | (uint32_t)raw[6] << 8 | raw[7];
		break;
	case EVPN_EC_ST_ES_IMPORT:
		out->kind = EVPN_EC_ES_IMPORT;
		memcpy(out->mac, raw + 2, 6);
		break;
	case EVPN_EC_ST_ROUTER_MAC:
		out->kind = EVPN_EC_ROUTER_MAC;
		memcpy(out->mac, raw + 2, 6);
		break;
	case EVPN_EC_ST_ARP_ND:
		out->kind = EVPN_EC_ARP_ND;
		out->nd_flags = raw[2];
		break;
	default:
		break;
	}
}

int evpn_ecomm_decode(const uint8_t raw[EVPN_ECOMM_LEN], struct evpn_ecomm *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = EVPN_EC_UNKNOWN;
	out->type = raw[0];
	out->subtype = raw[1];
	if (evpn_ecomm_is_rt(raw))
		decode_rt(raw, out);
	else if (raw[0] == EVPN_EC_T_OPAQUE && raw[1] == EVPN_EC_ST_ENCAP) {
		// RFC 9012 4.1: four reserved octets, then the tunnel type.
		out->kind = EVPN_EC_ENCAP;
		out->tunnel_type = get16(raw + 6);
	} else if (raw[0] == EVPN_EC_T_OPAQUE && raw[1] == EVPN_EC_ST_DEF_GW)
		out->kind = EVPN_EC_DEF_GW;
	else if (raw[0] == EVPN_EC_T_EVPN)
		decode_evpn(raw, out);
	return out->kind;
}

static int encode_rt(const struct evpn_ecomm *ec, uint8_t *raw)
{
	uint8_t f = ec->rt.form;
	if (f != EVPN_EC_T_AS2 && f != EVPN_EC_T_IPV4 && f != EVPN_EC_T_AS4)
		return -EINVAL;
	if (f == EVPN_EC_T_AS2 ? ec->rt.global > 0xffff : ec->rt.local > 0xffff)
		return -EINVAL;
	raw[0] = (uint8_t)(f | (ec->rt.transitive ? 0 : T_NON_TRANSITIVE));
	raw[1] = EVPN_EC_ST_RT;
	if (f == EVPN_EC_T_AS2) {
		put16(raw + 2, (uint16_t)ec->rt.global);
		put32(raw + 4, ec->rt.local);
	} else {
		put32(raw + 2, ec->rt.global);
		put16(raw + 6, (uint16_t)ec->rt.local);
	}
	return 0;
}

int evpn_ecomm_encode(const struct evpn_ecomm *ec, uint8_t raw[EVPN_ECOMM_LEN])
{
	memset(raw, 0, EVPN_ECOMM_LEN);
	switch (ec->kind) {
	case EVPN_EC_RT:
		return encode_rt(ec, raw);
	case EVPN_EC_ENCAP:
		evpn_ecomm_encap(raw, ec->tunnel_type);
		return 0;
	case EVPN_EC_MAC_MOBILITY:
		evpn_ecomm_mac_mobility(raw, ec->mm.seq, ec->mm.sticky);
		return 0;
	case EVPN_EC_DEF_GW:
		evpn_ecomm_def_gw(raw);
		return 0;
	case EVPN_EC_ROUTER_MAC:
		evpn_ecomm_router_mac(raw, ec->mac);
		return 0;
	case EVPN_EC_ES_IMPORT:
		raw[0] = EVPN_EC_T_EVPN;
		raw[1] = EVPN_EC_ST_ES_IMPORT;
		memcpy(raw + 2, ec->mac, 6);
		return 0;
	case EVPN_EC_ARP_ND:
		raw[0] = EVPN_EC_T_EVPN;
		raw[1] = EVPN_EC_ST_ARP_ND;
		raw[2] = ec->nd_flags;
		return 0;
	case EVPN_EC_ESI_LABEL:
		if (ec->esi_label.label > 0xffffff)
			return -EINVAL;
		raw[0] = EVPN_EC_T_EVPN;
		raw[1] = EVPN_EC_ST_ESI_LABEL;
		raw[2] = ec->esi_label.flags;
		raw[5] = (uint8_t)(ec->esi_label.label >> 16);
		raw[6] = (uint8_t)(ec->esi_label.label >> 8);
		raw[7] = (uint8_t)ec->esi_label.label;
		return 0;
	default:
		return -EINVAL;
	}
}

struct evpn_rt evpn_rt_as(uint32_t as, uint32_t local)
{
	struct evpn_rt rt = {{0}};
	if (as > 0xffff) {
		rt.b[0] = EVPN_EC_T_AS4;
		put32(rt.b + 2, as);
		put16(rt.b + 6, (uint16_t)local);
	} else {
		rt.b[0] = EVPN_EC_T_AS2;
		put16(rt.b + 2, (uint16_t)as);
		put32(rt.b + 4, local);
	}
	rt.b[1] = EVPN_EC_ST_RT;
	return rt;
}

struct evpn_rt evpn_rt_ip(const uint8_t ip[4], uint16_t local)
{
	struct evpn_rt rt = {{EVPN_EC_T_IPV4, EVPN_EC_ST_RT}};
	memcpy(rt.b + 2, ip, 4);
	put16(rt.b + 6, local);
	return rt;
}

void evpn_ecomm_encap(uint8_t raw[EVPN_ECOMM_LEN], uint16_t tunnel_type)
{
	memset(raw, 0, EVPN_ECOMM_LEN);
	raw[0] = EVPN_EC_T_OPAQUE;
	raw[1] = EVPN_EC_ST_ENCAP;
	put16(raw + 6, tunnel_type);
}

void evpn_ecomm_mac_mobility(uint8_t raw[EVPN_ECOMM_LEN], uint32_t seq, bool sticky)
{
	memset(raw, 0, EVPN_ECOMM_LEN);
	raw[0] = EVPN_EC_T_EVPN;
	raw[1] = EVPN_EC_ST_MAC_MOBILITY;
	raw[2] = sticky ? EVPN_MM_F_STICKY : 0;
	put32(raw + 4, seq);
}

void evpn_ecomm_router_mac(uint8_t raw[EVPN_ECOMM_LEN], const uint8_t mac[6])
{
	raw[0] = EVPN_EC_T_EVPN;
	raw[1] = EVPN_EC_ST_ROUTER_MAC;
	memcpy(raw + 2, mac, 6);
}

void evpn_ecomm_def_gw(uint8_t raw[EVPN_ECOMM_LEN])
{
	memset(raw, 0, EVPN_ECOMM_LEN);
	raw[0] = EVPN_EC_T_OPAQUE;
	raw[1] = EVPN_EC_ST_DEF_GW;
}

static int parse_num(const char *s, const char *end, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;
	if (s == end)
		return -EINVAL;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > max)
			return -EINVAL;
	}
	*out = (uint32_t)v;
	return 0;
}

int evpn_rt_parse(const char *s, struct evpn_rt *rt)
{
	const char *colon = strrchr(s, ':');
	const char *end = s + strlen(s);
	char ip[16];
	uint32_t g, l;

	if (colon == NULL)
		return -EINVAL;
	if (memchr(s, '.', (size_t)(colon - s))) {
		struct in_addr a;
		if ((size_t)(colon - s) >= sizeof(ip))
			return -EINVAL;
		memcpy(ip, s, (size_t)(colon - s));
		ip[colon - s] = '\0';
		if (inet_pton(AF_INET, ip, &a) != 1 || parse_num(colon + 1, end, 0xffff, &l) < 0)
			return -EINVAL;
		*rt = evpn_rt_ip((const uint8_t *)&a, (uint16_t)l);
		return 0;
	}
	if (parse_num(s, colon, UINT32_MAX, &g) < 0)
		return -EINVAL;
	if (parse_num(colon + 1, end, g > 0xffff ? 0xffff : UINT32_MAX, &l) < 0)
		return -EINVAL;
	*rt = evpn_rt_as(g, l);
	return 0;
}

static int rt_body_str(char *buf, size_t size, const uint8_t *raw)
{
	struct evpn_ecomm ec;
	decode_rt(raw, &ec);
	if (ec.rt.form == EVPN_EC_T_IPV4) {
		uint32_t a = ec.rt.global;
		return snprintf(buf, size, "%u.%u.%u.%u:%u", a >> 24, (a >> 16) & 0xff,
			(a >> 8) & 0xff, a & 0xff, ec.rt.local);
	}
	return snprintf(buf, size, "%u:%u", ec.rt.global, ec.rt.local);
}

int evpn_rt_str(char *buf, size_t size, const struct evpn_rt *rt)
{
	return rt_body_str(buf, size, rt->b);
}

static int mac_str(char *buf, size_t size, const char *prefix, const uint8_t *m)
{
	char s[CP_MAC_STRLEN];
	return snprintf(buf, size, "%s%s", prefix, cp_mac_str(m, s, sizeof(s)));
}

int evpn_ecomm_str(char *buf, size_t size, const uint8_t raw[EVPN_ECOMM_LEN])
{
	struct evpn_ecomm ec;
	char body[32];

	switch (evpn_ecomm_decode(raw, &ec)) {
	case EVPN_EC_RT:
		rt_body_str(body, sizeof(body), raw);
		return snprintf(buf, size, "RT:%s", body);
	case EVPN_EC_ENCAP:
		return snprintf(buf, size, "ET:%u", ec.tunnel_type);
	case EVPN_EC_MAC_MOBILITY:
		return snprintf(
			buf, size, "MM:%u%s", ec.mm.seq, ec.mm.sticky ? ", sticky MAC" : "");
	case EVPN_EC_DEF_GW:
		return snprintf(buf, size, "Default Gateway");
	case EVPN_EC_ROUTER_MAC:
		return mac_str(buf, size, "Rmac:", ec.mac);
	case EVPN_EC_ES_IMPORT:
		return mac_str(buf, size, "ES-Import-Rt:", ec.mac);
	case EVPN_EC_ESI_LABEL:
		return snprintf(buf, size, "ESI-label-Rt:%s",
			ec.esi_label.flags & EVPN_ESI_LABEL_F_SA ? "SA" : "AA");
	case EVPN_EC_ARP_ND: // as FRR: the O flag wins the text, no flag prints nothing
		return snprintf(buf, size, "%s",
			ec.nd_flags & EVPN_ND_F_OVERRIDE ? "ND:Proxy"
			: ec.nd_flags & EVPN_ND_F_ROUTER ? "ND:Router Flag"
							 : "");
	default:
		return snprintf(buf, size, "UNK:%u, %u", raw[0], raw[1]);
	}
}

int evpn_ecomm_list_str(char *buf, size_t size, const uint8_t *list, size_t len)
{
	size_t used = 0;
	char one[48];

	if (size)
		buf[0] = '\0';
	for (size_t off = 0; off + EVPN_ECOMM_LEN <= len; off += EVPN_ECOMM_LEN) {
		int n = evpn_ecomm_str(one, sizeof(one), list + off);
		if (n < 0)
			return n;
		int w = snprintf(used < size ? buf + used : NULL, used < size ? size - used : 0,
			"%s%s", off ? " " : "", one);
		used += (size_t)w;
	}
	return (int)used;
}

static void scan_one(const uint8_t *raw, struct evpn_ecomm_info *out)
{
	struct evpn_ecomm ec;
	switch (evpn_ecomm_decode(raw, &ec)) {
	case EVPN_EC_RT:
		out->n_rt++;
		break;
	case EVPN_EC_ENCAP:
		if (!out->has_encap)
			out->tunnel_type = ec.tunnel_type;
		out->has_encap = true;
		break;
	case EVPN_EC_MAC_MOBILITY:
		// The first one counts, as in FRR (bgp_attr_mac_mobility_seqnum):
		// RFC 7432 does not say what several mean.
		if (out->n_mm++ == 0) {
			out->has_mm = true;
			out->sticky = ec.mm.sticky;
			out->mm_seq = ec.mm.seq;
		}
		break;
	case EVPN_EC_DEF_GW:
		out->def_gw = true;
		break;
	case EVPN_EC_ROUTER_MAC:
		out->has_rmac = true;
		memcpy(out->rmac, ec.mac, 6);
		break;
	case EVPN_EC_ESI_LABEL:
		out->has_esi_label = true;
		out->esi_label_flags = ec.esi_label.flags;
		out->esi_label = ec.esi_label.label;
		break;
	case EVPN_EC_ES_IMPORT:
		break;
	case EVPN_EC_ARP_ND:
		out->nd_router = ec.nd_flags & EVPN_ND_F_ROUTER;
		break;
	default:
		out->n_unknown++;
		break;
	}
}

void evpn_ecomm_scan(const uint8_t *list, size_t len, struct evpn_ecomm_info *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t off = 0; list && off + EVPN_ECOMM_LEN <= len; off += EVPN_ECOMM_LEN)
		scan_one(list + off, out);
}
