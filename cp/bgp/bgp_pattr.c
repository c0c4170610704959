// SPDX-License-Identifier: BSD-3-Clause
// Interned path attribute sets: the control plane's hash table (cp_htable.h)
// of pointers to them, keyed by the whole set.
#include "cp/bgp/bgp_pattr.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp/bgp/bgp_attr.h"
#include "cp/bgp/bgp_decode.h"
#include "cp/cp_hash.h"
#include "cp/cp_htable.h"

#define KEY_OFF offsetof(struct bgp_pattr, has)

static struct {
	struct cp_htable t; // entries: struct bgp_pattr *; no slots while empty
	size_t bytes;
} tab;

static size_t data_len(const struct bgp_pattr *a)
{
	return (size_t)a->aspath_len + 4u * a->n_cluster + 4u * a->n_comm + 8u * a->n_ext +
		12u * a->n_large + a->unknown_len;
}

static size_t key_len(const struct bgp_pattr *a)
{
	return sizeof(struct bgp_pattr) - KEY_OFF + data_len(a);
}

static uint32_t key_hash(const struct bgp_pattr *a)
{
	return (uint32_t)cp_hash_bytes((const uint8_t *)a + KEY_OFF, key_len(a));
}

void bgp_pattr_tmp_init(struct bgp_pattr_tmp *t)
{
	memset(&t->a, 0, sizeof(t->a));
}

static uint8_t *tmp_end(struct bgp_pattr_tmp *t)
{
	return t->a.data + data_len(&t->a);
}

static int tmp_room(struct bgp_pattr_tmp *t, size_t n)
{
	return data_len(&t->a) + n <= BGP_PATTR_DATA_MAX ? 0 : -ENOSPC;
}

int bgp_pattr_tmp_set_aspath(struct bgp_pattr_tmp *t, const uint8_t *p, uint16_t len)
{
	if (data_len(&t->a) != 0)
		return -EINVAL; // the path comes first
	memcpy(t->a.data, p, len);
	t->a.aspath_len = len;
	return 0;
}

// Copies an AS path with 2-octet ASNs into 4-octet form.
static int widen_aspath(struct bgp_pattr_tmp *t, struct bgp_bytes path)
{
	struct bgp_aspath_iter it;
	struct bgp_aspath_seg seg;
	size_t n = 0;
	int ret;

	bgp_aspath_iter_init(&it, path, false);
	while ((ret = bgp_aspath_next(&it, &seg)) > 0) {
		if (n + 2 + 4u * seg.count > BGP_PATTR_DATA_MAX)
			return -ENOSPC;
		t->a.data[n++] = seg.type;
		t->a.data[n++] = seg.count;
		for (unsigned i = 0; i < seg.count; i++, n += 4) {
			uint32_t as = bgp_aspath_seg_asn(&seg, i);
			t->a.data[n] = (uint8_t)(as >> 24), t->a.data[n + 1] = (uint8_t)(as >> 16);
			t->a.data[n + 2] = (uint8_t)(as >> 8), t->a.data[n + 3] = (uint8_t)as;
		}
	}
	if (ret < 0 || n > UINT16_MAX)
		return -EBADMSG;
	t->a.aspath_len = (uint16_t)n;
	return 0;
}

// The first `keep` hops of a 4-octet path into out (a set counts 1, confederation
// segments 0 and are kept); returns the octets written.
static size_t aspath_head(uint8_t *out, struct bgp_bytes path, unsigned keep)
{
	struct bgp_aspath_iter it;
	struct bgp_aspath_seg seg;
	size_t n = 0;

	bgp_aspath_iter_init(&it, path, true);
	while (bgp_aspath_next(&it, &seg) > 0) {
		unsigned take = seg.count;
		if (seg.type == BGP_ASPATH_SEQUENCE)
			take = seg.count < keep ? seg.count : keep;
		else if (seg.type == BGP_ASPATH_SET && keep == 0)
			take = 0;
		if (take == 0)
			continue;
		if (seg.type == BGP_ASPATH_SEQUENCE)
			keep -= take;
		else if (seg.type == BGP_ASPATH_SET)
			keep--;
		out[n++] = seg.type;
		out[n++] = (uint8_t)take;
		memcpy(out + n, seg.asns, 4u * take);
		n += 4u * take;
	}
	return n;
}

// RFC 6793 4.2.3: from a 2-octet speaker, AS4_PATH carries the true ASNs of the
// hops AS_PATH shows as AS_TRANS. t holds the widened AS_PATH only. The result is
// AS_PATH's first (hops - hops of AS4_PATH) hops, then AS4_PATH; an AS4_PATH
// longer than AS_PATH is ignored.
static int merge_as4_path(struct bgp_pattr_tmp *t, struct bgp_bytes as4)
{
	static uint8_t out[BGP_PATTR_DATA_MAX];
	struct bgp_bytes path = {t->a.data, t->a.aspath_len};
	unsigned hops = bgp_aspath_hops(path, true), hops4 = bgp_aspath_hops(as4, true);

	if (hops < hops4)
		return 0;
	size_t n = aspath_head(out, path, hops - hops4);
	if (n + as4.len > sizeof(out) || n + as4.len > UINT16_MAX)
		return -ENOSPC;
	memcpy(out + n, as4.ptr, as4.len);
	n += as4.len;
	memcpy(t->a.data, out, n);
	t->a.aspath_len = (uint16_t)n;
	return 0;
}

// The AS4_* attributes of an UPDATE from a 2-octet speaker (RFC 6793 4.2.3): an
// AGGREGATOR naming a real 2-octet AS wins over both of them.
static int merge_as4(struct bgp_pattr_tmp *t, const struct bgp_update *u)
{
	bool agg = bgp_update_has(u, BGP_ATTR_AGGREGATOR);
	bool agg4 = bgp_update_has(u, BGP_ATTR_AS4_AGGREGATOR);

	if (agg && agg4 && u->aggregator.asn != BGP_AS_TRANS)
		return 0;
	if (agg && agg4)
		t->a.aggregator = u->as4_aggregator;
	if (bgp_update_has(u, BGP_ATTR_AS4_PATH) && bgp_update_has(u, BGP_ATTR_AS_PATH))
		return merge_as4_path(t, u->as4_path);
	return 0;
}

static int append(struct bgp_pattr_tmp *t, struct bgp_bytes b, uint16_t *count, unsigned size)
{
	if (tmp_room(t, b.len) < 0)
		return -ENOSPC;
	memcpy(tmp_end(t), b.ptr, b.len);
	*count = (uint16_t)(b.len / size);
	return 0;
}

static int append_unknown(struct bgp_pattr_tmp *t, const struct bgp_update *u)
{
	for (unsigned i = 0; i < u->n_unknown; i++) {
		const struct bgp_raw_attr *r = &u->unknown[i];
		if (tmp_room(t, 4u + r->value.len) < 0)
			return -ENOSPC;
		uint8_t *p = tmp_end(t);
		p[0] = r->flags, p[1] = r->type;
		p[2] = (uint8_t)(r->value.len >> 8), p[3] = (uint8_t)r->value.len;
		memcpy(p + 4, r->value.ptr, r->value.len);
		t->a.unknown_len = (uint16_t)(t->a.unknown_len + 4 + r->value.len);
	}
	return 0;
}

int bgp_pattr_tmp_add_ext(struct bgp_pattr_tmp *t, const uint8_t *ext, size_t len)
{
	if (len % 8 != 0 || len > UINT16_MAX || t->a.n_large > 0 || t->a.unknown_len > 0)
		return -EINVAL; // whole communities, and data keeps its order
	return append(t, (struct bgp_bytes){ext, (uint16_t)len}, &t->a.n_ext, 8);
}

int bgp_pattr_tmp_add_comm(struct bgp_pattr_tmp *t, const uint8_t *comm, size_t len)
{
	if (len % 4 != 0 || len > UINT16_MAX || t->a.n_ext > 0 || t->a.n_large > 0 ||
		t->a.unknown_len > 0)
		return -EINVAL;
	return append(t, (struct bgp_bytes){comm, (uint16_t)len}, &t->a.n_comm, 4);
}

int bgp_pattr_tmp_add_large(struct bgp_pattr_tmp *t, const uint8_t *large, size_t len)
{
	if (len % 12 != 0 || len > UINT16_MAX || t->a.unknown_len > 0)
		return -EINVAL;
	return append(t, (struct bgp_bytes){large, (uint16_t)len}, &t->a.n_large, 12);
}

int bgp_pattr_tmp_add_lists(struct bgp_pattr_tmp *t, const struct bgp_update *u)
{
	bool has_cl = bgp_update_has(u, BGP_ATTR_CLUSTER_LIST);

	if ((has_cl && append(t, u->cluster_list, &t->a.n_cluster, 4) < 0) ||
		(bgp_update_has(u, BGP_ATTR_COMMUNITIES) &&
			append(t, u->communities, &t->a.n_comm, 4) < 0) ||
		(bgp_update_has(u, BGP_ATTR_EXT_COMMUNITIES) &&
			append(t, u->ext_communities, &t->a.n_ext, 8) < 0) ||
		(bgp_update_has(u, BGP_ATTR_LARGE_COMMUNITY) &&
			append(t, u->large_communities, &t->a.n_large, 12) < 0))
		return -ENOSPC;
	return append_unknown(t, u);
}

int bgp_pattr_from_update(struct bgp_pattr_tmp *t, const struct bgp_update *u, bool four_octet)
{
	struct bgp_pattr *a = &t->a;
	int ret;

	bgp_pattr_tmp_init(t);
	a->origin = u->origin;
	a->next_hop = u->next_hop;
	if (bgp_update_has(u, BGP_ATTR_MED))
		a->has |= BGP_AS_MED, a->med = u->med;
	if (bgp_update_has(u, BGP_ATTR_LOCAL_PREF))
		a->has |= BGP_AS_LOCAL_PREF, a->local_pref = u->local_pref;
	if (bgp_update_has(u, BGP_ATTR_ATOMIC_AGGREGATE))
		a->has |= BGP_AS_ATOMIC_AGGREGATE;
	if (bgp_update_has(u, BGP_ATTR_AGGREGATOR))
		a->has |= BGP_AS_AGGREGATOR, a->aggregator = u->aggregator;
	if (bgp_update_has(u, BGP_ATTR_ORIGINATOR_ID))
		a->has |= BGP_AS_ORIGINATOR_ID, a->originator_id = u->originator_id;
	if (bgp_update_has(u, BGP_ATTR_PMSI_TUNNEL) && u->pmsi.tunnel_id.len <= BGP_PATTR_PMSI_ID_MAX) {
		a->has |= BGP_AS_PMSI_TUNNEL;
		a->pmsi_flags = u->pmsi.flags;
		a->pmsi_type = u->pmsi.tunnel_type;
		a->pmsi_label = u->pmsi.label;
		a->pmsi_id_len = (uint8_t)u->pmsi.tunnel_id.len;
		memcpy(a->pmsi_id, u->pmsi.tunnel_id.ptr, u->pmsi.tunnel_id.len);
	}
	if (bgp_update_has(u, BGP_ATTR_AS_PATH)) {
		if (four_octet || u->as4_path_width)
			ret = bgp_pattr_tmp_set_aspath(t, u->as_path.ptr, u->as_path.len);
		else
			ret = widen_aspath(t, u->as_path);
		if (ret < 0)
			return ret;
	}
	if (!four_octet && !u->as4_path_width && (ret = merge_as4(t, u)) < 0)
		return ret;
	return bgp_pattr_tmp_add_lists(t, u);
}

// An entry of the table is the same set as key (a struct bgp_pattr).
static bool same_set(const void *entry, const void *key, void *arg)
{
	const struct bgp_pattr *a = *(struct bgp_pattr *const *)entry, *k = key;
	size_t klen = *(const size_t *)arg;

	return key_len(a) == klen &&
	       memcmp((const uint8_t *)a + KEY_OFF, (const uint8_t *)k + KEY_OFF, klen) == 0;
}

// An entry of the table is key itself.
static bool is_set(const void *entry, const void *key, void *arg)
{
	(void)arg;
	return *(struct bgp_pattr *const *)entry == key;
}

struct bgp_pattr *bgp_pattr_intern(const struct bgp_pattr_tmp *t)
{
	const struct bgp_pattr *k = &t->a;
	uint32_t h = key_hash(k);
	size_t klen = key_len(k);
	struct bgp_pattr **e;

	if (tab.t.slots == NULL &&
		cp_htable_init(&tab.t, sizeof(struct bgp_pattr *), _Alignof(struct bgp_pattr *), 512) < 0)
		return NULL;
	uint32_t i = cp_htable_probe(&tab.t, h, k, same_set, &klen);
	if (cp_htable_used(&tab.t, i))
		return bgp_pattr_ref(*(struct bgp_pattr **)cp_htable_at(&tab.t, i));
	size_t size = sizeof(*k) + data_len(k);
	struct bgp_pattr *a = malloc(size);
	if (a == NULL)
		return NULL;
	if ((e = cp_htable_fill(&tab.t, i, h)) == NULL) {
		free(a);
		return NULL;
	}
	memcpy(a, k, size);
	a->hash = h;
	a->refcnt = 1;
	*e = a;
	tab.bytes += size;
	return a;
}

struct bgp_pattr *bgp_pattr_ref(struct bgp_pattr *a)
{
	if (a != NULL)
		a->refcnt++;
	return a;
}

void bgp_pattr_unref(struct bgp_pattr *a)
{
	if (a == NULL || --a->refcnt > 0)
		return;
	cp_htable_del_at(&tab.t, cp_htable_probe(&tab.t, a->hash, a, is_set, NULL));
	tab.bytes -= sizeof(*a) + data_len(a);
	free(a);
	if (cp_htable_count(&tab.t) == 0) { // everything gone (shutdown, tests): the table too
		cp_htable_fini(&tab.t);
		memset(&tab, 0, sizeof(tab));
	}
}

size_t bgp_pattr_count(void)
{
	return cp_htable_count(&tab.t);
}

size_t bgp_pattr_bytes(void)
{
	return tab.bytes + cp_htable_bytes(&tab.t);
}

static struct bgp_bytes view(const struct bgp_pattr *a, size_t off, size_t len)
{
	return (struct bgp_bytes){.ptr = a->data + off, .len = (uint16_t)len};
}

struct bgp_bytes bgp_pattr_aspath(const struct bgp_pattr *a)
{
	return view(a, 0, a->aspath_len);
}

struct bgp_bytes bgp_pattr_clusters(const struct bgp_pattr *a)
{
	return view(a, a->aspath_len, 4u * a->n_cluster);
}

struct bgp_bytes bgp_pattr_comms(const struct bgp_pattr *a)
{
	return view(a, a->aspath_len + 4u * a->n_cluster, 4u * a->n_comm);
}

struct bgp_bytes bgp_pattr_ext(const struct bgp_pattr *a)
{
	return view(a, a->aspath_len + 4u * (a->n_cluster + a->n_comm), 8u * a->n_ext);
}

struct bgp_bytes bgp_pattr_large(const struct bgp_pattr *a)
{
	size_t off = a->aspath_len + 4u * (a->n_cluster + a->n_comm) + 8u * a->n_ext;
	return view(a, off, 12u * a->n_large);
}

struct bgp_bytes bgp_pattr_unknown(const struct bgp_pattr *a)
{
	size_t off = a->aspath_len + 4u * (a->n_cluster + a->n_comm) + 8u * a->n_ext +
		12u * a->n_large;
	return view(a, off, a->unknown_len);
}
