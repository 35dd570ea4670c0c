/*
 * policy.c - the label policy (labels.h): parsing the policy document
 * (required keys with allowed values or a pattern, severities, aliases,
 * where labels count, excluded namespaces) and Kubernetes' label syntax.
 */
#define _POSIX_C_SOURCE 200809L
#include <regex.h>
#include <string.h>
#include "cfgdoc.h"
#include "mlcap/labels.h"
#include "labels_internal.h"
#include "set.h"
#include "banned.h"

/* Invariant: regex[i] is a compiled, malloc'd regex iff keys[i].pattern
 * is not NULL (a regex_t is not moved once compiled). */
struct mlcap_policy {
	mlcap_arena arena;
	mlcap_policy_key *keys;
	regex_t **regex;
	size_t n_keys, alloc, regex_alloc;
	unsigned sources;
	const char **excluded;
	uint32_t n_excluded;
	bool seen; /* a policy document was read */
	const char *file;
	/* aliases as read: groups[i] lists names[] (merged in finish) */
	struct alias_group {
		const char **names;
		uint32_t n;
	} * groups;
	size_t n_groups;
};

/* ---- Kubernetes label syntax ---- */

static bool alnum(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9');
}

/* A qualified name's name part or a label value: [A-Za-z0-9] at both
 * ends, [-_.A-Za-z0-9] inside, at most 63 characters. */
static bool name_part(const char *s, size_t n, const char **why)
{
	size_t i;

	if (n > 63) {
		*why = "longer than 63 characters";
		return false;
	}
	if (n && (!alnum(s[0]) || !alnum(s[n - 1]))) {
		*why = "must begin and end with a letter or digit";
		return false;
	}
	for (i = 0; i < n; i++)
		if (!alnum(s[i]) && s[i] != '-' && s[i] != '_' && s[i] != '.') {
			*why = "may hold only letters, digits, '-', '_' and "
			       "'.'";
			return false;
		}
	return true;
}

/* A DNS-1123 subdomain: lowercase labels of [a-z0-9-] joined by dots. */
static bool dns_subdomain(const char *s, size_t n, const char **why)
{
	size_t i, start = 0;

	*why = "the prefix must be a lowercase DNS subdomain (e.g. "
	       "example.com)";
	if (n == 0 || n > 253)
		return false;
	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != '.') {
			if (!(s[i] >= 'a' && s[i] <= 'z') &&
			    !(s[i] >= '0' && s[i] <= '9') && s[i] != '-')
				return false;
			continue;
		}
		if (i == start || s[start] == '-' || s[i - 1] == '-')
			return false;
		start = i + 1;
	}
	return true;
}

bool mlcap_label_key_valid(const char *key, const char **why)
{
	const char *slash = strchr(key, '/');
	const char *name = slash ? slash + 1 : key;
	const char *dummy;

	if (!why)
		why = &dummy;
	if (slash && !dns_subdomain(key, (size_t)(slash - key), why))
		return false;
	if (!*name) {
		*why = "the name part is empty";
		return false;
	}
	return name_part(name, strlen(name), why);
}

bool mlcap_label_value_valid(const char *value, const char **why)
{
	const char *dummy;
	return name_part(value, strlen(value), why ? why : &dummy);
}

/* ---- parsing ---- */

static const char *const top_keys[] = {
    "required",	  "aliases",	       "inheritFromNamespace",
    "labelsFrom", "excludeNamespaces", NULL};
static const char *const rule_keys[] = {"key",	    "values",	   "pattern",
					"severity", "description", NULL};

static bool has_key(const mlcap_policy *p, const char *key)
{
	size_t i;
	for (i = 0; i < p->n_keys; i++)
		if (strcmp(p->keys[i].key, key) == 0)
			return true;
	return false;
}

static int bad_label(mlcap_cfgdoc *c, const mlcap_node *n, const char *what,
		     const char *s, const char *why)
{
	return mlcap_cfgdoc__diag(
	    c, MLCAP_ERROR, n,
	    "Kubernetes label keys are [prefix/]name, e.g. team or "
	    "example.com/team; values are at most 63 of [A-Za-z0-9-_.]",
	    "%s '%s' is not a valid Kubernetes label: %s", what, s, why);
}

static int compile_pattern(mlcap_policy *p, mlcap_cfgdoc *c,
			   const mlcap_node *n, mlcap_policy_key *k)
{
	regex_t *re;
	char msg[200];
	int err;

	p->regex[p->n_keys] = NULL;
	if (!k->pattern)
		return 0;
	if (!(re = mlcap_mem__alloc(sizeof(*re))))
		return MLCAP_ENOMEM;
	if ((err = regcomp(re, k->pattern, REG_EXTENDED | REG_NOSUB)) == 0) {
		p->regex[p->n_keys] = re;
		return 0;
	}
	regerror(err, re, msg, sizeof(msg));
	mlcap_mem__free(re);
	k->pattern = NULL;
	return mlcap_cfgdoc__diag(
	    c, MLCAP_ERROR, n,
	    "write a POSIX extended regular expression, e.g. '^[a-z-]+$'",
	    "pattern of '%s' is not a valid regular expression: %s", k->key,
	    msg);
}

static int rule(mlcap_policy *p, mlcap_cfgdoc *c, const mlcap_node *n)
{
	mlcap_policy_key k;
	const mlcap_node *key_node = n;
	const char *sev = NULL, *why;
	const char **values;
	uint32_t i;
	int rc;

	memset(&k, 0, sizeof(k));
	k.severity = MLCAP_WARNING;
	k.loc = mlcap_cfgdoc__loc(c, n);
	if (n->type == MLCAP_NODE_MAP) { /* {key: team, values: [...]} */
		key_node = mlcap_node__get(n, "key");
		if ((rc = mlcap_cfgdoc__keys(c, n, "a required key",
					     rule_keys)) < 0 ||
		    (rc = mlcap_cfgdoc__str(c, key_node, "key", &k.key)) < 0 ||
		    (rc = mlcap_cfgdoc__strs(c, mlcap_node__get(n, "values"),
					     "values", &values, &k.n_values)) <
			0 ||
		    (rc = mlcap_cfgdoc__str(c, mlcap_node__get(n, "pattern"),
					    "pattern", &k.pattern)) < 0 ||
		    (rc = mlcap_cfgdoc__str(c, mlcap_node__get(n, "severity"),
					    "severity", &sev)) < 0 ||
		    (rc =
			 mlcap_cfgdoc__str(c, mlcap_node__get(n, "description"),
					   "description", &k.description)) < 0)
			return rc;
		k.values = values;
	} else if ((rc = mlcap_cfgdoc__str(c, n, "a required key", &k.key)) <
		   0) { /* the short form: - team */
		return rc;
	}
	if (!k.key)
		return mlcap_cfgdoc__diag(c, MLCAP_ERROR, n,
					  "write e.g. '- key: team'",
					  "a required entry has no key");
	if (!mlcap_label_key_valid(k.key, &why))
		return bad_label(c, key_node, "required key", k.key, why);
	if (has_key(p, k.key))
		return mlcap_cfgdoc__diag(c, MLCAP_ERROR, key_node,
					  "list each key once",
					  "key '%s' is required twice", k.key);
	if (sev && strcmp(sev, "warning") == 0)
		k.severity = MLCAP_WARNING;
	else if (sev && strcmp(sev, "error") == 0)
		k.severity = MLCAP_ERROR;
	else if (sev && (rc = mlcap_cfgdoc__diag(c, MLCAP_ERROR,
						 mlcap_node__get(n, "severity"),
						 "write warning or error",
						 "severity '%s' of '%s' is not "
						 "warning or error",
						 sev, k.key)) < 0)
		return rc;
	for (i = 0; i < k.n_values; i++)
		if (!mlcap_label_value_valid(k.values[i], &why) &&
		    (rc = bad_label(c, mlcap_node__get(n, "values"),
				    "allowed value", k.values[i], why)) < 0)
			return rc;
	if (MLCAP_GROW(p->keys, p->alloc, p->n_keys + 1) < 0 ||
	    MLCAP_GROW(p->regex, p->regex_alloc, p->n_keys + 1) < 0)
		return MLCAP_ENOMEM;
	if ((rc = compile_pattern(p, c, mlcap_node__get(n, "pattern"), &k)) < 0)
		return rc;
	p->keys[p->n_keys++] = k;
	return 0;
}

static int aliases(mlcap_policy *p, mlcap_cfgdoc *c, const mlcap_node *map)
{
	uint32_t i, j;
	const char *why;
	bool ok;
	int rc;

	if (!map || map->type == MLCAP_NODE_NULL)
		return 0;
	if ((rc = mlcap_cfgdoc__is_map(c, map, "aliases", &ok)) < 0 || !ok)
		return rc;
	p->groups =
	    mlcap_arena_calloc(&p->arena, map->len * sizeof(*p->groups));
	if (!p->groups)
		return MLCAP_ENOMEM;
	for (i = 0; i < map->len; i++) {
		const mlcap_node *kn = MLCAP_NODE_KEY(map, i);
		struct alias_group *g = &p->groups[p->n_groups];
		const char **names, *key;
		uint32_t n;
		if ((rc = mlcap_cfgdoc__str(c, kn, "an alias key", &key)) < 0 ||
		    (rc = mlcap_cfgdoc__strs(c, MLCAP_NODE_VAL(map, i),
					     "aliases", &names, &n)) < 0)
			return rc;
		if (!key)
			continue;
		g->names =
		    mlcap_arena_alloc(&p->arena, (n + 1) * sizeof(*g->names));
		if (!g->names)
			return MLCAP_ENOMEM;
		g->names[g->n++] = key;
		for (j = 0; j < n; j++)
			g->names[g->n++] = names[j];
		for (j = 0; j < g->n; j++)
			if (!mlcap_label_key_valid(g->names[j], &why) &&
			    (rc = bad_label(c, j ? MLCAP_NODE_VAL(map, i) : kn,
					    "alias", g->names[j], why)) < 0)
				return rc;
		p->n_groups++;
	}
	return 0;
}

static int sources(mlcap_policy *p, mlcap_cfgdoc *c, const mlcap_node *n)
{
	const char **list;
	uint32_t i, count;
	int rc;

	if (!n || n->type == MLCAP_NODE_NULL)
		return 0;
	if ((rc = mlcap_cfgdoc__strs(c, n, "labelsFrom", &list, &count)) < 0)
		return rc;
	p->sources &= MLCAP_LABELS_FROM_NAMESPACE;
	for (i = 0; i < count; i++) {
		if (strcmp(list[i], "metadata") == 0)
			p->sources |= MLCAP_LABELS_FROM_METADATA;
		else if (strcmp(list[i], "podTemplate") == 0)
			p->sources |= MLCAP_LABELS_FROM_TEMPLATE;
		else if ((rc = mlcap_cfgdoc__diag(
			      c, MLCAP_ERROR, n,
			      "write metadata and/or podTemplate (Namespace "
			      "labels are inheritFromNamespace)",
			      "labelsFrom '%s' is not metadata or podTemplate",
			      list[i])) < 0)
			return rc;
	}
	return 0;
}

static int policy_doc(void *ctx, const mlcap_node *root, const char *file,
		      mlcap_diags *d)
{
	mlcap_policy *p = ctx;
	mlcap_cfgdoc c;
	const mlcap_node *req;
	bool inherit, ok;
	uint32_t i;
	int rc;

	c.arena = &p->arena;
	c.d = d;
	c.rule = "policy";
	if (!(c.file = mlcap_arena_strdup(&p->arena, file)))
		return MLCAP_ENOMEM;
	if (p->seen)
		return mlcap_cfgdoc__diag(&c, MLCAP_WARNING, root,
					  "keep one policy per file",
					  "a second policy document is "
					  "ignored");
	p->seen = true;
	p->file = c.file;
	if ((rc = mlcap_cfgdoc__is_map(&c, root, "a label policy", &ok)) < 0 ||
	    !ok)
		return rc;
	if ((rc = mlcap_cfgdoc__keys(&c, root, "the label policy", top_keys)) <
		0 ||
	    (rc = mlcap_cfgdoc__bool(
		 &c, mlcap_node__get(root, "inheritFromNamespace"),
		 "inheritFromNamespace", true, &inherit)) < 0 ||
	    (rc = sources(p, &c, mlcap_node__get(root, "labelsFrom"))) < 0 ||
	    (rc = aliases(p, &c, mlcap_node__get(root, "aliases"))) < 0 ||
	    (rc = mlcap_cfgdoc__strs(
		 &c, mlcap_node__get(root, "excludeNamespaces"),
		 "excludeNamespaces", &p->excluded, &p->n_excluded)) < 0)
		return rc;
	if (!inherit)
		p->sources &= ~MLCAP_LABELS_FROM_NAMESPACE;
	req = mlcap_node__get(root, "required");
	if (req && req->type != MLCAP_NODE_SEQ)
		return mlcap_cfgdoc__diag(&c, MLCAP_ERROR, req ? req : root,
					  "write a list: required: [{key: "
					  "team}, {key: env}]",
					  "required must be a list of keys");
	for (i = 0; req && i < req->len; i++)
		if ((rc = rule(p, &c, &req->u.items[i])) < 0)
			return rc;
	if (!req || !req->len)
		return mlcap_cfgdoc__diag(&c, MLCAP_WARNING, req ? req : root,
					  "add required: [{key: team}, ...]",
					  "the policy requires no label");
	return 0;
}

/* Gives each key its names: the key, then every name of an alias group
 * that shares a name with it, transitively. */
static int finish(mlcap_policy *p)
{
	size_t i, g, j, k, total = 0;

	for (g = 0; g < p->n_groups; g++)
		total += p->groups[g].n;
	for (i = 0; i < p->n_keys; i++) {
		mlcap_policy_key *key = &p->keys[i];
		const char **names =
		    mlcap_arena_alloc(&p->arena, (total + 1) * sizeof(*names));
		uint32_t n = 0;
		bool grew = true;
		if (!names)
			return MLCAP_ENOMEM;
		names[n++] = key->key;
		while (grew) {
			grew = false;
			for (g = 0; g < p->n_groups; g++) {
				const struct alias_group *ag = &p->groups[g];
				bool linked = false, known;
				for (j = 0; j < ag->n && !linked; j++)
					for (k = 0; k < n && !linked; k++)
						linked = !strcmp(ag->names[j],
								 names[k]);
				for (j = 0; linked && j < ag->n; j++) {
					for (k = 0, known = false; k < n; k++)
						known = known ||
							!strcmp(ag->names[j],
								names[k]);
					if (!known) {
						names[n++] = ag->names[j];
						grew = true;
					}
				}
			}
		}
		key->names = names;
		key->n_names = n;
	}
	return 0;
}

/* Reads `path` (or `buf` named `path`) into a new policy. */
static int load(mlcap_policy **out, const char *path, const char *buf,
		size_t len, mlcap_diags *d)
{
	mlcap_policy *p = mlcap_mem__calloc(1, sizeof(*p));
	int rc;

	*out = p;
	if (!p)
		return MLCAP_ENOMEM;
	mlcap_arena_init(&p->arena);
	p->sources = MLCAP_LABELS_FROM_METADATA | MLCAP_LABELS_FROM_TEMPLATE |
		     MLCAP_LABELS_FROM_NAMESPACE;
	if ((rc = mlcap_load__documents(path, buf, len, policy_doc, p, d)) < 0)
		return rc;
	if (!p->seen) {
		mlcap_loc l = {path, 0, 0};
		if ((rc = mlcap_diag_add(d, MLCAP_ERROR, "policy", &l,
					 "write required: [{key: team}, ...]",
					 "no label policy in '%s'", path)) < 0)
			return rc;
	}
	return finish(p);
}

int mlcap_policy_parse(mlcap_policy **out, const char *name, const char *buf,
		       size_t len, mlcap_diags *d)
{
	return load(out, name, buf, len, d);
}

int mlcap_policy_load(mlcap_policy **out, const char *path, mlcap_diags *d)
{
	return load(out, path, NULL, 0, d);
}

const mlcap_policy_key *mlcap_policy_keys(const mlcap_policy *p, size_t *n)
{
	*n = p->n_keys;
	return p->keys;
}

const char *mlcap_policy_file(const mlcap_policy *p)
{
	return p->file;
}

unsigned mlcap_policy_sources(const mlcap_policy *p)
{
	return p->sources;
}

const char *const *mlcap_policy_excluded(const mlcap_policy *p, size_t *n)
{
	*n = p->n_excluded;
	return p->excluded;
}

bool mlcap_policy__match(const mlcap_policy *p, size_t key, const char *value)
{
	return !p->regex[key] || regexec(p->regex[key], value, 0, NULL, 0) == 0;
}

void mlcap_policy_free(mlcap_policy *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->n_keys; i++)
		if (p->regex[i]) {
			regfree(p->regex[i]);
			mlcap_mem__free(p->regex[i]);
		}
	mlcap_mem__free(p->keys);
	mlcap_mem__free(p->regex);
	mlcap_arena_release(&p->arena);
	mlcap_mem__free(p);
}
