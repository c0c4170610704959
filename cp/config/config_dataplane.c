// SPDX-License-Identifier: BSD-3-Clause
// Section "dataplane": lcores, buffers, table sizes and ports.
#include "cp/config/config_priv.h"

#include <errno.h>
#include <string.h>

#define MBUFS_MIN 1024u
#define MBUFS_MAX (1u << 30)
#define MAC_TABLE_MIN 1024u
#define MAC_TABLE_MAX (1u << 28)
#define RX_QUEUES_MAX 1024u // DPDK's default RTE_MAX_QUEUES_PER_PORT
#define MTU_MIN 68u	    // the smallest IPv4 MTU; the driver knows the real maximum
#define MTU_MAX 65535u

static int main_lcore_cmd(struct cfg_parser *p, char **args, int n)
{
	(void)n;
	p->main_lcore_line = p->line;
	p->cfg->main_lcore_line = p->line;
	return cfg_parse_u32(p, "main-lcore", args[0], 0, CFG_LCORE_ID_MAX, &p->cfg->main_lcore);
}

static int add_lcore(struct cfg_parser *p, uint32_t *list, size_t *n, uint32_t id)
{
	for (size_t i = 0; i < *n; i++)
		if (list[i] == id)
			return cfg_perr(p, "worker-lcores: lcore %u listed twice", id);
	if (*n == CFG_MAX_LCORES)
		return cfg_perr(p, "worker-lcores: more than %d lcores", CFG_MAX_LCORES);
	list[(*n)++] = id;
	return 0;
}

// One item of the list: "N" or "A-B".
static int lcore_item(struct cfg_parser *p, char *item, uint32_t *list, size_t *n)
{
	char *dash = strchr(item, '-');
	uint32_t lo, hi;
	int ret;

	if (dash != NULL)
		*dash = '\0';
	if (cfg_parse_u32(p, "worker-lcores", item, 0, CFG_LCORE_ID_MAX, &lo) < 0)
		return -EINVAL;
	hi = lo;
	if (dash != NULL) {
		if (cfg_parse_u32(p, "worker-lcores", dash + 1, 0, CFG_LCORE_ID_MAX, &hi) < 0)
			return -EINVAL;
		if (hi < lo)
			return cfg_perr(p, "worker-lcores: bad range '%u-%u'", lo, hi);
	}
	for (uint32_t id = lo; id <= hi; id++)
		if ((ret = add_lcore(p, list, n, id)) < 0)
			return ret;
	return 0;
}

static int worker_lcores_cmd(struct cfg_parser *p, char **args, int n)
{
	uint32_t list[CFG_MAX_LCORES];
	size_t count = 0;
	char *rest = args[0], *item;
	int ret;

	(void)n;
	p->workers_line = p->line;
	p->cfg->workers_line = p->line;
	while ((item = strsep(&rest, ",")) != NULL)
		if ((ret = lcore_item(p, item, list, &count)) < 0)
			return ret;
	memcpy(p->cfg->worker_lcores, list, count * sizeof(list[0]));
	p->cfg->n_workers = count;
	return 0;
}

static int mbufs_cmd(struct cfg_parser *p, char **args, int n)
{
	(void)n;
	return cfg_parse_u32(p, "mbufs", args[0], MBUFS_MIN, MBUFS_MAX, &p->cfg->mbufs);
}

static int mac_table_size_cmd(struct cfg_parser *p, char **args, int n)
{
	(void)n;
	return cfg_parse_u32(p, "mac-table-size", args[0], MAC_TABLE_MIN, MAC_TABLE_MAX,
		&p->cfg->mac_table_size);
}

static int neigh_table_size_cmd(struct cfg_parser *p, char **args, int n)
{
	(void)n;
	return cfg_parse_u32(p, "neigh-table-size", args[0], MAC_TABLE_MIN, MAC_TABLE_MAX,
		&p->cfg->neigh_table_size);
}

static int fib_size_cmd(struct cfg_parser *p, char **args, int n)
{
	(void)n;
	return cfg_parse_u32(p, "fib-size", args[0], 1024, 1u << 24, &p->cfg->fib_size);
}

static int port_devargs(struct cfg_parser *p, struct cfg_port *port, const char *v)
{
	const struct evpnd_config *cfg = p->cfg;

	if (strlen(v) >= CFG_DEVARGS_MAX)
		return cfg_perr(p, "devargs longer than %d characters", CFG_DEVARGS_MAX - 1);
	// Two ports on one device would fight over it at probe time.
	for (size_t i = 0; i < cfg->n_ports; i++)
		if (strcmp(cfg->ports[i].devargs, v) == 0)
			return cfg_perr(
				p, "devargs '%s' already used by port %s", v, cfg->ports[i].name);
	strcpy(port->devargs, v);
	return 0;
}

static int port_mtu(struct cfg_parser *p, struct cfg_port *port, const char *v)
{
	uint32_t mtu;

	if (cfg_parse_u32(p, "mtu", v, 0, MTU_MAX, &mtu) < 0)
		return -EINVAL;
	if (mtu != 0 && mtu < MTU_MIN)
		return cfg_perr(p, "mtu: %u is out of range (0 or %u..%u)", mtu, MTU_MIN, MTU_MAX);
	port->mtu = (uint16_t)mtu;
	port->mtu_line = p->line; // the driver's refusal at start-up names it
	return 0;
}

static int port_option(struct cfg_parser *p, struct cfg_port *port, const char *opt, const char *v)
{
	uint32_t q;

	if (strcmp(opt, "devargs") == 0)
		return port_devargs(p, port, v);
	if (strcmp(opt, "mtu") == 0)
		return port_mtu(p, port, v);
	if (strcmp(opt, "rx-queues") != 0)
		return cfg_perr(p, "unknown option '%s' (devargs, rx-queues, mtu)", opt);
	if (cfg_parse_u32(p, "rx-queues", v, 0, RX_QUEUES_MAX, &q) < 0)
		return -EINVAL;
	port->rx_queues = (uint16_t)q;
	return 0;
}

static int port_options(struct cfg_parser *p, struct cfg_port *port, char **args, int n)
{
	int ret;

	for (int i = 0; i < n; i += 2) {
		// An option given twice is a typo more often than an override.
		for (int j = 0; j < i; j += 2)
			if (strcmp(args[j], args[i]) == 0)
				return cfg_perr(p, "option '%s' given twice", args[i]);
		if (i + 1 == n)
			return cfg_perr(p, "missing value after '%s'", args[i]);
		if ((ret = port_option(p, port, args[i], args[i + 1])) < 0)
			return ret;
	}
	if (port->devargs[0] == '\0')
		return cfg_perr(p, "devargs missing (usage: %s)", "port NAME devargs DEVARGS");
	return 0;
}

static int port_cmd(struct cfg_parser *p, char **args, int n)
{
	struct evpnd_config *cfg = p->cfg;
	struct cfg_port port;
	int ret;

	if (!cfg_port_name_valid(args[0]))
		return cfg_perr(p, "bad port name '%s' (1..%d characters from A-Z a-z 0-9 _ . -)",
			args[0], CFG_NAME_MAX - 1);
	if (cfg_port_index(cfg, args[0]) >= 0)
		return cfg_perr(p, "port %s declared twice", args[0]);
	if (cfg->n_ports == CFG_MAX_PORTS)
		return cfg_perr(p, "port %s: more than %d ports", args[0], CFG_MAX_PORTS);
	memset(&port, 0, sizeof(port));
	strcpy(port.name, args[0]);
	port.line = p->line;
	snprintf(p->ctx, sizeof(p->ctx), "port %s: ", port.name);
	ret = port_options(p, &port, args + 1, n - 1);
	p->ctx[0] = '\0';
	if (ret < 0)
		return ret;
	cfg->ports[cfg->n_ports++] = port;
	return 0;
}

static int dataplane_open(struct cfg_parser *p, char **args)
{
	(void)args;
	if (p->dataplane_line)
		return cfg_perr(p, "section dataplane already given at line %u", p->dataplane_line);
	p->dataplane_line = p->line;
	return 0;
}

// Checked when the section ends: main-lcore and worker-lcores may come in any order.
static int dataplane_close(struct cfg_parser *p)
{
	const struct evpnd_config *cfg = p->cfg;
	unsigned line = p->main_lcore_line > p->workers_line ? p->main_lcore_line : p->workers_line;

	for (size_t i = 0; i < cfg->n_workers; i++)
		if (cfg->worker_lcores[i] == cfg->main_lcore)
			return cfg_perr_at(
				p, line, "main-lcore %u is also in worker-lcores", cfg->main_lcore);
	return 0;
}

static const struct cfg_keyword dataplane_keywords[] = {
	{"fib-size", 1, 1, 6, "fib-size", "fib-size N", fib_size_cmd},
	{"mac-table-size", 1, 1, 4, "mac-table-size", "mac-table-size N", mac_table_size_cmd},
	{"main-lcore", 1, 1, 1, "main-lcore", "main-lcore N", main_lcore_cmd},
	{"mbufs", 1, 1, 3, "mbufs", "mbufs N", mbufs_cmd},
	{"neigh-table-size", 1, 1, 5, "neigh-table-size", "neigh-table-size N",
		neigh_table_size_cmd},
	{"port", 3, 7, 0, NULL, "port NAME devargs DEVARGS [rx-queues N] [mtu N]", port_cmd},
	{"worker-lcores", 1, 1, 2, "worker-lcores", "worker-lcores LIST (e.g. 1,2-3)",
		worker_lcores_cmd},
	{NULL, 0, 0, 0, NULL, NULL, NULL},
};

const struct cfg_section cfg_dataplane_section = {
	.name = "dataplane",
	.n_args = 0,
	.usage = "dataplane",
	.open = dataplane_open,
	.close = dataplane_close,
	.keywords = dataplane_keywords,
};
