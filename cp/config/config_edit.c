// SPDX-License-Identifier: BSD-3-Clause
// Text edits of a configuration (config_edit.h): the running text as an array of
// lines with their indentation, where a line's block is the more indented lines that
// follow it; edit lines find their place in it by a stack of the lines they are
// indented below.
#include "cp/config/config_edit.h"
#include "cp/config/config_priv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EDIT_DEPTH 16 // nesting of edit lines (router bgp > address-family > vni: 3)
#define REMOVED (-2)  // stack mark: the line was removed, nothing goes under it

struct line {
	char *s;	 // the text, blanks normalised, without indentation
	unsigned indent; // leading blanks
	unsigned src;	 // edit line it came from, 0: running text
};

struct doc {
	struct line *v;
	size_t n, cap;
};

struct level {
	unsigned indent; // of the edit line
	long at;	 // its line in the doc, or REMOVED
};

// The lines whose "no" form is itself configuration (config_bd.c, config_bgp.c's
// "no" keywords): "no X" is written in place of X, not just X removed. "*" is one word.
static const char *const negatable[] = {
	"learning",
	"arp-suppression",
	"neigh-suppression",
	"unknown-unicast-suppression",
	"neighbor * activate",
	"neighbor * enforce-first-as",
	"bgp default ipv4-unicast",
	"bgp ebgp-requires-policy",
	"bgp network import-check",
};

static const char *const leave_words[] = {
	"exit",
	"exit-vrf",
	"exit-address-family",
	"exit-vni",
	"end",
	"quit",
};

// Copies s without its indentation, runs of blanks made one space, into a new
// string; *indent gets the leading blanks. NULL when out of memory.
static char *normalise(const char *s, size_t len, unsigned *indent)
{
	char *out = malloc(len + 1), *o = out;
	size_t i = 0;

	if (out == NULL)
		return NULL;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	*indent = (unsigned)i;
	for (bool blank = false; i < len; i++) {
		bool b = s[i] == ' ' || s[i] == '\t' || s[i] == '\r';
		if (!b && blank && o > out)
			*o++ = ' ';
		if (!b)
			*o++ = s[i];
		blank = b;
	}
	*o = '\0';
	return out;
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

// Whether text matches pattern word by word ("*" matches any one word).
static bool pattern_match(const char *pat, const char *text)
{
	for (;;) {
		size_t pl = strcspn(pat, " "), tl = strcspn(text, " ");
		if (!(pl == 1 && pat[0] == '*') && (pl != tl || strncmp(pat, text, pl) != 0))
			return false;
		pat += pl;
		text += tl;
		if (*pat == '\0' || *text == '\0')
			return *pat == *text;
		pat++;
		text++;
	}
}

static bool is_negatable(const char *text)
{
	for (size_t i = 0; i < sizeof(negatable) / sizeof(negatable[0]); i++)
		if (pattern_match(negatable[i], text))
			return true;
	return false;
}

static bool is_leave(const char *text)
{
	for (size_t i = 0; i < sizeof(leave_words) / sizeof(leave_words[0]); i++)
		if (strcmp(text, leave_words[i]) == 0)
			return true;
	return false;
}

// The line that closes the block text opens under parent, or NULL: the router bgp
// blocks the parser needs closed (config_bgp.c, config_evpn.c).
static const char *closer(const struct doc *d, long parent, const char *text)
{
	if (parent < 0)
		return NULL;
	if (starts_with(text, "address-family "))
		return "exit-address-family";
	if (starts_with(text, "vni ") && starts_with(d->v[parent].s, "address-family "))
		return "exit-vni";
	return NULL;
}

// --- the document -----------------------------------------------------------------

static void doc_free(struct doc *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->v[i].s);
	free(d->v);
	*d = (struct doc){0};
}

// Inserts a line (taking s) before index at.
static int doc_insert(struct doc *d, size_t at, char *s, unsigned indent, unsigned src)
{
	if (s == NULL)
		return -ENOMEM;
	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 64;
		struct line *v = realloc(d->v, cap * sizeof(*v));
		if (v == NULL) {
			free(s);
			return -ENOMEM;
		}
		d->v = v;
		d->cap = cap;
	}
	memmove(&d->v[at + 1], &d->v[at], (d->n - at) * sizeof(*d->v));
	d->v[at] = (struct line){.s = s, .indent = indent, .src = src};
	d->n++;
	return 0;
}

static void doc_remove(struct doc *d, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		free(d->v[i].s);
	memmove(&d->v[from], &d->v[to], (d->n - to) * sizeof(*d->v));
	d->n -= to - from;
}

static int doc_parse(struct doc *d, const char *text)
{
	unsigned indent;

	for (const char *s = text; *s != '\0';) {
		size_t len = strcspn(s, "\n");
		char *t = normalise(s, len, &indent);
		if (doc_insert(d, d->n, t, t != NULL && *t != '\0' ? indent : 0, 0) < 0)
			return -ENOMEM;
		s += len + (s[len] == '\n');
	}
	return 0;
}

// Index after the block of line i (i < 0: the whole document). A blank line ends it.
static size_t block_end(const struct doc *d, long i)
{
	size_t j = (size_t)(i + 1);

	if (i < 0)
		return d->n;
	while (j < d->n && d->v[j].s[0] != '\0' && d->v[j].indent > d->v[i].indent)
		j++;
	return j;
}

// The line of parent's block (not deeper) whose text is text, or -1.
static long find_child(const struct doc *d, long parent, const char *text)
{
	size_t end = block_end(d, parent);

	for (size_t j = (size_t)(parent + 1); j < end; j = block_end(d, (long)j))
		if (strcmp(d->v[j].s, text) == 0)
			return (long)j;
	return -1;
}

static unsigned child_indent(const struct doc *d, long parent)
{
	return parent < 0 ? 0 : d->v[parent].indent + 1;
}

// Line i and its block go; with them the line that closes the block (exit-vni,
// exit-address-family; after a section: "!", exit, exit-vrf).
static void remove_block(struct doc *d, long parent, long i)
{
	const char *close = closer(d, parent, d->v[i].s);
	size_t end = block_end(d, i);

	if (end < d->n && d->v[end].indent == d->v[i].indent) {
		const char *s = d->v[end].s;
		if ((close != NULL && strcmp(s, close) == 0) ||
			(parent < 0 && (strcmp(s, "!") == 0 || strcmp(s, "exit") == 0 ||
					       strcmp(s, "exit-vrf") == 0)))
			end++;
	}
	doc_remove(d, (size_t)i, end);
}

static int replace(struct doc *d, long i, const char *fmt, const char *text, unsigned src)
{
	char *s;

	if (asprintf(&s, fmt, text) < 0)
		return -ENOMEM;
	free(d->v[i].s);
	d->v[i].s = s;
	d->v[i].src = src;
	return 0;
}

// --- the edit lines ---------------------------------------------------------------

static int edit_error(struct cfg_edit *res, unsigned ln, const char *text, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	snprintf(res->error, sizeof(res->error), "edit line %u '%s': %s", ln, text, why);
	return -EINVAL;
}

// "no text" under parent.
static int edit_no(struct doc *d, long parent, const char *text, unsigned ln, struct cfg_edit *res)
{
	long i = find_child(d, parent, text);
	char *neg;

	if (i >= 0 && parent >= 0 && is_negatable(text))
		return replace(d, i, "no %s", text, ln);
	if (i >= 0) {
		remove_block(d, parent, i);
		return 0;
	}
	if (asprintf(&neg, "no %s", text) < 0)
		return -ENOMEM;
	if (find_child(d, parent, neg) >= 0) {
		free(neg);
		return 0;
	}
	if (parent >= 0 && is_negatable(text))
		return doc_insert(d, block_end(d, parent), neg, child_indent(d, parent), ln);
	free(neg);
	return edit_error(res, ln, text, "not in %s%s", parent < 0 ? "the configuration" : "",
		parent < 0 ? "" : d->v[parent].s);
}

// The line of a section (parent at column 0) that sets the value text sets again, or
// -1: "vni 300" in bridge-domain 100 has "vni 100".
static long find_value(const struct doc *d, long parent, const char *text)
{
	char sect[64], kw[64];
	size_t end = block_end(d, parent);

	if (parent < 0 || d->v[parent].indent != 0)
		return -1;
	snprintf(sect, sizeof(sect), "%.*s", (int)strcspn(d->v[parent].s, " "), d->v[parent].s);
	snprintf(kw, sizeof(kw), "%.*s", (int)strcspn(text, " "), text);
	if (strchr(text, ' ') == NULL || !cfg_keyword_once(sect, kw))
		return -1;
	for (size_t j = (size_t)(parent + 1); j < end; j = block_end(d, (long)j))
		if (strncmp(d->v[j].s, text, strlen(kw) + 1) == 0)
			return (long)j;
	return -1;
}

// text under parent: the line found, turned from "no text", or added. Its index in *at.
static int edit_add(struct doc *d, long parent, const char *text, unsigned ln, long *at)
{
	const char *close = closer(d, parent, text);
	unsigned indent = child_indent(d, parent);
	size_t end = block_end(d, parent);
	char *neg;
	int ret;

	if ((*at = find_child(d, parent, text)) >= 0)
		return 0;
	if (asprintf(&neg, "no %s", text) < 0)
		return -ENOMEM;
	*at = find_child(d, parent, neg);
	free(neg);
	if (*at < 0)
		*at = find_value(d, parent, text);
	if (*at >= 0)
		return replace(d, *at, "%s", text, ln);
	*at = (long)end;
	if ((ret = doc_insert(d, end, strdup(text), indent, ln)) < 0 || close == NULL)
		return ret;
	return doc_insert(d, end + 1, strdup(close), indent, ln);
}

// One edit line (normalised text, its indentation) against the stack of the lines
// before it that it may be indented below.
static int edit_line(struct doc *d, struct level *stack, unsigned *depth, unsigned indent,
	const char *text, unsigned ln, struct cfg_edit *res)
{
	long parent, at;
	int ret;

	while (*depth > 0 && stack[*depth - 1].indent >= indent)
		(*depth)--;
	if (is_leave(text))
		return 0;
	if (indent > 0 && *depth == 0)
		return edit_error(res, ln, text, "indented, but no section named before it");
	parent = *depth > 0 ? stack[*depth - 1].at : -1;
	if (parent == REMOVED)
		return edit_error(res, ln, text, "under a line this edit removes");
	if (*depth == EDIT_DEPTH)
		return edit_error(res, ln, text, "nested more than %d deep", EDIT_DEPTH);
	if (starts_with(text, "no ")) {
		ret = edit_no(d, parent, text + 3, ln, res);
		at = REMOVED;
	} else {
		ret = edit_add(d, parent, text, ln, &at);
	}
	stack[(*depth)++] = (struct level){.indent = indent, .at = at};
	return ret;
}

static int edit_all(struct doc *d, const char *edit, struct cfg_edit *res)
{
	struct level stack[EDIT_DEPTH];
	unsigned depth = 0, ln = 0, indent;
	int ret = 0;

	for (const char *s = edit; *s != '\0' && ret == 0;) {
		size_t len = strcspn(s, "\n");
		char *t = normalise(s, len, &indent);
		ln++;
		s += len + (s[len] == '\n');
		if (t == NULL)
			return -ENOMEM;
		if (t[0] != '\0' && t[0] != '!' && t[0] != '#')
			ret = edit_line(d, stack, &depth, indent, t, ln, res);
		free(t);
	}
	return ret;
}

static int doc_print(const struct doc *d, struct cfg_edit *res)
{
	size_t len = 0;
	FILE *f = open_memstream(&res->text, &len);

	if (f == NULL)
		return -ENOMEM;
	res->src = calloc(d->n + 1, sizeof(*res->src));
	for (size_t i = 0; i < d->n; i++) {
		fprintf(f, "%*s%s\n", (int)d->v[i].indent, "", d->v[i].s);
		if (res->src != NULL)
			res->src[i] = d->v[i].src;
	}
	res->n_lines = d->n;
	if (fclose(f) != 0 || res->src == NULL)
		return -ENOMEM;
	return 0;
}

int config_edit(const char *running, const char *edit, struct cfg_edit *res)
{
	struct doc d = {0};
	int ret;

	*res = (struct cfg_edit){0};
	if ((ret = doc_parse(&d, running)) == 0 && (ret = edit_all(&d, edit, res)) == 0)
		ret = doc_print(&d, res);
	doc_free(&d);
	if (ret < 0) {
		char error[sizeof(res->error)];
		memcpy(error, res->error, sizeof(error));
		config_edit_free(res);
		memcpy(res->error, ret == -ENOMEM ? "out of memory" : error,
			ret == -ENOMEM ? sizeof("out of memory") : sizeof(error));
	}
	return ret;
}

void config_edit_free(struct cfg_edit *res)
{
	free(res->text);
	free(res->src);
	*res = (struct cfg_edit){0};
}
