// SPDX-License-Identifier: BSD-3-Clause
// Output of management commands: a growable byte buffer, a streaming JSON writer
// on top of it, and a table helper for FRR-like aligned text columns.
//
// Writes never fail loudly: on allocation failure (or past MGMT_OUT_MAX) the buffer
// stops growing and remembers the error, so a handler can print freely and the
// framework checks mgmt_out_error() once at the end.
#ifndef EVPND_MGMT_OUT_H
#define EVPND_MGMT_OUT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MGMT_OUT_MAX (256u << 20) // one response never exceeds 256 MiB

struct mgmt_out {
	char *buf;  // NUL-terminated when len > 0
	size_t len; // bytes written, without the NUL
	size_t cap;
	int err; // 0, or -ENOMEM / -EFBIG once a write failed; later writes are dropped
};

// Static initialiser; equivalent to mgmt_out_init().
#define MGMT_OUT_INIT                                                                              \
	{                                                                                          \
		.buf = NULL, .len = 0, .cap = 0, .err = 0                                          \
	}

void mgmt_out_init(struct mgmt_out *out);
// Releases the memory; the buffer is empty and usable again afterwards.
void mgmt_out_free(struct mgmt_out *out);
// Empties the buffer and clears the error, keeping the memory.
void mgmt_out_reset(struct mgmt_out *out);
// Drops everything after the first len bytes and clears the error (undo a failed
// handler's partial output).
void mgmt_out_truncate(struct mgmt_out *out, size_t len);
// Always a valid C string ("" when empty).
const char *mgmt_out_str(const struct mgmt_out *out);
// 0 or the first write error (-ENOMEM, -EFBIG).
int mgmt_out_error(const struct mgmt_out *out);

// Append bytes / a formatted string. Return 0 or -errno (also kept in out->err).
int mgmt_write(struct mgmt_out *out, const void *data, size_t len);
int mgmt_puts(struct mgmt_out *out, const char *s);
int mgmt_printf(struct mgmt_out *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int mgmt_vprintf(struct mgmt_out *out, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

// --- JSON -------------------------------------------------------------------------
//
// Streaming writer: commas, quoting and escaping are automatic. Misuse (a value in an
// object without a key, a key in an array, an end that does not match) is ignored and
// remembered, and json_finish() closes whatever is still open, so the output is
// valid JSON whatever the caller does. Strings are escaped (quotes, backslash,
// control characters) and invalid UTF-8 is replaced by U+FFFD.
//
//	struct json_writer w;
//	json_init(&w, out, true);
//	json_obj_begin(&w);
//	json_kv_u64(&w, "vni", 100);
//	json_key(&w, "macs");
//	json_arr_begin(&w);
//	...
//	json_arr_end(&w);
//	json_obj_end(&w);
//	return json_finish(&w);

#define JSON_MAX_DEPTH 64

struct json_writer {
	struct mgmt_out *out;
	uint64_t is_arr;    // bit d: the container at depth d+1 is an array
	uint64_t has_items; // bit d: the container at depth d+1 has a member already
	unsigned depth;	    // open containers
	unsigned overflow;  // containers opened beyond JSON_MAX_DEPTH (ignored)
	bool pretty;	    // two-space indentation, one member per line
	bool after_key;	    // a key was written, its value is due
	bool done;	    // a complete top-level value was written
	int err;	    // first misuse (-EINVAL) or depth overflow (-E2BIG)
};

void json_init(struct json_writer *w, struct mgmt_out *out, bool pretty);
void json_obj_begin(struct json_writer *w);
void json_obj_end(struct json_writer *w);
void json_arr_begin(struct json_writer *w);
void json_arr_end(struct json_writer *w);
void json_key(struct json_writer *w, const char *key);
void json_str(struct json_writer *w, const char *s); // NULL writes null
void json_strn(struct json_writer *w, const char *s, size_t len);
void json_u64(struct json_writer *w, uint64_t v);
void json_i64(struct json_writer *w, int64_t v);
void json_bool(struct json_writer *w, bool v);
void json_null(struct json_writer *w);
// A string built with printf, e.g. an address: json_strf(w, "%s/%u", ip, len).
void json_strf(struct json_writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

// key + value in one call, inside an object.
void json_kv_str(struct json_writer *w, const char *key, const char *s);
void json_kv_u64(struct json_writer *w, const char *key, uint64_t v);
void json_kv_i64(struct json_writer *w, const char *key, int64_t v);
void json_kv_bool(struct json_writer *w, const char *key, bool v);

// Closes open containers (a dangling key gets null), ends with a newline when pretty,
// and returns 0, the first misuse error, or the buffer's error.
int json_finish(struct json_writer *w);

// --- Tables -----------------------------------------------------------------------
//
// Collect rows of cells, then print them with each column as wide as its widest
// cell, two spaces apart, like FRR's show output. The first row is usually the
// header. The last column is never padded.
//
//	struct mgmt_table t;
//	mgmt_table_init(&t, 3);
//	mgmt_table_add(&t, "VNI", "MAC", "Type");
//	mgmt_table_cell(&t, "%u", vni); mgmt_table_cell(&t, "%s", mac); ...
//	mgmt_table_print(&t, out);
//	mgmt_table_free(&t);

#define MGMT_TABLE_MAX_COLS 16

enum mgmt_align {
	MGMT_ALIGN_LEFT = 0,
	MGMT_ALIGN_RIGHT,
};

struct mgmt_table {
	unsigned ncols;
	char **cells;  // row-major, ncols per row; the current row may be partial
	size_t ncells; // cells added
	size_t cap;
	size_t width[MGMT_TABLE_MAX_COLS];
	uint8_t align[MGMT_TABLE_MAX_COLS];
	unsigned indent; // spaces before each line
	int err;	 // first allocation failure
};

// ncols is clamped to 1..MGMT_TABLE_MAX_COLS.
void mgmt_table_init(struct mgmt_table *t, unsigned ncols);
void mgmt_table_free(struct mgmt_table *t);
void mgmt_table_align(struct mgmt_table *t, unsigned col, enum mgmt_align align);
// Appends one cell to the current row; a row is complete after ncols cells.
int mgmt_table_cell(struct mgmt_table *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
// Appends a whole row of ncols strings (NULL prints as empty).
int mgmt_table_add(struct mgmt_table *t, ...);
// Completes a partial row with empty cells.
void mgmt_table_end_row(struct mgmt_table *t);
size_t mgmt_table_rows(const struct mgmt_table *t);
// Prints all rows; returns 0 or -errno (the table's or the buffer's error).
int mgmt_table_print(const struct mgmt_table *t, struct mgmt_out *out);

#endif
