// SPDX-License-Identifier: BSD-3-Clause
// "show running-config": the configuration evpnd runs, in the canonical form of the
// configuration file (config_print), which evpnd parses back to the same state
// (config_parse_test checks the round trip on every example of config/).
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "cp/config/config.h"
#include "cp/mgmt/mgmt_cmd.h"
#include "cp/mgmt/show_config.h"

static int show_running_config(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	const struct evpnd_config *cfg = ctx;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	if (req->json)
		return mgmt_printf(out, "%% show running-config has no json form\n"), -EINVAL;
	if ((f = open_memstream(&text, &len)) == NULL)
		return -errno;
	config_print(cfg, f);
	fclose(f);
	int ret = mgmt_write(out, text, len);
	free(text);
	return ret;
}

int show_config_register(const struct evpnd_config *cfg)
{
	return mgmt_register("show running-config", show_running_config, (void *)(uintptr_t)cfg,
		"the configuration evpnd runs, as a configuration file");
}
