// SPDX-License-Identifier: BSD-3-Clause
// VNIs of the EVPN instance: FRR-compatible RD/RT derivation and overrides.
#include "evpn_vni.h"
#include "evpn_rt_index.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int evpn_rd_id_alloc(struct evpn_inst *in)
{
	for (unsigned w = 0; w < EVPN_RD_ID_SPACE / 64; w++) {
		if (in->rd_ids[w] == UINT64_MAX)
			continue;
		unsigned b = (unsigned)__builtin_ctzll(~in->rd_ids[w]);
		in->rd_ids[w] |= 1ull << b;
		return (int)(w * 64 + b);
	}
	return -ENOSPC;
}

void evpn_rd_id_free(struct evpn_inst *in, uint16_t id)
{
	if (id > 1) // 0 and 1 stay reserved
		in->rd_ids[id / 64] &= ~(1ull << (id % 64));
}

struct evpn_rt evpn_auto_rt(const struct evpn_inst *in, uint32_t vni)
{
	uint32_t local = vni | (in->autort_rfc8365 ? EVPN_AUTORT_RFC8365 : 0);
	// Always the two-octet form with the low 16 bits of the AS, as FRR.
	return evpn_rt_as(in->asn & 0xffff, local);
}

static void derive(const struct evpn_inst *in, struct evpn_vni *v)
{
	if (!v->rd_configured)
		evpn_rd_make_ip(&v->rd, in->router_id, v->rd_id);
	struct evpn_rt rt = evpn_auto_rt(in, v->vni);
	if (!v->import.configured) {
		v->import.n = 1;
		v->import.rt[0] = rt;
	}
	if (!v->export.configured) {
		v->export.n = 1;
		v->export.rt[0] = rt;
	}
}

static void derive_all(struct evpn_inst *in)
{
	in->gen++; // auto route targets change with the ASN
	for (uint32_t i = 0; i < in->n_vni; i++)
		derive(in, &in->vnis[i]);
}

void evpn_inst_init(struct evpn_inst *in, uint32_t asn, const uint8_t router_id[4])
{
	memset(in, 0, sizeof(*in));
	in->asn = asn;
	memcpy(in->router_id, router_id, 4);
	in->rd_ids[0] = 0x3; // 0: reserved at start-up; 1: the default BGP instance
}

void evpn_inst_fini(struct evpn_inst *in)
{
	evpn_rt_index_free(in);
	free(in->vnis);
	in->vnis = NULL;
	in->n_vni = in->cap_vni = 0;
}

void evpn_inst_set_router_id(struct evpn_inst *in, const uint8_t router_id[4])
{
	memcpy(in->router_id, router_id, 4);
	derive_all(in);
}

void evpn_inst_set_asn(struct evpn_inst *in, uint32_t asn)
{
	in->asn = asn;
	derive_all(in);
}

void evpn_inst_set_autort_rfc8365(struct evpn_inst *in, bool on)
{
	in->autort_rfc8365 = on;
	derive_all(in);
}

// Index of the first VNI >= vni.
static uint32_t lower_bound(const struct evpn_inst *in, uint32_t vni)
{
	uint32_t lo = 0, hi = in->n_vni;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (in->vnis[mid].vni < vni)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct evpn_vni *evpn_vni_find(const struct evpn_inst *in, uint32_t vni)
{
	uint32_t i = lower_bound(in, vni);
	return i < in->n_vni && in->vnis[i].vni == vni ? &in->vnis[i] : NULL;
}

static int grow(struct evpn_inst *in)
{
	if (in->n_vni < in->cap_vni)
		return 0;
	uint32_t cap = in->cap_vni ? in->cap_vni * 2 : 16;
	struct evpn_vni *n = realloc(in->vnis, (size_t)cap * sizeof(*n));
	if (n == NULL)
		return -ENOMEM;
	in->vnis = n;
	in->cap_vni = cap;
	return 0;
}

struct evpn_vni *evpn_vni_add(struct evpn_inst *in, uint32_t vni)
{
	uint32_t i = lower_bound(in, vni);
	if (i < in->n_vni && in->vnis[i].vni == vni) {
		errno = EEXIST;
		return NULL;
	}
	if (grow(in) < 0) {
		errno = ENOMEM;
		return NULL;
	}
	int id = evpn_rd_id_alloc(in);
	if (id < 0) {
		errno = ENOSPC;
		return NULL;
	}
	memmove(&in->vnis[i + 1], &in->vnis[i], (in->n_vni - i) * sizeof(in->vnis[0]));
	in->n_vni++;
	in->gen++;
	struct evpn_vni *v = &in->vnis[i];
	memset(v, 0, sizeof(*v));
	v->vni = vni;
	v->rd_id = (uint16_t)id;
	derive(in, v);
	return v;
}

int evpn_vni_del(struct evpn_inst *in, uint32_t vni)
{
	uint32_t i = lower_bound(in, vni);
	if (i >= in->n_vni || in->vnis[i].vni != vni)
		return -ENOENT;
	evpn_rd_id_free(in, in->vnis[i].rd_id);
	memmove(&in->vnis[i], &in->vnis[i + 1], (in->n_vni - i - 1) * sizeof(in->vnis[0]));
	in->n_vni--;
	in->gen++;
	return 0;
}

void evpn_vni_set_rd(struct evpn_inst *in, struct evpn_vni *v, const struct evpn_rd *rd)
{
	v->rd_configured = rd != NULL;
	if (rd)
		v->rd = *rd;
	derive(in, v);
}

static int list_find(const struct evpn_rt_list *l, const struct evpn_rt *rt)
{
	for (int i = 0; i < l->n; i++)
		if (memcmp(l->rt[i].b, rt->b, EVPN_ECOMM_LEN) == 0)
			return i;
	return -1;
}

static int list_add(struct evpn_rt_list *l, const struct evpn_rt *rt)
{
	if (!l->configured) {
		l->n = 0; // the first configured RT replaces the auto one
		l->configured = true;
	}
	if (list_find(l, rt) >= 0)
		return 0;
	if (l->n >= EVPN_VNI_MAX_RT)
		return -ENOSPC;
	l->rt[l->n++] = *rt;
	return 0;
}

static int list_del(struct evpn_rt_list *l, const struct evpn_rt *rt)
{
	int i = l->configured ? list_find(l, rt) : -1;
	if (i < 0)
		return -ENOENT;
	memmove(&l->rt[i], &l->rt[i + 1], (size_t)(l->n - i - 1) * sizeof(l->rt[0]));
	l->n--;
	if (l->n == 0)
		l->configured = false; // back to auto (derive refills it)
	return 0;
}

int evpn_vni_rt_add(
	struct evpn_inst *in, struct evpn_vni *v, enum evpn_rt_dir dir, const struct evpn_rt *rt)
{
	// Check room first so that `both` changes both lists or neither.
	if ((dir & EVPN_RT_IMPORT) && v->import.configured && list_find(&v->import, rt) < 0 &&
		v->import.n >= EVPN_VNI_MAX_RT)
		return -ENOSPC;
	if ((dir & EVPN_RT_EXPORT) && v->export.configured && list_find(&v->export, rt) < 0 &&
		v->export.n >= EVPN_VNI_MAX_RT)
		return -ENOSPC;
	if (dir & EVPN_RT_IMPORT)
		list_add(&v->import, rt);
	if (dir & EVPN_RT_EXPORT)
		list_add(&v->export, rt);
	derive(in, v);
	in->gen++;
	return 0;
}

int evpn_vni_rt_del(
	struct evpn_inst *in, struct evpn_vni *v, enum evpn_rt_dir dir, const struct evpn_rt *rt)
{
	int rc = 0;
	if ((dir & EVPN_RT_IMPORT) && list_del(&v->import, rt) < 0)
		rc = -ENOENT;
	if ((dir & EVPN_RT_EXPORT) && list_del(&v->export, rt) < 0)
		rc = -ENOENT;
	derive(in, v);
	in->gen++;
	return rc;
}

bool evpn_vni_imports(const struct evpn_vni *v, const uint8_t *ecomm, size_t len)
{
	for (size_t off = 0; ecomm && off + EVPN_ECOMM_LEN <= len; off += EVPN_ECOMM_LEN) {
		const uint8_t *c = ecomm + off;
		if (!evpn_ecomm_is_rt(c))
			continue;
		for (unsigned i = 0; i < v->import.n; i++) {
			const uint8_t *r = v->import.rt[i].b;
			// Compare with the non-transitive bit (0x40) masked out.
			if ((c[0] & 0xbf) == (r[0] & 0xbf) && memcmp(c + 1, r + 1, 7) == 0)
				return true;
		}
	}
	return false;
}
