// SPDX-License-Identifier: BSD-3-Clause
// The control process's supervisor: at once after a process that ran a minute or more,
// else after a back-off of 0.5 s, doubling up to 30 s while it keeps dying within a
// minute of its start.
#include "pipelines/control_spawn.h"

#include <errno.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cp/cp_log.h"
#include "pipelines/mono_ms.h"

#define BACKOFF_MIN_MS 500
#define BACKOFF_MAX_MS 30000
#define STABLE_MS 60000
#define CP_BIN_ENV "EVPND_CP" // another evpnd-cp (an upgrade test, a debugger wrapper)

static struct {
	struct control_spawn_conf conf;
	char bin[4096];
	pid_t pid;
	bool stopping;
	uint64_t started_ms, restart_at_ms, backoff_ms;
	unsigned runs;
} sp = {.pid = -1};

static int find_binary(void)
{
	char self[4096];
	ssize_t n;

	if (getenv(CP_BIN_ENV) != NULL) {
		snprintf(sp.bin, sizeof(sp.bin), "%s", getenv(CP_BIN_ENV));
		return 0;
	}
	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) < 0)
		return -errno;
	self[n] = '\0';
	snprintf(sp.bin, sizeof(sp.bin), "%s/evpnd-cp", dirname(self));
	return access(sp.bin, X_OK) == 0 ? 0 : -errno;
}

static int spawn(uint64_t now)
{
	const char *argv[12];
	char syslog_arg[64];
	int n = 0;
	pid_t pid;

	argv[n++] = sp.bin;
	argv[n++] = "-f";
	argv[n++] = sp.conf.cfg_path;
	argv[n++] = "-s";
	argv[n++] = sp.conf.sock_path;
	argv[n++] = "--dataplane-socket";
	argv[n++] = sp.conf.dp_sock_path;
	if (sp.conf.debug)
		argv[n++] = "-v";
	if (sp.conf.syslog != NULL) {
		snprintf(syslog_arg, sizeof(syslog_arg), "--syslog%s%s", sp.conf.syslog[0] ? "=" : "",
			sp.conf.syslog);
		argv[n++] = syslog_arg;
	}
	argv[n] = NULL;
	pid_t parent = getpid();
	if ((pid = fork()) < 0)
		return -errno;
	if (pid == 0) { // async-signal-safe calls only until exec
		static const char msg[] = "evpnd: cannot run evpnd-cp\n";
		prctl(PR_SET_PDEATHSIG, SIGINT); // the forwarding process gone: we stop too
		if (getppid() != parent) // it died before the prctl
			_exit(1);
		// Not the forwarding process's descriptors (ports, DPDK memory, sockets).
		syscall(SYS_close_range, 3, ~0u, 0);
		execv(sp.bin, (char *const *)argv);
		if (write(2, msg, sizeof(msg) - 1) < 0)
			_exit(126);
		_exit(127);
	}
	sp.pid = pid;
	sp.started_ms = now;
	sp.runs++;
	CP_INFO("main", "control process %s started (pid %d, run %u)", sp.bin, (int)pid, sp.runs);
	return 0;
}

int control_spawn_start(const struct control_spawn_conf *c)
{
	int ret;

	sp.conf = *c;
	if ((ret = find_binary()) < 0) {
		CP_ERR("main", "--split: the control process %s: %s", sp.bin, strerror(-ret));
		return ret;
	}
	sp.backoff_ms = BACKOFF_MIN_MS;
	return spawn(mono_ms());
}

static void reap(uint64_t now)
{
	int status;

	if (sp.pid < 0 || waitpid(sp.pid, &status, WNOHANG) != sp.pid)
		return;
	if (sp.stopping)
		CP_INFO("main", "control process (pid %d) stopped", (int)sp.pid);
	else if (WIFSIGNALED(status))
		CP_WARN("main", "control process (pid %d) killed by signal %d; forwarding goes on",
			(int)sp.pid, WTERMSIG(status));
	else
		CP_WARN("main", "control process (pid %d) exited with status %d; forwarding goes on",
			(int)sp.pid, WEXITSTATUS(status));
	sp.pid = -1;
	if (now - sp.started_ms >= STABLE_MS) { // it ran well: at once (an upgrade, a crash)
		sp.backoff_ms = BACKOFF_MIN_MS;
		sp.restart_at_ms = now;
	} else { // it keeps dying: not in a loop
		sp.restart_at_ms = now + sp.backoff_ms;
		sp.backoff_ms = sp.backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : sp.backoff_ms * 2;
	}
	if (!sp.stopping)
		CP_INFO("main", "control process restarts in %lu ms",
			(unsigned long)(sp.restart_at_ms - now));
}

void control_spawn_poll(uint64_t now_ms)
{
	reap(now_ms);
	if (sp.pid < 0 && !sp.stopping && now_ms >= sp.restart_at_ms && spawn(now_ms) < 0)
		sp.restart_at_ms = now_ms + BACKOFF_MAX_MS;
}

void control_spawn_signal(int sig)
{
	if (sp.pid > 0)
		kill(sp.pid, sig);
}

// SIGINT: evpnd-cp stops for good (its peers get a Cease); SIGTERM would be a restart.
void control_spawn_stop(void)
{
	sp.stopping = true;
	control_spawn_signal(SIGINT);
}

bool control_spawn_running(void)
{
	reap(mono_ms());
	return sp.pid > 0;
}

void control_spawn_kill(void)
{
	if (sp.pid > 0) {
		kill(sp.pid, SIGKILL);
		waitpid(sp.pid, NULL, 0);
		sp.pid = -1;
	}
}
