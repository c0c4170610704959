// SPDX-License-Identifier: BSD-3-Clause
// Section "metrics": where the Prometheus endpoint listens (loopback port 9440
// unless given), and the top-level "no metrics" that turns it off.
//   metrics
//    listen 127.0.0.1 9440
#include "cp/config/config_priv.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

static int metrics_given(struct cfg_parser *p)
{
	snprintf(p->ctx, sizeof(p->ctx), "metrics: ");
	if (p->cfg->metrics.line != 0)
		return cfg_perr(p, "already configured at line %u", p->cfg->metrics.line);
	p->cfg->metrics.line = p->line;
	return 0;
}

static int metrics_open(struct cfg_parser *p, char **args)
{
	(void)args;
	return metrics_given(p);
}

// "listen ADDRESS PORT": an address of this host (0.0.0.0 or :: for all of them).
static int listen_cmd(struct cfg_parser *p, char **args, int n)
{
	struct cfg_metrics *m = &p->cfg->metrics;
	uint8_t buf[16];
	uint32_t port;

	(void)n;
	if (inet_pton(AF_INET, args[0], buf) != 1 && inet_pton(AF_INET6, args[0], buf) != 1)
		return cfg_perr(p, "listen: '%s' is not an IPv4 or IPv6 address", args[0]);
	if (cfg_parse_u32(p, "listen", args[1], 1, 65535, &port) < 0)
		return -EINVAL;
	snprintf(m->addr, sizeof(m->addr), "%s", args[0]);
	m->port = (uint16_t)port;
	return 0;
}

static const struct cfg_keyword metrics_keywords[] = {
	{"listen", 2, 2, 1, "listen", "listen ADDRESS PORT", listen_cmd},
	{NULL, 0, 0, 0, NULL, NULL, NULL},
};

const struct cfg_section cfg_metrics_section = {
	.name = "metrics",
	.n_args = 0,
	.usage = "metrics",
	.open = metrics_open,
	.keywords = metrics_keywords,
};

int cfg_metrics_off(struct cfg_parser *p)
{
	int ret = metrics_given(p);

	p->cfg->metrics.off = ret == 0;
	return ret;
}

void cfg_metrics_print(const struct evpnd_config *cfg, FILE *out)
{
	const struct cfg_metrics *m = &cfg->metrics;

	if (m->off)
		fputs("no metrics\n!\n", out);
	else if (m->addr[0] != '\0')
		fprintf(out, "metrics\n listen %s %u\n!\n", m->addr, m->port);
}
