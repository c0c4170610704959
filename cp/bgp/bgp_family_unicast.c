// SPDX-License-Identifier: BSD-3-Clause
// IPv4 and IPv6 unicast as families of the keyed RIB (bgp_family.h): an NLRI
// is kept as it goes on the wire without path id (length in bits, then the
// prefix's octets, bits past the length zero), and the key is the NLRI itself.
// The speaker owns these two families, so their tables are registered from the
// start (bgp_family.c).
#include "cp/bgp/bgp_family.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

static int prefix_key(const uint8_t *nlri, size_t len, uint8_t *key, unsigned max_bits)
{
	if (len < 1 || nlri[0] > max_bits || len != 1 + (nlri[0] + 7u) / 8)
		return -EINVAL;
	memcpy(key, nlri, len);
	if (nlri[0] % 8) // the bits past the length do not count
		key[len - 1] &= (uint8_t)(0xff << (8 - nlri[0] % 8));
	return (int)len;
}

static int ipv4_key(const uint8_t *nlri, size_t len, uint8_t *key)
{
	return prefix_key(nlri, len, key, 32);
}

static int ipv6_key(const uint8_t *nlri, size_t len, uint8_t *key)
{
	return prefix_key(nlri, len, key, 128);
}

static int prefix_print(char *buf, size_t size, const uint8_t *nlri, size_t len, int family)
{
	uint8_t addr[16] = {0};
	char a[INET6_ADDRSTRLEN];

	if (len < 1 || len > 17)
		return snprintf(buf, size, "?");
	bgp_unicast_addr(nlri, len, addr);
	inet_ntop(family, addr, a, sizeof(a));
	return snprintf(buf, size, "%s/%u", a, nlri[0]);
}

static int ipv4_print(char *buf, size_t size, const uint8_t *nlri, size_t len)
{
	return prefix_print(buf, size, nlri, len, AF_INET);
}

static int ipv6_print(char *buf, size_t size, const uint8_t *nlri, size_t len)
{
	return prefix_print(buf, size, nlri, len, AF_INET6);
}

const struct bgp_family bgp_family_ipv4_unicast = {.af = BGP_AF_IPV4_UNICAST,
	.name = "ipv4 unicast",
	.key = ipv4_key,
	.nlri_is_key = true,
	.print = ipv4_print};
const struct bgp_family bgp_family_ipv6_unicast = {.af = BGP_AF_IPV6_UNICAST,
	.name = "ipv6 unicast",
	.key = ipv6_key,
	.nlri_is_key = true,
	.print = ipv6_print};

size_t bgp_unicast_nlri(uint8_t *nlri, uint8_t bits, const void *addr)
{
	size_t n = (bits + 7u) / 8;

	nlri[0] = bits;
	memcpy(nlri + 1, addr, n);
	if (bits % 8)
		nlri[n] &= (uint8_t)(0xff << (8 - bits % 8));
	return 1 + n;
}

uint8_t bgp_unicast_addr(const uint8_t *nlri, size_t len, void *addr)
{
	uint8_t *a = addr;

	memset(a, 0, 16);
	if (len < 2 || len > 17)
		return len >= 1 ? nlri[0] : 0;
	memcpy(a, nlri + 1, len - 1);
	if (nlri[0] % 8 && (size_t)nlri[0] / 8 < len - 1) // bits past the length
		a[nlri[0] / 8] &= (uint8_t)(0xff << (8 - nlri[0] % 8));
	return nlri[0];
}
