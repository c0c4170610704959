// SPDX-License-Identifier: BSD-3-Clause
// "reload [FILE]" (evpnctl reload) and SIGHUP: cp_reload of FILE, by default the file
// evpnd started with.
#ifndef EVPND_RELOAD_CMD_H
#define EVPND_RELOAD_CMD_H

#include <stdint.h>
#include <stdio.h>

#include "cp/config/config.h"

// cfg is the running configuration (replaced in place by a reload), path the file
// evpnd started with; both live until exit.
int reload_cmd_register(struct evpnd_config *cfg, const char *path, const uint16_t *port_ids);
// cp_reload of path on the registered running configuration, its report to out
// (evpnctl configure: a temporary file); -ENODEV before reload_cmd_register.
int reload_cmd_file(const char *path, FILE *out);
// SIGHUP: the same as "reload", logged only.
void reload_on_hup(void);

#endif
