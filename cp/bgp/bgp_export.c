// SPDX-License-Identifier: BSD-3-Clause
// Outbound attributes (RFC 4271 5.1, 9.1.3; RFC 4456 8). Builds the exported set
// next to the received one and interns it, so peers of a group share it and a
// change is a pointer comparison.
#include "cp/bgp/bgp_export.h"

#include <stdint.h>
#include <string.h>

#include "cp/bgp/bgp_family.h"
#include "cp/bgp/bgp_speaker.h"

#define DEFAULT_LOCAL_PREF 100

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

// AS path with asn in front: into the first AS_SEQUENCE when it has room.
static size_t prepend_as(uint8_t *out, struct bgp_bytes path, uint32_t asn)
{
	if (path.len >= 2 && path.ptr[0] == BGP_ASPATH_SEQUENCE && path.ptr[1] < 255) {
		out[0] = BGP_ASPATH_SEQUENCE;
		out[1] = (uint8_t)(path.ptr[1] + 1);
		put32(out + 2, asn);
		memcpy(out + 6, path.ptr + 2, path.len - 2u);
		return path.len + 4u;
	}
	out[0] = BGP_ASPATH_SEQUENCE;
	out[1] = 1;
	put32(out + 2, asn);
	memcpy(out + 6, path.ptr, path.len);
	return path.len + 6u;
}

static void copy_bytes(struct bgp_pattr_tmp *t, size_t *off, struct bgp_bytes b)
{
	if (*off + b.len > BGP_PATTR_DATA_MAX)
		return;
	memcpy(t->a.data + *off, b.ptr, b.len);
	*off += b.len;
}

// Copies a's lists into t, with the AS path and cluster list changed as asked.
static int copy_lists(struct bgp_pattr_tmp *t, const struct bgp_pattr *a, uint32_t prepend,
	bool keep_clusters, const struct in_addr *cluster)
{
	struct bgp_bytes path = bgp_pattr_aspath(a);
	size_t off = 0;

	if ((size_t)path.len + 6 + 4u * (a->n_cluster + 1u) + a->n_comm * 4u + a->n_ext * 8u +
			a->n_large * 12u + a->unknown_len >
		BGP_PATTR_DATA_MAX)
		return -1;
	off = prepend ? prepend_as(t->a.data, path, prepend) : (memcpy(t->a.data, path.ptr, path.len), path.len);
	t->a.aspath_len = (uint16_t)off;
	t->a.n_cluster = 0;
	if (cluster != NULL) {
		memcpy(t->a.data + off, &cluster->s_addr, 4);
		off += 4;
		t->a.n_cluster = 1;
	}
	if (keep_clusters) {
		copy_bytes(t, &off, bgp_pattr_clusters(a));
		t->a.n_cluster = (uint16_t)(t->a.n_cluster + a->n_cluster);
	}
	copy_bytes(t, &off, bgp_pattr_comms(a));
	copy_bytes(t, &off, bgp_pattr_ext(a));
	copy_bytes(t, &off, bgp_pattr_large(a));
	copy_bytes(t, &off, bgp_pattr_unknown(a));
	return 0;
}

static void copy_fixed(struct bgp_pattr_tmp *t, const struct bgp_pattr *a)
{
	bgp_pattr_tmp_init(t);
	t->a.has = a->has;
	t->a.origin = a->origin;
	t->a.next_hop = a->next_hop;
	t->a.med = a->med;
	t->a.local_pref = a->local_pref;
	t->a.aggregator = a->aggregator;
	t->a.originator_id = a->originator_id;
	t->a.next_hop6 = a->next_hop6;
	t->a.pmsi_flags = a->pmsi_flags;
	t->a.pmsi_type = a->pmsi_type;
	t->a.pmsi_id_len = a->pmsi_id_len;
	t->a.pmsi_label = a->pmsi_label;
	memcpy(t->a.pmsi_id, a->pmsi_id, sizeof(t->a.pmsi_id));
	t->a.n_comm = a->n_comm;
	t->a.n_ext = a->n_ext;
	t->a.n_large = a->n_large;
	t->a.unknown_len = a->unknown_len;
}

// Next hop self: our address towards the group, IPv4 (IPv6 for IPv6 routes).
static void nh_self(struct bgp_pattr_tmp *t, const struct bgp_export_key *k, bool v6)
{
	t->a.next_hop.s_addr = v6 ? 0 : k->local.s_addr;
	t->a.has &= ~(uint32_t)BGP_PATTR_NH6;
	memset(&t->a.next_hop6, 0, sizeof(t->a.next_hop6));
	if (v6) {
		t->a.has |= BGP_PATTR_NH6;
		t->a.next_hop6 = k->local6;
	}
}

static bool is_v6(uint8_t af)
{
	return af == BGP_AF_IPV6_UNICAST;
}

// The family's paths keep their next hop (its table says so, bgp_family.h).
static bool keeps_next_hop(uint8_t af)
{
	const struct bgp_family *f = bgp_family_get(af);

	return f != NULL && f->keep_next_hop;
}

// The source is a route-reflector client in the path's family.
static bool from_client(const struct bgp_src *src, uint8_t af)
{
	return af < BGP_AF_MAX && src->rr_client[af];
}

static int to_ebgp(struct bgp_pattr_tmp *t, const struct bgp_path *best, uint8_t af,
	const struct bgp_export_key *k)
{
	if (!keeps_next_hop(af)) // e.g. an EVPN next hop is the VTEP: it stays
		nh_self(t, k, is_v6(af));
	t->a.has &= ~(uint32_t)(BGP_AS_LOCAL_PREF | BGP_AS_ORIGINATOR_ID);
	if (!best->src->local) // a MED is not passed on to a third AS
		t->a.has &= ~(uint32_t)BGP_AS_MED;
	return copy_lists(t, best->attrs, bgp_glob()->asn, false, NULL);
}

static int to_ibgp(struct bgp_pattr_tmp *t, const struct bgp_path *best, uint8_t af,
	const struct bgp_export_key *k)
{
	const struct bgp_src *src = best->src;

	if (!(t->a.has & BGP_AS_LOCAL_PREF)) {
		t->a.has |= BGP_AS_LOCAL_PREF;
		t->a.local_pref = DEFAULT_LOCAL_PREF;
	}
	// An IPv6 next hop (RFC 8950) goes only where it was negotiated.
	// An IPv6 route keeps its (IPv6) next hop.
	// A family that keeps next hops (an EVPN route: its VTEP) keeps it.
	bool nh6 = (t->a.has & BGP_PATTR_NH6) != 0;
	// A local route without a next hop (a network statement) gets ours; one
	// injected with a next hop (cp/inject) keeps it, as a reflected one does.
	bool keep = is_v6(af) ? nh6 : nh6 ? k->ext_nh : t->a.next_hop.s_addr != 0;
	if (!keeps_next_hop(af) && !keep)
		nh_self(t, k, is_v6(af));
	if (src->local || src->ebgp)
		return copy_lists(t, best->attrs, 0, true, NULL);
	// Reflected: remember the originator and add our cluster.
	if (!(t->a.has & BGP_AS_ORIGINATOR_ID)) {
		t->a.has |= BGP_AS_ORIGINATOR_ID;
		t->a.originator_id = src->router_id;
	}
	return copy_lists(t, best->attrs, 0, true, &bgp_glob()->cluster_id);
}

static bool af_negotiated(uint8_t af, const struct bgp_export_key *k)
{
	return af < BGP_AF_MAX && k->af[af];
}

bool bgp_export_allowed(const struct bgp_path *best, uint8_t af, const struct bgp_export_key *k)
{
	if (best == NULL || !af_negotiated(af, k))
		return false;
	const struct bgp_src *src = best->src;
	if (k->self != NULL && src->owner == k->self)
		return false; // never back where it came from
	// iBGP to iBGP only by reflection: from a client to all, else to clients.
	if (!k->ebgp && !src->local && !src->ebgp && !from_client(src, af) && !k->rr_client)
		return false;
	if (k->ebgp && !src->local && src->ebgp && bgp_pattr_first_as(best->attrs) == k->remote_as)
		return false; // it would be refused there anyway (its own AS)
	return true;
}

struct bgp_pattr *bgp_export_path(
	const struct bgp_path *best, uint8_t af, const struct bgp_export_key *k)
{
	static struct bgp_pattr_tmp t;

	if (!bgp_export_allowed(best, af, k))
		return NULL;
	copy_fixed(&t, best->attrs);
	if ((k->ebgp ? to_ebgp(&t, best, af, k) : to_ibgp(&t, best, af, k)) < 0)
		return NULL;
	return bgp_pattr_intern(&t);
}

struct bgp_pattr *bgp_export(const struct bgp_dest *d, const struct bgp_export_key *k)
{
	return bgp_export_path(bgp_dest_best(d), d->af, k);
}

static void slot_clear(struct bgp_export_memo_slot *s)
{
	bgp_pattr_unref(s->in);
	bgp_pattr_unref(s->out);
	memset(s, 0, sizeof(*s));
}

void bgp_export_memo_clear(struct bgp_export_memo *m)
{
	for (uint64_t u = m->used; u != 0; u &= u - 1)
		slot_clear(&m->slot[__builtin_ctzll(u)]);
	m->used = 0;
}

static unsigned slot_of(const struct bgp_pattr *in, uint8_t af)
{
	uint64_t x = (uint64_t)(uintptr_t)in ^ af;
	return (unsigned)((x * 0x9e3779b97f4a7c15ull) >> 58); // 64 slots
}

_Static_assert(BGP_EXPORT_MEMO_SLOTS == 64, "slot_of and used assume 64 slots");

struct bgp_pattr *bgp_export_memo(const struct bgp_dest *d, const struct bgp_export_key *k,
	struct bgp_export_memo *m)
{
	return bgp_export_memo_path(bgp_dest_best(d), d->af, k, m);
}

struct bgp_pattr *bgp_export_memo_path(const struct bgp_path *best, uint8_t af,
	const struct bgp_export_key *k, struct bgp_export_memo *m)
{
	if (best == NULL)
		return NULL;
	// Everything bgp_export reads besides d's prefix: the attribute set (held,
	// so its address cannot be reused), the source's flags, the family, k
	// (fixed) and the speaker's ASN and cluster ID.
	const struct bgp_src *src = best->src;
	const struct bgp_globals *g = bgp_glob();
	unsigned i = slot_of(best->attrs, af);
	struct bgp_export_memo_slot *s = &m->slot[i];
	if (s->in == best->attrs && s->af == af && s->owner == src->owner && s->local == src->local &&
		s->ebgp == src->ebgp && s->rr_client == from_client(src, af) &&
		s->router_id.s_addr == src->router_id.s_addr && s->asn == g->asn &&
		s->cluster_id.s_addr == g->cluster_id.s_addr)
		return bgp_pattr_ref(s->out);
	struct bgp_pattr *out = bgp_export_path(best, af, k);
	if (out == NULL)
		return NULL; // not remembered: it may be a failure to intern
	slot_clear(s);
	m->used |= 1ull << i;
	s->in = bgp_pattr_ref(best->attrs);
	s->out = bgp_pattr_ref(out);
	s->owner = src->owner;
	s->local = src->local, s->ebgp = src->ebgp, s->rr_client = from_client(src, af);
	s->router_id = src->router_id;
	s->asn = g->asn;
	s->cluster_id = g->cluster_id;
	s->af = af;
	return out;
}
