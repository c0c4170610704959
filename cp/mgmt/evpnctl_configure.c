// SPDX-License-Identifier: BSD-3-Clause
// evpnctl configure (evpnctl_configure.h): the edit lines, from the arguments or a
// file, joined with ';' in double quotes, the one word "configure <LINES>" takes.
#include "cp/mgmt/evpnctl_configure.h"
#include "cp/mgmt/mgmt_cmd.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Appends one edit line; the wire's separators may not be in it.
static int add_line(struct mgmt_out *line, const char *s, bool first)
{
	if (strpbrk(s, "\";\n") != NULL) {
		fprintf(stderr,
			"evpnctl: configure: a line may not contain '\"', ';' or a "
			"newline: %s\n",
			s);
		return -EINVAL;
	}
	return mgmt_printf(line, "%s%s", first ? "" : ";", s);
}

// The lines of a file ("-": stdin), blank lines and comments left out.
static int add_file(struct mgmt_out *line, const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	bool first = true;
	char *s = NULL;
	size_t cap = 0;
	ssize_t n;
	int ret = 0;

	if (f == NULL) {
		fprintf(stderr, "evpnctl: %s: %s\n", path, strerror(errno));
		return -errno;
	}
	while (ret == 0 && (n = getline(&s, &cap, f)) >= 0) {
		while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
			s[--n] = '\0';
		char c = s[strspn(s, " \t")];
		if (c == '\0' || c == '!' || c == '#')
			continue;
		ret = add_line(line, s, first);
		first = false;
	}
	free(s);
	if (f != stdin)
		fclose(f);
	return ret;
}

int evpnctl_configure(char **words, int n, struct mgmt_out *line)
{
	bool file = n == 3 && strcmp(words[1], "-f") == 0;
	int ret = 0;

	size_t len = strlen(words[0]);

	// "conf" as vtysh's; "configure "LINES"" already has the wire's form.
	if (n < 2 || len < 4 || strncmp(words[0], "configure", len) != 0 || words[1][0] == '"')
		return 0;
	mgmt_puts(line, "configure \"");
	if (file)
		ret = add_file(line, words[2]);
	for (int i = 1; !file && ret == 0 && i < n; i++)
		ret = add_line(line, words[i], i == 1);
	mgmt_puts(line, "\"");
	if (ret == 0 && line->len >= MGMT_LINE_MAX) {
		fprintf(stderr, "evpnctl: configure: too long (at most %d bytes)\n",
			MGMT_LINE_MAX - 1);
		ret = -E2BIG;
	}
	if (ret == 0 && (ret = mgmt_out_error(line)) == 0)
		return 1;
	return ret;
}
