// SPDX-License-Identifier: BSD-3-Clause
// The Prometheus text exposition format 0.0.4 on a mgmt_out buffer: a family's HELP
// and TYPE lines once, then its samples, label values escaped. The collector
// (metrics.c) says what; this file only says how it is spelled.
#ifndef EVPND_METRICS_FMT_H
#define EVPND_METRICS_FMT_H

#include <stdint.h>

#include "cp/mgmt/mgmt_out.h"

#define METRICS_FAMILIES_MAX 128 // families one exposition may hold
#define METRICS_LABELS_MAX 4	 // labels one sample may carry

enum metrics_type { METRICS_COUNTER, METRICS_GAUGE };

struct metrics_fmt {
	struct mgmt_out *out;
	const char *family; // the family samples go to, NULL before the first
	const char *seen[METRICS_FAMILIES_MAX];
	unsigned n_seen;
	int err; // first misuse: -EEXIST (a family begun twice), -EINVAL, -ENOSPC
};

// A label of a sample: name (a valid label name, from our code) and value (anything:
// escaped here).
struct metrics_label {
	const char *name;
	const char *value;
};

void metrics_fmt_init(struct metrics_fmt *m, struct mgmt_out *out);
// Starts family name: its HELP and TYPE lines. A family begun a second time would
// split it (the format wants its samples together): refused, -EEXIST kept in m->err.
// name and help must outlive m (string literals).
void metrics_family(
	struct metrics_fmt *m, const char *name, enum metrics_type type, const char *help);
// A sample of the current family with n labels.
void metrics_u64(struct metrics_fmt *m, const struct metrics_label *l, unsigned n, uint64_t v);
void metrics_f64(struct metrics_fmt *m, const struct metrics_label *l, unsigned n, double v);
// 0, the first misuse, or the buffer's error.
int metrics_fmt_finish(const struct metrics_fmt *m);

#endif
