/*
 * load.c - the loader's front door: set lifecycle, reading files,
 * directories and streams into memory, and choosing the YAML or JSON
 * loader. Documents flow on to extract*.c; resolve.c finishes the set.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "set.h"
#include "banned.h"

#define MAX_DIR_DEPTH 64

void mlcap_load_opts_init(mlcap_load_opts *o)
{
	o->default_namespace = NULL;
	o->max_file_bytes = (size_t)1 << 30;
	o->max_scalar_bytes = (size_t)1 << 20;
	o->max_depth = 256;
	o->max_alias_nodes = 1000000;
	o->config = false;
}

int mlcap_set_new(mlcap_set **out, const mlcap_load_opts *opts)
{
	mlcap_set *s = mlcap_mem__calloc(1, sizeof(*s));

	*out = NULL;
	if (!s)
		return MLCAP_ENOMEM;
	if (opts)
		s->opts = *opts;
	else
		mlcap_load_opts_init(&s->opts);
	mlcap_arena_init(&s->arena);
	mlcap_arena_init(&s->scratch);
	if (!s->opts.default_namespace) {
		s->opts.default_namespace = "default";
	} else if (!(s->opts.default_namespace = mlcap_arena_strdup(
			 &s->arena, s->opts.default_namespace))) {
		mlcap_mem__free(s);
		return MLCAP_ENOMEM;
	}
	*out = s;
	return 0;
}

void mlcap_set_free(mlcap_set *s)
{
	if (!s)
		return;
	mlcap_load__yaml_release(s);
	mlcap_mem__free(s->workloads.items);
	mlcap_mem__free(s->scalers.items);
	mlcap_mem__free(s->namespaces.items);
	mlcap_mem__free(s->limit_ranges.items);
	mlcap_mem__free(s->quotas.items);
	mlcap_mem__free(s->runtime_classes.items);
	mlcap_mem__free(s->nodes.items);
	mlcap_mem__free(s->pools.items);
	mlcap_arena_release(&s->arena);
	mlcap_arena_release(&s->scratch);
	mlcap_mem__free(s);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

int mlcap_set_add_buffer(mlcap_set *s, const char *name, const char *data,
			 size_t len, mlcap_diags *d)
{
	const char *file = mlcap_arena_strdup(&s->arena, name);
	size_t i = 0;
	bool json;

	if (!file)
		return MLCAP_ENOMEM;
	s->stats.files++;
	s->stats.bytes += len;
	if (ends_with(name, ".json")) {
		json = true;
	} else if (ends_with(name, ".yaml") || ends_with(name, ".yml")) {
		json = false;
	} else {
		while (i < len && strchr(" \t\r\n", data[i]) && data[i])
			i++;
		json = i < len && (data[i] == '{' || data[i] == '[');
	}
	return json ? mlcap_load__json(s, file, data, len, d)
		    : mlcap_load__yaml(s, file, data, len, d);
}

static int io_error(mlcap_diags *d, const char *path, const char *what, int err)
{
	mlcap_loc l = {path, 0, 0};
	return mlcap_diag_add(d, MLCAP_ERROR, "io", &l,
			      "check the path and its permissions",
			      "cannot %s '%s': %s", what, path, strerror(err));
}

static int too_big(mlcap_set *s, mlcap_diags *d, const char *path)
{
	mlcap_loc l = {path, 0, 0};
	return mlcap_diag_add(d, MLCAP_ERROR, "io.too_big", &l,
			      "split the file, or raise --max-file-size",
			      "'%s' is larger than the limit of %zu bytes",
			      path, s->opts.max_file_bytes);
}

/* Reads all of `fd` into a malloc'd buffer; *len gets its size. */
static int read_all(int fd, size_t cap, char **out, size_t *len, bool *over)
{
	size_t n = 0, alloc = 0;
	char *buf = NULL;

	*over = false;
	for (;;) {
		ssize_t r;
		if (MLCAP_GROW(buf, alloc, n + 65536) < 0) {
			mlcap_mem__free(buf);
			return MLCAP_ENOMEM;
		}
		r = read(fd, buf + n, alloc - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			mlcap_mem__free(buf);
			return MLCAP_EIO;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > cap) {
			*over = true;
			mlcap_mem__free(buf);
			return 0;
		}
	}
	*out = buf;
	*len = n;
	return 0;
}

static int load_fd(mlcap_set *s, const char *path, int fd, mlcap_diags *d)
{
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	bool over = false;
	int rc;

	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		void *map;
		if ((uint64_t)st.st_size > s->opts.max_file_bytes)
			return too_big(s, d, path);
		map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd,
			   0);
		if (map != MAP_FAILED) {
			rc = mlcap_set_add_buffer(s, path, map,
						  (size_t)st.st_size, d);
			munmap(map, (size_t)st.st_size);
			return rc;
		}
	}
	rc = read_all(fd, s->opts.max_file_bytes, &buf, &len, &over);
	if (rc == MLCAP_EIO)
		return io_error(d, path, "read", errno);
	if (rc < 0)
		return rc;
	if (over)
		return too_big(s, d, path);
	rc = mlcap_set_add_buffer(s, path, buf ? buf : "", len, d);
	mlcap_mem__free(buf);
	return rc;
}

int mlcap_set_add_stream(mlcap_set *s, const char *name, FILE *f,
			 mlcap_diags *d)
{
	return load_fd(s, name, fileno(f), d);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool manifest_name(const char *name)
{
	return ends_with(name, ".yaml") || ends_with(name, ".yml") ||
	       ends_with(name, ".json");
}

static int add_path_depth(mlcap_set *s, const char *path, mlcap_diags *d,
			  int depth);

static int add_dir(mlcap_set *s, const char *path, mlcap_diags *d, int depth)
{
	DIR *dir = opendir(path);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, alloc = 0, i;
	int rc = 0;

	if (!dir)
		return io_error(d, path, "open directory", errno);
	while ((e = readdir(dir)) != NULL) {
		char *copy;
		if (e->d_name[0] == '.') /* ., .., .git and hidden files */
			continue;
		if (MLCAP_GROW(names, alloc, n + 1) < 0 ||
		    !(copy = mlcap_mem__alloc(strlen(e->d_name) + 1))) {
			rc = MLCAP_ENOMEM;
			break;
		}
		memcpy(copy, e->d_name, strlen(e->d_name) + 1);
		names[n++] = copy;
	}
	closedir(dir);
	if (rc == 0)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n && rc == 0; i++) {
		size_t plen = strlen(path), nlen = strlen(names[i]);
		bool slash = plen && path[plen - 1] == '/';
		char *child = mlcap_mem__alloc(plen + nlen + 2);
		struct stat st;
		if (!child) {
			rc = MLCAP_ENOMEM;
			break;
		}
		memcpy(child, path, plen);
		if (!slash)
			child[plen++] = '/';
		memcpy(child + plen, names[i], nlen + 1);
		if (stat(child, &st) == 0 &&
		    (S_ISDIR(st.st_mode) || manifest_name(names[i])))
			rc = add_path_depth(s, child, d, depth + 1);
		mlcap_mem__free(child);
	}
	for (i = 0; i < n; i++)
		mlcap_mem__free(names[i]);
	mlcap_mem__free(names);
	return rc;
}

static int add_path_depth(mlcap_set *s, const char *path, mlcap_diags *d,
			  int depth)
{
	struct stat st;
	int fd, rc;

	if (stat(path, &st) != 0)
		return io_error(d, path, "read", errno);
	if (S_ISDIR(st.st_mode)) {
		if (depth >= MAX_DIR_DEPTH) {
			mlcap_loc l = {path, 0, 0};
			return mlcap_diag_add(d, MLCAP_WARNING, "io.depth", &l,
					      "check for symbolic link loops",
					      "directory '%s' is nested too "
					      "deep; skipped",
					      path);
		}
		return add_dir(s, path, d, depth);
	}
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return io_error(d, path, "open", errno);
	rc = load_fd(s, path, fd, d);
	close(fd);
	return rc;
}

int mlcap_set_add_path(mlcap_set *s, const char *path, mlcap_diags *d)
{
	return add_path_depth(s, path, d, 0);
}

int mlcap_set_load(mlcap_set **out, const char *const *paths, size_t n_paths,
		   const mlcap_load_opts *opts, mlcap_diags *d)
{
	size_t i;
	int rc = mlcap_set_new(out, opts);

	for (i = 0; i < n_paths && rc == 0; i++)
		rc = mlcap_set_add_path(*out, paths[i], d);
	if (rc == 0)
		rc = mlcap_set_resolve(*out, d);
	return rc;
}

/* ---- accessors ---- */

#define ACCESSOR(fn, type, field)                                              \
	const type *fn(const mlcap_set *s, size_t *n)                          \
	{                                                                      \
		*n = s->field.count;                                           \
		return s->field.items;                                         \
	}
ACCESSOR(mlcap_set_workloads, mlcap_workload, workloads)
ACCESSOR(mlcap_set_scalers, mlcap_scaler, scalers)
ACCESSOR(mlcap_set_namespaces, mlcap_namespace, namespaces)
ACCESSOR(mlcap_set_limit_ranges, mlcap_limit_range, limit_ranges)
ACCESSOR(mlcap_set_quotas, mlcap_quota, quotas)
ACCESSOR(mlcap_set_runtime_classes, mlcap_runtime_class, runtime_classes)
ACCESSOR(mlcap_set_nodes, mlcap_cluster_node, nodes)
ACCESSOR(mlcap_set_node_pools, mlcap_node_pool, pools)

int mlcap_load__documents(const char *path, const char *buf, size_t len,
			  mlcap_doc_fn fn, void *ctx, mlcap_diags *d)
{
	mlcap_set *s;
	int rc;

	if ((rc = mlcap_set_new(&s, NULL)) < 0)
		return rc;
	s->raw_doc = fn;
	s->raw_ctx = ctx;
	rc = buf ? mlcap_set_add_buffer(s, path, buf, len, d)
		 : mlcap_set_add_path(s, path, d);
	mlcap_set_free(s);
	return rc;
}

const mlcap_cluster_config *mlcap_set_config(const mlcap_set *s)
{
	return s->has_config ? &s->config : NULL;
}

const mlcap_set_stats *mlcap_set_stats_get(const mlcap_set *s)
{
	return &s->stats;
}
