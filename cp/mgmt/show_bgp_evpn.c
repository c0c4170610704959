// SPDX-License-Identifier: BSD-3-Clause
// show bgp l2vpn evpn raw: the EVPN RIB as raw NLRI in hex (type, length,
// value), every path with its next hop and source, best first: what was
// received, before cp/evpn decodes it (show_evpn_bgp.c prints FRR's way), and
// our own routes (pathFrom "local", which cp/evpn originates into the RIB).
// Sorted by NLRI octets, so the output is stable.
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp/bgp/bgp_speaker.h"
#include "cp/mgmt/mgmt_cmd.h"
#include "cp/mgmt/mgmt_out.h"
#include "cp/mgmt/show_bgp.h"

struct path_list {
	struct bgp_route *v;
	size_t n, cap;
	size_t *routes; // index in v of each route's best path
	size_t n_routes, routes_cap;
	bool oom;
};

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return 0;
	size_t c = *cap ? *cap * 2 : 256;
	void *p = realloc(*v, c * size);
	if (p == NULL)
		return -ENOMEM;
	*v = p;
	*cap = c;
	return 0;
}

static int collect(const struct bgp_route *r, void *arg)
{
	struct path_list *l = arg;

	if (grow((void **)&l->v, &l->cap, l->n, sizeof(*l->v)) < 0 ||
		(r->best && grow((void **)&l->routes, &l->routes_cap, l->n_routes, sizeof(size_t)) <
				    0)) {
		l->oom = true;
		return -ENOMEM;
	}
	if (r->best)
		l->routes[l->n_routes++] = l->n;
	l->v[l->n++] = *r;
	return 0;
}

static const struct bgp_route *sort_base;

static int by_nlri(const void *x, const void *y)
{
	const struct bgp_route *a = &sort_base[*(const size_t *)x];
	const struct bgp_route *b = &sort_base[*(const size_t *)y];
	size_t n = a->nlri_len < b->nlri_len ? a->nlri_len : b->nlri_len;
	int c = memcmp(a->nlri, b->nlri, n);

	return c != 0 ? c : (int)a->nlri_len - (int)b->nlri_len;
}

static const char *hex(const uint8_t *p, size_t len, char *buf)
{
	for (size_t i = 0; i < len; i++)
		snprintf(buf + 2 * i, 3, "%02x", p[i]);
	buf[2 * len] = '\0';
	return buf;
}

static const char *nexthop(const struct bgp_pattr *a, char *buf)
{
	if (a->has & BGP_PATTR_NH6)
		return inet_ntop(AF_INET6, &a->next_hop6, buf, INET6_ADDRSTRLEN);
	return inet_ntop(AF_INET, &a->next_hop, buf, INET6_ADDRSTRLEN);
}

static const char *peer(const struct bgp_route *r, char *buf)
{
	if (r->src->local)
		return "0.0.0.0";
	if (r->src->addr.s_addr == 0 && !IN6_IS_ADDR_UNSPECIFIED(&r->src->addr6))
		return inet_ntop(
			AF_INET6, &r->src->addr6, buf, INET6_ADDRSTRLEN); // an IPv6 neighbor
	return inet_ntop(AF_INET, &r->src->addr, buf, INET_ADDRSTRLEN);
}

static void path_json(struct json_writer *w, const struct bgp_route *r)
{
	char b[2 * BGP_NLRI_MAX + 1], path[512];
	const struct bgp_pattr *a = r->attrs;

	json_obj_begin(w);
	json_kv_u64(w, "routeType", r->nlri[0]);
	json_kv_str(w, "nlri", hex(r->nlri, r->nlri_len, b));
	json_kv_bool(w, "valid", true);
	if (r->best)
		json_kv_bool(w, "bestpath", true);
	if (r->stale)
		json_kv_bool(w, "stale", true);
	json_kv_str(w, "pathFrom",
		r->src->local  ? "local"
		: r->src->ebgp ? "external"
			       : "internal");
	json_kv_str(w, "peerId", peer(r, b));
	json_kv_str(w, "nexthop", nexthop(a, b));
	json_kv_str(w, "path", bgp_pattr_aspath_str(a, path, sizeof(path)));
	if (a->has & BGP_AS_LOCAL_PREF)
		json_kv_u64(w, "locPrf", a->local_pref);
	if (a->has & BGP_AS_PMSI_TUNNEL) {
		json_kv_u64(w, "pmsiTunnelType", a->pmsi_type);
		json_kv_u64(w, "pmsiLabel", a->pmsi_label);
		json_kv_str(w, "pmsiTunnelId", hex(a->pmsi_id, a->pmsi_id_len, b));
	}
	if (a->n_ext > 0)
		json_kv_str(w, "extCommunities",
			hex(bgp_pattr_ext(a).ptr,
				a->n_ext <= BGP_NLRI_MAX / 8 ? a->n_ext * 8u : BGP_NLRI_MAX, b));
	json_obj_end(w);
}

static int print_json(struct mgmt_out *out, const struct path_list *l)
{
	char b[2 * BGP_NLRI_MAX + 1];
	struct json_writer w;

	json_init(&w, out, true);
	json_obj_begin(&w);
	json_key(&w, "routes");
	json_obj_begin(&w);
	for (size_t i = 0; i < l->n_routes; i++) {
		size_t first = l->routes[i];
		json_key(&w, hex(l->v[first].nlri, l->v[first].nlri_len, b));
		json_arr_begin(&w);
		for (size_t j = first; j < l->n && (j == first || !l->v[j].best); j++)
			path_json(&w, &l->v[j]);
		json_arr_end(&w);
	}
	json_obj_end(&w);
	json_kv_u64(&w, "numRoutes", l->n_routes);
	json_kv_u64(&w, "numPaths", l->n);
	json_obj_end(&w);
	return json_finish(&w);
}

static void print_text(struct mgmt_out *out, const struct path_list *l)
{
	char b[2 * BGP_NLRI_MAX + 1], nh[INET6_ADDRSTRLEN], from[INET6_ADDRSTRLEN];

	mgmt_printf(out, "EVPN routes as raw NLRI (type, length, value in hex)\n"
			 "Status codes: * valid, > best, i internal, S stale\n\n");
	for (size_t i = 0; i < l->n_routes; i++) {
		size_t first = l->routes[i];
		for (size_t j = first; j < l->n && (j == first || !l->v[j].best); j++) {
			const struct bgp_route *r = &l->v[j];
			mgmt_printf(out, "%c%c%c [%u] %s\n", r->stale ? 'S' : '*',
				r->best ? '>' : ' ', r->src->ebgp || r->src->local ? ' ' : 'i',
				r->nlri[0], hex(r->nlri, r->nlri_len, b));
			mgmt_printf(out, "      next hop %s from %s\n", nexthop(r->attrs, nh),
				peer(r, from));
		}
	}
	mgmt_printf(out, "\nDisplayed %zu routes and %zu total paths\n", l->n_routes, l->n);
}

static int evpn_cmd(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	struct path_list l = {0};
	int ret = 0;

	(void)ctx;
	if (bgp_glob()->asn == 0) {
		mgmt_puts(out, "% BGP is not configured\n");
		return -ENOENT;
	}
	bgp_rib_walk_routes(BGP_AF_L2VPN_EVPN, collect, &l, true);
	if (l.oom) {
		ret = -ENOMEM;
		goto out;
	}
	sort_base = l.v;
	qsort(l.routes, l.n_routes, sizeof(*l.routes), by_nlri);
	if (req->json)
		ret = print_json(out, &l);
	else
		print_text(out, &l);
out:
	free(l.v);
	free(l.routes);
	return ret;
}

int show_bgp_evpn_register(void)
{
	return mgmt_register("show bgp l2vpn evpn raw", evpn_cmd, NULL,
		"the EVPN BGP RIB as raw NLRI in hex, every path (debugging)");
}
