// SPDX-License-Identifier: BSD-3-Clause
// The route-injection command parser (see inject_cmd.h).
#include "cp/inject/inject_cmd.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WORDS 64

// The words of a line: blanks separate them, '[' and ']' are words of their own
// (ExaBGP writes both "[ 65000:1 ]" and "[65000:1]").
struct words {
	char buf[2 * INJECT_LINE_MAX + 2];
	char *w[MAX_WORDS];
	int n, i;
	char *err;
	size_t err_len;
};

static int fail(struct words *ws, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct words *ws, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ws->err, ws->err_len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int split(struct words *ws, const char *line)
{
	char *o = ws->buf;

	if (strlen(line) > INJECT_LINE_MAX)
		return fail(ws, "line longer than %d characters", INJECT_LINE_MAX);
	for (const char *s = line; *s; s++) {
		if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\r')
			return fail(ws, "control character in line");
		bool br = *s == '[' || *s == ']';
		*o++ = br ? ' ' : *s == '\t' || *s == '\r' ? ' ' : *s;
		if (br)
			*o++ = *s, *o++ = ' ';
	}
	*o = '\0';
	char *save = NULL;
	for (char *t = strtok_r(ws->buf, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		if (ws->n == MAX_WORDS)
			return fail(ws, "more than %d words", MAX_WORDS);
		ws->w[ws->n++] = t;
	}
	return 0;
}

static const char *peek(const struct words *ws)
{
	return ws->i < ws->n ? ws->w[ws->i] : NULL;
}

static const char *next(struct words *ws)
{
	return ws->i < ws->n ? ws->w[ws->i++] : NULL;
}

// The value after keyword kw, or NULL with the fault set.
static const char *value(struct words *ws, const char *kw)
{
	const char *v = next(ws);

	if (v == NULL || strcmp(v, "[") == 0 || strcmp(v, "]") == 0) {
		fail(ws, "%s: value missing", kw);
		return NULL;
	}
	return v;
}

static int parse_u32(const char *s, uint32_t max, uint32_t *out)
{
	char *end;
	unsigned long long v;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end != '\0' || errno != 0 || v > max)
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

// "A:B", "A:B:C": n numbers of at most max each, separated by ':'.
static int parse_colons(const char *s, int n, const uint32_t *max, uint32_t *out)
{
	char tmp[64];
	char *save = NULL, *t;
	int i = 0;

	if (strlen(s) >= sizeof(tmp) || s[0] == ':' || s[strlen(s) - 1] == ':' || strstr(s, "::"))
		return -EINVAL;
	strcpy(tmp, s);
	for (t = strtok_r(tmp, ":", &save); t; t = strtok_r(NULL, ":", &save), i++)
		if (i == n || parse_u32(t, max[i], &out[i]) < 0)
			return -EINVAL;
	return i == n ? 0 : -EINVAL;
}

static int parse_prefix(struct words *ws, const char *kw, struct cp_ip *ip, uint8_t *len)
{
	const char *v = value(ws, kw);
	char addr[64];
	const char *slash;
	uint32_t l;

	if (v == NULL)
		return -EINVAL;
	if ((slash = strchr(v, '/')) == NULL || (size_t)(slash - v) >= sizeof(addr))
		return fail(ws, "%s: bad prefix '%s' (ADDR/LEN)", kw, v);
	memcpy(addr, v, (size_t)(slash - v));
	addr[slash - v] = '\0';
	if (cp_ip_parse(addr, ip) < 0 || parse_u32(slash + 1, (uint32_t)cp_ip_len(ip->family) * 8, &l) < 0)
		return fail(ws, "%s: bad prefix '%s'", kw, v);
	*len = (uint8_t)l;
	for (size_t i = 0; i < cp_ip_len(ip->family); i++) { // the host bits are cleared
		unsigned keep = l >= (i + 1) * 8 ? 8 : l > i * 8 ? l - (unsigned)i * 8 : 0;
		ip->addr[i] &= (uint8_t)(0xff00 >> keep);
	}
	return 0;
}

static int parse_ip(struct words *ws, const char *kw, struct cp_ip *ip)
{
	const char *v = value(ws, kw);

	if (v == NULL)
		return -EINVAL;
	if (cp_ip_parse(v, ip) < 0)
		return fail(ws, "%s: bad address '%s'", kw, v);
	return 0;
}

static int parse_nexthop(struct words *ws, struct cp_ip *nh)
{
	const char *v = peek(ws);

	if (v != NULL && strcmp(v, "self") == 0) {
		ws->i++;
		memset(nh, 0, sizeof(*nh));
		return 0;
	}
	return parse_ip(ws, "next-hop", nh);
}

static int parse_mac(struct words *ws, const char *kw, uint8_t mac[6])
{
	const char *v = value(ws, kw);

	if (v == NULL)
		return -EINVAL;
	if (cp_mac_parse(v, mac) < 0)
		return fail(ws, "%s: bad MAC address '%s'", kw, v);
	return 0;
}

// One value, or a bracketed list of them, each handed to fn.
static int list(struct words *ws, const char *kw,
	int (*fn)(struct words *ws, const char *kw, const char *v, struct inject_cmd *c),
	struct inject_cmd *c)
{
	const char *v = next(ws);
	int ret, n = 0;

	if (v == NULL || strcmp(v, "]") == 0)
		return fail(ws, "%s: value missing", kw);
	if (strcmp(v, "[") != 0)
		return fn(ws, kw, v, c);
	while ((v = next(ws)) != NULL && strcmp(v, "]") != 0) {
		if (strcmp(v, "[") == 0)
			return fail(ws, "%s: '[' inside a list", kw);
		if ((ret = fn(ws, kw, v, c)) < 0)
			return ret;
		n++;
	}
	if (v == NULL)
		return fail(ws, "%s: ']' missing", kw);
	return n == 0 ? fail(ws, "%s: empty list", kw) : 0;
}

static int add_comm(struct words *ws, const char *kw, const char *v, struct inject_cmd *c)
{
	static const uint32_t max[2] = {UINT16_MAX, UINT16_MAX};
	uint32_t n[2];

	if (parse_colons(v, 2, max, n) < 0)
		return fail(ws, "%s: bad community '%s' (A:B, 16 bits each)", kw, v);
	if (c->n_comm == INJECT_MAX_COMM)
		return fail(ws, "%s: more than %d", kw, INJECT_MAX_COMM);
	c->comm[c->n_comm++] = n[0] << 16 | n[1];
	return 0;
}

static int add_large(struct words *ws, const char *kw, const char *v, struct inject_cmd *c)
{
	static const uint32_t max[3] = {UINT32_MAX, UINT32_MAX, UINT32_MAX};

	if (c->n_large == INJECT_MAX_LARGE)
		return fail(ws, "%s: more than %d", kw, INJECT_MAX_LARGE);
	if (parse_colons(v, 3, max, c->large[c->n_large]) < 0)
		return fail(ws, "%s: bad large community '%s' (A:B:C)", kw, v);
	c->n_large++;
	return 0;
}

static int add_rt(struct words *ws, const char *kw, const char *v, struct inject_cmd *c)
{
	struct evpn_inject *e = &c->evpn;

	if (e->n_rt == EVPN_INJECT_MAX_RT)
		return fail(ws, "%s: more than %d", kw, EVPN_INJECT_MAX_RT);
	if (evpn_rt_parse(v, &e->rt[e->n_rt]) < 0)
		return fail(ws, "%s: bad route target '%s'", kw, v);
	e->n_rt++;
	return 0;
}

// Keywords after the route's kind, as bits: which a kind takes, which were seen.
enum {
	K_NEXTHOP = 1 << 0,
	K_COMM = 1 << 1,
	K_LARGE = 1 << 2,
	K_RD = 1 << 3,
	K_MAC = 1 << 4,
	K_IP = 1 << 5,
	K_VNI = 1 << 6,
	K_LABEL = 1 << 7,
	K_RT = 1 << 8,
	K_SEQ = 1 << 9,
	K_STICKY = 1 << 10,
	K_PREFIX = 1 << 11,
	K_GATEWAY = 1 << 12,
	K_RMAC = 1 << 13,
	K_MED = 1 << 14,
	K_LOCAL_PREF = 1 << 15,
	K_ORIGIN = 1 << 16,
	K_L3VNI = 1 << 17,
};

static const char *const keywords[] = {"next-hop", "community", "large-community", "rd", "mac",
	"ip", "vni", "label", "rt", "seq", "sticky", "prefix", "gateway", "router-mac", "med",
	"local-preference", "origin", "l3vni"};
#define N_KEYWORDS (int)(sizeof(keywords) / sizeof(keywords[0]))
#define REPEATABLE (K_COMM | K_LARGE | K_RT)

static int keyword_bit(const char *w)
{
	for (int i = 0; i < N_KEYWORDS; i++)
		if (strcmp(w, keywords[i]) == 0)
			return 1 << i;
	return 0;
}

static int parse_id(struct words *ws, const char *kw, bool mpls, struct evpn_inject *e)
{
	const char *v = value(ws, kw);

	if (v == NULL)
		return -EINVAL;
	// A label is 20 bits, and 0-15 are reserved (RFC 3032); a VNI 24 bits, not 0.
	if (parse_u32(v, mpls ? 0xfffff : 0xffffff, &e->id) < 0 || e->id < (mpls ? 16u : 1u))
		return fail(ws, "%s: bad %s '%s'", kw, mpls ? "MPLS label (16-1048575)" :
			"VNI (1-16777215)", v);
	e->mpls = mpls;
	return 0;
}

static int parse_rd(struct words *ws, struct evpn_inject *e)
{
	const char *v = value(ws, "rd");

	if (v == NULL)
		return -EINVAL;
	if (evpn_rd_parse(v, &e->rd) < 0)
		return fail(ws, "rd: bad route distinguisher '%s'", v);
	return 0;
}

static int parse_seq(struct words *ws, struct evpn_inject *e)
{
	const char *v = value(ws, "seq");

	if (v == NULL)
		return -EINVAL;
	if (parse_u32(v, UINT32_MAX, &e->seq) < 0)
		return fail(ws, "seq: bad sequence number '%s'", v);
	return 0;
}

static int parse_u32_kw(struct words *ws, const char *kw, uint32_t *out)
{
	const char *v = value(ws, kw);

	if (v == NULL)
		return -EINVAL;
	if (parse_u32(v, UINT32_MAX, out) < 0)
		return fail(ws, "%s: bad number '%s'", kw, v);
	return 0;
}

static int parse_origin(struct words *ws, struct inject_cmd *c)
{
	static const char *const names[] = {"igp", "egp", "incomplete"}; // BGP_ORIGIN_*
	const char *v = value(ws, "origin");

	if (v == NULL)
		return -EINVAL;
	for (uint8_t i = 0; i < 3; i++) {
		if (strcmp(v, names[i]) == 0) {
			c->origin = i;
			return 0;
		}
	}
	return fail(ws, "origin: unknown '%s' (igp, egp, incomplete)", v);
}

// The value of one keyword (bit) into c.
static int option(struct words *ws, int bit, struct inject_cmd *c)
{
	struct evpn_inject *e = &c->evpn;

	switch (bit) {
	case K_NEXTHOP:
		return parse_nexthop(ws, &c->nexthop);
	case K_COMM:
		return list(ws, "community", add_comm, c);
	case K_LARGE:
		return list(ws, "large-community", add_large, c);
	case K_RD:
		return parse_rd(ws, e);
	case K_MAC:
		return parse_mac(ws, "mac", e->mac);
	case K_IP:
		return parse_ip(ws, "ip", &e->ip);
	case K_VNI:
	case K_LABEL:
		return parse_id(ws, bit == K_VNI ? "vni" : "label", bit == K_LABEL, e);
	case K_RT:
		return list(ws, "rt", add_rt, c);
	case K_SEQ:
		return parse_seq(ws, e);
	case K_STICKY:
		e->sticky = true;
		return 0;
	case K_PREFIX:
		return parse_prefix(ws, "prefix", &e->ip, &e->len);
	case K_GATEWAY:
		return parse_ip(ws, "gateway", &e->gw);
	case K_RMAC:
		e->has_rmac = true;
		return parse_mac(ws, "router-mac", e->rmac);
	case K_MED:
		c->has_med = true;
		return parse_u32_kw(ws, "med", &c->med);
	case K_LOCAL_PREF:
		c->has_local_pref = true;
		return parse_u32_kw(ws, "local-preference", &c->local_pref);
	case K_ORIGIN:
		return parse_origin(ws, c);
	case K_L3VNI:
		if (parse_u32_kw(ws, "l3vni", &e->l3vni) < 0)
			return -EINVAL;
		if (e->l3vni < 1 || e->l3vni > 0xffffff)
			return fail(ws, "l3vni: bad VNI (1-16777215) '%u'", e->l3vni);
		return 0;
	default:
		return -EINVAL;
	}
}

// The keywords up to the end of the line, each allowed by `allowed` and once
// unless repeatable; returns those seen (or -EINVAL).
static int options(struct words *ws, int allowed, const char *what, struct inject_cmd *c)
{
	const char *w;
	int seen = 0, bit, ret;

	while ((w = next(ws)) != NULL) {
		if ((bit = keyword_bit(w)) == 0)
			return fail(ws, "unknown keyword '%s'", w);
		if (!(bit & allowed))
			return fail(ws, "'%s' does not apply to %s", w, what);
		if ((seen & bit) && !(bit & REPEATABLE))
			return fail(ws, "'%s' given twice", w);
		if ((bit & (K_VNI | K_LABEL)) && (seen & (K_VNI | K_LABEL)))
			return fail(ws, "give vni or label, not both");
		if ((ret = option(ws, bit, c)) < 0)
			return ret;
		seen |= bit;
	}
	return seen;
}

static int parse_route(struct words *ws, struct inject_cmd *c)
{
	int seen;

	c->kind = INJECT_UNICAST;
	if (parse_prefix(ws, "route", &c->prefix, &c->len) < 0)
		return -EINVAL;
	if ((seen = options(ws, K_NEXTHOP | K_COMM | K_LARGE | K_MED | K_LOCAL_PREF | K_ORIGIN,
		     "a unicast route", c)) < 0)
		return seen;
	if (c->nexthop.family != 0 && c->nexthop.family != c->prefix.family &&
		c->prefix.family == AF_INET6)
		return fail(ws, "next-hop: an IPv6 route needs an IPv6 next hop");
	if (c->nexthop.family == AF_INET6 && c->prefix.family == AF_INET)
		return fail(ws, "next-hop: an IPv4 route needs an IPv4 next hop");
	return 0;
}

struct evpn_kind {
	const char *name;
	uint8_t type;
	int allowed;
	int key;      // needed to withdraw
	int required; // needed to announce (besides the key)
};

static const struct evpn_kind evpn_kinds[] = {
	{"macip", EVPN_RT_MACIP,
		K_RD | K_MAC | K_IP | K_VNI | K_LABEL | K_RT | K_NEXTHOP | K_SEQ | K_STICKY |
			K_L3VNI | K_RMAC,
		K_RD | K_MAC, K_VNI | K_RT},
	{"multicast", EVPN_RT_IMET, K_RD | K_VNI | K_LABEL | K_RT | K_NEXTHOP, K_RD, K_VNI | K_RT},
	{"prefix", EVPN_RT_PREFIX,
		K_RD | K_PREFIX | K_VNI | K_LABEL | K_RT | K_GATEWAY | K_RMAC | K_NEXTHOP,
		K_RD | K_PREFIX, K_VNI | K_RT},
};

// The first keyword of `need` missing from `seen` (vni stands for vni or label).
static const char *missing(int need, int seen)
{
	if (seen & K_LABEL)
		seen |= K_VNI;
	for (int i = 0; i < N_KEYWORDS; i++)
		if ((need & (1 << i)) && !(seen & (1 << i)))
			return keywords[i];
	return NULL;
}

// A MAC+IP route for symmetric IRB (RFC 9135): the L3VNI as its second label
// and the router MAC, together, with an IP, over VXLAN.
static int check_l3vni(struct words *ws, int seen)
{
	if (!(seen & (K_L3VNI | K_RMAC)))
		return 0;
	if (!(seen & K_L3VNI) || !(seen & K_RMAC))
		return fail(ws, "evpn macip: give l3vni and router-mac together");
	if (!(seen & K_IP))
		return fail(ws, "l3vni: a MAC+IP route only ('ip' missing)");
	if (seen & K_LABEL)
		return fail(ws, "l3vni: with vni (VXLAN) only");
	return 0;
}

static int parse_evpn(struct words *ws, struct inject_cmd *c)
{
	const char *w = next(ws), *m;
	const struct evpn_kind *k = NULL;
	char what[32];
	int seen;

	c->kind = INJECT_EVPN;
	for (size_t i = 0; w != NULL && i < sizeof(evpn_kinds) / sizeof(evpn_kinds[0]); i++)
		if (strcmp(w, evpn_kinds[i].name) == 0)
			k = &evpn_kinds[i];
	if (k == NULL)
		return fail(ws, "evpn: route type missing or unknown '%s' (macip, multicast, prefix)",
			w ? w : "");
	c->evpn.type = k->type;
	snprintf(what, sizeof(what), "evpn %s", k->name);
	if ((seen = options(ws, k->allowed, what, c)) < 0)
		return seen;
	int need = k->key | (c->op == INJECT_ANNOUNCE ? k->required : 0);
	if ((m = missing(need, seen)) != NULL)
		return fail(ws, "%s: '%s' missing", what, m);
	if (k->type == EVPN_RT_PREFIX && c->evpn.gw.family != 0 &&
		c->evpn.gw.family != c->evpn.ip.family)
		return fail(ws, "gateway: not of the prefix's address family");
	c->evpn.len = k->type == EVPN_RT_PREFIX ? c->evpn.len : 0;
	return k->type == EVPN_RT_MACIP ? check_l3vni(ws, seen) : 0;
}

int inject_cmd_parse(const char *line, struct inject_cmd *c, char *err, size_t err_len)
{
	static struct words ws; // 2 KiB: control thread only
	const char *w;

	memset(&ws, 0, sizeof(ws));
	memset(c, 0, sizeof(*c));
	ws.err = err;
	ws.err_len = err_len;
	if (split(&ws, line) < 0)
		return -EINVAL;
	if ((w = next(&ws)) == NULL)
		return fail(&ws, "empty line");
	if (strcmp(w, "flush") == 0) {
		c->op = INJECT_FLUSH;
		return ws.n == 1 ? 0 : fail(&ws, "flush takes no argument");
	}
	if (strcmp(w, "announce") == 0)
		c->op = INJECT_ANNOUNCE;
	else if (strcmp(w, "withdraw") == 0)
		c->op = INJECT_WITHDRAW;
	else
		return fail(&ws, "unknown command '%s' (announce, withdraw, flush)", w);
	if ((w = next(&ws)) != NULL && strcmp(w, "route") == 0)
		return parse_route(&ws, c);
	if (w != NULL && strcmp(w, "evpn") == 0)
		return parse_evpn(&ws, c);
	return fail(&ws, "%s: 'route' or 'evpn' expected", c->op == INJECT_ANNOUNCE ? "announce" :
		"withdraw");
}
