// SPDX-License-Identifier: BSD-3-Clause
// A helper process: start, pipes, lines, replies, exit and back-off (see
// inject_proc.h).
#include "cp/inject/inject_proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cp/cp_log.h"

#define REAP_EVERY_MS 200 // a helper whose children keep its stdout open
#define KILL_GRACE_MS 200

extern char **environ;

void inject_json_str(char *buf, size_t len, const char *s)
{
	size_t o = 0;

	if (len < 3)
		return (void)(len ? (buf[0] = '\0') : 0);
	buf[o++] = '"';
	for (; *s && o + 8 < len; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			buf[o++] = '\\', buf[o++] = (char)ch;
		else if (ch < 0x20 || ch >= 0x7f) // not checked as UTF-8: escaped whole
			o += (size_t)snprintf(buf + o, len - o, "\\u%04x", ch);
		else
			buf[o++] = (char)ch;
	}
	buf[o++] = '"';
	buf[o] = '\0';
}

int inject_run_line(struct inject_src *src, const char *line, uint64_t id, char *reply,
	size_t reply_len, char *err)
{
	struct inject_cmd c;
	char q[8 * INJECT_ERR_MAX];
	int ret = inject_cmd_parse(line, &c, err, INJECT_ERR_MAX);

	if (ret == 0)
		ret = inject_src_apply(src, &c, err, INJECT_ERR_MAX);
	else
		src->errors++;
	if (ret == 0) {
		snprintf(reply, reply_len, "{\"type\":\"reply\",\"id\":%lu,\"ok\":true,\"routes\":%u}",
			(unsigned long)id, inject_src_routes(src));
		return 0;
	}
	inject_json_str(q, sizeof(q), err);
	snprintf(reply, reply_len, "{\"type\":\"error\",\"id\":%lu,\"error\":%s}", (unsigned long)id,
		q);
	return ret;
}

int inject_proc_init(struct inject_proc *p, const struct cfg_process *c)
{
	memset(p, 0, sizeof(*p));
	inject_src_init(&p->src, c->name);
	p->run = strdup(c->run ? c->run : "");
	p->out = malloc(INJECT_OUT_MAX);
	if (p->run == NULL || p->out == NULL) {
		free(p->run);
		free(p->out);
		return -ENOMEM;
	}
	p->receive_routes = c->receive_routes;
	p->keep_routes = c->keep_routes;
	p->in_fd = p->out_fd = -1;
	p->backoff_ms = INJECT_BACKOFF_MIN_MS;
	return 0;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static int nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 ? -errno : 0;
}

// sh -c RUN with its stdin and stdout on our pipes, nothing else of ours open,
// default signal handling (we ignore SIGPIPE), in a process group of its own.
static int spawn(struct inject_proc *p, int in[2], int out[2])
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t def, none;
	char *argv[] = {"sh", "-c", p->run, NULL};
	int ret;

	sigemptyset(&none);
	sigemptyset(&def);
	sigaddset(&def, SIGPIPE), sigaddset(&def, SIGINT), sigaddset(&def, SIGTERM);
	sigaddset(&def, SIGHUP), sigaddset(&def, SIGCHLD);
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&at);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF |
					      POSIX_SPAWN_SETSIGMASK);
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setsigdefault(&at, &def);
	posix_spawnattr_setsigmask(&at, &none);
	ret = posix_spawn(&p->pid, "/bin/sh", &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	return -ret;
}

static void backoff(struct inject_proc *p, uint64_t now_ms)
{
	// A helper that ran a while had a real failure, not a crash loop.
	if (p->started_ms && now_ms - p->started_ms >= INJECT_BACKOFF_MAX_MS)
		p->backoff_ms = INJECT_BACKOFF_MIN_MS;
	p->next_start_ms = now_ms + p->backoff_ms;
	p->backoff_ms = p->backoff_ms * 2 > INJECT_BACKOFF_MAX_MS ? INJECT_BACKOFF_MAX_MS
								   : p->backoff_ms * 2;
	p->state = INJECT_STARTING;
}

static void start(struct inject_proc *p, uint64_t now_ms)
{
	int in[2] = {-1, -1}, out[2] = {-1, -1};
	int ret = 0;

	if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0)
		ret = -errno;
	if (ret == 0)
		ret = spawn(p, in, out);
	close_fd(&in[0]);
	close_fd(&out[1]);
	if (ret == 0 && ((ret = nonblock(in[1])) < 0 || (ret = nonblock(out[0])) < 0))
		kill(p->pid, SIGKILL), waitpid(p->pid, NULL, 0);
	if (ret < 0) {
		close_fd(&in[1]);
		close_fd(&out[0]);
		snprintf(p->last_error, sizeof(p->last_error), "cannot start: %s", strerror(-ret));
		CP_ERR("inject", "process %s: cannot start: %s", p->src.name, strerror(-ret));
		p->started_ms = 0;
		backoff(p, now_ms);
		return;
	}
	p->in_fd = in[1];
	p->out_fd = out[0];
	p->starts++;
	p->started_ms = now_ms;
	p->next_reap_ms = now_ms + REAP_EVERY_MS;
	p->line_len = 0;
	p->line_id = 0;
	p->discarding = false;
	p->out_len = 0;
	p->state = INJECT_RUNNING;
	CP_INFO("inject", "process %s started: pid %d (start %u)", p->src.name, (int)p->pid,
		p->starts);
}

void inject_proc_send(struct inject_proc *p, const char *json)
{
	size_t len = strlen(json);

	if (p->state != INJECT_RUNNING || p->in_fd < 0)
		return;
	if (p->out_len + len + 1 > INJECT_OUT_MAX) {
		p->events_dropped++; // it does not read: it may not block us
		return;
	}
	memcpy(p->out + p->out_len, json, len);
	p->out[p->out_len + len] = '\n';
	p->out_len += len + 1;
}

static unsigned flush_out(struct inject_proc *p)
{
	ssize_t n;

	if (p->out_len == 0 || p->in_fd < 0)
		return 0;
	n = write(p->in_fd, p->out, p->out_len);
	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR) {
			close_fd(&p->in_fd); // EPIPE: it closed its stdin; what waits is lost
			p->out_len = 0;
		}
		return 0;
	}
	memmove(p->out, p->out + n, p->out_len - (size_t)n);
	p->out_len -= (size_t)n;
	return 1;
}

static void run_line(struct inject_proc *p)
{
	char reply[INJECT_LINE_MAX], err[INJECT_ERR_MAX];

	p->line[p->line_len] = '\0';
	if (p->line_len > 0 && p->line[p->line_len - 1] == '\r')
		p->line[--p->line_len] = '\0';
	if (p->line[strspn(p->line, " \t")] == '\0')
		return; // blank lines are no commands
	p->lines++;
	// A NUL would end the line early for the parser: "a\0b" is not "a".
	if (memchr(p->line, '\0', p->line_len) != NULL)
		p->line[0] = '\x01'; // refused as a control character
	if (inject_run_line(&p->src, p->line, ++p->line_id, reply, sizeof(reply), err) < 0)
		snprintf(p->last_error, sizeof(p->last_error), "line %lu: %s",
			(unsigned long)p->line_id, err);
	inject_proc_send(p, reply);
}

static void too_long(struct inject_proc *p)
{
	char reply[128];

	p->long_lines++;
	p->discarding = true;
	p->line_len = 0;
	snprintf(reply, sizeof(reply),
		"{\"type\":\"error\",\"id\":%lu,\"error\":\"line longer than %d characters\"}",
		(unsigned long)++p->line_id, INJECT_LINE_MAX);
	snprintf(p->last_error, sizeof(p->last_error), "line %lu: longer than %d characters",
		(unsigned long)p->line_id, INJECT_LINE_MAX);
	inject_proc_send(p, reply);
}

// One byte of its stdout; 1 when it ended a line.
static int take(struct inject_proc *p, char ch)
{
	if (ch == '\n') {
		bool was = p->discarding;
		p->discarding = false;
		if (!was)
			run_line(p);
		p->line_len = 0;
		return !was;
	}
	if (p->discarding)
		return 0;
	if (p->line_len == INJECT_LINE_MAX) {
		too_long(p);
		return 0;
	}
	p->line[p->line_len++] = ch;
	return 0;
}

// Reads up to INJECT_LINES_PER_POLL lines; at the end of its stdout closes it.
static unsigned read_lines(struct inject_proc *p)
{
	char buf[4096];
	unsigned lines = 0, reads = 0;
	ssize_t n;

	while (p->out_fd >= 0 && lines < INJECT_LINES_PER_POLL) {
		// A read may end mid-line: the line buffer keeps it for the next one.
		n = read(p->out_fd, buf, sizeof(buf));
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			break;
		if (n <= 0) {
			close_fd(&p->out_fd);
			p->next_reap_ms = 0; // it is likely gone: reap now
			break;
		}
		reads++;
		for (ssize_t i = 0; i < n; i++)
			lines += (unsigned)take(p, buf[i]);
	}
	return lines + reads;
}

static void describe_status(int st, char *buf, size_t len)
{
	if (WIFEXITED(st))
		snprintf(buf, len, "exit status %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, len, "killed by signal %d (%s)", WTERMSIG(st), strsignal(WTERMSIG(st)));
	else
		snprintf(buf, len, "status 0x%x", st);
}

// After its exit: logged, its routes gone unless kept, its restart due.
static void exited(struct inject_proc *p, int st, uint64_t now_ms)
{
	char why[96];
	size_t n = 0;

	describe_status(st, why, sizeof(why));
	kill(-p->pid, SIGTERM); // what it left running in its group (ESRCH: nothing)
	close_fd(&p->in_fd);
	close_fd(&p->out_fd);
	p->out_len = 0;
	if (!p->keep_routes)
		n = inject_src_flush(&p->src);
	backoff(p, now_ms);
	snprintf(p->last_error, sizeof(p->last_error), "exited: %s", why);
	CP_WARN("inject", "process %s (pid %d) exited: %s; %zu routes withdrawn; restart in %lu ms",
		p->src.name, (int)p->pid, why, n, (unsigned long)(p->next_start_ms - now_ms));
	p->pid = 0;
}

static void reap(struct inject_proc *p, uint64_t now_ms)
{
	int st;

	if (now_ms < p->next_reap_ms)
		return;
	p->next_reap_ms = now_ms + REAP_EVERY_MS;
	if (waitpid(p->pid, &st, WNOHANG) == p->pid)
		exited(p, st, now_ms);
}

unsigned inject_proc_poll(struct inject_proc *p, uint64_t now_ms)
{
	unsigned done = 0;

	if (p->state == INJECT_STARTING && now_ms >= p->next_start_ms)
		start(p, now_ms);
	if (p->state != INJECT_RUNNING)
		return 0;
	done += read_lines(p);
	done += flush_out(p);
	reap(p, now_ms);
	return done;
}

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

// SIGTERM to its group; SIGKILL when it is still there after the grace time.
static void kill_and_reap(struct inject_proc *p)
{
	uint64_t deadline = mono_ms() + KILL_GRACE_MS;
	int st;

	kill(-p->pid, SIGTERM);
	while (waitpid(p->pid, &st, WNOHANG) == 0) {
		if (mono_ms() >= deadline) {
			kill(-p->pid, SIGKILL);
			waitpid(p->pid, &st, 0);
			break;
		}
		usleep(5000);
	}
	kill(-p->pid, SIGKILL); // what it started in its group
	CP_INFO("inject", "process %s (pid %d) stopped", p->src.name, (int)p->pid);
}

void inject_proc_fini(struct inject_proc *p)
{
	close_fd(&p->in_fd);
	close_fd(&p->out_fd);
	if (p->state == INJECT_RUNNING && p->pid > 0)
		kill_and_reap(p);
	inject_src_flush(&p->src);
	p->state = INJECT_STOPPED;
	free(p->run);
	free(p->out);
	p->run = p->out = NULL;
}
