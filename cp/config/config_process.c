// SPDX-License-Identifier: BSD-3-Clause
// Section "process NAME": a helper of the route-injection API (cp/inject), as
// ExaBGP's process sections:
//   process anycast
//    run /usr/bin/python3 /etc/evpnd/healthcheck.py 192.0.2.10
//    receive routes
//    keep-routes
#include "cp/config/config_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static struct cfg_process *current(struct cfg_parser *p)
{
	return &p->cfg->processes[p->cfg->n_processes - 1];
}

static bool name_valid(const char *s)
{
	if (s[0] == '\0' || strlen(s) >= CFG_PROCESS_NAME_MAX)
		return false;
	for (; *s; s++)
		if (!(*s == '-' || *s == '_' || *s == '.' || (*s >= '0' && *s <= '9') ||
			    (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
			return false;
	return true;
}

static int process_open(struct cfg_parser *p, char **args)
{
	struct evpnd_config *cfg = p->cfg;
	struct cfg_process *slot;

	if (!name_valid(args[0]))
		return cfg_perr(p, "process: bad name '%s' (letters, digits, '-', '_', '.'; "
				   "at most %d)", args[0], CFG_PROCESS_NAME_MAX - 1);
	for (size_t i = 0; i < cfg->n_processes; i++)
		if (strcmp(cfg->processes[i].name, args[0]) == 0)
			return cfg_perr(p, "process %s already defined at line %u", args[0],
				cfg->processes[i].line);
	if (cfg->n_processes == CFG_MAX_PROCESSES)
		return cfg_perr(p, "process %s: more than %d process sections", args[0],
			CFG_MAX_PROCESSES);
	if ((slot = cfg_push(&cfg->processes, &cfg->n_processes, sizeof(*slot))) == NULL)
		return cfg_enomem(p);
	snprintf(slot->name, sizeof(slot->name), "%s", args[0]);
	slot->line = p->line;
	snprintf(p->ctx, sizeof(p->ctx), "process %s: ", args[0]);
	return 0;
}

static int process_close(struct cfg_parser *p)
{
	if (current(p)->run == NULL)
		return cfg_perr_at(p, current(p)->line, "process %s: 'run' missing",
			current(p)->name);
	return 0;
}

// "run CMD...": the words again joined by one space (the shell splits them).
static int run_cmd(struct cfg_parser *p, char **args, int n)
{
	size_t len = 1;
	char *s;

	for (int i = 0; i < n; i++)
		len += strlen(args[i]) + 1;
	if ((s = malloc(len)) == NULL)
		return cfg_enomem(p);
	s[0] = '\0';
	for (int i = 0; i < n; i++) {
		strcat(s, args[i]);
		if (i + 1 < n)
			strcat(s, " ");
	}
	current(p)->run = s;
	return 0;
}

static int receive_cmd(struct cfg_parser *p, char **args, int n)
{
	(void)n;
	if (strcmp(args[0], "routes") != 0)
		return cfg_perr(p, "receive: unknown '%s' (receive routes)", args[0]);
	current(p)->receive_routes = true;
	return 0;
}

static int keep_cmd(struct cfg_parser *p, char **args, int n)
{
	(void)args, (void)n;
	current(p)->keep_routes = true;
	return 0;
}

static const struct cfg_keyword process_keywords[] = {
	{"run", 1, CFG_MAX_TOKENS - 1, 1, "run", "run COMMAND [ARGS...]", run_cmd},
	{"receive", 1, 1, 2, "receive", "receive routes", receive_cmd},
	{"keep-routes", 0, 0, 3, "keep-routes", "keep-routes", keep_cmd},
	{NULL, 0, 0, 0, NULL, NULL, NULL},
};

const struct cfg_section cfg_process_section = {
	.name = "process",
	.n_args = 1,
	.usage = "process NAME",
	.open = process_open,
	.close = process_close,
	.keywords = process_keywords,
};

void cfg_process_free(struct evpnd_config *cfg)
{
	for (size_t i = 0; i < cfg->n_processes; i++)
		free(cfg->processes[i].run);
	free(cfg->processes);
	cfg->processes = NULL;
	cfg->n_processes = 0;
}

void cfg_process_print(const struct evpnd_config *cfg, FILE *out)
{
	for (size_t i = 0; i < cfg->n_processes; i++) {
		const struct cfg_process *pr = &cfg->processes[i];
		fprintf(out, "process %s\n run %s\n", pr->name, pr->run ? pr->run : "");
		if (pr->receive_routes)
			fputs(" receive routes\n", out);
		if (pr->keep_routes)
			fputs(" keep-routes\n", out);
		fputs("!\n", out);
	}
}
