// SPDX-License-Identifier: BSD-3-Clause
// Token parsers: each turns one word of a line into a value or reports exactly
// what is wrong with it.
#include "cp/config/config_priv.h"
#include "cp/cp_addr.h"

#include <errno.h>
#include <string.h>

int cfg_parse_u32(struct cfg_parser *p, const char *what, const char *s, uint32_t min, uint32_t max,
	uint32_t *out)
{
	uint64_t v = 0;
	size_t len = strspn(s, "0123456789");

	// Decimal only: no sign, no blanks, no 0x, nothing after the digits
	// (strtoul would accept all of those).
	if (len == 0 || s[len] != '\0')
		return cfg_perr(p, "%s: '%s' is not a decimal number", what, s);
	for (size_t i = 0; i < len && v <= UINT32_MAX; i++)
		v = v * 10 + (uint64_t)(s[i] - '0'); // stops before uint64_t can overflow
	if (v < min || v > max)
		return cfg_perr(p, "%s: %s is out of range (%u..%u)", what, s, min, max);
	*out = (uint32_t)v;
	return 0;
}

int cfg_parse_ip(struct cfg_parser *p, const char *s, struct cp_ip *ip)
{
	if (cp_ip_parse(s, ip) < 0)
		return cfg_perr(p, "bad IPv4/IPv6 address '%s'", s);
	return 0;
}

int cfg_parse_unicast(struct cfg_parser *p, const char *what, const char *s, struct cp_ip *ip)
{
	if (cfg_parse_ip(p, s, ip) < 0)
		return -EINVAL;
	if (!cfg_ip_is_unicast(ip))
		return cfg_perr(p, "%s %s is not a unicast address", what, s);
	return 0;
}

int cfg_parse_prefix(struct cfg_parser *p, const char *s, uint8_t min_len, struct cfg_prefix *pf)
{
	char addr[CFG_LINE_MAX + 1];
	const char *slash = strchr(s, '/');
	uint32_t len;

	if (slash == NULL)
		return cfg_perr(p, "bad prefix '%s' (expected ADDRESS/LENGTH)", s);
	memcpy(addr, s, (size_t)(slash - s));
	addr[slash - s] = '\0';
	if (cfg_parse_ip(p, addr, &pf->addr) < 0)
		return -EINVAL;
	uint8_t max = cfg_ip_maxlen(pf->addr.family);
	char what[sizeof("IPv4 prefix length")];
	snprintf(what, sizeof(what), "%s prefix length", cfg_family_str(pf->addr.family));
	if (cfg_parse_u32(p, what, slash + 1, min_len, max, &len) < 0)
		return -EINVAL;
	pf->len = (uint8_t)len;
	return 0;
}

int cfg_parse_mac(struct cfg_parser *p, const char *s, uint8_t mac[6])
{
	if (cp_mac_parse(s, mac) < 0)
		return cfg_perr(p, "bad MAC address '%s' (expected aa:bb:cc:dd:ee:ff)", s);
	return 0;
}

int cfg_parse_port(struct cfg_parser *p, const char *s, int *port)
{
	int i = cfg_port_index(p->cfg, s);

	// Ports come from the dataplane section, which must come first.
	if (i < 0)
		return cfg_perr(p, "unknown port '%s' (not declared in section dataplane)", s);
	*port = i;
	return 0;
}

int cfg_parse_vlan(struct cfg_parser *p, const char *s, uint16_t *vlan)
{
	uint32_t v;

	if (cfg_parse_u32(p, "vlan", s, 1, 4094, &v) < 0)
		return -EINVAL;
	*vlan = (uint16_t)v;
	return 0;
}

int cfg_expect(struct cfg_parser *p, const char *cmd, const char *tok, const char *want)
{
	if (strcmp(tok, want) != 0)
		return cfg_perr(p, "%s: expected '%s' instead of '%s'", cmd, want, tok);
	return 0;
}
