/*
 * node.c - lookups on the per-document tree, including YAML merge keys,
 * and YAML 1.1 scalar typing as Kubernetes' YAML decoder applies it.
 */
#include <string.h>
#include "node.h"
#include "banned.h"

static const mlcap_node *get_depth(const mlcap_node *map, const char *key,
				   size_t klen, int depth)
{
	const mlcap_node *found = NULL;
	uint32_t i;

	if (!map || map->type != MLCAP_NODE_MAP || depth > 8)
		return NULL;
	for (i = 0; i < map->len; i++) {
		const mlcap_node *k = MLCAP_NODE_KEY(map, i);
		if (k->type == MLCAP_NODE_SCALAR && k->len == klen &&
		    memcmp(k->u.s, key, klen) == 0)
			found = MLCAP_NODE_VAL(map, i);
	}
	if (found)
		return found;
	/* Merge keys: explicit keys win, then the merged maps in order. */
	for (i = 0; i < map->len; i++) {
		const mlcap_node *k = MLCAP_NODE_KEY(map, i);
		const mlcap_node *v = MLCAP_NODE_VAL(map, i);
		if (k->type != MLCAP_NODE_SCALAR || k->quoted || k->len != 2 ||
		    memcmp(k->u.s, "<<", 2) != 0)
			continue;
		if (v->type == MLCAP_NODE_MAP)
			return get_depth(v, key, klen, depth + 1);
		if (v->type == MLCAP_NODE_SEQ) {
			uint32_t j;
			for (j = 0; j < v->len; j++) {
				found = get_depth(&v->u.items[j], key, klen,
						  depth + 1);
				if (found)
					return found;
			}
		}
	}
	return NULL;
}

const mlcap_node *mlcap_node__get(const mlcap_node *map, const char *key)
{
	return get_depth(map, key, strlen(key), 0);
}

const char *mlcap_node__str(const mlcap_node *n)
{
	return n && n->type == MLCAP_NODE_SCALAR ? n->u.s : NULL;
}

static bool in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

static bool is_number(const char *s)
{
	size_t i = 0, digits = 0;

	if (s[i] == '+' || s[i] == '-')
		i++;
	if (s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'b'))
		return s[i + 2] != '\0' &&
		       strspn(s + i + 2, "0123456789abcdefABCDEF_") ==
			   strlen(s + i + 2);
	for (; s[i]; i++) {
		if ((s[i] >= '0' && s[i] <= '9'))
			digits++;
		else if (s[i] != '_' && s[i] != '.')
			break;
	}
	if (!digits)
		return false;
	if (s[i] == 'e' || s[i] == 'E') {
		i++;
		if (s[i] == '+' || s[i] == '-')
			i++;
		if (!s[i])
			return false;
		while (s[i] >= '0' && s[i] <= '9')
			i++;
	}
	return s[i] == '\0';
}

bool mlcap_node__plain_nonstring(const mlcap_node *n)
{
	static const char *const words[] = {
	    "y",     "Y",     "yes",  "Yes",  "YES",   "n",	"N",
	    "no",    "No",    "NO",   "true", "True",  "TRUE",	"false",
	    "False", "FALSE", "on",   "On",   "ON",    "off",	"Off",
	    "OFF",   ".inf",  ".Inf", ".INF", "-.inf", "-.Inf", "-.INF",
	    "+.inf", ".nan",  ".NaN", ".NAN", NULL};

	if (!n || n->type == MLCAP_NODE_NULL)
		return n != NULL;
	if (n->type != MLCAP_NODE_SCALAR || n->quoted)
		return false;
	/* Only these first characters start a YAML 1.1 non-string. */
	switch (n->u.s[0]) {
	case 'y':
	case 'Y':
	case 'n':
	case 'N':
	case 't':
	case 'T':
	case 'f':
	case 'F':
	case 'o':
	case 'O':
	case '.':
	case '+':
	case '-':
	case '0':
	case '1':
	case '2':
	case '3':
	case '4':
	case '5':
	case '6':
	case '7':
	case '8':
	case '9': break;
	default: return false;
	}
	return (n->len <= 5 && in_list(n->u.s, words)) || is_number(n->u.s);
}

bool mlcap_node__bool(const mlcap_node *n, bool *out)
{
	static const char *const yes[] = {"true", "True", "TRUE", "yes", "on"};
	static const char *const no[] = {"false", "False", "FALSE", "no",
					 "off"};
	size_t i;

	if (!n || n->type != MLCAP_NODE_SCALAR || n->quoted)
		return false;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcmp(n->u.s, yes[i]) == 0) {
			*out = true;
			return true;
		}
		if (strcmp(n->u.s, no[i]) == 0) {
			*out = false;
			return true;
		}
	}
	return false;
}

const char *mlcap_node__type_name(const mlcap_node *n)
{
	if (!n)
		return "missing";
	switch (n->type) {
	case MLCAP_NODE_NULL: return "null";
	case MLCAP_NODE_SCALAR: return n->quoted ? "a string" : "a scalar";
	case MLCAP_NODE_MAP: return "a map";
	case MLCAP_NODE_SEQ: return "a list";
	}
	return "unknown";
}
