// SPDX-License-Identifier: BSD-3-Clause
// The line reader and dispatcher: splits the text into lines and tokens, tracks
// the current section and hands each line to its section's keyword table
// (config_dataplane.c, config_underlay.c, config_bd.c).
#include "cp/config/config_priv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const struct cfg_section *const sections[] = {
	&cfg_dataplane_section,
	&cfg_underlay_section,
	&cfg_bd_section,
	&cfg_bgp_section,
	&cfg_vrf_section,
	&cfg_mpls_section,
	&cfg_metrics_section,
	&cfg_bgp_vrf_section, // "router" too: chosen by its argument count
	&cfg_rmap_section,
	&cfg_process_section,
	&cfg_tester_section,
	&cfg_stream_section,
};

void config_init(struct evpnd_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->main_lcore = 0;
	cfg->worker_lcores[0] = 1;
	cfg->n_workers = 1;
	cfg->mbufs = 32768;
	cfg->mac_table_size = 262144;
	cfg->neigh_table_size = CFG_NEIGH_TABLE_DEFAULT;
	cfg->fib_size = CFG_FIB_SIZE_DEFAULT;
	cfg->bgp.default_ipv4_unicast = true;
}

void config_free(struct evpnd_config *cfg)
{
	for (size_t i = 0; i < cfg->n_bds; i++) {
		free(cfg->bds[i].members);
		free(cfg->bds[i].macs);
		free(cfg->bds[i].flood_vteps);
		free(cfg->bds[i].flood_labels);
		free(cfg->bds[i].gw_addrs);
	}
	free(cfg->bds);
	cfg_vrf_free(cfg);
	cfg_mpls_free(cfg);
	cfg_policy_free(cfg);
	cfg_process_free(cfg);
	cfg_tester_free(cfg);
	free(cfg->addrs);
	free(cfg->routes);
	free(cfg->neighs);
	cfg_evpn_free(&cfg->bgp);
	cfg_bgp_free(&cfg->bgp);
	config_init(cfg);
}

void cfg_error_clear(struct cfg_error *err)
{
	err->msg[0] = err->all[0] = err->warnings[0] = '\0';
	err->n_errors = err->n_warnings = 0;
}

// Appends "line\n" to buf; past its end the text is cut, the counts stay right.
static void append_line(char *buf, size_t size, const char *line)
{
	size_t len = strlen(buf);

	snprintf(buf + len, size - len, "%s\n", line);
}

static int error_vadd(struct cfg_error *err, const char *fmt, va_list ap)
{
	char line[sizeof(err->msg)];

	vsnprintf(line, sizeof(line), fmt, ap);
	if (err->n_errors++ == 0)
		memcpy(err->msg, line, sizeof(line));
	if (err->n_errors <= CFG_ERRORS_MAX)
		append_line(err->all, sizeof(err->all), line);
	return -EINVAL;
}

int cfg_error_add(struct cfg_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_vadd(err, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static void vperr(struct cfg_parser *p, unsigned line, const char *ctx, const char *fmt, va_list ap)
{
	char msg[sizeof(p->err->msg)];
	int n = snprintf(msg, sizeof(msg), "%s:%u: %s", p->file, line, ctx);

	if (n >= 0 && (size_t)n < sizeof(msg))
		vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	cfg_error_add(p->err, "%s", msg);
}

int cfg_perr(struct cfg_parser *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vperr(p, p->line, p->ctx, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

int cfg_perr_at(struct cfg_parser *p, unsigned line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vperr(p, line, "", fmt, ap);
	va_end(ap);
	return -EINVAL;
}

void cfg_pwarn(struct cfg_parser *p, const char *fmt, ...)
{
	char line[sizeof(p->err->msg)];
	va_list ap;
	int n = snprintf(line, sizeof(line), "%s:%u: ", p->file, p->line);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < sizeof(line))
		vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	p->err->n_warnings++;
	append_line(p->err->warnings, sizeof(p->err->warnings), line);
}

int cfg_enomem(struct cfg_parser *p)
{
	cfg_error_add(p->err, "%s:%u: out of memory", p->file, p->line);
	return -ENOMEM;
}

// Splits buf in place on blanks. Returns the token count or -1 when too many.
static int tokenize(char *buf, char **tok)
{
	char *save = NULL;
	int n = 0;

	// strtok_r: a reload may parse on another thread than the start-up parse.
	for (char *s = strtok_r(buf, " \t\r", &save); s != NULL;
		s = strtok_r(NULL, " \t\r", &save)) {
		if (n == CFG_MAX_TOKENS)
			return -1;
		tok[n++] = s;
	}
	return n;
}

static int close_section(struct cfg_parser *p)
{
	int ret = 0;

	if (p->section == &cfg_bgp_section)
		ret = cfg_evpn_close(p);
	if (ret == 0 && p->section != NULL && p->section->close != NULL)
		ret = p->section->close(p);
	p->section = NULL;
	p->ctx[0] = '\0';
	p->title[0] = '\0';
	return ret;
}

// A section that failed to open skips its indented lines (p->skip), so one bad
// header gives one error, not one per line under it.
static int open_section(struct cfg_parser *p, char **tok, int n)
{
	const struct cfg_section *s = NULL;
	int ret;

	if ((ret = close_section(p)) == -ENOMEM)
		return ret; // other errors are listed; the next section opens anyway
	p->skip = true;
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		if (strcmp(tok[0], sections[i]->name) == 0 &&
			(s == NULL || n - 1 == sections[i]->n_args))
			s = sections[i];
	if (s == NULL)
		return cfg_perr(p, "unknown section '%s'", tok[0]);
	if (n - 1 != s->n_args)
		return cfg_perr(p, "%s: wrong number of arguments (usage: %s)", s->name, s->usage);
	memset(p->once_line, 0, sizeof(p->once_line));
	snprintf(p->title, sizeof(p->title), "%s%s%s", s->name, n > 1 ? " " : "",
		n > 1 ? tok[1] : "");
	if ((ret = s->open(p, tok + 1)) < 0)
		return ret;
	p->section = s;
	p->skip = false;
	return 0;
}

static const struct cfg_keyword *find_keyword(const struct cfg_section *s, const char *name)
{
	for (const struct cfg_keyword *k = s->keywords; k->name != NULL; k++)
		if (strcmp(k->name, name) == 0)
			return k;
	return NULL;
}

bool cfg_keyword_once(const char *section, const char *keyword)
{
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		const struct cfg_keyword *k = NULL;
		if (strcmp(sections[i]->name, section) == 0)
			k = find_keyword(sections[i], keyword);
		if (k != NULL && k->once != 0 && k->max_args > 0)
			return true;
	}
	return false;
}

static int run_command(struct cfg_parser *p, char **tok, int n)
{
	const struct cfg_keyword *k;

	if (p->section == NULL)
		return cfg_perr(p, "'%s' is outside of any section", tok[0]);
	// vni blocks live inside router bgp's l2vpn evpn family (config_evpn.c).
	int ret;
	if (p->section == &cfg_bgp_section && cfg_evpn_command(p, tok, n, &ret))
		return ret;
	if ((k = find_keyword(p->section, tok[0])) == NULL)
		return cfg_perr_at(
			p, p->line, "unknown command '%s' in section %s", tok[0], p->title);
	if (n - 1 < k->min_args || n - 1 > k->max_args)
		return cfg_perr(p, "%s: wrong number of arguments (usage: %s)", k->name, k->usage);
	if (k->once && cfg_once(p, k->once, k->what) < 0)
		return -EINVAL;
	return k->fn(p, tok + 1, n - 1);
}

int cfg_once(struct cfg_parser *p, int slot, const char *what)
{
	unsigned *seen = &p->once_line[slot - 1];
	if (*seen)
		return cfg_perr(p, "%s already set at line %u", what, *seen);
	*seen = p->line;
	return 0;
}

static int has_control_char(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\t' && s[i] != '\r')
			return 1;
	return 0;
}

// One physical line (without its '\n'). Its error is listed in p->err; the caller
// goes on with the next line.
static int parse_line(struct cfg_parser *p, const char *s, size_t len)
{
	char buf[CFG_LINE_MAX + 1];
	char *tok[CFG_MAX_TOKENS];
	int n, ret, taken;

	if (len > CFG_LINE_MAX)
		return cfg_perr_at(p, p->line, "line longer than %d characters", CFG_LINE_MAX);
	if (has_control_char(s, len))
		return cfg_perr_at(p, p->line, "control character in line");
	memcpy(buf, s, len);
	buf[len] = '\0';
	size_t indent = strspn(buf, " \t\r");
	if (buf[indent] == '\0' || buf[indent] == '!' || buf[indent] == '#')
		return 0; // blank or comment
	if ((n = tokenize(buf, tok)) < 0)
		return cfg_perr_at(p, p->line, "more than %d words in line", CFG_MAX_TOKENS);
	if (indent == 0 && (taken = cfg_frr_toplevel(p, tok, n, &ret)) != 0) {
		// FRR's own lines ("frr version", "hostname", "exit"...) end a section too.
		int closed = close_section(p);
		p->skip = taken == CFG_FRR_BLOCK;
		return closed == -ENOMEM ? closed : ret;
	}
	if (indent == 0)
		return open_section(p, tok, n);
	return p->skip ? 0 : run_command(p, tok, n);
}

static int parse_text(struct cfg_parser *p, const char *text, size_t size)
{
	const char *end = text + size;
	int ret;

	for (const char *s = text; s < end;) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *eol = nl != NULL ? nl : end;
		p->line++;
		if ((ret = parse_line(p, s, (size_t)(eol - s))) == -ENOMEM)
			return ret;
		s = eol + 1;
	}
	if ((ret = close_section(p)) == -ENOMEM)
		return ret;
	return p->err->n_errors ? -EINVAL : 0;
}

static void print_lines(const char *text, const char *prefix, FILE *out)
{
	for (const char *s = text; *s != '\0';) {
		size_t len = strcspn(s, "\n");
		fprintf(out, "%s%.*s\n", prefix, (int)len, s);
		s += len + (s[len] == '\n');
	}
}

void config_report(const struct cfg_error *err, const char *prefix, FILE *out)
{
	char wprefix[64];

	snprintf(wprefix, sizeof(wprefix), "%swarning: ", prefix);
	print_lines(err->warnings, wprefix, out);
	print_lines(err->all, prefix, out);
	if (err->n_errors > 1)
		fprintf(out, "%s%u errors\n", prefix, err->n_errors);
}

void cfg_error_finish(struct cfg_error *err)
{
	char more[64];

	if (err->n_errors <= CFG_ERRORS_MAX)
		return;
	snprintf(more, sizeof(more), "... and %u more errors", err->n_errors - CFG_ERRORS_MAX);
	append_line(err->all, sizeof(err->all), more);
}

static void parser_free(struct cfg_parser *p)
{
	cfg_kset_free(&p->bd_ids);
	cfg_kset_free(&p->vnis);
	cfg_kset_free(&p->members);
	cfg_kset_free(&p->bd_macs);
	cfg_kset_free(&p->bd_floods);
	cfg_kset_free(&p->bd_gw_addrs);
	cfg_kset_free(&p->uaddrs);
	cfg_kset_free(&p->routes);
	cfg_kset_free(&p->neighs);
	cfg_kset_free(&p->mpls_lsps);
	cfg_kset_free(&p->mpls_transports);
	cfg_bgp_parser_free(p);
	cfg_evpn_parser_free(p);
}

// Parses into a fresh config and swaps it in only when everything is valid, so a
// caller never sees half a config.
static int parse_buffer(struct evpnd_config *cfg, const char *text, size_t size, const char *name,
	struct cfg_error *err)
{
	struct evpnd_config tmp;
	struct cfg_parser p;
	int ret;

	config_init(&tmp);
	memset(&p, 0, sizeof(p));
	p.cfg = &tmp;
	p.err = err;
	p.file = name;
	cfg_error_clear(err);
	ret = parse_text(&p, text, size);
	parser_free(&p);
	// The whole-file checks run on what the good lines said, so one run lists
	// every problem (some may follow from a bad line: a bridge-domain whose vni
	// line was bad "has no vni").
	if (ret != -ENOMEM && config_check_file(&tmp, name, err) < 0)
		ret = -EINVAL;
	if (ret == 0)
		cfg_bgp_resolve(&tmp);
	cfg_error_finish(err);
	config_free(cfg);
	if (ret < 0)
		config_free(&tmp);
	else
		*cfg = tmp;
	return ret;
}

int config_parse_string(
	struct evpnd_config *cfg, const char *text, const char *name, struct cfg_error *err)
{
	return parse_buffer(cfg, text, strlen(text), name, err);
}

// Reads the whole file: configs are small, and a stream (a pipe, /dev/stdin) works
// the same as a regular file.
static char *slurp(FILE *f, size_t *size)
{
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);

	while (buf != NULL) {
		len += fread(buf + len, 1, cap - len, f);
		if (ferror(f) || feof(f))
			break;
		char *grown = cap >= CFG_FILE_MAX ? NULL : realloc(buf, cap * 2);
		if (grown == NULL) {
			errno = cap >= CFG_FILE_MAX ? EFBIG : ENOMEM;
			free(buf);
			return NULL;
		}
		buf = grown;
		cap *= 2;
	}
	if (buf != NULL && ferror(f)) {
		free(buf);
		errno = EIO;
		return NULL;
	}
	*size = len;
	return buf;
}

static int file_error(struct evpnd_config *cfg, const char *path, struct cfg_error *err, int e)
{
	cfg_error_clear(err);
	cfg_error_add(err, "%s: %s", path, strerror(e));
	config_free(cfg);
	return -e;
}

int config_parse_file(struct evpnd_config *cfg, const char *path, struct cfg_error *err)
{
	FILE *f = fopen(path, "r");
	size_t size;
	char *text;
	int ret;

	if (f == NULL)
		return file_error(cfg, path, err, errno);
	text = slurp(f, &size);
	ret = errno;
	fclose(f);
	if (text == NULL)
		return file_error(cfg, path, err, ret);
	// NUL bytes are not special here: parse_line reports them with their line.
	ret = parse_buffer(cfg, text, size, path, err);
	free(text);
	return ret;
}
