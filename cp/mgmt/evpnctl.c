// SPDX-License-Identifier: BSD-3-Clause
// evpnctl: sends management commands to a running evpnd over its unix socket and
// prints the answers. Exit status: 0 success, 1 a command failed, 2 no server
// (cannot connect, no reply in time, connection lost).
#include "cp/mgmt/evpnctl_configure.h"
#include "cp/mgmt/mgmt_client.h"
#include "cp/mgmt/mgmt_cmd.h"
#include "cp/mgmt/mgmt_out.h"
#include "cp/mgmt/mgmt_server.h"

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXIT_CMD_FAILED 1
#define EXIT_NO_SERVER 2
#define DEFAULT_TIMEOUT_S 10

struct ctl {
	const char *sock;
	int timeout_ms;
	int fd;
	char **cmds; // -c CMD, in order (points into argv)
	int ncmds;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: evpnctl [-s SOCKET] [-t SECONDS] COMMAND [WORDS...]\n"
		"       evpnctl [-s SOCKET] [-t SECONDS] -c COMMAND [-c COMMAND...]\n"
		"       evpnctl [-s SOCKET] [-t SECONDS] < COMMANDS\n"
		"       evpnctl [-s SOCKET] [-t SECONDS] configure {LINE... | -f FILE}\n"
		"\n"
		"Sends a command to evpnd, e.g. \"evpnctl show mac bd 100 json\" or, as\n"
		"vtysh, \"evpnctl 'show mac bd 100 json'\" or \"evpnctl -c 'show port'\";\n"
		"without one, reads commands from stdin, one per line.\n"
		"\"evpnctl help\" lists the commands. \"evpnctl configure 'bridge-domain 200'\n"
		"' vni 200'\" edits the running configuration, one argument a line\n"
		"(indented as show running-config; -f: the lines of FILE, - stdin).\n"
		"\n"
		"  -c COMMAND  run COMMAND (a whole command line); repeat for more\n"
		"  -s SOCKET   evpnd's socket (default $%s or %s)\n"
		"  -t SECONDS  how long to wait for each reply (default %d)\n"
		"\n"
		"Exit status: 0 success, 1 the command failed, 2 no answer from evpnd.\n",
		MGMT_SOCK_ENV, MGMT_DEFAULT_SOCK, DEFAULT_TIMEOUT_S);
}

// Joins the arguments into one request line. An argument with blanks is several
// words, as in vtysh: "evpnctl 'show bgp summary'" is "evpnctl show bgp summary"
// (no command takes a value with blanks; "double quotes" inside still group).
static int join_words(char **words, int n, struct mgmt_out *line)
{
	int i;

	for (i = 0; i < n; i++) {
		if (strpbrk(words[i], "\n") != NULL) {
			fprintf(stderr, "evpnctl: a command may not contain a newline\n");
			return -EINVAL;
		}
		mgmt_printf(line, "%s%s", i > 0 ? " " : "", words[i]);
	}
	if (line->len >= MGMT_LINE_MAX) {
		fprintf(stderr, "evpnctl: command too long (at most %d bytes)\n",
			MGMT_LINE_MAX - 1);
		return -E2BIG;
	}
	return mgmt_out_error(line);
}

// Runs one command; returns the exit status it deserves.
static int run_line(struct ctl *ctl, const char *line)
{
	struct mgmt_out body = MGMT_OUT_INIT;
	int status, rc;

	rc = mgmt_client_request(ctl->fd, line, ctl->timeout_ms, &status, &body);
	if (rc == -ETIMEDOUT)
		fprintf(stderr, "evpnctl: no reply from %s within %d s\n", ctl->sock,
			ctl->timeout_ms / 1000);
	else if (rc < 0)
		fprintf(stderr, "evpnctl: %s: %s\n", ctl->sock, strerror(-rc));
	if (rc < 0) {
		mgmt_out_free(&body);
		return EXIT_NO_SERVER;
	}
	fwrite(mgmt_out_str(&body), 1, body.len, status == 0 ? stdout : stderr);
	fflush(status == 0 ? stdout : stderr);
	mgmt_out_free(&body);
	return status == 0 ? EXIT_SUCCESS : EXIT_CMD_FAILED;
}

// Reads commands from stdin; blank lines and "# comments" are skipped.
static int run_batch(struct ctl *ctl)
{
	int ret = EXIT_SUCCESS, rc;
	size_t cap = 0;
	char *line = NULL;
	ssize_t n;

	while ((n = getline(&line, &cap, stdin)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (line[strspn(line, " \t")] == '\0' || line[strspn(line, " \t")] == '#')
			continue;
		rc = run_line(ctl, line);
		if (rc == EXIT_NO_SERVER) {
			ret = rc;
			break;
		}
		if (rc != EXIT_SUCCESS)
			ret = rc;
	}
	free(line);
	return ret;
}

static int parse_args(int argc, char **argv, struct ctl *ctl)
{
	char *end;
	long t;
	int opt;

	while ((opt = getopt(argc, argv, "+c:s:t:h")) != -1) {
		switch (opt) {
		case 'c':
			ctl->cmds[ctl->ncmds++] = optarg;
			break;
		case 's':
			ctl->sock = optarg;
			break;
		case 't':
			t = strtol(optarg, &end, 10);
			if (*end != '\0' || t <= 0 || t > 3600) {
				fprintf(stderr, "evpnctl: bad timeout: %s\n", optarg);
				return -EINVAL;
			}
			ctl->timeout_ms = (int)t * 1000;
			break;
		case 'h':
			usage(stdout);
			exit(EXIT_SUCCESS);
		default:
			usage(stderr);
			return -EINVAL;
		}
	}
	return 0;
}

// Runs the -c commands in order, as vtysh does; the worst status wins, and a
// lost server stops the rest.
static int run_cmds(struct ctl *ctl)
{
	int ret = EXIT_SUCCESS, rc, i;

	for (i = 0; i < ctl->ncmds; i++) {
		struct mgmt_out line = MGMT_OUT_INIT;

		rc = join_words(&ctl->cmds[i], 1, &line);
		rc = rc < 0 ? EXIT_CMD_FAILED : run_line(ctl, mgmt_out_str(&line));
		mgmt_out_free(&line);
		if (rc > ret)
			ret = rc;
		if (rc == EXIT_NO_SERVER)
			break;
	}
	return ret;
}

// "reload FILE" and "write file FILE" name a file of the caller's directory: evpnd
// gets its absolute path (write's file may not exist yet: its directory's).
static int reload_path(char **words, int n, char **abs)
{
	bool write = n == 3 && strcmp(words[0], "write") == 0 && strcmp(words[1], "file") == 0;
	char *file = words[n - 1], cwd[4096];

	*abs = NULL;
	if ((!write && (n != 2 || strcmp(words[0], "reload") != 0)) || file[0] == '/')
		return 0;
	if (write && getcwd(cwd, sizeof(cwd)) != NULL && asprintf(abs, "%s/%s", cwd, file) < 0)
		*abs = NULL;
	if (!write)
		*abs = realpath(file, NULL);
	if (*abs == NULL) {
		fprintf(stderr, "evpnctl: %s: %s\n", file, strerror(errno));
		return -1;
	}
	words[n - 1] = *abs;
	return 0;
}

int main(int argc, char **argv)
{
	char *abs = NULL;
	struct ctl ctl = {.timeout_ms = DEFAULT_TIMEOUT_S * 1000};
	struct mgmt_out line = MGMT_OUT_INIT;
	int ret;

	ctl.sock = getenv(MGMT_SOCK_ENV);
	if (ctl.sock == NULL || ctl.sock[0] == '\0')
		ctl.sock = MGMT_DEFAULT_SOCK;
	ctl.cmds = calloc((size_t)argc, sizeof(*ctl.cmds));
	if (ctl.cmds == NULL || parse_args(argc, argv, &ctl) < 0) {
		free(ctl.cmds);
		return EXIT_NO_SERVER;
	}
	if (ctl.ncmds > 0 && optind < argc) {
		fprintf(stderr, "evpnctl: give the command with -c or as words, not both\n");
		free(ctl.cmds);
		return EXIT_CMD_FAILED;
	}
	if (optind < argc && ((ret = evpnctl_configure(argv + optind, argc - optind, &line)) < 0 ||
				     (ret == 0 && (reload_path(argv + optind, argc - optind, &abs) < 0 ||
							  join_words(argv + optind, argc - optind,
								  &line) < 0)))) {
		free(abs);
		mgmt_out_free(&line);
		free(ctl.cmds);
		return EXIT_CMD_FAILED;
	}
	ctl.fd = mgmt_client_connect(ctl.sock);
	if (ctl.fd < 0) {
		fprintf(stderr, "evpnctl: cannot connect to %s: %s (is evpnd running?)\n", ctl.sock,
			strerror(-ctl.fd));
		mgmt_out_free(&line);
		free(ctl.cmds);
		free(abs);
		return EXIT_NO_SERVER;
	}
	if (ctl.ncmds > 0)
		ret = run_cmds(&ctl);
	else
		ret = optind < argc ? run_line(&ctl, mgmt_out_str(&line)) : run_batch(&ctl);
	close(ctl.fd);
	mgmt_out_free(&line);
	free(ctl.cmds);
	free(abs);
	return ret;
}
