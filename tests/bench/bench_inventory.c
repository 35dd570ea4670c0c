/*
 * bench_inventory.c - the loader benchmark: times `mlcap inventory
 * --format json FILE` (a child process, stdout to /dev/null) against a bare
 * libyaml event scan of the same mmap'd bytes in this process, and reports
 * the ratio and the child's peak RSS per document. It reports PASS/FAIL
 * against the targets but always exits 0 once it has measured.
 */
#define _DEFAULT_SOURCE /* wait4 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>

#define MAX_RUNS 101
#define TARGET_RATIO 1.5
#define TARGET_RSS 2.0 /* peak RSS / input bytes */
#define MIB (1024.0 * 1024.0)

/* What one run of a child process cost. */
typedef struct {
	double wall_ms;
	double cpu_ms;    /* user + system */
	long maxrss_kib;  /* ru_maxrss: KiB on Linux */
	int status;       /* wait status */
} child_run;

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Median of `n` samples; sorts them. */
static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* ---- the baseline: libyaml's bare event scan ---- */

/*
 * Reads `path` the way mlcap's loader does (open, fstat, mmap the whole
 * file, yaml_parser_set_input_string) and pulls every event, deleting
 * each one. Returns the number of documents, or -1 after printing why.
 */
static long scan(const char *path, size_t *bytes)
{
	struct stat st;
	yaml_parser_t p;
	yaml_event_t ev;
	long docs = 0;
	void *map;
	int fd, done = 0;

	if ((fd = open(path, O_RDONLY)) < 0 || fstat(fd, &st) != 0) {
		fprintf(stderr, "bench_inventory: cannot read '%s': %s\n",
			path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (st.st_size <= 0) {
		fprintf(stderr, "bench_inventory: '%s' is empty\n", path);
		close(fd);
		return -1;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED) {
		fprintf(stderr, "bench_inventory: cannot map '%s': %s\n", path,
			strerror(errno));
		close(fd);
		return -1;
	}
	if (!yaml_parser_initialize(&p)) {
		munmap(map, (size_t)st.st_size);
		close(fd);
		return -1;
	}
	yaml_parser_set_input_string(&p, map, (size_t)st.st_size);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			fprintf(stderr,
				"bench_inventory: '%s':%lu:%lu: %s; the "
				"baseline needs valid YAML\n",
				path, (unsigned long)p.problem_mark.line + 1,
				(unsigned long)p.problem_mark.column + 1,
				p.problem ? p.problem : "parse error");
			docs = -1;
			break;
		}
		if (ev.type == YAML_DOCUMENT_START_EVENT)
			docs++;
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	munmap(map, (size_t)st.st_size);
	close(fd);
	*bytes = (size_t)st.st_size;
	return docs;
}

/* ---- child processes ---- */

/*
 * Runs argv[0] with `argv`, stdout to /dev/null (or to `out_fd` when it
 * is >= 0) and stderr to /dev/null, and waits for it. The parent reads
 * nothing; a child that fills a pipe must be drained by the caller, so
 * pipes go through run_capture() instead.
 */
static int spawn(char *const argv[], int out_fd, pid_t *pid)
{
	int null_fd = open("/dev/null", O_WRONLY);

	if (null_fd < 0)
		return -1;
	*pid = fork();
	if (*pid < 0) {
		close(null_fd);
		return -1;
	}
	if (*pid == 0) {
		if (dup2(out_fd >= 0 ? out_fd : null_fd, STDOUT_FILENO) < 0 ||
		    dup2(null_fd, STDERR_FILENO) < 0)
			_exit(126);
		execv(argv[0], argv);
		_exit(127);
	}
	close(null_fd);
	return 0;
}

static int reap(pid_t pid, double t0, child_run *r)
{
	struct rusage ru;

	while (wait4(pid, &r->status, 0, &ru) < 0)
		if (errno != EINTR)
			return -1;
	r->wall_ms = now_ms() - t0;
	r->cpu_ms = (double)ru.ru_utime.tv_sec * 1e3 +
		    (double)ru.ru_utime.tv_usec / 1e3 +
		    (double)ru.ru_stime.tv_sec * 1e3 +
		    (double)ru.ru_stime.tv_usec / 1e3;
	r->maxrss_kib = ru.ru_maxrss;
	return 0;
}

static int run_child(char *const argv[], child_run *r)
{
	double t0 = now_ms();
	pid_t pid;

	if (spawn(argv, -1, &pid) < 0)
		return -1;
	return reap(pid, t0, r);
}

/*
 * Finds `"key": <integer>` in a stream read in chunks; `carry` keeps the
 * tail of the previous chunk so a match may straddle two reads.
 */
typedef struct {
	char buf[65536 + 64];
	size_t carry;
	long documents, workloads;
} stats_scan;

static long number_after(const char *hay, size_t n, const char *key)
{
	size_t klen = strlen(key), i;

	for (i = 0; i + klen < n; i++) {
		const char *p = hay + i + klen;
		long v = 0;
		if (memcmp(hay + i, key, klen) != 0 || *p < '0' || *p > '9')
			continue;
		while (p < hay + n && *p >= '0' && *p <= '9')
			v = v * 10 + (*p++ - '0');
		if (p < hay + n) /* the number ended inside the buffer */
			return v;
	}
	return -1;
}

static void stats_feed(stats_scan *s, size_t got)
{
	size_t n = s->carry + got;
	long v;

	if ((v = number_after(s->buf, n, "\"documents\": ")) >= 0)
		s->documents = v;
	if ((v = number_after(s->buf, n, "\"workloads\": ")) >= 0)
		s->workloads = v;
	s->carry = n < 64 ? n : 64;
	memmove(s->buf, s->buf + n - s->carry, s->carry);
}

/*
 * The warm-up run: mlcap's JSON goes through a pipe so the stats it
 * reports (documents, workloads) can be checked against the input.
 */
static int run_capture(char *const argv[], child_run *r, stats_scan *s)
{
	double t0 = now_ms();
	int fds[2];
	pid_t pid;
	ssize_t got;

	if (pipe(fds) < 0)
		return -1;
	if (spawn(argv, fds[1], &pid) < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	close(fds[1]);
	s->carry = 0;
	s->documents = s->workloads = -1;
	while ((got = read(fds[0], s->buf + s->carry,
			   sizeof(s->buf) - s->carry)) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			break;
		stats_feed(s, (size_t)got);
	}
	close(fds[0]);
	return reap(pid, t0, r);
}

static const char *status_text(int status, char *buf, size_t cap)
{
	if (WIFEXITED(status))
		snprintf(buf, cap, "exit %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, cap, "killed by signal %d", WTERMSIG(status));
	else
		snprintf(buf, cap, "status 0x%x", status);
	return buf;
}

/* ---- report ---- */

static const char *verdict(int ok)
{
	return ok ? "PASS" : "FAIL";
}

static void usage(void)
{
	fprintf(stderr,
		"usage: bench_inventory [-r RUNS] MANIFEST MLCAP\n"
		"  Times 'MLCAP inventory --format json MANIFEST' against a "
		"bare libyaml\n"
		"  event scan of MANIFEST; prints medians of RUNS (default 5) "
		"runs.\n");
}

int main(int argc, char **argv)
{
	double base[MAX_RUNS], tool[MAX_RUNS], cpu[MAX_RUNS];
	double base_ms, tool_ms, cpu_ms, ratio, rss, scan_rss;
	long docs, maxrss = 0;
	size_t bytes = 0;
	int runs = 5, i, argi = 1, failed = 0;
	char self[4096], st[64];
	child_run r, scan_run;
	stats_scan *ss;
	ssize_t n;

	if (argc == 3 && strcmp(argv[1], "--scan-only") == 0) {
		/* Re-executed by the parent to measure the scan's own RSS. */
		return scan(argv[2], &bytes) < 0 ? 1 : 0;
	}
	if (argc > 2 && strcmp(argv[1], "-r") == 0) {
		char *end;
		runs = (int)strtol(argv[2], &end, 10);
		if (*end || runs < 1 || runs > MAX_RUNS) {
			fprintf(stderr, "bench_inventory: RUNS must be 1 to "
					"%d\n",
				MAX_RUNS);
			return 2;
		}
		argi = 3;
	}
	if (argc - argi != 2) {
		usage();
		return 2;
	}
	{
		char *tool_argv[] = { argv[argi + 1], "inventory", "--format",
				      "json", argv[argi], NULL };
		char *scan_argv[] = { self, "--scan-only", argv[argi], NULL };

		if (access(argv[argi + 1], X_OK) != 0) {
			fprintf(stderr, "bench_inventory: '%s' is not "
					"executable\n",
				argv[argi + 1]);
			return 2;
		}
		/* Warm-up: page cache, and a check that mlcap read it all. */
		if ((docs = scan(argv[argi], &bytes)) < 0)
			return 2;
		if (!(ss = malloc(sizeof(*ss))))
			return 2;
		if (run_capture(tool_argv, &r, ss) < 0) {
			fprintf(stderr, "bench_inventory: cannot run '%s': "
					"%s\n",
				argv[argi + 1], strerror(errno));
			free(ss);
			return 2;
		}
		/* Interleaved, so drift on a busy machine hits both sides. */
		for (i = 0; i < runs; i++) {
			double t0 = now_ms();
			size_t b;
			if (scan(argv[argi], &b) < 0) {
				free(ss);
				return 2;
			}
			base[i] = now_ms() - t0;
			if (run_child(tool_argv, &r) < 0) {
				fprintf(stderr, "bench_inventory: cannot run "
						"'%s': %s\n",
					argv[argi + 1], strerror(errno));
				free(ss);
				return 2;
			}
			tool[i] = r.wall_ms;
			cpu[i] = r.cpu_ms;
			if (r.maxrss_kib > maxrss)
				maxrss = r.maxrss_kib;
			if (r.status != 0)
				failed = r.status;
		}
		/* The scan alone in a fresh process, for its peak RSS. */
		n = readlink("/proc/self/exe", self, sizeof(self) - 1);
		scan_rss = -1;
		if (n > 0) {
			self[n] = '\0';
			if (run_child(scan_argv, &scan_run) == 0 &&
			    scan_run.status == 0)
				scan_rss = (double)scan_run.maxrss_kib * 1024;
		}
	}

	base_ms = median(base, runs);
	tool_ms = median(tool, runs);
	cpu_ms = median(cpu, runs);
	ratio = tool_ms / base_ms;
	rss = (double)maxrss * 1024;

	printf("mlcap loader benchmark: %s\n", argv[argi]);
	printf("  documents          %ld (mlcap counted %ld, %ld workloads)\n",
	       docs, ss->documents, ss->workloads);
	printf("  input              %.1f MiB (%zu bytes, %.0f B/document)\n",
	       (double)bytes / MIB, bytes,
	       docs ? (double)bytes / (double)docs : 0.0);
	printf("  runs               %d, medians below\n", runs);
	printf("  libyaml scan       %.1f ms  (in process: mmap + "
	       "yaml_parser_parse loop)\n",
	       base_ms);
	printf("  mlcap inventory    %.1f ms  (child: --format json > "
	       "/dev/null; %.1f ms CPU)\n",
	       tool_ms, cpu_ms);
	printf("  ratio              %.2f\n", ratio);
	printf("  mlcap peak RSS     %.1f MiB (%.2fx input)\n", rss / MIB,
	       rss / (double)bytes);
	printf("  per document       %.0f B peak RSS, %.0f B input\n",
	       docs ? rss / (double)docs : 0.0,
	       docs ? (double)bytes / (double)docs : 0.0);
	if (scan_rss > 0) {
		printf("  libyaml scan RSS   %.1f MiB (%.2fx input; mapped "
		       "file pages count as RSS)\n",
		       scan_rss / MIB, scan_rss / (double)bytes);
		printf("  mlcap above scan   %.1f MiB (%.0f B/document)\n",
		       (rss - scan_rss) / MIB,
		       docs ? (rss - scan_rss) / (double)docs : 0.0);
	}
	if (failed || ss->documents != docs)
		printf("  warning            mlcap: %s, %ld of %ld documents "
		       "counted; the figures may not mean much\n",
		       status_text(failed ? failed : r.status, st, sizeof(st)),
		       ss->documents, docs);
	printf("target ratio <= %.2f: %s (%.2f)\n", TARGET_RATIO,
	       verdict(ratio <= TARGET_RATIO), ratio);
	printf("target peak RSS <= %.1fx input: %s (%.2fx)\n", TARGET_RSS,
	       verdict(rss <= TARGET_RSS * (double)bytes),
	       rss / (double)bytes);
	free(ss);
	return 0;
}
