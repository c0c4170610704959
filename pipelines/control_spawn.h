// SPDX-License-Identifier: BSD-3-Clause
// evpnd --split: the forwarding process runs the control process (evpnd-cp, beside
// evpnd's own binary) and runs it again when it dies, after a back-off, as systemd's
// Restart=always would; the tables keep forwarding meanwhile.
#ifndef EVPND_CONTROL_SPAWN_H
#define EVPND_CONTROL_SPAWN_H

#include <stdbool.h>
#include <stdint.h>

struct control_spawn_conf {
	const char *cfg_path;
	const char *sock_path;	  // the management socket
	const char *dp_sock_path; // the dataplane socket
	bool debug;		  // -v
	const char *syslog;	  // --syslog[=LEVEL] given: "" or LEVEL; NULL: not given
};

// Starts the first control process: 0 or -errno (evpnd-cp not found).
int control_spawn_start(const struct control_spawn_conf *c);
// Notices a control process that died, starts the next when its back-off is over.
void control_spawn_poll(uint64_t now_ms);
void control_spawn_signal(int sig);
// Stopping: SIGINT (its BGP peers get a Cease), and no restart.
void control_spawn_stop(void);
bool control_spawn_running(void);
// Still running after the stop's grace time: SIGKILL.
void control_spawn_kill(void);

#endif
