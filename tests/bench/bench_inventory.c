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

#define MAX_RUNS     101
#define TARGET_RATIO 1.5
#define TARGET_RSS   2.0 /* peak RSS / input bytes */
#define MIB	     (1024.0 * 1024.0)

/* What one run of a child process cost. */
typedef struct {
	double wall_ms;
	double cpu_ms;	 /* user + system */
	long maxrss_kib; /* ru_maxrss: KiB on Linux */
	int status;	 /* wait status */
} child_run;

static double clock_ms(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double now_ms(void)
{
	return clock_ms(CLOCK_MONOTONIC);
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
 * each one. Returns the number of non-empty documents, or -1 after
 * printing why.
 */
static long scan(const char *path, size_t *bytes)
{
	struct stat st;
	yaml_parser_t p;
	yaml_event_t ev;
	long docs = 0;
	void *map;
	int fd, done = 0, at_start = 0;

	if ((fd = open(path, O_RDONLY)) < 0 || fstat(fd, &st) != 0) {
		fprintf(stderr, "bench_inventory: cannot read '%s': %s\n", path,
			strerror(errno));
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
		/* Count documents as mlcap does: an empty one is none. */
		if (at_start &&
		    !(ev.type == YAML_SCALAR_EVENT && !ev.data.scalar.length &&
		      ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE))
			docs++;
		at_start = ev.type == YAML_DOCUMENT_START_EVENT;
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
 * Starts argv[0] with stdout on `out_fd` (/dev/null when it is < 0) and
 * stderr on /dev/null; *pid gets the child, which reap() waits for.
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
 * Picks the stats out of mlcap's JSON as it streams past in chunks:
 * `"key": <integer>` values, and the number of diagnostics (one "rule"
 * each). `carry` keeps the tail of the previous chunk so that a match
 * may straddle two reads.
 */
typedef struct {
	char buf[65536 + 64];
	size_t carry;
	long documents, workloads, diagnostics;
} stats_scan;

/* Matches of `key` in hay[0, n) that end past `from` (not yet counted). */
static long count_new(const char *hay, size_t n, size_t from, const char *key)
{
	size_t klen = strlen(key), i;
	long c = 0;

	for (i = 0; i + klen <= n; i++)
		if (i + klen > from && memcmp(hay + i, key, klen) == 0)
			c++;
	return c;
}

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
	s->diagnostics += count_new(s->buf, n, s->carry, "\"rule\": \"");
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
	s->diagnostics = 0;
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

/* Everything measured, for the report. */
typedef struct {
	const char *manifest;
	int runs;
	long docs;
	size_t bytes;
	double base_ms, tool_ms;   /* medians, wall clock */
	double base_cpu, tool_cpu; /* medians, user + system */
	double base_min, tool_min; /* fastest runs, wall clock */
	double rss, scan_rss;	   /* bytes; scan_rss < 0: unknown */
	int status;		   /* first nonzero mlcap status */
	long mlcap_docs, mlcap_workloads, mlcap_diags;
} bench;

/*
 * Warm-up (page cache, and a check that mlcap reads every document),
 * then `runs` interleaved pairs, so drift on a busy machine hits both
 * sides, then the scan alone in a fresh process for its peak RSS.
 */
static int measure(bench *b, char *mlcap)
{
	char *tool_argv[] = {mlcap,  "inventory",	  "--format",
			     "json", (char *)b->manifest, NULL};
	char self[4096];
	char *scan_argv[] = {self, "--scan-only", (char *)b->manifest, NULL};
	double base[MAX_RUNS], tool[MAX_RUNS];
	double base_cpu[MAX_RUNS], tool_cpu[MAX_RUNS];
	stats_scan *ss;
	child_run r;
	long maxrss = 0;
	ssize_t n;
	int i;

	if ((b->docs = scan(b->manifest, &b->bytes)) < 0)
		return -1;
	if (!(ss = malloc(sizeof(*ss))))
		return -1;
	if (run_capture(tool_argv, &r, ss) < 0) {
		free(ss);
		goto spawn_failed;
	}
	b->status = r.status;
	b->mlcap_docs = ss->documents;
	b->mlcap_workloads = ss->workloads;
	b->mlcap_diags = ss->diagnostics;
	free(ss);
	for (i = 0; i < b->runs; i++) {
		double t0 = now_ms();
		double c0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
		size_t bytes;
		if (scan(b->manifest, &bytes) < 0)
			return -1;
		base[i] = now_ms() - t0;
		base_cpu[i] = clock_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
		if (run_child(tool_argv, &r) < 0)
			goto spawn_failed;
		tool[i] = r.wall_ms;
		tool_cpu[i] = r.cpu_ms;
		if (r.maxrss_kib > maxrss)
			maxrss = r.maxrss_kib;
		if (r.status && !b->status)
			b->status = r.status;
	}
	b->base_ms = median(base, b->runs); /* sorts: [0] is the fastest */
	b->tool_ms = median(tool, b->runs);
	b->base_min = base[0];
	b->tool_min = tool[0];
	b->base_cpu = median(base_cpu, b->runs);
	b->tool_cpu = median(tool_cpu, b->runs);
	b->rss = (double)maxrss * 1024;
	b->scan_rss = -1;
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		if (run_child(scan_argv, &r) == 0 && r.status == 0)
			b->scan_rss = (double)r.maxrss_kib * 1024;
	}
	return 0;

spawn_failed:
	fprintf(stderr, "bench_inventory: cannot run '%s': %s\n", mlcap,
		strerror(errno));
	return -1;
}

static void report(const bench *b)
{
	double docs = b->docs ? (double)b->docs : 1;
	double bytes = (double)b->bytes;
	double ratio = b->tool_ms / b->base_ms;
	char st[64];

	printf("mlcap loader benchmark: %s\n", b->manifest);
	printf("  documents        %ld (mlcap: %ld documents, %ld workloads, "
	       "%ld diagnostics)\n",
	       b->docs, b->mlcap_docs, b->mlcap_workloads, b->mlcap_diags);
	printf("  input            %.1f MiB, %.0f B/document\n", bytes / MIB,
	       bytes / docs);
	printf("  libyaml scan     %8.1f ms wall %8.1f ms CPU  in process, "
	       "median of %d\n",
	       b->base_ms, b->base_cpu, b->runs);
	printf("  mlcap inventory  %8.1f ms wall %8.1f ms CPU  child, "
	       "stdout to /dev/null\n",
	       b->tool_ms, b->tool_cpu);
	printf("  ratio            %8.2f wall    %8.2f CPU    %.2f fastest "
	       "runs\n",
	       ratio, b->tool_cpu / b->base_cpu, b->tool_min / b->base_min);
	printf("  peak RSS         %.1f MiB mlcap (%.2fx input)", b->rss / MIB,
	       b->rss / bytes);
	if (b->scan_rss > 0)
		printf(", %.1f MiB scan alone (%.2fx)", b->scan_rss / MIB,
		       b->scan_rss / bytes);
	printf("\n  per document     %.0f B mlcap RSS", b->rss / docs);
	if (b->scan_rss > 0)
		printf(", %.0f B above the scan alone",
		       (b->rss - b->scan_rss) / docs);
	printf(
	    "\n  note             the mmap'd input counts in RSS once read\n");
	if (b->tool_ms > 1.1 * b->tool_cpu || b->base_ms > 1.1 * b->base_cpu)
		printf(
		    "  warning          the machine was busy (wall time well "
		    "above CPU time);\n"
		    "                   the CPU ratio is the steadier "
		    "figure, or rerun\n");
	if (b->status || b->mlcap_docs != b->docs)
		printf("  warning          mlcap %s, counted %ld of %ld "
		       "documents; run it by hand to see why\n",
		       b->status ? status_text(b->status, st, sizeof(st))
				 : "exit 0",
		       b->mlcap_docs, b->docs);
	printf("target ratio <= %.2f (wall): %s (%.2f)\n", TARGET_RATIO,
	       verdict(ratio <= TARGET_RATIO), ratio);
	printf("target peak RSS <= %.1fx input: %s (%.2fx)\n", TARGET_RSS,
	       verdict(b->rss <= TARGET_RSS * bytes), b->rss / bytes);
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
	bench b;
	int argi = 1;

	memset(&b, 0, sizeof(b));
	b.runs = 5;
	if (argc == 3 && strcmp(argv[1], "--scan-only") == 0) {
		/* Re-executed by measure() for the scan's own peak RSS. */
		return scan(argv[2], &b.bytes) < 0 ? 1 : 0;
	}
	if (argc > 2 && strcmp(argv[1], "-r") == 0) {
		char *end;
		long v = strtol(argv[2], &end, 10);
		if (*end || v < 1 || v > MAX_RUNS) {
			fprintf(stderr,
				"bench_inventory: RUNS must be 1 to %d\n",
				MAX_RUNS);
			return 2;
		}
		b.runs = (int)v;
		argi = 3;
	}
	if (argc - argi != 2) {
		usage();
		return 2;
	}
	b.manifest = argv[argi];
	if (access(argv[argi + 1], X_OK) != 0) {
		fprintf(stderr, "bench_inventory: '%s' is not executable\n",
			argv[argi + 1]);
		return 2;
	}
	if (measure(&b, argv[argi + 1]) < 0)
		return 2;
	report(&b);
	return 0; /* a report, not a test: FAIL lines do not fail the run */
}
