// SPDX-License-Identifier: BSD-3-Clause
// The command registry of the management API: handlers register a syntax, and a
// request line is matched against all of them and dispatched to one handler with
// a typed request. Used by the unix-socket server (evpnctl) and by tests.
//
// Syntax: words separated by spaces, where
//	keyword      a literal word, e.g. show; may be abbreviated when unambiguous
//	<NAME>       a placeholder: any one word; its value is mgmt_req_arg(req, "NAME")
//	{a|b|c}      one of several keywords (test with mgmt_req_has(req, "b"))
//	[ ... ]      an optional group of the above (groups do not nest)
// e.g. "show mac [bd <N>]", "clear bgp <PEER> [soft]",
// "show bgp l2vpn evpn route [type {macip|multicast|prefix}]".
//
// A trailing word "json" is accepted by every command; it is stripped and the
// handler sees req->json = true. The built-in "help [WORDS...]" lists commands.
// When the best match is a tie, an exact keyword beats an abbreviation and a
// keyword beats a placeholder; a remaining tie is reported as ambiguous. Unknown
// commands get FRR's "% Unknown command: ..." and a list of close matches.
//
// A request line is split on blanks; "double quotes" make one word with spaces.
// Not thread-safe: register and dispatch from the control loop only.
#ifndef EVPND_MGMT_CMD_H
#define EVPND_MGMT_CMD_H

#include <stdbool.h>
#include <stdint.h>

#include "cp/mgmt/mgmt_out.h"

#define MGMT_MAX_WORDS 32  // in a syntax and in a request
#define MGMT_LINE_MAX 4096 // a request line, '\n' included

struct mgmt_arg {
	const char *name;  // placeholder name without <>
	const char *value; // the word the user typed
};

// A matched request. All strings live until the handler returns.
struct mgmt_req {
	const char *line;		      // the request line as received
	const char *syntax;		      // the syntax of the matched command
	unsigned nwords;		      // words matched, "json" excluded
	const char *words[MGMT_MAX_WORDS];    // as typed (maybe abbreviated)
	const char *keywords[MGMT_MAX_WORDS]; // full keyword, NULL for placeholder values
	unsigned nargs;
	struct mgmt_arg args[MGMT_MAX_WORDS]; // placeholder values in order
	bool json;			      // the request ended with "json"
};

// Returns 0, or -errno with an error message written to out (text, even when json).
// If it fails with nothing written, the framework writes "% <strerror>".
typedef int (*mgmt_handler)(const struct mgmt_req *req, struct mgmt_out *out, void *ctx);

// 0, -EINVAL (bad syntax, NULL handler), -EEXIST (same syntax twice), -ENOMEM.
int mgmt_register(const char *syntax, mgmt_handler fn, void *ctx, const char *help);
// Removes every command (shutdown, tests).
void mgmt_registry_clear(void);
// Matches one request line (without its '\n'), runs the handler, and returns its
// status; errors of the framework itself are -EINVAL (unknown, ambiguous,
// incomplete command) or -E2BIG (too many words). An empty line returns 0.
int mgmt_dispatch(const char *line, struct mgmt_out *out);

// Value of placeholder <name>, or NULL when it was not given (optional group).
const char *mgmt_req_arg(const struct mgmt_req *req, const char *name);
// Whether the keyword was given (e.g. an optional "soft" or a {a|b} choice).
bool mgmt_req_has(const struct mgmt_req *req, const char *keyword);
// Placeholder <name> as an integer in [min, max]: 0, -ENOENT (not given), -EINVAL
// (not a number) or -ERANGE. On failure writes "% Invalid <name>: ..." to out when
// out is not NULL.
int mgmt_req_u64(const struct mgmt_req *req, const char *name, uint64_t min, uint64_t max,
	uint64_t *val, struct mgmt_out *out);

#endif
