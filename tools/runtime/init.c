// SPDX-License-Identifier: GPL-2.0-only
/*
 * init.c - PID 1 of the runtime-test initramfs.
 *
 * Mounts /proc, /sys and /dev, runs every program listed in /tests/list
 * (one per line: a name under /tests, then optional arguments), relays
 * each program's output line by line as "# NAME: line", and prints one
 * result per program on the console:
 *
 *   RT: ok N NAME
 *   RT: skip N NAME REASON      (exit status 4, kselftest's KSFT_SKIP)
 *   RT: fail N NAME STATUS
 *
 * then "RT: done N" and reboots, which with QEMU's -no-reboot ends QEMU.
 * The host side (tools/runtime-test.sh) turns these lines into TAP.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ARGS 16
#define KSFT_SKIP 4

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
}

static void mount_or_say(const char *src, const char *dst, const char *type)
{
	mkdir(dst, 0755);
	if (mount(src, dst, type, 0, NULL) && errno != EBUSY)
		say("RT: warning: mount %s on %s: %s\n", type, dst, strerror(errno));
}

/* Run one program; relay its output; return its wait status. */
static int run(char **argv, char *skip, size_t skip_len)
{
	char line[1024], path[256];
	int pipefd[2], status;
	FILE *out;
	pid_t pid;

	if (pipe(pipefd))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		dup2(pipefd[1], 1);
		dup2(pipefd[1], 2);
		close(pipefd[0]);
		close(pipefd[1]);
		/* selftests load their own ELF file by argv[0] */
		snprintf(path, sizeof(path), "/tests/%s", argv[0]);
		if (chdir("/tests"))
			_exit(127);
		execv(path, argv);
		fprintf(stderr, "exec %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	close(pipefd[1]);
	out = fdopen(pipefd[0], "r");
	while (out && fgets(line, sizeof(line), out)) {
		line[strcspn(line, "\n")] = '\0';
		say("# %s: %s\n", argv[0], line);
		/* kselftest's skip line, or a test's own "not supported" note */
		if (strstr(line, "SKIP") || strstr(line, "not supported"))
			snprintf(skip, skip_len, "%s", line);
	}
	if (out)
		fclose(out);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return status;
}

int main(void)
{
	char buf[512], skip[1024];
	char *argv[MAX_ARGS + 1];
	int n = 0, status, argc;
	FILE *list;

	mount_or_say("proc", "/proc", "proc");
	mount_or_say("sysfs", "/sys", "sysfs");
	mount_or_say("devtmpfs", "/dev", "devtmpfs");
	mount_or_say("tmpfs", "/tmp", "tmpfs");

	list = fopen("/tests/list", "r");
	if (!list) {
		say("RT: error: /tests/list: %s\n", strerror(errno));
		goto out;
	}
	say("RT: start\n");
	while (fgets(buf, sizeof(buf), list)) {
		char *tok, *save = NULL;

		argc = 0;
		for (tok = strtok_r(buf, " \t\n", &save); tok && argc < MAX_ARGS;
		     tok = strtok_r(NULL, " \t\n", &save))
			argv[argc++] = tok;
		if (!argc || argv[0][0] == '#')
			continue;
		argv[argc] = NULL;
		n++;
		skip[0] = '\0';
		say("RT: run %d %s\n", n, argv[0]);
		status = run(argv, skip, sizeof(skip));
		if (status >= 0 && WIFEXITED(status) && !WEXITSTATUS(status))
			say("RT: ok %d %s %s\n", n, argv[0], skip);
		else if (status >= 0 && WIFEXITED(status) &&
			 WEXITSTATUS(status) == KSFT_SKIP)
			say("RT: skip %d %s %s\n", n, argv[0], skip);
		else if (status >= 0 && WIFSIGNALED(status))
			say("RT: fail %d %s signal %d\n", n, argv[0], WTERMSIG(status));
		else
			say("RT: fail %d %s exit %d\n", n, argv[0],
			    status < 0 ? -1 : WEXITSTATUS(status));
	}
	fclose(list);
	say("RT: done %d\n", n);
out:
	sync();
	reboot(RB_AUTOBOOT);
	return 0;
}
