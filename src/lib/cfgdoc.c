/*
 * cfgdoc.c - helpers for the configuration documents mlcap reads besides
 * manifests (label policy, budgets): typed reads from a document tree
 * with a diagnostic for every value of the wrong shape (see cfgdoc.h).
 */
#include <string.h>
#include "cfgdoc.h"
#include "banned.h"

mlcap_loc mlcap_cfgdoc__loc(const mlcap_cfgdoc *c, const mlcap_node *n)
{
	mlcap_loc l;
	l.file = c->file;
	l.line = n ? n->line : 0;
	l.col = n ? n->col : 0;
	return l;
}

int mlcap_cfgdoc__diag(mlcap_cfgdoc *c, mlcap_severity sev, const mlcap_node *n,
		       const char *hint, const char *fmt, ...)
{
	mlcap_loc l = mlcap_cfgdoc__loc(c, n);
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = mlcap_diag__addv(c->d, sev, c->rule, &l, hint, fmt, ap);
	va_end(ap);
	return rc;
}

int mlcap_cfgdoc__keys(mlcap_cfgdoc *c, const mlcap_node *map, const char *what,
		       const char *const *known)
{
	char hint[256];
	uint32_t i;
	int rc;

	if (!map || map->type != MLCAP_NODE_MAP)
		return 0;
	for (i = 0; i < map->len; i++) {
		const char *k = mlcap_node__str(MLCAP_NODE_KEY(map, i));
		const char *const *p;
		size_t used = 0;
		for (p = known; k && *p && strcmp(*p, k) != 0; p++)
			;
		if (k && *p)
			continue;
		hint[0] = '\0';
		for (p = known; *p && used + 1 < sizeof(hint); p++) {
			int w =
			    snprintf(hint + used, sizeof(hint) - used, "%s%s",
				     used ? ", " : "known keys: ", *p);
			if (w < 0)
				break;
			used += (size_t)w;
		}
		if ((rc = mlcap_cfgdoc__diag(
			 c, MLCAP_ERROR, MLCAP_NODE_KEY(map, i), hint,
			 "unknown key '%s' in %s", k ? k : "?", what)) < 0)
			return rc;
	}
	return 0;
}

int mlcap_cfgdoc__is_map(mlcap_cfgdoc *c, const mlcap_node *n, const char *what,
			 bool *ok)
{
	*ok = n && n->type == MLCAP_NODE_MAP;
	if (*ok)
		return 0;
	return mlcap_cfgdoc__diag(c, MLCAP_ERROR, n, "write key: value pairs",
				  "%s must be a map, not %s", what,
				  mlcap_node__type_name(n));
}

int mlcap_cfgdoc__str(mlcap_cfgdoc *c, const mlcap_node *n, const char *what,
		      const char **out)
{
	*out = NULL;
	if (!n || n->type == MLCAP_NODE_NULL)
		return 0;
	if (n->type != MLCAP_NODE_SCALAR)
		return mlcap_cfgdoc__diag(c, MLCAP_ERROR, n, NULL,
					  "%s must be a string, not %s", what,
					  mlcap_node__type_name(n));
	*out = mlcap_arena_strndup(c->arena, n->u.s, n->len);
	return *out ? 0 : MLCAP_ENOMEM;
}

int mlcap_cfgdoc__strs(mlcap_cfgdoc *c, const mlcap_node *n, const char *what,
		       const char ***out, uint32_t *n_out)
{
	const mlcap_node *items = n;
	uint32_t i, count;
	const char **arr;
	int rc;

	*out = NULL;
	*n_out = 0;
	if (!n || n->type == MLCAP_NODE_NULL)
		return 0;
	if (n->type == MLCAP_NODE_MAP)
		return mlcap_cfgdoc__diag(c, MLCAP_ERROR, n,
					  "write a list such as [a, b]",
					  "%s must be a list of strings, not "
					  "a map",
					  what);
	count = n->type == MLCAP_NODE_SEQ ? n->len : 1;
	if (n->type == MLCAP_NODE_SEQ)
		items = n->u.items;
	arr = mlcap_arena_alloc(c->arena, (count ? count : 1) * sizeof(*arr));
	if (!arr)
		return MLCAP_ENOMEM;
	for (i = 0; i < count; i++) {
		const char *s;
		if ((rc = mlcap_cfgdoc__str(c, &items[i], what, &s)) < 0)
			return rc;
		if (s)
			arr[(*n_out)++] = s;
	}
	*out = arr;
	return 0;
}

int mlcap_cfgdoc__bool(mlcap_cfgdoc *c, const mlcap_node *n, const char *what,
		       bool dflt, bool *out)
{
	*out = dflt;
	if (!n || n->type == MLCAP_NODE_NULL || mlcap_node__bool(n, out))
		return 0;
	return mlcap_cfgdoc__diag(
	    c, MLCAP_ERROR, n, "write true or false without quotes",
	    "%s must be a boolean, not %s", what,
	    mlcap_node__str(n) ? mlcap_node__str(n) : mlcap_node__type_name(n));
}
