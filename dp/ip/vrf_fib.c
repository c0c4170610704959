// SPDX-License-Identifier: BSD-3-Clause
// rte_fib (IPv4, DIR-24-8 with 2-byte next hops: one 32 MB table per VRF, one read
// for a prefix up to /24) and rte_fib6 (a trie) behind one small interface. The RIB
// each keeps beside its lookup table answers the exact-prefix queries.
#include "dp/ip/vrf_fib.h"

#include <errno.h>
#include <rte_byteorder.h>
#include <rte_errno.h>
#include <rte_fib.h>
#include <rte_fib6.h>
#include <rte_malloc.h>
#include <rte_memzone.h>
#include <rte_rib.h>
#include <rte_rib6.h>
#include <stdio.h>
#include <string.h>

#define VRF_FIB_TBL8 1024 // at least: /25 and longer IPv4 prefixes' 256-entry groups

static uint32_t vrf_fib_routes = VRF_FIB_MAX_ROUTES;

int vrf_fib_size(uint32_t routes)
{
	if (routes < 1024 || routes > (1u << 24))
		return -EINVAL;
	vrf_fib_routes = routes;
	return 0;
}

// Groups of 256 entries for the routes longer than /24 (IPv4) and the trie's nodes
// (IPv6): one per 8 routes, so /32 host routes fill a FIB when they are fewer than 8
// per /24 on average (512 bytes a group with 2-byte next hops).
static uint32_t vrf_fib_tbl8(void)
{
	return RTE_MAX(vrf_fib_routes / 8, (uint32_t)VRF_FIB_TBL8);
}

// A 2-byte entry holds a group's number in 15 bits: more groups need 4-byte entries
// (and twice the memory: 64 MiB instead of 32 for the IPv4 table of /24s).
#define VRF_FIB_TBL8_2B_MAX 32767u

struct vrf_fib *vrf_fib_create(uint16_t vrf)
{
	struct rte_fib_conf c4 = {
		.type = RTE_FIB_DIR24_8,
		.default_nh = 0,
		.max_routes = (int)vrf_fib_routes,
		.dir24_8 = {.nh_sz = vrf_fib_tbl8() > VRF_FIB_TBL8_2B_MAX ? RTE_FIB_DIR24_8_4B
									   : RTE_FIB_DIR24_8_2B,
			.num_tbl8 = vrf_fib_tbl8()},
	};
	struct rte_fib6_conf c6 = {
		.type = RTE_FIB6_TRIE,
		.default_nh = 0,
		.max_routes = (int)vrf_fib_routes,
		.trie = {.nh_sz = RTE_MAX(vrf_fib_tbl8(), 4u * VRF_FIB_TBL8) > VRF_FIB_TBL8_2B_MAX
				? RTE_FIB6_TRIE_4B
				: RTE_FIB6_TRIE_2B,
			.num_tbl8 = RTE_MAX(vrf_fib_tbl8(), 4u * VRF_FIB_TBL8)},
	};
	struct vrf_fib *f = rte_zmalloc("vrf_fib", sizeof(*f), 0);
	char name[RTE_MEMZONE_NAMESIZE];

	if (f == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	f->vrf = vrf;
	snprintf(name, sizeof(name), "fib4_%u", vrf);
	f->v4 = rte_fib_create(name, SOCKET_ID_ANY, &c4);
	snprintf(name, sizeof(name), "fib6_%u", vrf);
	f->v6 = f->v4 != NULL ? rte_fib6_create(name, SOCKET_ID_ANY, &c6) : NULL;
	if (f->v6 == NULL) {
		errno = rte_errno ? rte_errno : ENOMEM;
		vrf_fib_free(f);
		return NULL;
	}
	return f;
}

void vrf_fib_free(struct vrf_fib *f)
{
	if (f == NULL)
		return;
	rte_fib_free(f->v4);
	rte_fib6_free(f->v6);
	rte_free(f);
}

// Whether the prefix is well formed: a family, a length it allows, no host bits.
static bool vrf_fib_prefix_ok(const struct dp_ip *p, uint8_t len)
{
	unsigned bytes = p->family == AF_INET ? 4 : 16;

	if ((p->family != AF_INET && p->family != AF_INET6) || len > bytes * 8)
		return false;
	for (unsigned b = len; b < bytes * 8; b++)
		if (p->bytes[b / 8] & (0x80 >> (b % 8)))
			return false;
	return true;
}

int vrf_fib_add(struct vrf_fib *f, const struct dp_ip *prefix, uint8_t len, uint32_t rnh)
{
	uint32_t old;
	bool existed;
	int ret;

	if (!vrf_fib_prefix_ok(prefix, len) || rnh == 0 || rnh >= DP_MAX_RNH)
		return -EINVAL;
	existed = vrf_fib_get(f, prefix, len, &old) == 0;
	if (prefix->family == AF_INET)
		ret = rte_fib_add(f->v4, rte_be_to_cpu_32(prefix->v4.s_addr), len, rnh);
	else
		ret = rte_fib6_add(f->v6, prefix->bytes, len, rnh);
	if (ret < 0)
		return ret == -EINVAL ? -EINVAL : -ENOSPC;
	if (!existed)
		(*(prefix->family == AF_INET ? &f->n_routes4 : &f->n_routes6))++;
	return 0;
}

int vrf_fib_del(struct vrf_fib *f, const struct dp_ip *prefix, uint8_t len)
{
	uint32_t old;
	int ret;

	if (!vrf_fib_prefix_ok(prefix, len))
		return -EINVAL;
	if (vrf_fib_get(f, prefix, len, &old) != 0)
		return -ENOENT;
	if (prefix->family == AF_INET)
		ret = rte_fib_delete(f->v4, rte_be_to_cpu_32(prefix->v4.s_addr), len);
	else
		ret = rte_fib6_delete(f->v6, prefix->bytes, len);
	if (ret < 0)
		return ret;
	(*(prefix->family == AF_INET ? &f->n_routes4 : &f->n_routes6))--;
	return 0;
}

int vrf_fib_get(const struct vrf_fib *f, const struct dp_ip *prefix, uint8_t len, uint32_t *rnh)
{
	uint64_t nh;

	if (!vrf_fib_prefix_ok(prefix, len))
		return -EINVAL;
	if (prefix->family == AF_INET) {
		struct rte_rib *rib = rte_fib_get_rib(f->v4);
		struct rte_rib_node *n =
			rte_rib_lookup_exact(rib, rte_be_to_cpu_32(prefix->v4.s_addr), len);
		if (n == NULL || rte_rib_get_nh(n, &nh) != 0)
			return -ENOENT;
	} else {
		struct rte_rib6 *rib = rte_fib6_get_rib(f->v6);
		struct rte_rib6_node *n = rte_rib6_lookup_exact(rib, prefix->bytes, len);
		if (n == NULL || rte_rib6_get_nh(n, &nh) != 0)
			return -ENOENT;
	}
	*rnh = (uint32_t)nh;
	return 0;
}

void vrf_fib_lookup4(const struct vrf_fib *f, const uint32_t *be_ips, uint32_t *rnh, unsigned n)
{
	uint32_t ips[VRF_FIB_BULK_MAX];
	uint64_t nh[VRF_FIB_BULK_MAX];

	if (n > VRF_FIB_BULK_MAX)
		n = VRF_FIB_BULK_MAX;
	for (unsigned i = 0; i < n; i++)
		ips[i] = rte_be_to_cpu_32(be_ips[i]);
	rte_fib_lookup_bulk(f->v4, ips, nh, (int)n);
	for (unsigned i = 0; i < n; i++)
		rnh[i] = (uint32_t)nh[i];
}

void vrf_fib_lookup6(const struct vrf_fib *f, const uint8_t (*ips)[16], uint32_t *rnh, unsigned n)
{
	uint64_t nh[VRF_FIB_BULK_MAX];

	if (n > VRF_FIB_BULK_MAX)
		n = VRF_FIB_BULK_MAX;
	rte_fib6_lookup_bulk(f->v6, (uint8_t(*)[16])ips, nh, (int)n);
	for (unsigned i = 0; i < n; i++)
		rnh[i] = (uint32_t)nh[i];
}
