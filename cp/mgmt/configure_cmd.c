// SPDX-License-Identifier: BSD-3-Clause
// "configure LINES" (evpnctl configure) and "write file PATH" (configure_cmd.h): the
// running configuration's text (show running-config) edited by LINES (config_edit),
// written to a temporary file and reloaded from it (cp_reload through reload_cmd):
// the same transaction as a reload, applied or refused whole. The refusal's
// TMPFILE:LINE names the edit line (or the running configuration's line) instead.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cp/config/config.h"
#include "cp/config/config_edit.h"
#include "cp/mgmt/configure_cmd.h"
#include "cp/mgmt/mgmt_cmd.h"
#include "cp/mgmt/reload_cmd.h"

// show running-config's text (malloc'd), or NULL.
static char *running_text(const struct evpnd_config *cfg)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (f == NULL)
		return NULL;
	config_print(cfg, f);
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

// Writes text to a new temporary file; its name goes to path.
static int write_temp(const char *text, char *path, size_t size)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	snprintf(path, size, "%s/evpnd-configure-XXXXXX", dir && dir[0] ? dir : "/tmp");
	if ((fd = mkstemp(path)) < 0)
		return -errno;
	FILE *f = fdopen(fd, "w");
	if (f == NULL) {
		close(fd);
		unlink(path);
		return -errno;
	}
	fputs(text, f);
	if (fclose(f) != 0) {
		unlink(path);
		return -EIO;
	}
	return 0;
}

// Line n (1-based) of text, into buf without its indentation.
static const char *nth_line(const char *text, unsigned n, char *buf, size_t size)
{
	while (--n > 0 && (text = strchr(text, '\n')) != NULL)
		text++;
	if (text == NULL)
		return "";
	text += strspn(text, " ");
	snprintf(buf, size, "%.*s", (int)strcspn(text, "\n"), text);
	return buf;
}

// "TMP:N:" of the reload's report as the edit line the N-th line of the new text
// came from, or as a line of the running configuration; TMP alone as "configure".
static void report(
	const char *msg, const char *tmp, const struct cfg_edit *res, struct mgmt_out *out)
{
	size_t tl = strlen(tmp);
	const char *p;
	char line[256];
	unsigned n;
	int used;

	if (strncmp(msg, "% reload refused", 16) == 0) {
		mgmt_puts(out, "% configure refused");
		msg += 16;
	}
	while ((p = strstr(msg, tmp)) != NULL) {
		mgmt_write(out, msg, (size_t)(p - msg));
		msg = p + tl;
		if (sscanf(msg, ":%u:%n", &n, &used) < 1 || n == 0 || n > res->n_lines) {
			mgmt_puts(out, "configure");
			continue;
		}
		msg += used;
		nth_line(res->text, n, line, sizeof(line));
		if (res->src[n - 1] != 0)
			mgmt_printf(out, "edit line %u '%s':", res->src[n - 1], line);
		else
			mgmt_printf(out, "running-config line %u '%s':", n, line);
	}
	mgmt_puts(out, msg);
}

// The edit's result reloaded from a temporary file; its report mapped back to out.
static int apply(const struct cfg_edit *res, struct mgmt_out *out)
{
	char tmp[256], *msg = NULL;
	size_t len = 0;
	int ret;

	if ((ret = write_temp(res->text, tmp, sizeof(tmp))) < 0)
		return mgmt_printf(out, "%% configure: temporary file: %s\n", strerror(-ret)), ret;
	FILE *f = open_memstream(&msg, &len);
	if (f == NULL) {
		unlink(tmp);
		return -ENOMEM;
	}
	ret = reload_cmd_file(tmp, f);
	fclose(f);
	unlink(tmp);
	report(msg != NULL ? msg : "", tmp, res, out);
	free(msg);
	return ret;
}

// The edit lines on show running-config's text, then the result reloaded.
static int configure(const struct evpnd_config *cfg, char *edit, struct mgmt_out *out)
{
	char *text = running_text(cfg);
	struct cfg_edit res;
	int ret;

	if (text == NULL)
		return -ENOMEM;
	for (char *s = edit; (s = strchr(s, ';')) != NULL;)
		*s = '\n'; // the wire has one line: ';' separates the edit lines
	ret = config_edit(text, edit, &res);
	free(text);
	if (ret == 0)
		ret = apply(&res, out);
	else
		mgmt_printf(out, "%% configure refused, nothing changed:\n%s\n", res.error);
	config_edit_free(&res);
	return ret;
}

static int configure_cmd(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	char *edit;
	int ret;

	if (req->json)
		return mgmt_printf(out, "%% configure has no json form\n"), -EINVAL;
	if ((edit = strdup(mgmt_req_arg(req, "LINES"))) == NULL)
		return -ENOMEM;
	ret = configure(ctx, edit, out);
	free(edit);
	return ret;
}

static int write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	int ret = 0;

	if (f == NULL)
		return -errno;
	if (fputs(text, f) < 0)
		ret = -errno;
	if (fclose(f) != 0 && ret == 0)
		ret = -errno;
	return ret;
}

// show running-config to path, through a temporary file renamed over it.
static int write_file_cmd(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	const char *path = mgmt_req_arg(req, "PATH");
	char tmp[4096], *text;
	int ret;

	if (req->json)
		return mgmt_printf(out, "%% write file has no json form\n"), -EINVAL;
	if ((text = running_text(ctx)) == NULL)
		return -ENOMEM;
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	if ((ret = write_text(tmp, text)) == 0 && rename(tmp, path) != 0)
		ret = -errno;
	free(text);
	if (ret < 0) {
		unlink(tmp);
		return mgmt_printf(out, "%% write file %s: %s\n", path, strerror(-ret)), ret;
	}
	return mgmt_printf(out, "running configuration written to %s\n", path);
}

int configure_cmd_register(const struct evpnd_config *cfg)
{
	void *ctx = (void *)(uintptr_t)cfg;
	int ret = mgmt_register("configure <LINES>", configure_cmd, ctx,
		"edit the running configuration as vtysh's configure does: LINES (in double "
		"quotes, ';' between lines) are added to or removed (no ...) from show "
		"running-config, which is reloaded as one transaction; the file is not written");

	if (ret < 0)
		return ret;
	return mgmt_register("write file <PATH>", write_file_cmd, ctx,
		"write the running configuration (show running-config) to PATH");
}
