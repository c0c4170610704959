// SPDX-License-Identifier: BSD-3-Clause
// See cp_addr.h.
#include "cp/cp_addr.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

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
