// SPDX-License-Identifier: BSD-3-Clause
// One helper process of the route-injection API (a "process NAME" section):
// started with /bin/sh -c and pipes on its stdin and stdout, in its own process
// group; its stdout read without blocking, one command per line (at most
// INJECT_LINE_MAX characters: a longer line gets an error reply and is dropped),
// a bounded number of lines per poll so that a flood cannot starve the control
// loop; replies and events written to its stdin as JSON lines through a bounded
// buffer (what does not fit is dropped and counted: a helper that does not read
// cannot block evpnd). When it exits it is reaped, logged, its routes withdrawn
// (unless keep-routes) and it is started again after a back-off that doubles
// from 1 s to 30 s (back to 1 s after a run of 30 s). Control thread only.
#ifndef EVPND_INJECT_PROC_H
#define EVPND_INJECT_PROC_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "cp/config/config.h"
#include "cp/inject/inject_src.h"

#define INJECT_BACKOFF_MIN_MS 1000
#define INJECT_BACKOFF_MAX_MS 30000
#define INJECT_LINES_PER_POLL 256	// then the rest waits for the next loop
#define INJECT_OUT_MAX (256u << 10) // events waiting for the helper to read them

enum inject_state {
	INJECT_STARTING, // not started yet, or waiting out its back-off
	INJECT_RUNNING,
	INJECT_STOPPED, // evpnd is shutting down
};

struct inject_proc {
	struct inject_src src; // its routes
	char *run;	       // the command line
	bool receive_routes, keep_routes;
	uint8_t state; // enum inject_state
	pid_t pid;
	int in_fd, out_fd; // its stdin (we write), its stdout (we read); -1 when closed
	uint32_t starts;
	uint64_t backoff_ms, next_start_ms, started_ms, next_reap_ms;
	// the line being read
	char line[INJECT_LINE_MAX + 1];
	size_t line_len;
	bool discarding; // past INJECT_LINE_MAX: the rest of the line is dropped
	uint64_t line_id; // lines read in this run: the id of a reply
	// events not written yet
	char *out;
	size_t out_len;
	// counters, since start-up
	uint64_t lines, long_lines, events_dropped;
	char last_error[160]; // the last refused command or exit status
};

// From its section (copies what it keeps). 0 or -ENOMEM.
int inject_proc_init(struct inject_proc *p, const struct cfg_process *c);
// Starts it when due, reads and runs its commands, writes what waits, reaps it:
// work done (0 = idle).
unsigned inject_proc_poll(struct inject_proc *p, uint64_t now_ms);
// Queues one JSON event line (without '\n') for it (nothing when not running).
void inject_proc_send(struct inject_proc *p, const char *json);
// Kills it (SIGTERM to its group, SIGKILL after 200 ms), reaps it; its routes
// are flushed; frees what init took.
void inject_proc_fini(struct inject_proc *p);

// Runs one command line for src, replying with a JSON line into reply (id as
// given): 0, or -EINVAL/-errno for a refused one, why in err (INJECT_ERR_MAX
// characters). Shared with evpnctl's "cli".
int inject_run_line(struct inject_src *src, const char *line, uint64_t id, char *reply,
	size_t reply_len, char *err);

// Writes s as a JSON string (quotes included) into buf: at most len - 1
// characters, always terminated. Control and non-ASCII bytes are escaped or
// replaced, so that a helper's garbage echoed back stays one valid JSON line.
void inject_json_str(char *buf, size_t len, const char *s);

#endif
