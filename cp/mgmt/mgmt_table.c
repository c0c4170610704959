// SPDX-License-Identifier: BSD-3-Clause
// Aligned text tables: cells are collected first so each column can be as wide as
// its widest cell, then printed in one go.
#include "cp/mgmt/mgmt_out.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TABLE_GAP 2 // spaces between columns

void mgmt_table_init(struct mgmt_table *t, unsigned ncols)
{
	memset(t, 0, sizeof(*t));
	if (ncols == 0)
		ncols = 1;
	t->ncols = ncols < MGMT_TABLE_MAX_COLS ? ncols : MGMT_TABLE_MAX_COLS;
}

void mgmt_table_free(struct mgmt_table *t)
{
	size_t i;

	for (i = 0; i < t->ncells; i++)
		free(t->cells[i]);
	free(t->cells);
	mgmt_table_init(t, t->ncols);
}

void mgmt_table_align(struct mgmt_table *t, unsigned col, enum mgmt_align align)
{
	if (col < t->ncols)
		t->align[col] = (uint8_t)align;
}

// Display width: UTF-8 continuation bytes take no column.
static size_t text_width(const char *s)
{
	size_t w = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

// Takes ownership of cell (which may be NULL after an allocation failure).
static int table_push(struct mgmt_table *t, char *cell)
{
	size_t col = t->ncells % t->ncols, w;
	char **cells;

	if (cell == NULL || t->err != 0) {
		free(cell);
		if (t->err == 0)
			t->err = -ENOMEM;
		return t->err;
	}
	if (t->ncells == t->cap) {
		size_t cap = t->cap != 0 ? t->cap * 2 : 8 * t->ncols;

		cells = realloc(t->cells, cap * sizeof(*cells));
		if (cells == NULL) {
			free(cell);
			return t->err = -ENOMEM;
		}
		t->cells = cells;
		t->cap = cap;
	}
	t->cells[t->ncells++] = cell;
	w = text_width(cell);
	if (w > t->width[col])
		t->width[col] = w;
	return 0;
}

int mgmt_table_cell(struct mgmt_table *t, const char *fmt, ...)
{
	char *cell;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&cell, fmt, ap) < 0)
		cell = NULL;
	va_end(ap);
	return table_push(t, cell);
}

int mgmt_table_add(struct mgmt_table *t, ...)
{
	const char *s;
	unsigned i;
	va_list ap;
	int rc = 0;

	mgmt_table_end_row(t);
	va_start(ap, t);
	for (i = 0; i < t->ncols && rc == 0; i++) {
		s = va_arg(ap, const char *);
		rc = table_push(t, strdup(s != NULL ? s : ""));
	}
	va_end(ap);
	return rc;
}

void mgmt_table_end_row(struct mgmt_table *t)
{
	while (t->err == 0 && t->ncells % t->ncols != 0)
		table_push(t, strdup(""));
}

size_t mgmt_table_rows(const struct mgmt_table *t)
{
	return (t->ncells + t->ncols - 1) / t->ncols;
}

static void table_pad(struct mgmt_out *out, size_t n)
{
	for (; n > 0; n--)
		mgmt_write(out, " ", 1);
}

static void table_print_row(const struct mgmt_table *t, size_t first, struct mgmt_out *out)
{
	size_t col, pad, last = first + t->ncols, start = out->len;

	if (last > t->ncells)
		last = t->ncells;
	table_pad(out, t->indent);
	for (col = 0; first + col < last; col++) {
		const char *cell = t->cells[first + col];
		bool is_last = first + col + 1 == last;

		pad = t->width[col] - text_width(cell);
		if (t->align[col] == MGMT_ALIGN_RIGHT)
			table_pad(out, pad);
		mgmt_puts(out, cell);
		if (t->align[col] == MGMT_ALIGN_LEFT && !is_last)
			table_pad(out, pad);
		if (!is_last)
			table_pad(out, TABLE_GAP);
	}
	// No trailing blanks when the last cells are empty.
	while (out->len > start && out->err == 0 && out->buf[out->len - 1] == ' ')
		out->len--;
	mgmt_write(out, "\n", 1);
}

int mgmt_table_print(const struct mgmt_table *t, struct mgmt_out *out)
{
	size_t row;

	for (row = 0; row < t->ncells; row += t->ncols)
		table_print_row(t, row, out);
	return t->err != 0 ? t->err : mgmt_out_error(out);
}
