// SPDX-License-Identifier: BSD-3-Clause
// Internals of the command registry shared by mgmt_cmd.c (registry, matching,
// dispatch) and mgmt_help.c (help, error messages, close matches).
#ifndef EVPND_MGMT_CMD_PRIV_H
#define EVPND_MGMT_CMD_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cp/mgmt/mgmt_cmd.h"

#define MGMT_MAX_ALTS 16 // keywords in one {a|b|...}

enum tok_kind {
	TOK_KEYWORD, // one of alt[0..nalt-1]; a plain keyword has nalt == 1
	TOK_ARG,     // <name>
};

struct mgmt_tok {
	enum tok_kind kind;
	const char *name; // placeholder name (TOK_ARG)
	const char *alt[MGMT_MAX_ALTS];
	uint8_t nalt;
	uint8_t group;	   // 0: required, else the optional group it belongs to
	bool group_first;  // first token of its optional group
	uint8_t group_end; // (group_first) index of the first token after the group
};

struct mgmt_cmd {
	char *syntax; // canonical form, e.g. "show mac [bd <N>]"
	char *help;
	char *words; // storage of the token strings
	mgmt_handler fn;
	void *ctx;
	unsigned ntok;
	struct mgmt_tok tok[MGMT_MAX_WORDS];
};

enum match_kind {
	MATCH_ARG = 1,	  // a placeholder took the word
	MATCH_PREFIX = 2, // an abbreviated keyword
	MATCH_EXACT = 4,  // a keyword typed in full
};

struct mgmt_match {
	const char *const *words;
	unsigned nwords;
	bool partial;		      // succeed when the words run out before the syntax does
	uint8_t tok[MGMT_MAX_WORDS];  // token each word matched
	uint8_t alt[MGMT_MAX_WORDS];  // alternative of that token
	uint8_t kind[MGMT_MAX_WORDS]; // enum match_kind
};

// The registry, sorted by syntax.
extern struct mgmt_cmd **mgmt_cmds;
extern size_t mgmt_ncmds;

// Kind of match of word against token t (and its alternative), 0 if none.
int mgmt_match_word(const struct mgmt_tok *t, const char *word, uint8_t *alt);
// Whether the words match c (a prefix of c when m->partial); fills m.
bool mgmt_match_cmd(const struct mgmt_cmd *c, struct mgmt_match *m);

// "help [WORDS...] [json]".
int mgmt_help(const char *const *words, unsigned n, bool json, struct mgmt_out *out);
// Error messages for a request that matched no command or several.
int mgmt_err_unknown(const char *const *words, unsigned n, struct mgmt_out *out);
int mgmt_err_incomplete(const char *const *words, unsigned n, struct mgmt_out *out);
int mgmt_err_ambiguous(const char *const *words, unsigned n, const struct mgmt_cmd *const *cands,
	unsigned ncands, struct mgmt_out *out);

#endif
