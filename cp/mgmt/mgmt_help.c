// SPDX-License-Identifier: BSD-3-Clause
// The built-in "help" command and the messages for requests that match no command
// (with close matches, found by edit distance), several, or only a prefix of one.
#include "cp/mgmt/mgmt_cmd_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define SUGGEST_MAX 8	// close matches listed
#define SUGGEST_COST 2	// largest total edit distance of a close match
#define WORD_COST_MAX 3 // cost of a word that is nothing like the keyword
#define DIST_MAX_LEN 64 // longer words are simply "far"

static void print_words(const char *const *words, unsigned n, struct mgmt_out *out)
{
	unsigned i;

	for (i = 0; i < n; i++)
		mgmt_printf(out, strchr(words[i], ' ') != NULL ? "%s\"%s\"" : "%s%s",
			i > 0 ? " " : "", words[i]);
}

static void print_cmd_list(
	const char *title, const struct mgmt_cmd *const *cmds, unsigned n, struct mgmt_out *out)
{
	unsigned i;

	mgmt_printf(out, "%s\n", title);
	for (i = 0; i < n; i++)
		mgmt_printf(out, "  %s\n", cmds[i]->syntax);
}

// Commands whose syntax starts with words (all commands when n == 0).
static unsigned cmds_with_prefix(
	const char *const *words, unsigned n, const struct mgmt_cmd **found, unsigned max)
{
	struct mgmt_match m = {.words = words, .nwords = n, .partial = true};
	unsigned nfound = 0;
	size_t i;

	for (i = 0; i < mgmt_ncmds && nfound < max; i++)
		if (mgmt_match_cmd(mgmt_cmds[i], &m))
			found[nfound++] = mgmt_cmds[i];
	return nfound;
}

// --- help -------------------------------------------------------------------------

static int help_json(const struct mgmt_cmd *const *cmds, unsigned n, struct mgmt_out *out)
{
	struct json_writer w;
	unsigned i;

	json_init(&w, out, true);
	json_arr_begin(&w);
	for (i = 0; i < n; i++) {
		json_obj_begin(&w);
		json_kv_str(&w, "command", cmds[i]->syntax);
		json_kv_str(&w, "help", cmds[i]->help);
		json_obj_end(&w);
	}
	json_arr_end(&w);
	return json_finish(&w);
}

static int help_text(const struct mgmt_cmd *const *cmds, unsigned n, struct mgmt_out *out)
{
	struct mgmt_table t;
	unsigned i;
	int rc;

	mgmt_table_init(&t, 2);
	t.indent = 2;
	for (i = 0; i < n; i++)
		mgmt_table_add(&t, cmds[i]->syntax, cmds[i]->help);
	rc = mgmt_table_print(&t, out);
	mgmt_table_free(&t);
	return rc;
}

int mgmt_help(const char *const *words, unsigned n, bool json, struct mgmt_out *out)
{
	const struct mgmt_cmd **cmds;
	unsigned found;
	int rc;

	cmds = calloc(mgmt_ncmds + 1, sizeof(*cmds));
	if (cmds == NULL)
		return -ENOMEM;
	found = cmds_with_prefix(words, n, cmds, (unsigned)mgmt_ncmds);
	if (found == 0 && n > 0) {
		mgmt_puts(out, "% No command starts with: ");
		print_words(words, n, out);
		mgmt_puts(out, "\n");
		rc = -EINVAL;
	} else {
		rc = json ? help_json(cmds, found, out) : help_text(cmds, found, out);
	}
	free(cmds);
	return rc;
}

// --- errors -----------------------------------------------------------------------

// Words to compare with the commands: a trailing "json" is not part of any syntax.
static unsigned without_json(const char *const *words, unsigned n)
{
	return n > 1 && strcmp(words[n - 1], "json") == 0 ? n - 1 : n;
}

int mgmt_err_ambiguous(const char *const *words, unsigned n, const struct mgmt_cmd *const *cands,
	unsigned ncands, struct mgmt_out *out)
{
	mgmt_puts(out, "% Ambiguous command: ");
	print_words(words, n, out);
	mgmt_puts(out, "\n");
	print_cmd_list("Possible matches:", cands, ncands, out);
	return -EINVAL;
}

int mgmt_err_incomplete(const char *const *words, unsigned n, struct mgmt_out *out)
{
	const struct mgmt_cmd *cands[MGMT_MAX_WORDS];
	unsigned found = cmds_with_prefix(words, without_json(words, n), cands, MGMT_MAX_WORDS);

	mgmt_puts(out, "% Incomplete command: ");
	print_words(words, n, out);
	mgmt_puts(out, "\n");
	print_cmd_list("Possible completions:", cands, found, out);
	return -EINVAL;
}

// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
static unsigned osa_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	unsigned d[3][DIST_MAX_LEN + 1], cost, v;

	if (la > DIST_MAX_LEN || lb > DIST_MAX_LEN)
		return WORD_COST_MAX;
	for (j = 0; j <= lb; j++)
		d[0][j] = (unsigned)j;
	for (i = 1; i <= la; i++) {
		unsigned *cur = d[i % 3], *prev = d[(i - 1) % 3], *prev2 = d[(i + 1) % 3];

		cur[0] = (unsigned)i;
		for (j = 1; j <= lb; j++) {
			cost = a[i - 1] != b[j - 1];
			v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (prev[j - 1] + cost < v)
				v = prev[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
				prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
		}
	}
	return d[la % 3][lb];
}

static unsigned word_cost(const struct mgmt_tok *t, const char *word)
{
	unsigned i, best = WORD_COST_MAX, c;

	if (t->kind == TOK_ARG)
		return 0;
	for (i = 0; i < t->nalt; i++) {
		if (strncmp(word, t->alt[i], strlen(word)) == 0)
			return 0;
		c = osa_distance(word, t->alt[i]);
		if (c < best)
			best = c;
	}
	return best;
}

// Distance between the words and c, aligning word i with token i; the first word
// must be close on its own.
static unsigned cmd_cost(const struct mgmt_cmd *c, const char *const *words, unsigned n)
{
	unsigned i, cost = 0;

	for (i = 0; i < n && cost <= SUGGEST_COST; i++) {
		cost += i < c->ntok ? word_cost(&c->tok[i], words[i]) : WORD_COST_MAX;
		if (i == 0 && cost > SUGGEST_COST)
			break;
	}
	return cost;
}

// Close matches, best first.
static unsigned suggest(const char *const *words, unsigned n, const struct mgmt_cmd **found)
{
	unsigned nfound = 0, cost;
	size_t i;

	for (cost = 0; cost <= SUGGEST_COST; cost++)
		for (i = 0; i < mgmt_ncmds && nfound < SUGGEST_MAX; i++)
			if (cmd_cost(mgmt_cmds[i], words, n) == cost)
				found[nfound++] = mgmt_cmds[i];
	return nfound;
}

int mgmt_err_unknown(const char *const *words, unsigned n, struct mgmt_out *out)
{
	const struct mgmt_cmd *found[SUGGEST_MAX];
	unsigned nfound, lead;

	mgmt_puts(out, "% Unknown command: ");
	print_words(words, n, out);
	mgmt_puts(out, "\n");
	n = without_json(words, n);
	nfound = suggest(words, n, found);
	if (nfound > 0) {
		print_cmd_list("Did you mean:", found, nfound, out);
		return -EINVAL;
	}
	// Nothing close: list the commands sharing the longest leading words.
	for (lead = n - 1; lead > 0; lead--) {
		nfound = cmds_with_prefix(words, lead, found, SUGGEST_MAX);
		if (nfound > 0) {
			mgmt_puts(out, "Commands starting with \"");
			print_words(words, lead, out);
			print_cmd_list("\":", found, nfound, out);
			break;
		}
	}
	return -EINVAL;
}
