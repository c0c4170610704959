// SPDX-License-Identifier: BSD-3-Clause
// Addresses as the control plane holds, compares, reads and prints them,
// written once: config, EVPN, l2 and the show commands share one IP type and
// one MAC format. struct dp_ip stays the dataplane boundary's type (dp_api.h);
// cp_ip_to_dp and cp_ip_of_dp convert.
#ifndef EVPND_CP_ADDR_H
#define EVPND_CP_ADDR_H

#include "dp/dp_api.h"

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define CP_MAC_STRLEN 18	      // "aa:bb:cc:dd:ee:ff" and its NUL
#define CP_IP_STRLEN INET6_ADDRSTRLEN // for cp_ip_str and cp_dp_ip_str

// An IPv4 or IPv6 address: family AF_INET or AF_INET6, 0 when unset. No
// padding: a struct holding it may be compared with memcmp once zeroed.
struct cp_ip {
	int family;
	union {
		struct in_addr v4;
		struct in6_addr v6;
		uint8_t addr[16];
	};
};

// Bytes of an address of family: 4, 16, or 0 for any other.
static inline size_t cp_ip_len(int family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

// Same family and address (two unset addresses are equal). Inline, as the
// static helpers it replaced were: EVPN compares next hops once per route.
static inline bool cp_ip_eq(const struct cp_ip *a, const struct cp_ip *b)
{
	return a->family == b->family && memcmp(a->addr, b->addr, cp_ip_len(a->family)) == 0;
}

// IPv4 before IPv6 (and unset after both), then by address.
int cp_ip_cmp(const struct cp_ip *a, const struct cp_ip *b);
// inet_pton, IPv4 then IPv6: 0 or -EINVAL.
int cp_ip_parse(const char *s, struct cp_ip *ip);
// inet_ntop, "none" when unset; NULL (errno ENOSPC) when len is too short.
const char *cp_ip_str(const struct cp_ip *ip, char *buf, size_t len);
void cp_ip_to_dp(const struct cp_ip *ip, struct dp_ip *out);
void cp_ip_of_dp(const struct dp_ip *ip, struct cp_ip *out);

// The same for the dataplane's addresses.
static inline bool cp_dp_ip_eq(const struct dp_ip *a, const struct dp_ip *b)
{
	return a->family == b->family && memcmp(a->bytes, b->bytes, cp_ip_len(a->family)) == 0;
}

int cp_dp_ip_cmp(const struct dp_ip *a, const struct dp_ip *b);
// inet_ntop, or "-" for none; returns buf.
const char *cp_dp_ip_str(const struct dp_ip *ip, char *buf, size_t len);

// "aa:bb:cc:dd:ee:ff", any case: 0 or -EINVAL.
int cp_mac_parse(const char *s, uint8_t mac[6]);
// Lower-case "aa:bb:cc:dd:ee:ff" into buf; returns buf, or NULL (errno ENOSPC)
// when len < CP_MAC_STRLEN.
const char *cp_mac_str(const uint8_t mac[6], char *buf, size_t len);

#endif
