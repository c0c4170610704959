// SPDX-License-Identifier: BSD-3-Clause
// See show_fmt.h.
#include "cp/mgmt/show_fmt.h"

#include <arpa/inet.h>
#include <stdio.h>


static char port_names[DP_MAX_PORTS][32];

static int port_name_cb(const struct dp_port_info *i, void *arg)
{
	(void)arg;
	if (i->port < DP_MAX_PORTS)
		snprintf(port_names[i->port], sizeof(port_names[0]), "%s", i->name);
	return 0;
}

void show_port_names_load(void)
{
	dp_port_walk(port_name_cb, NULL);
}

const char *show_port_name(uint16_t port)
{
	return port < DP_MAX_PORTS && port_names[port][0] ? port_names[port] : "?";
}
