// SPDX-License-Identifier: BSD-3-Clause
// "configure LINES" (evpnctl configure): vtysh-like edits of the running
// configuration (config_edit), applied by the reload transaction (reload_cmd_file);
// "write file PATH": show running-config to a file. evpnd's own file is not written.
#ifndef EVPND_CONFIGURE_CMD_H
#define EVPND_CONFIGURE_CMD_H

struct evpnd_config;

// cfg is the running configuration (reload_cmd_register's); call after that one.
int configure_cmd_register(const struct evpnd_config *cfg);

#endif
