// SPDX-License-Identifier: BSD-3-Clause
// Injected routes into the RIB (see inject_src.h).
#include "cp/inject/inject_src.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cp/bgp/bgp_pattr.h"
#include "cp/bgp/bgp_speaker.h"
#include "cp/evpn/evpn_bgp_out.h"

static struct cp_ip vtep;

void inject_src_set_vtep(const struct cp_ip *v)
{
	memset(&vtep, 0, sizeof(vtep));
	if (v != NULL)
		vtep = *v;
}

void inject_src_init(struct inject_src *s, const char *name)
{
	memset(s, 0, sizeof(*s));
	s->bgp.local = true; // as our own: preferred, next hop self toward eBGP
	s->bgp.injected = true; // but imported when its next hop is another VTEP
	s->bgp.owner = s;
	snprintf(s->name, sizeof(s->name), "%s", name);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

// ORIGIN IGP and MED 0 as a network statement's (bgp_speaker.c) unless given,
// LOCAL_PREF when given, the next hop when one was given, the communities.
static struct bgp_pattr *unicast_attrs(const struct inject_cmd *c)
{
	static struct bgp_pattr_tmp t; // 64 KiB: not on the stack
	uint8_t comm[INJECT_MAX_COMM * 4], large[INJECT_MAX_LARGE * 12];

	bgp_pattr_tmp_init(&t);
	t.a.origin = c->origin;
	t.a.weight = BGP_WEIGHT_LOCAL;
	t.a.has = BGP_AS_MED;
	t.a.med = c->has_med ? c->med : 0;
	if (c->has_local_pref) { // iBGP only (bgp_export.c), else the default there
		t.a.has |= BGP_AS_LOCAL_PREF;
		t.a.local_pref = c->local_pref;
	}
	if (c->nexthop.family == AF_INET6) {
		t.a.has |= BGP_PATTR_NH6;
		t.a.next_hop6 = c->nexthop.v6;
	} else if (c->nexthop.family == AF_INET) {
		t.a.next_hop = c->nexthop.v4;
	}
	for (unsigned i = 0; i < c->n_comm; i++)
		put32(comm + 4 * i, c->comm[i]);
	for (unsigned i = 0; i < c->n_large; i++)
		for (unsigned j = 0; j < 3; j++)
			put32(large + 12 * i + 4 * j, c->large[i][j]);
	if ((c->n_comm && bgp_pattr_tmp_add_comm(&t, comm, c->n_comm * 4u) < 0) ||
		(c->n_large && bgp_pattr_tmp_add_large(&t, large, c->n_large * 12u) < 0))
		return NULL;
	return bgp_pattr_intern(&t);
}

static int apply_unicast(struct inject_src *s, const struct inject_cmd *c)
{
	bool v6 = c->prefix.family == AF_INET6;
	struct bgp_pattr *a;
	int ret;

	if (c->op == INJECT_WITHDRAW)
		return v6 ? bgp_rib_withdraw6(&s->bgp, &c->prefix.v6, c->len)
			  : bgp_rib_withdraw(&s->bgp, c->prefix.v4, c->len);
	if ((a = unicast_attrs(c)) == NULL)
		return -ENOMEM;
	ret = v6 ? bgp_rib_update6(&s->bgp, &c->prefix.v6, c->len, a)
		 : bgp_rib_update(&s->bgp, c->prefix.v4, c->len, a);
	bgp_pattr_unref(a);
	return ret;
}

static bool nh_is(const struct bgp_pattr *a, const struct cp_ip *ip)
{
	if (a->has & BGP_PATTR_NH6)
		return ip->family == AF_INET6 && memcmp(&a->next_hop6, &ip->v6, 16) == 0;
	return ip->family == AF_INET && a->next_hop.s_addr == ip->v4.s_addr;
}

// s's path of out's route named another VTEP and out names us (next-hop self):
// that path is withdrawn first. The EVPN module installed it and ignores the
// new one, and a replacement from the same source tells it of no previous path
// to remove (cp/evpn/evpn_bgp_in.c).
static void withdraw_before_self(struct inject_src *s, const struct evpn_route_out *out)
{
	const struct bgp_path *p;

	for (p = bgp_nlri_rib_paths_of(BGP_AF_L2VPN_EVPN, out->nlri, out->nlri_len);
		p != NULL && p->src != &s->bgp; p = p->next)
		;
	if (p != NULL && !nh_is(p->attrs, &vtep))
		bgp_nlri_rib_withdraw(BGP_AF_L2VPN_EVPN, &s->bgp, out->nlri, out->nlri_len);
}

static int apply_evpn(struct inject_src *s, const struct inject_cmd *c, char *err, size_t len)
{
	static struct evpn_route_out out;
	const struct cp_ip *nh = c->nexthop.family ? &c->nexthop : &vtep;
	struct bgp_pattr *a;
	int ret;

	if (nh->family == 0) {
		snprintf(err, len, "next-hop self: no vtep-address configured");
		return -EINVAL;
	}
	if (evpn_inject_build(&c->evpn, nh, &out) < 0) {
		snprintf(err, len, "the route cannot be encoded");
		return -EINVAL;
	}
	if (c->op == INJECT_WITHDRAW)
		return bgp_nlri_rib_withdraw(BGP_AF_L2VPN_EVPN, &s->bgp, out.nlri, out.nlri_len);
	if ((a = evpn_bgp_out_attrs(&out)) == NULL)
		return -ENOMEM;
	if (cp_ip_eq(nh, &vtep))
		withdraw_before_self(s, &out);
	ret = bgp_nlri_rib_update(BGP_AF_L2VPN_EVPN, &s->bgp, out.nlri, out.nlri_len, a);
	bgp_pattr_unref(a);
	return ret;
}

int inject_src_apply(struct inject_src *s, const struct inject_cmd *c, char *err, size_t len)
{
	int ret;

	err[0] = '\0';
	if (bgp_fd() < 0) {
		snprintf(err, len, "no router bgp");
		ret = -ENODEV;
	} else if (c->op == INJECT_FLUSH) {
		inject_src_flush(s);
		ret = 0;
	} else {
		ret = c->kind == INJECT_UNICAST ? apply_unicast(s, c) : apply_evpn(s, c, err, len);
	}
	if (ret < 0 && err[0] == '\0')
		snprintf(err, len, "%s", strerror(-ret));
	s->errors += ret < 0;
	s->commands += ret >= 0;
	return ret < 0 ? ret : 0;
}

size_t inject_src_flush(struct inject_src *s)
{
	return bgp_rib_src_flush(&s->bgp, BGP_AF_MAX, 0);
}

uint32_t inject_src_routes(const struct inject_src *s)
{
	return bgp_rib_src_routes(&s->bgp, BGP_AF_MAX);
}
