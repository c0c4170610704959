// SPDX-License-Identifier: BSD-3-Clause
// libFuzzer target for the configuration parser (cp/config), through its public
// entries only: one input is a whole config file, read by config_parse_file (from a
// memfd, so NUL octets and a missing last newline reach it as from disk) and, up to
// its first NUL, by config_parse_string. Oracles beyond the sanitizers and the leak
// checker: a refused file has an error message; an accepted one prints (config_print)
// to a text that parses again and prints the same (parse -> print -> parse is
// identity), and that a reload would find unchanged (config_diff: no change, nothing
// refused). Build and run with tests/fuzz/run_cp.sh N config.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cp/config/config.h"
#include "cp/config/config_diff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

// cfg printed as a malloc'd string (caller frees).
static char *print(const struct evpnd_config *cfg)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (f == NULL)
		abort();
	config_print(cfg, f);
	if (fclose(f) != 0)
		abort();
	return text;
}

// What the parser accepted prints to a config that parses to the same print.
static void round_trip(const struct evpnd_config *cfg)
{
	struct evpnd_config again;
	struct cfg_error err;
	char *text = print(cfg), *text2;

	config_init(&again);
	if (config_parse_string(&again, text, "printed", &err) != 0) {
		fprintf(stderr, "printed config refused: %s\n---\n%s---\n", err.msg, text);
		abort();
	}
	text2 = print(&again);
	if (strcmp(text, text2) != 0) {
		fprintf(stderr, "print differs after a round trip:\n%s---\n%s---\n", text, text2);
		abort();
	}
	struct cfg_diff d;
	if (config_diff(cfg, &again, &d) != 0 || d.refused || d.n != 0) {
		fprintf(stderr, "a reload of its own print would change %zu things: %s\n---\n%s---\n",
			d.n, d.reason, text);
		abort();
	}
	config_diff_free(&d);
	free(text2);
	free(text);
	config_free(&again);
}

static void check(struct evpnd_config *cfg, int ret, const struct cfg_error *err)
{
	if (ret == 0)
		round_trip(cfg);
	else if (err->msg[0] == '\0')
		abort(); // a refusal must say why
	config_free(cfg);
}

static void parse_file(const uint8_t *data, size_t size)
{
	struct evpnd_config cfg;
	struct cfg_error err;
	char path[64];
	int fd = memfd_create("config_fuzz", 0);

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	config_init(&cfg);
	check(&cfg, config_parse_file(&cfg, path, &err), &err);
	close(fd);
}

static void parse_string(const uint8_t *data, size_t size)
{
	struct evpnd_config cfg;
	struct cfg_error err;
	char *text = malloc(size + 1);

	if (text == NULL)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	config_init(&cfg);
	check(&cfg, config_parse_string(&cfg, text, "fuzz", &err), &err);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	parse_file(data, size);
	parse_string(data, size);
	return 0;
}
