// SPDX-License-Identifier: BSD-3-Clause
// The BGP decision process (RFC 4271 9.1.2.2) with the tie-breaks operators
// know from FRR: weight, LOCAL_PREF, locally originated, AS path length,
// ORIGIN, MED (same neighbor AS only), eBGP over iBGP, (IGP metric: n/a),
// router ID or ORIGINATOR_ID, CLUSTER_LIST length, peer address.
#include <arpa/inet.h>
#include <string.h>

#include "cp/bgp/bgp_rib.h"

#define DEFAULT_LOCAL_PREF 100

typedef int (*cmp_fn)(const struct bgp_path *a, const struct bgp_path *b);

static int cmp_u32_high(uint32_t a, uint32_t b)
{
	return a > b ? -1 : a < b ? 1 : 0;
}

static int cmp_u32_low(uint32_t a, uint32_t b)
{
	return a < b ? -1 : a > b ? 1 : 0;
}

static int by_weight(const struct bgp_path *a, const struct bgp_path *b)
{
	return cmp_u32_high(a->attrs->weight, b->attrs->weight);
}

static uint32_t local_pref(const struct bgp_path *p)
{
	return p->attrs->has & BGP_AS_LOCAL_PREF ? p->attrs->local_pref : DEFAULT_LOCAL_PREF;
}

static int by_local_pref(const struct bgp_path *a, const struct bgp_path *b)
{
	return cmp_u32_high(local_pref(a), local_pref(b));
}

static int by_local(const struct bgp_path *a, const struct bgp_path *b)
{
	return cmp_u32_high(a->src->local, b->src->local);
}

static int by_as_path(const struct bgp_path *a, const struct bgp_path *b)
{
	return cmp_u32_low(bgp_pattr_aspath_hops(a->attrs), bgp_pattr_aspath_hops(b->attrs));
}

static int by_origin(const struct bgp_path *a, const struct bgp_path *b)
{
	return cmp_u32_low(a->attrs->origin, b->attrs->origin);
}

static int by_med(const struct bgp_path *a, const struct bgp_path *b)
{
	uint32_t ma = a->attrs->has & BGP_AS_MED ? a->attrs->med : 0;
	uint32_t mb = b->attrs->has & BGP_AS_MED ? b->attrs->med : 0;

	if (bgp_pattr_first_as(a->attrs) != bgp_pattr_first_as(b->attrs))
		return 0;
	return cmp_u32_low(ma, mb);
}

static int by_ebgp(const struct bgp_path *a, const struct bgp_path *b)
{
	return cmp_u32_high(a->src->ebgp, b->src->ebgp);
}

static uint32_t path_id(const struct bgp_path *p)
{
	struct in_addr id = p->attrs->has & BGP_AS_ORIGINATOR_ID ? p->attrs->originator_id
								  : p->src->router_id;
	return ntohl(id.s_addr);
}

static int by_router_id(const struct bgp_path *a, const struct bgp_path *b)
{
	return cmp_u32_low(path_id(a), path_id(b));
}

static int by_cluster_len(const struct bgp_path *a, const struct bgp_path *b)
{
	return cmp_u32_low(a->attrs->n_cluster, b->attrs->n_cluster);
}

// IPv4 peers first (an IPv6 one has addr 0 but sorts after them), then IPv6.
static int by_peer_addr(const struct bgp_path *a, const struct bgp_path *b)
{
	bool a6 = a->src->addr.s_addr == 0, b6 = b->src->addr.s_addr == 0;

	if (a6 != b6)
		return a6 ? 1 : -1;
	if (a6)
		return memcmp(&a->src->addr6, &b->src->addr6, sizeof(a->src->addr6));
	return cmp_u32_low(ntohl(a->src->addr.s_addr), ntohl(b->src->addr.s_addr));
}

static const struct {
	cmp_fn fn;
	const char *name; // FRR's words in "show bgp ... bestpath"
} steps[] = {
	{by_weight, "Weight"},
	{by_local_pref, "Local Pref"},
	{by_local, "Local Route"},
	{by_as_path, "AS Path"},
	{by_origin, "Origin"},
	{by_med, "MED"},
	{by_ebgp, "Peer Type"},
	{by_router_id, "Router ID"},
	{by_cluster_len, "Cluster length"},
	{by_peer_addr, "Neighbor IP"},
};

int bgp_path_cmp(const struct bgp_path *a, const struct bgp_path *b)
{
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		int r = steps[i].fn(a, b);
		if (r != 0)
			return r;
	}
	return 0;
}

void bgp_paths_best_first(struct bgp_path **head)
{
	struct bgp_path **best = head;

	for (struct bgp_path **pp = head; *pp != NULL; pp = &(*pp)->next)
		if (bgp_path_cmp(*pp, *best) < 0)
			best = pp;
	if (best != head) {
		struct bgp_path *b = *best;
		*best = b->next;
		b->next = *head;
		*head = b;
	}
}

const char *bgp_path_cmp_reason(const struct bgp_path *a, const struct bgp_path *b)
{
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (steps[i].fn(a, b) != 0)
			return steps[i].name;
	return "equal";
}
