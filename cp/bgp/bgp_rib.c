// SPDX-License-Identifier: BSD-3-Clause
// IPv4 and IPv6 unicast routes by prefix (bgp_rib.h): each call makes the NLRI
// of its prefix (bgp_family_unicast.c) and goes to the one keyed table
// (bgp_rib_nlri.c); "show" gets the table's routes back as prefixes.
#include "cp/bgp/bgp_family.h"
#include "cp/bgp/bgp_rib.h"

#include <string.h>

int bgp_rib_update(struct bgp_src *src, struct in_addr prefix, uint8_t len, struct bgp_pattr *a)
{
	uint8_t nlri[BGP_UNICAST_NLRI_MAX];

	if (len > 32)
		return -EINVAL;
	return bgp_nlri_rib_update(
		BGP_AF_IPV4_UNICAST, src, nlri, bgp_unicast_nlri(nlri, len, &prefix), a);
}

int bgp_rib_update6(
	struct bgp_src *src, const struct in6_addr *prefix, uint8_t len, struct bgp_pattr *a)
{
	uint8_t nlri[BGP_UNICAST_NLRI_MAX];

	if (len > 128)
		return -EINVAL;
	return bgp_nlri_rib_update(
		BGP_AF_IPV6_UNICAST, src, nlri, bgp_unicast_nlri(nlri, len, prefix), a);
}

int bgp_rib_withdraw(struct bgp_src *src, struct in_addr prefix, uint8_t len)
{
	uint8_t nlri[BGP_UNICAST_NLRI_MAX];

	if (len > 32)
		return 0;
	return bgp_nlri_rib_withdraw(
		BGP_AF_IPV4_UNICAST, src, nlri, bgp_unicast_nlri(nlri, len, &prefix));
}

int bgp_rib_withdraw6(struct bgp_src *src, const struct in6_addr *prefix, uint8_t len)
{
	uint8_t nlri[BGP_UNICAST_NLRI_MAX];

	if (len > 128)
		return 0;
	return bgp_nlri_rib_withdraw(
		BGP_AF_IPV6_UNICAST, src, nlri, bgp_unicast_nlri(nlri, len, prefix));
}

// The view of a route of af.
static void dest_view(struct bgp_dest *d, enum bgp_af af, const uint8_t *nlri, size_t len,
	struct bgp_path *paths)
{
	uint8_t addr[16];

	memset(d, 0, sizeof(*d));
	d->af = (uint8_t)af;
	d->len = bgp_unicast_addr(nlri, len, addr);
	d->paths = paths;
	if (af == BGP_AF_IPV6_UNICAST)
		memcpy(&d->prefix6[0], addr, 16);
	else
		memcpy(&d->prefix, addr, 4);
}

static struct bgp_dest *lookup(enum bgp_af af, const void *addr, uint8_t len)
{
	static struct bgp_dest view;
	uint8_t nlri[BGP_UNICAST_NLRI_MAX];
	size_t n = bgp_unicast_nlri(nlri, len, addr);
	struct bgp_path *paths = bgp_nlri_rib_paths_of(af, nlri, n);

	if (paths == NULL)
		return NULL;
	dest_view(&view, af, nlri, n, paths);
	return &view;
}

struct bgp_dest *bgp_rib_lookup(struct in_addr prefix, uint8_t len)
{
	return len > 32 ? NULL : lookup(BGP_AF_IPV4_UNICAST, &prefix, len);
}

struct bgp_dest *bgp_rib_lookup6(const struct in6_addr *prefix, uint8_t len)
{
	return len > 128 ? NULL : lookup(BGP_AF_IPV6_UNICAST, prefix, len);
}

struct walk {
	int (*fn)(struct bgp_dest *d, void *ctx);
	void *ctx;
	enum bgp_af af;
};

static int walk_one(const uint8_t *nlri, size_t len, struct bgp_path *paths, void *arg)
{
	const struct walk *w = arg;
	struct bgp_dest d;

	dest_view(&d, w->af, nlri, len, paths);
	return w->fn(&d, w->ctx);
}

int bgp_rib_walk(int (*fn)(struct bgp_dest *d, void *ctx), void *ctx)
{
	struct walk w = {fn, ctx, BGP_AF_IPV4_UNICAST};
	int ret = bgp_nlri_rib_walk_paths(w.af, walk_one, &w);

	w.af = BGP_AF_IPV6_UNICAST;
	return ret != 0 ? ret : bgp_nlri_rib_walk_paths(w.af, walk_one, &w);
}

size_t bgp_rib_count(void)
{
	return bgp_rib_count_af(BGP_AF_IPV4_UNICAST) + bgp_rib_count_af(BGP_AF_IPV6_UNICAST);
}

size_t bgp_rib_count_af(enum bgp_af af)
{
	return af == BGP_AF_IPV4_UNICAST || af == BGP_AF_IPV6_UNICAST ? bgp_nlri_rib_count(af) : 0;
}

size_t bgp_rib_paths(void)
{
	return bgp_nlri_rib_paths(BGP_AF_IPV4_UNICAST) + bgp_nlri_rib_paths(BGP_AF_IPV6_UNICAST);
}
