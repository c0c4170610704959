// SPDX-License-Identifier: BSD-3-Clause
// The control plane as the process sees it: start from a checked configuration, then
// a poll step on the control thread (dataplane notifications, timers).
#ifndef EVPND_CP_H
#define EVPND_CP_H

#include <stdint.h>

#include "cp/config/config.h"

int cp_init(const struct evpnd_config *cfg, const uint16_t *port_ids);
// Returns the amount of work done (0 = idle).
unsigned cp_poll(uint64_t now_ms);
void cp_fini(void);

#endif
