// SPDX-License-Identifier: BSD-3-Clause
// Live configuration reload (evpnctl reload [FILE], SIGHUP): the new file is parsed
// and checked whole (as evpnd -n does), compared with the running configuration
// (config_diff), and either refused whole (a bad line, or a change evpnd cannot make
// at run time) or applied as one transaction: its changes, then the new
// configuration in place of the running one (show running-config prints it).
#ifndef EVPND_CP_RELOAD_H
#define EVPND_CP_RELOAD_H

#include <stdint.h>
#include <stdio.h>

#include "cp/config/config.h"

// Reloads *running from path. What happened goes to out (the changes, or why it was
// refused, "FILE:LINE: reason") and to the log (one line per change, a summary).
// 0 (the running state changed, or nothing to change), -EINVAL (refused: nothing
// changed), or -errno (file unreadable, out of memory: nothing changed).
int cp_reload(struct evpnd_config *running, const char *path, const uint16_t *port_ids,
	uint64_t now_ms, FILE *out);

#endif
