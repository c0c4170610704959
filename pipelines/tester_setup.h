// SPDX-License-Identifier: BSD-3-Clause
#ifndef EVPND_TESTER_SETUP_H
#define EVPND_TESTER_SETUP_H

#include <stdint.h>

#include "cp/config/config.h"

// The configured streams into the tester's dataplane, once the ports are open
// (port_ids: by configuration index) and before the workers start. 0 or -errno (logged).
int tester_setup(const struct evpnd_config *cfg, const uint16_t *port_ids);

#endif
