// SPDX-License-Identifier: BSD-3-Clause
// The command registry: syntax parsing, matching of request words against every
// command, and dispatch of the best match to its handler.
#include "cp/mgmt/mgmt_cmd.h"
#include "cp/mgmt/mgmt_cmd_priv.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

struct mgmt_cmd **mgmt_cmds;
size_t mgmt_ncmds;

// --- syntax parsing ---------------------------------------------------------------

struct syntax_parser {
	const char *p;	 // next character of the syntax
	char *store;	 // next free byte of cmd->words
	unsigned group;	 // open optional group, 0 if none
	unsigned ngroup; // groups seen
	unsigned first;	 // first token of the open group
};

static bool keyword_valid(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!isgraph((unsigned char)*s) || strchr("<>{}[]|\"", *s) != NULL)
			return false;
	return true;
}

// Copies the next word of the syntax (up to a blank, '[' or ']') into the store.
static char *syntax_word(struct syntax_parser *sp)
{
	char *w = sp->store;

	while (*sp->p != '\0' && !isspace((unsigned char)*sp->p) && *sp->p != '[' && *sp->p != ']')
		*sp->store++ = *sp->p++;
	*sp->store++ = '\0';
	return w;
}

// Fills t from word: "<name>", "{a|b}" or "keyword".
static int syntax_token(struct mgmt_tok *t, char *w)
{
	size_t len = strlen(w);
	char *alt;

	if (len > 2 && w[0] == '<' && w[len - 1] == '>') {
		w[len - 1] = '\0';
		t->kind = TOK_ARG;
		t->name = w + 1;
		return keyword_valid(t->name) ? 0 : -EINVAL;
	}
	t->kind = TOK_KEYWORD;
	if (len > 2 && w[0] == '{' && w[len - 1] == '}') {
		w[len - 1] = '\0';
		w++;
		while ((alt = strsep(&w, "|")) != NULL) {
			if (t->nalt == MGMT_MAX_ALTS || !keyword_valid(alt))
				return -EINVAL;
			t->alt[t->nalt++] = alt;
		}
		return 0;
	}
	t->alt[t->nalt++] = w;
	return keyword_valid(w) ? 0 : -EINVAL;
}

// Handles '[' and ']' at the parser's position.
static int syntax_bracket(struct syntax_parser *sp, struct mgmt_cmd *c)
{
	if (*sp->p == '[') {
		if (sp->group != 0)
			return -EINVAL; // groups do not nest
		sp->group = ++sp->ngroup;
		sp->first = c->ntok;
	} else {
		if (sp->group == 0 || sp->first == c->ntok)
			return -EINVAL; // unmatched or empty group
		c->tok[sp->first].group_first = true;
		c->tok[sp->first].group_end = (uint8_t)c->ntok;
		sp->group = 0;
	}
	sp->p++;
	return 0;
}

static int syntax_parse(struct mgmt_cmd *c, const char *syntax)
{
	struct syntax_parser sp = {.p = syntax, .store = c->words};
	struct mgmt_tok *t;
	int rc;

	for (;;) {
		while (isspace((unsigned char)*sp.p))
			sp.p++;
		if (*sp.p == '\0')
			break;
		if (*sp.p == '[' || *sp.p == ']') {
			if ((rc = syntax_bracket(&sp, c)) < 0)
				return rc;
			continue;
		}
		if (c->ntok == MGMT_MAX_WORDS)
			return -EINVAL;
		t = &c->tok[c->ntok++];
		t->group = (uint8_t)sp.group;
		if ((rc = syntax_token(t, syntax_word(&sp))) < 0)
			return rc;
	}
	// A command starts with a required keyword and closes its groups.
	if (sp.group != 0 || c->ntok == 0 || c->tok[0].kind != TOK_KEYWORD || c->tok[0].group != 0)
		return -EINVAL;
	return 0;
}

static void syntax_render_token(const struct mgmt_tok *t, struct mgmt_out *o)
{
	unsigned i;

	if (t->kind == TOK_ARG) {
		mgmt_printf(o, "<%s>", t->name);
		return;
	}
	if (t->nalt == 1) {
		mgmt_puts(o, t->alt[0]);
		return;
	}
	for (i = 0; i < t->nalt; i++)
		mgmt_printf(o, "%s%s", i == 0 ? "{" : "|", t->alt[i]);
	mgmt_puts(o, "}");
}

// The canonical spelling of c, e.g. "show mac [bd <N>]" (malloc'd).
static char *syntax_render(const struct mgmt_cmd *c)
{
	struct mgmt_out o = MGMT_OUT_INIT;
	unsigned i;

	for (i = 0; i < c->ntok; i++) {
		const struct mgmt_tok *t = &c->tok[i];
		bool group_last =
			t->group != 0 && (i + 1 == c->ntok || c->tok[i + 1].group != t->group ||
						 c->tok[i + 1].group_first);

		mgmt_printf(&o, "%s%s", i > 0 ? " " : "", t->group_first ? "[" : "");
		syntax_render_token(t, &o);
		if (group_last)
			mgmt_puts(&o, "]");
	}
	if (mgmt_out_error(&o) < 0) {
		mgmt_out_free(&o);
		return NULL;
	}
	return o.buf;
}

// --- registry ---------------------------------------------------------------------

static void cmd_free(struct mgmt_cmd *c)
{
	if (c == NULL)
		return;
	free(c->syntax);
	free(c->help);
	free(c->words);
	free(c);
}

static struct mgmt_cmd *cmd_new(const char *syntax, const char *help)
{
	struct mgmt_cmd *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	c->words = malloc(2 * strlen(syntax) + 2);
	c->help = strdup(help != NULL ? help : "");
	if (c->words == NULL || c->help == NULL) {
		cmd_free(c);
		return NULL;
	}
	return c;
}

// Index where syntax goes in the sorted registry, or -EEXIST.
static ssize_t registry_slot(const char *syntax)
{
	size_t i;
	int cmp;

	for (i = 0; i < mgmt_ncmds; i++) {
		cmp = strcmp(syntax, mgmt_cmds[i]->syntax);
		if (cmp == 0)
			return -EEXIST;
		if (cmp < 0)
			break;
	}
	return (ssize_t)i;
}

static int registry_insert(struct mgmt_cmd *c)
{
	ssize_t slot = registry_slot(c->syntax);
	struct mgmt_cmd **cmds;

	if (slot < 0)
		return (int)slot;
	cmds = realloc(mgmt_cmds, (mgmt_ncmds + 1) * sizeof(*cmds));
	if (cmds == NULL)
		return -ENOMEM;
	mgmt_cmds = cmds;
	memmove(&cmds[slot + 1], &cmds[slot], (mgmt_ncmds - (size_t)slot) * sizeof(*cmds));
	cmds[slot] = c;
	mgmt_ncmds++;
	return 0;
}

int mgmt_register(const char *syntax, mgmt_handler fn, void *ctx, const char *help)
{
	struct mgmt_cmd *c;
	int rc;

	if (syntax == NULL || fn == NULL)
		return -EINVAL;
	c = cmd_new(syntax, help);
	if (c == NULL)
		return -ENOMEM;
	c->fn = fn;
	c->ctx = ctx;
	rc = syntax_parse(c, syntax);
	if (rc == 0) {
		c->syntax = syntax_render(c);
		rc = c->syntax != NULL ? registry_insert(c) : -ENOMEM;
	}
	if (rc < 0)
		cmd_free(c);
	return rc;
}

void mgmt_registry_clear(void)
{
	size_t i;

	for (i = 0; i < mgmt_ncmds; i++)
		cmd_free(mgmt_cmds[i]);
	free(mgmt_cmds);
	mgmt_cmds = NULL;
	mgmt_ncmds = 0;
}

// --- matching ---------------------------------------------------------------------

int mgmt_match_word(const struct mgmt_tok *t, const char *word, uint8_t *alt)
{
	size_t len = strlen(word);
	unsigned i, nprefix = 0;

	if (t->kind == TOK_ARG) {
		*alt = 0;
		return MATCH_ARG;
	}
	for (i = 0; i < t->nalt; i++) {
		if (strcmp(word, t->alt[i]) == 0) {
			*alt = (uint8_t)i;
			return MATCH_EXACT;
		}
		if (strncmp(word, t->alt[i], len) == 0) {
			*alt = (uint8_t)i;
			nprefix++;
		}
	}
	// "m" in {mac|multicast} is no abbreviation of either.
	return len > 0 && nprefix == 1 ? MATCH_PREFIX : 0;
}

// Matches words[wi..] against tokens ti.. ; an optional group is tried, then skipped.
static bool match_at(const struct mgmt_cmd *c, unsigned ti, unsigned wi, struct mgmt_match *m)
{
	const struct mgmt_tok *t;
	int kind;

	if (wi == m->nwords && (m->partial || ti == c->ntok))
		return true;
	if (ti == c->ntok)
		return false;
	t = &c->tok[ti];
	if (wi < m->nwords) {
		kind = mgmt_match_word(t, m->words[wi], &m->alt[wi]);
		m->tok[wi] = (uint8_t)ti;
		m->kind[wi] = (uint8_t)kind;
		if (kind != 0 && match_at(c, ti + 1, wi + 1, m))
			return true;
	}
	return t->group_first && match_at(c, t->group_end, wi, m);
}

bool mgmt_match_cmd(const struct mgmt_cmd *c, struct mgmt_match *m)
{
	return m->nwords <= MGMT_MAX_WORDS && match_at(c, 0, 0, m);
}

static unsigned match_score(const struct mgmt_match *m)
{
	unsigned i, score = 0;

	for (i = 0; i < m->nwords; i++)
		score += m->kind[i];
	return score;
}

struct best_match {
	const struct mgmt_cmd *cands[MGMT_MAX_WORDS]; // the commands tied for best
	unsigned ncands;			      // how many (may exceed the array)
	unsigned score;
	struct mgmt_match m; // of cands[0]
};

// Finds the best-scoring commands for words.
static void match_best(const char *const *words, unsigned n, struct best_match *b)
{
	struct mgmt_match m = {.words = words, .nwords = n};
	unsigned score;
	size_t i;

	memset(b, 0, sizeof(*b));
	for (i = 0; i < mgmt_ncmds; i++) {
		if (!mgmt_match_cmd(mgmt_cmds[i], &m))
			continue;
		score = match_score(&m);
		if (score > b->score) {
			b->score = score;
			b->ncands = 0;
			b->m = m;
		}
		if (score == b->score && b->ncands++ < MGMT_MAX_WORDS)
			b->cands[b->ncands - 1] = mgmt_cmds[i];
	}
}

// --- dispatch ---------------------------------------------------------------------

// Splits line into words in buf; "double quotes" group blanks into one word.
static int split_words(const char *line, char *buf, const char **words, unsigned *n)
{
	const char *p = line;
	bool quoted;

	*n = 0;
	if (strlen(line) >= MGMT_LINE_MAX)
		return -E2BIG;
	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			return 0;
		if (*n == MGMT_MAX_WORDS)
			return -E2BIG;
		words[(*n)++] = buf;
		quoted = false;
		for (; *p != '\0' && (quoted || !isspace((unsigned char)*p)); p++) {
			if (*p == '"')
				quoted = !quoted;
			else
				*buf++ = *p;
		}
		*buf++ = '\0';
		if (quoted)
			return -EINVAL;
	}
}

static void req_fill(struct mgmt_req *req, const struct mgmt_cmd *c, const struct mgmt_match *m)
{
	const struct mgmt_tok *t;
	unsigned i;

	req->syntax = c->syntax;
	req->nwords = m->nwords;
	for (i = 0; i < m->nwords; i++) {
		t = &c->tok[m->tok[i]];
		req->words[i] = m->words[i];
		req->keywords[i] = t->kind == TOK_KEYWORD ? t->alt[m->alt[i]] : NULL;
		if (t->kind == TOK_ARG)
			req->args[req->nargs++] = (struct mgmt_arg){t->name, m->words[i]};
	}
}

static int run_handler(const struct mgmt_cmd *c, const struct mgmt_req *req, struct mgmt_out *out)
{
	size_t before = out->len;
	int rc = c->fn(req, out, c->ctx);

	if (rc > 0)
		rc = -rc;
	if (mgmt_out_error(out) < 0) {
		rc = mgmt_out_error(out);
		mgmt_out_truncate(out, before);
		mgmt_printf(out, "%% %s\n", rc == -EFBIG ? "Output too large" : strerror(-rc));
	} else if (rc < 0 && out->len == before) {
		mgmt_printf(out, "%% %s\n", strerror(-rc));
	}
	return rc;
}

static int dispatch_words(
	const char *line, const char *const *words, unsigned n, struct mgmt_out *out)
{
	bool json = n > 1 && strcmp(words[n - 1], "json") == 0;
	struct mgmt_req req = {.line = line};
	unsigned nbare = n - json; // without the "json" suffix
	struct best_match b;

	match_best(words, nbare, &b);
	if (b.ncands == 0 && json) {
		json = false; // maybe "json" is a placeholder's value
		match_best(words, n, &b);
	}
	if (b.ncands == 0) {
		struct mgmt_match m = {.words = words, .nwords = nbare, .partial = true};
		size_t i;

		for (i = 0; i < mgmt_ncmds; i++)
			if (mgmt_match_cmd(mgmt_cmds[i], &m))
				return mgmt_err_incomplete(words, n, out);
		return mgmt_err_unknown(words, n, out);
	}
	if (b.ncands > 1)
		return mgmt_err_ambiguous(words, n, b.cands,
			b.ncands < MGMT_MAX_WORDS ? b.ncands : MGMT_MAX_WORDS, out);
	req.json = json;
	req_fill(&req, b.cands[0], &b.m);
	return run_handler(b.cands[0], &req, out);
}

static bool is_help(const char *word)
{
	return strcmp(word, "help") == 0 || strcmp(word, "?") == 0;
}

int mgmt_dispatch(const char *line, struct mgmt_out *out)
{
	const char *words[MGMT_MAX_WORDS];
	char buf[MGMT_LINE_MAX];
	unsigned n;
	bool json;
	int rc;

	rc = split_words(line, buf, words, &n);
	if (rc < 0) {
		mgmt_printf(
			out, "%% %s\n", rc == -E2BIG ? "Request too long" : "Unbalanced quotes");
		return rc;
	}
	if (n == 0)
		return 0;
	if (is_help(words[0])) {
		json = n > 1 && strcmp(words[n - 1], "json") == 0;
		return mgmt_help(words + 1, n - 1 - json, json, out);
	}
	return dispatch_words(line, words, n, out);
}

// --- request accessors ------------------------------------------------------------

const char *mgmt_req_arg(const struct mgmt_req *req, const char *name)
{
	unsigned i;

	for (i = 0; i < req->nargs; i++)
		if (strcmp(req->args[i].name, name) == 0)
			return req->args[i].value;
	return NULL;
}

bool mgmt_req_has(const struct mgmt_req *req, const char *keyword)
{
	unsigned i;

	for (i = 0; i < req->nwords; i++)
		if (req->keywords[i] != NULL && strcmp(req->keywords[i], keyword) == 0)
			return true;
	return false;
}

int mgmt_req_u64(const struct mgmt_req *req, const char *name, uint64_t min, uint64_t max,
	uint64_t *val, struct mgmt_out *out)
{
	const char *s = mgmt_req_arg(req, name);
	unsigned long long v;
	char *end;

	if (s == NULL)
		return -ENOENT;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (!isdigit((unsigned char)s[0]) || *end != '\0') {
		if (out != NULL)
			mgmt_printf(out, "%% Invalid %s: %s (not a number)\n", name, s);
		return -EINVAL;
	}
	if (errno == ERANGE || v < min || v > max) {
		if (out != NULL)
			mgmt_printf(out, "%% Invalid %s: %s (range %llu-%llu)\n", name, s,
				(unsigned long long)min, (unsigned long long)max);
		return -ERANGE;
	}
	*val = v;
	return 0;
}
