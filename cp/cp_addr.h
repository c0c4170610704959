// SPDX-License-Identifier: BSD-3-Clause
// Addresses as the control plane reads and prints them, written once: config,
// EVPN, l2 and the show commands all print a MAC the same way.
#ifndef EVPND_CP_ADDR_H
#define EVPND_CP_ADDR_H

#include <stddef.h>
#include <stdint.h>

#define CP_MAC_STRLEN 18 // "aa:bb:cc:dd:ee:ff" and its NUL

// "aa:bb:cc:dd:ee:ff", any case: 0 or -EINVAL.
int cp_mac_parse(const char *s, uint8_t mac[6]);
// Lower-case "aa:bb:cc:dd:ee:ff" into buf; returns buf, or NULL (errno ENOSPC)
// when len < CP_MAC_STRLEN.
const char *cp_mac_str(const uint8_t mac[6], char *buf, size_t len);

#endif
