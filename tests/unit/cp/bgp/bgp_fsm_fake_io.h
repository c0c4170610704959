// SPDX-License-Identifier: BSD-3-Clause
// The fake socket layer of bgp_fsm_test (bgp_fsm_fake_io.c) and its knobs.
#ifndef EVPND_TESTS_BGP_FSM_FAKE_IO_H
#define EVPND_TESTS_BGP_FSM_FAKE_IO_H

#include <stdbool.h>

#include "cp/bgp/bgp_buf.h"

#define FAKE_MAX_FD 256

// One connection's bytes, indexed by its descriptor.
struct fake_wire {
	bool open;	    // not closed by the FSM yet
	bool lingered;	    // closed by bgp_io_linger (a Cease went out first)
	bool eof;	    // the peer closed: the next read fails after `in`
	struct bgp_buf in;  // sent by the peer, not read by the FSM yet
	struct bgp_buf out; // written by the FSM
};

extern struct fake_wire fake_wires[FAKE_MAX_FD];
extern int fake_connect_result; // how the next connect completes: 0 or -errno
extern bool fake_connect_done;	// bgp_io_connect_done's answer
extern unsigned fake_connects;	// connect attempts so far
extern unsigned fake_closes;	// connections the FSM closed (bgp_io_close)

// A descriptor for an accepted connection (or a connect), its wire cleared.
int fake_fd_new(void);
// Whether the FSM closed fd (refused it).
bool fake_fd_closed(int fd);
// Closes every descriptor and clears the knobs.
void fake_reset(void);

#endif
