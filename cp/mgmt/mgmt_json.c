// SPDX-License-Identifier: BSD-3-Clause
// A streaming JSON writer on top of struct mgmt_out. It keeps one bit per open
// container (array or object, has a member yet) so commas and indentation come out
// right, and refuses misuse rather than emitting invalid JSON.
#include "cp/mgmt/mgmt_out.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void json_init(struct json_writer *w, struct mgmt_out *out, bool pretty)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->pretty = pretty;
}

static void json_fail(struct json_writer *w, int err)
{
	if (w->err == 0)
		w->err = err;
}

static uint64_t top_bit(const struct json_writer *w)
{
	return 1ull << (w->depth - 1);
}

static bool in_array(const struct json_writer *w)
{
	return w->depth > 0 && (w->is_arr & top_bit(w)) != 0;
}

static void json_newline(struct json_writer *w)
{
	static const char spaces[] = "                                ";
	unsigned n = w->depth * 2;

	if (!w->pretty)
		return;
	mgmt_write(w->out, "\n", 1);
	for (; n > 0; n -= n > 32 ? 32 : n)
		mgmt_write(w->out, spaces, n > 32 ? 32 : n);
}

// Writes the comma and indentation due before a new member of the open container.
static void json_member_sep(struct json_writer *w)
{
	if (w->has_items & top_bit(w))
		mgmt_write(w->out, ",", 1);
	w->has_items |= top_bit(w);
	json_newline(w);
}

// Called before any value; false when the value must be dropped.
static bool json_value_begin(struct json_writer *w)
{
	if (w->overflow > 0)
		return false;
	if (w->depth == 0) {
		if (!w->done)
			return true;
		json_fail(w, -EINVAL); // a second top-level value
		return false;
	}
	if (in_array(w)) {
		json_member_sep(w);
		return true;
	}
	if (!w->after_key) {
		json_fail(w, -EINVAL); // a value in an object needs a key
		return false;
	}
	w->after_key = false;
	return true;
}

static void json_value_end(struct json_writer *w)
{
	if (w->depth == 0)
		w->done = true;
}

// Length of the valid UTF-8 sequence at s (at most n bytes), 0 if invalid.
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	// Overlong forms, UTF-16 surrogates and code points past U+10FFFF.
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
		(cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

// Escape sequence for byte c, or NULL when c is written as is.
static const char *json_escape(unsigned char c, char tmp[8])
{
	switch (c) {
	case '"':
		return "\\\"";
	case '\\':
		return "\\\\";
	case '\n':
		return "\\n";
	case '\r':
		return "\\r";
	case '\t':
		return "\\t";
	case '\b':
		return "\\b";
	case '\f':
		return "\\f";
	default:
		if (c >= 0x20)
			return NULL;
		snprintf(tmp, 8, "\\u%04x", c);
		return tmp;
	}
}

static void json_quote(struct mgmt_out *out, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run = 0, len;
	const char *esc;
	char tmp[8];

	mgmt_write(out, "\"", 1);
	while (i < n) {
		esc = json_escape(s[i], tmp);
		len = esc == NULL ? utf8_len(s + i, n - i) : 0;
		if (esc == NULL && len > 0) {
			i += len;
			run += len;
			continue;
		}
		mgmt_write(out, s + i - run, run);
		run = 0;
		mgmt_puts(out, esc != NULL ? esc : "\\ufffd");
		i++;
	}
	mgmt_write(out, s + i - run, run);
	mgmt_write(out, "\"", 1);
}

static void json_container_begin(struct json_writer *w, bool arr)
{
	if (w->depth >= JSON_MAX_DEPTH) {
		json_fail(w, -E2BIG);
		w->overflow++;
		return;
	}
	if (!json_value_begin(w)) {
		w->overflow++; // its members and its end are dropped with it
		return;
	}
	mgmt_write(w->out, arr ? "[" : "{", 1);
	w->depth++;
	if (arr)
		w->is_arr |= top_bit(w);
	else
		w->is_arr &= ~top_bit(w);
	w->has_items &= ~top_bit(w);
}

static void json_container_end(struct json_writer *w, bool arr)
{
	bool had_items;

	if (w->overflow > 0) {
		w->overflow--;
		return;
	}
	if (w->depth == 0 || in_array(w) != arr) {
		json_fail(w, -EINVAL);
		return;
	}
	if (w->after_key) {
		json_fail(w, -EINVAL); // a key without a value
		json_null(w);
	}
	had_items = (w->has_items & top_bit(w)) != 0;
	w->depth--;
	if (had_items)
		json_newline(w);
	mgmt_write(w->out, arr ? "]" : "}", 1);
	json_value_end(w);
}

void json_obj_begin(struct json_writer *w)
{
	json_container_begin(w, false);
}

void json_obj_end(struct json_writer *w)
{
	json_container_end(w, false);
}

void json_arr_begin(struct json_writer *w)
{
	json_container_begin(w, true);
}

void json_arr_end(struct json_writer *w)
{
	json_container_end(w, true);
}

void json_key(struct json_writer *w, const char *key)
{
	if (w->overflow > 0)
		return;
	if (w->depth == 0 || in_array(w) || key == NULL) {
		json_fail(w, -EINVAL);
		return;
	}
	if (w->after_key) {
		json_fail(w, -EINVAL); // the previous key had no value
		json_null(w);
	}
	json_member_sep(w);
	json_quote(w->out, key, strlen(key));
	mgmt_puts(w->out, w->pretty ? ": " : ":");
	w->after_key = true;
}

// Writes a scalar already formatted as JSON text.
static void json_raw(struct json_writer *w, const char *text)
{
	if (!json_value_begin(w))
		return;
	mgmt_puts(w->out, text);
	json_value_end(w);
}

void json_strn(struct json_writer *w, const char *s, size_t len)
{
	if (!json_value_begin(w))
		return;
	json_quote(w->out, s, len);
	json_value_end(w);
}

void json_str(struct json_writer *w, const char *s)
{
	if (s == NULL)
		json_null(w);
	else
		json_strn(w, s, strlen(s));
}

void json_strf(struct json_writer *w, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0) {
		w->out->err = -ENOMEM;
		json_null(w);
		return;
	}
	json_strn(w, s, (size_t)n);
	free(s);
}

void json_u64(struct json_writer *w, uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	json_raw(w, buf);
}

void json_i64(struct json_writer *w, int64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%" PRId64, v);
	json_raw(w, buf);
}

void json_bool(struct json_writer *w, bool v)
{
	json_raw(w, v ? "true" : "false");
}

void json_null(struct json_writer *w)
{
	json_raw(w, "null");
}

void json_kv_str(struct json_writer *w, const char *key, const char *s)
{
	json_key(w, key);
	json_str(w, s);
}

void json_kv_u64(struct json_writer *w, const char *key, uint64_t v)
{
	json_key(w, key);
	json_u64(w, v);
}

void json_kv_i64(struct json_writer *w, const char *key, int64_t v)
{
	json_key(w, key);
	json_i64(w, v);
}

void json_kv_bool(struct json_writer *w, const char *key, bool v)
{
	json_key(w, key);
	json_bool(w, v);
}

int json_finish(struct json_writer *w)
{
	if (w->overflow > 0 || w->depth > 0)
		json_fail(w, -EINVAL);
	w->overflow = 0;
	while (w->depth > 0)
		json_container_end(w, in_array(w));
	if (!w->done)
		json_null(w); // nothing written: still a valid document
	if (w->pretty)
		mgmt_write(w->out, "\n", 1);
	return w->err != 0 ? w->err : mgmt_out_error(w->out);
}
