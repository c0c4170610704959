// SPDX-License-Identifier: BSD-3-Clause
// "reload [FILE]" and SIGHUP (reload_cmd.h): the handler side of cp_reload.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cp/cp_reload.h"
#include "cp/mgmt/mgmt_cmd.h"
#include "cp/mgmt/reload_cmd.h"

static struct {
	struct evpnd_config *cfg;
	const char *path;
	const uint16_t *port_ids;
} rl;

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

int reload_cmd_file(const char *path, FILE *out)
{
	if (rl.cfg == NULL)
		return -ENODEV;
	return cp_reload(rl.cfg, path, rl.port_ids, now_ms(), out);
}

// The reload's report in a memory stream, then to out (NULL: dropped, it is logged).
static int reload(const char *path, struct mgmt_out *out)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (f == NULL)
		return -errno;
	int ret = reload_cmd_file(path, f);
	fclose(f);
	if (out != NULL)
		mgmt_write(out, text, len);
	free(text);
	return ret;
}

static int reload_cmd(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	const char *file = mgmt_req_arg(req, "FILE");

	(void)ctx;
	if (req->json)
		return mgmt_printf(out, "%% reload has no json form\n"), -EINVAL;
	return reload(file ? file : rl.path, out);
}

int reload_cmd_register(struct evpnd_config *cfg, const char *path, const uint16_t *port_ids)
{
	rl.cfg = cfg;
	rl.path = path;
	rl.port_ids = port_ids;
	return mgmt_register("reload [<FILE>]", reload_cmd, NULL,
		"apply the changes of a configuration file (default: evpnd's own) as one "
		"transaction, or refuse it whole");
}

void reload_on_hup(void)
{
	if (rl.cfg != NULL)
		reload(rl.path, NULL);
}
