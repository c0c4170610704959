// SPDX-License-Identifier: BSD-3-Clause
// "show running-config".
#ifndef EVPND_SHOW_CONFIG_H
#define EVPND_SHOW_CONFIG_H

struct evpnd_config;

// cfg must outlive the registry (the process's configuration).
int show_config_register(const struct evpnd_config *cfg);

#endif
