// SPDX-License-Identifier: BSD-3-Clause
// The Prometheus text format (metrics_fmt.h). Escapes as the format says: in HELP
// text a backslash and a newline, in label values also the double quote.
#include "cp/mgmt/metrics_fmt.h"

#include <errno.h>
#include <math.h>
#include <string.h>

void metrics_fmt_init(struct metrics_fmt *m, struct mgmt_out *out)
{
	memset(m, 0, sizeof(*m));
	m->out = out;
}

static void fail(struct metrics_fmt *m, int err)
{
	if (m->err == 0)
		m->err = err;
}

static void escaped(struct mgmt_out *out, const char *s, bool quote)
{
	size_t run;

	while (*s != '\0') {
		run = strcspn(s, quote ? "\\\n\"" : "\\\n");
		mgmt_write(out, s, run);
		s += run;
		if (*s == '\0')
			break;
		mgmt_puts(out, *s == '\n' ? "\\n" : *s == '"' ? "\\\"" : "\\\\");
		s++;
	}
}

void metrics_family(
	struct metrics_fmt *m, const char *name, enum metrics_type type, const char *help)
{
	for (unsigned i = 0; i < m->n_seen; i++)
		if (strcmp(m->seen[i], name) == 0) {
			fail(m, -EEXIST);
			m->family = NULL;
			return;
		}
	if (m->n_seen == METRICS_FAMILIES_MAX) {
		fail(m, -ENOSPC);
		m->family = NULL;
		return;
	}
	m->seen[m->n_seen++] = name;
	m->family = name;
	mgmt_printf(m->out, "# HELP %s ", name);
	escaped(m->out, help, false);
	mgmt_printf(
		m->out, "\n# TYPE %s %s\n", name, type == METRICS_COUNTER ? "counter" : "gauge");
}

// The sample's name and labels, up to its value.
static bool sample_head(struct metrics_fmt *m, const struct metrics_label *l, unsigned n)
{
	if (m->family == NULL || n > METRICS_LABELS_MAX) {
		fail(m, -EINVAL);
		return false;
	}
	mgmt_puts(m->out, m->family);
	for (unsigned i = 0; i < n; i++) {
		mgmt_printf(m->out, "%s%s=\"", i ? "," : "{", l[i].name);
		escaped(m->out, l[i].value != NULL ? l[i].value : "", true);
		mgmt_puts(m->out, "\"");
	}
	mgmt_puts(m->out, n ? "} " : " ");
	return true;
}

void metrics_u64(struct metrics_fmt *m, const struct metrics_label *l, unsigned n, uint64_t v)
{
	if (sample_head(m, l, n))
		mgmt_printf(m->out, "%lu\n", (unsigned long)v);
}

void metrics_f64(struct metrics_fmt *m, const struct metrics_label *l, unsigned n, double v)
{
	if (!sample_head(m, l, n))
		return;
	if (isnan(v))
		mgmt_puts(m->out, "NaN\n");
	else if (isinf(v))
		mgmt_puts(m->out, v > 0 ? "+Inf\n" : "-Inf\n");
	else
		mgmt_printf(m->out, "%.17g\n", v);
}

int metrics_fmt_finish(const struct metrics_fmt *m)
{
	return m->err ? m->err : mgmt_out_error(m->out);
}
