// SPDX-License-Identifier: BSD-3-Clause
// What the show commands print the same way: dataplane addresses, and port
// names for tables that only know port ids (MACs: cp/cp_addr.h).
#ifndef EVPND_SHOW_FMT_H
#define EVPND_SHOW_FMT_H

#include <stddef.h>
#include <stdint.h>

#include "dp/dp_api.h"

// Reads the ports' names from the dataplane (once per command).
void show_port_names_load(void);
// The name of a port id, "?" when unknown.
const char *show_port_name(uint16_t port);

#endif
