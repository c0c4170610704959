// SPDX-License-Identifier: BSD-3-Clause
// See cp_addr.h.
#include "cp/cp_addr.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

// The families' order: IPv4 first, then IPv6, then anything else.
static int family_cmp(int a, int b)
{
	if (a == b)
		return 0;
	return a == AF_INET ? -1 : 1;
}

int cp_ip_cmp(const struct cp_ip *a, const struct cp_ip *b)
{
	int c = family_cmp(a->family, b->family);
	return c != 0 ? c : memcmp(a->addr, b->addr, cp_ip_len(a->family));
}

int cp_ip_parse(const char *s, struct cp_ip *ip)
{
	struct cp_ip r;

	memset(&r, 0, sizeof(r));
	// inet_pton only takes the full dotted quad, so "1.2.3" or "10" are refused
	// instead of being read the way inet_aton would.
	if (inet_pton(AF_INET, s, &r.v4) == 1)
		r.family = AF_INET;
	else if (inet_pton(AF_INET6, s, &r.v6) == 1)
		r.family = AF_INET6;
	else
		return -EINVAL;
	*ip = r;
	return 0;
}

const char *cp_ip_str(const struct cp_ip *ip, char *buf, size_t len)
{
	if (cp_ip_len(ip->family) == 0) {
		if (len < sizeof("none")) {
			errno = ENOSPC;
			return NULL;
		}
		return strcpy(buf, "none");
	}
	// inet_ntop sets errno (ENOSPC) and returns NULL for a short buffer.
	return inet_ntop(ip->family, ip->addr, buf, (socklen_t)len);
}

void cp_ip_to_dp(const struct cp_ip *ip, struct dp_ip *out)
{
	memset(out, 0, sizeof(*out));
	out->family = (uint8_t)ip->family;
	memcpy(out->bytes, ip->addr, cp_ip_len(ip->family));
}

void cp_ip_of_dp(const struct dp_ip *ip, struct cp_ip *out)
{
	memset(out, 0, sizeof(*out));
	out->family = ip->family;
	memcpy(out->addr, ip->bytes, cp_ip_len(ip->family));
}

int cp_dp_ip_cmp(const struct dp_ip *a, const struct dp_ip *b)
{
	int c = family_cmp(a->family, b->family);
	return c != 0 ? c : memcmp(a->bytes, b->bytes, cp_ip_len(a->family));
}

const char *cp_dp_ip_str(const struct dp_ip *ip, char *buf, size_t len)
{
	if (ip == NULL || cp_ip_len(ip->family) == 0 ||
		inet_ntop(ip->family, ip->bytes, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "-");
	return buf;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int cp_mac_parse(const char *s, uint8_t mac[6])
{
	uint8_t m[6];

	for (int i = 0; i < 6; i++) {
		const char *b = s + 3 * i;
		// Each read stops at the first bad character, so a short string never
		// makes us look past its terminating NUL.
		int hi = hex_digit(b[0]);
		int lo = hi < 0 ? -1 : hex_digit(b[1]);
		if (lo < 0 || b[2] != (i == 5 ? '\0' : ':'))
			return -EINVAL;
		m[i] = (uint8_t)(hi << 4 | lo);
	}
	memcpy(mac, m, sizeof(m));
	return 0;
}

const char *cp_mac_str(const uint8_t mac[6], char *buf, size_t len)
{
	if (len < CP_MAC_STRLEN) {
		errno = ENOSPC;
		return NULL;
	}
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
		mac[5]);
	return buf;
}
