/*
 * pack.c - bin-packing of pod groups onto node types (see pack.h):
 * first-fit decreasing as the baseline, then an improvement phase that
 * gives each node the cheapest type holding its pods and empties nodes
 * into the others while that lowers the cost. Placements are kept as
 * (node, group, pods) records, so work follows groups and nodes, not pods.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "banned.h"

/* `pods` pods of `group` on `node`. */
typedef struct {
	uint32_t node, group;
	int64_t pods;
} record;

typedef struct {
	const mlcap_pack_problem *p;
	mlcap_pack_node *nodes;
	size_t n_nodes, a_nodes;
	record *recs;
	size_t n_recs, a_recs;
	int64_t *per_type; /* nodes open per type, for max_nodes */
	bool *fits;	   /* [group * n_types + type]: allowed, holds one */
} packer;

static int64_t per_node_cap(const mlcap_pack_group *g)
{
	return g->max_per_node > 0 ? g->max_per_node : INT64_MAX;
}

/* How many pods of `g` fit in `room`, at most `limit`. */
static int64_t how_many(const mlcap_pack_problem *p, const mlcap_pack_group *g,
			const int64_t *room, int64_t limit)
{
	int64_t k = limit;
	size_t d;

	for (d = 0; d < p->n_dims && k > 0; d++) {
		int64_t fit;
		if (g->req[d] <= 0)
			continue;
		fit = room[d] > 0 ? room[d] / g->req[d] : 0;
		if (fit < k)
			k = fit;
	}
	return k;
}

static void room_of(const packer *k, const mlcap_pack_node *n, int64_t *room)
{
	size_t d;
	for (d = 0; d < k->p->n_dims; d++)
		room[d] = k->p->types[n->type].cap[d] - n->used[d];
}

static void use(packer *k, uint32_t node, uint32_t group, int64_t pods)
{
	mlcap_pack_node *n = &k->nodes[node];
	size_t d;
	for (d = 0; d < k->p->n_dims; d++)
		n->used[d] += k->p->groups[group].req[d] * pods;
	n->pods = (uint32_t)((int64_t)n->pods + pods);
}

static int add_record(packer *k, uint32_t node, uint32_t group, int64_t pods)
{
	use(k, node, group, pods);
	if (k->n_recs && k->recs[k->n_recs - 1].node == node &&
	    k->recs[k->n_recs - 1].group == group) {
		k->recs[k->n_recs - 1].pods += pods;
		return 0;
	}
	if (MLCAP_GROW(k->recs, k->a_recs, k->n_recs + 1) < 0)
		return MLCAP_ENOMEM;
	k->recs[k->n_recs].node = node;
	k->recs[k->n_recs].group = group;
	k->recs[k->n_recs++].pods = pods;
	return 0;
}

/*
 * The type for a new node serving `remaining` pods of group `g`: the
 * lowest price per pod it holds, then the lower price, then the lower
 * index. -1 when no allowed type may open another node. Prices (< 1e12
 * nanos) times pods (< 1e6) stay well inside int64.
 */
static long pick_type(const packer *k, uint32_t g, int64_t remaining)
{
	const mlcap_pack_problem *p = k->p;
	const mlcap_pack_group *gr = &p->groups[g];
	long best = -1;
	int64_t best_pods = 0;
	size_t t;

	for (t = 0; t < p->n_types; t++) {
		const mlcap_pack_type *ty = &p->types[t];
		int64_t pods, lhs, rhs;
		if (!k->fits[g * p->n_types + t] ||
		    (ty->max_nodes >= 0 && k->per_type[t] >= ty->max_nodes))
			continue;
		pods = how_many(p, gr, ty->cap, per_node_cap(gr));
		if (pods > remaining)
			pods = remaining;
		if (pods <= 0)
			continue;
		if (best >= 0) {
			lhs = ty->usd_nanos * best_pods;
			rhs = p->types[best].usd_nanos * pods;
			if (lhs > rhs ||
			    (lhs == rhs &&
			     ty->usd_nanos >= p->types[best].usd_nanos))
				continue;
		}
		best = (long)t;
		best_pods = pods;
	}
	return best;
}

static int open_node(packer *k, uint32_t type, uint32_t *out)
{
	mlcap_pack_node *n;

	if (MLCAP_GROW(k->nodes, k->a_nodes, k->n_nodes + 1) < 0)
		return MLCAP_ENOMEM;
	n = &k->nodes[k->n_nodes];
	memset(n, 0, sizeof(*n));
	n->type = type;
	k->per_type[type]++;
	*out = (uint32_t)k->n_nodes++;
	return 0;
}

/* ---- first-fit decreasing ---- */

typedef struct {
	double size;
	uint32_t group;
} order_key;

static int cmp_order(const void *a, const void *b)
{
	const order_key *x = a, *y = b;
	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	return x->group < y->group ? -1 : (x->group > y->group);
}

/*
 * Places every pod of group `g` (FFD step): first into open nodes in
 * order, as many at a time as fit (identical pods: a node that cannot take
 * one now never will during this group, so the scan only moves forward),
 * then into new nodes. Pods that no type holds are counted unplaced.
 */
static int place_group(packer *k, uint32_t g, int64_t *unplaced)
{
	const mlcap_pack_problem *p = k->p;
	const mlcap_pack_group *gr = &p->groups[g];
	int64_t left = gr->count, room[MLCAP_PACK_MAX_DIMS];
	size_t i;
	int rc;

	for (i = 0; i < k->n_nodes && left > 0; i++) {
		int64_t n;
		if (!k->fits[g * p->n_types + k->nodes[i].type])
			continue;
		room_of(k, &k->nodes[i], room);
		n = how_many(p, gr, room, per_node_cap(gr));
		if (n > left)
			n = left;
		if (n > 0) {
			if ((rc = add_record(k, (uint32_t)i, g, n)) < 0)
				return rc;
			left -= n;
		}
	}
	while (left > 0) {
		long t = pick_type(k, g, left);
		uint32_t node;
		int64_t n;
		if (t < 0) {
			*unplaced = left;
			return 0;
		}
		if ((rc = open_node(k, (uint32_t)t, &node)) < 0)
			return rc;
		n = how_many(p, gr, p->types[t].cap, per_node_cap(gr));
		if (n > left)
			n = left;
		if ((rc = add_record(k, node, g, n)) < 0)
			return rc;
		left -= n;
	}
	return 0;
}

/*
 * How FFD measures a pod's size, as shares of the biggest capacity any
 * type has per dimension: the largest share (the classic), their sum, or
 * accelerator shares first. When the capacity is fixed (a cluster's
 * nodes) and not everything fits, the orders place different pods; the
 * improvement phase keeps the best.
 */
typedef enum {
	SIZE_MAX_SHARE,
	SIZE_SUM,
	SIZE_ACCEL_FIRST,
	SIZE_MODES
} size_mode;

static order_key *order_groups(const mlcap_pack_problem *p, size_mode mode)
{
	order_key *order = mlcap_mem__alloc(p->n_groups * sizeof(*order) + 1);
	double ref[MLCAP_PACK_MAX_DIMS];
	size_t g, t, d;

	if (!order)
		return NULL;
	for (d = 0; d < p->n_dims; d++) {
		ref[d] = 1;
		for (t = 0; t < p->n_types; t++)
			if ((double)p->types[t].cap[d] > ref[d])
				ref[d] = (double)p->types[t].cap[d];
	}
	for (g = 0; g < p->n_groups; g++) {
		double max = 0, sum = 0, accel = 0;
		for (d = 0; d < p->n_dims; d++) {
			double share = (double)p->groups[g].req[d] / ref[d];
			sum += share;
			if (share > max)
				max = share;
			if (d >= 3 &&
			    share > accel) /* past cpu, memory, pods */
				accel = share;
		}
		order[g].group = (uint32_t)g;
		order[g].size = mode == SIZE_SUM	   ? sum
				: mode == SIZE_ACCEL_FIRST ? accel * 1e3 + max
							   : max;
	}
	qsort(order, p->n_groups, sizeof(*order), cmp_order);
	return order;
}

static int ffd(packer *k, int64_t *unplaced, size_mode mode)
{
	order_key *order = order_groups(k->p, mode);
	size_t g;
	int rc = 0;

	if (!order)
		return MLCAP_ENOMEM;
	for (g = 0; g < k->p->n_groups && rc == 0; g++)
		rc = place_group(k, order[g].group, &unplaced[order[g].group]);
	mlcap_mem__free(order);
	return rc;
}

/* ---- improvement ---- */

/* Records of each node: recs_of[start[n] .. start[n + 1]). */
typedef struct {
	size_t *start;
	size_t *idx;
} node_index;

static int index_nodes(const packer *k, node_index *ix)
{
	size_t i, *fill;

	ix->start = mlcap_mem__calloc(k->n_nodes + 1, sizeof(size_t));
	ix->idx = mlcap_mem__alloc((k->n_recs + 1) * sizeof(size_t));
	fill = mlcap_mem__calloc(k->n_nodes + 1, sizeof(size_t));
	if (!ix->start || !ix->idx || !fill) {
		mlcap_mem__free(fill);
		return MLCAP_ENOMEM;
	}
	for (i = 0; i < k->n_recs; i++)
		if (k->recs[i].pods > 0)
			ix->start[k->recs[i].node + 1]++;
	for (i = 0; i < k->n_nodes; i++)
		ix->start[i + 1] += ix->start[i];
	for (i = 0; i < k->n_recs; i++)
		if (k->recs[i].pods > 0) {
			uint32_t n = k->recs[i].node;
			ix->idx[ix->start[n] + fill[n]++] = i;
		}
	mlcap_mem__free(fill);
	return 0;
}

static void free_index(node_index *ix)
{
	mlcap_mem__free(ix->start);
	mlcap_mem__free(ix->idx);
}

/* True when type `t` may hold everything node `n` holds. */
static bool type_holds(const packer *k, const node_index *ix, size_t n,
		       size_t t)
{
	const mlcap_pack_problem *p = k->p;
	size_t i, d;

	for (d = 0; d < p->n_dims; d++)
		if (k->nodes[n].used[d] > p->types[t].cap[d])
			return false;
	for (i = ix->start[n]; i < ix->start[n + 1]; i++)
		if (!k->fits[k->recs[ix->idx[i]].group * p->n_types + t])
			return false;
	return true;
}

/* Gives each node the cheapest type that holds its pods. */
static int downsize(packer *k, bool *changed)
{
	const mlcap_pack_problem *p = k->p;
	node_index ix;
	size_t n, t;
	int rc;

	if ((rc = index_nodes(k, &ix)) < 0) {
		free_index(&ix);
		return rc;
	}
	for (n = 0; n < k->n_nodes; n++) {
		uint32_t cur = k->nodes[n].type, best = cur;
		for (t = 0; t < p->n_types; t++) {
			const mlcap_pack_type *ty = &p->types[t];
			if (ty->usd_nanos >= p->types[best].usd_nanos ||
			    (ty->max_nodes >= 0 &&
			     k->per_type[t] >= ty->max_nodes) ||
			    !type_holds(k, &ix, n, t))
				continue;
			best = (uint32_t)t;
		}
		if (best != cur) {
			k->per_type[cur]--;
			k->per_type[best]++;
			k->nodes[n].type = best;
			*changed = true;
		}
	}
	free_index(&ix);
	return 0;
}

/* Pods of `group` already on node `n` (for per-node limits). */
static int64_t pods_of(const packer *k, const node_index *ix, size_t n,
		       uint32_t group)
{
	int64_t c = 0;
	size_t i;
	for (i = ix->start[n]; i < ix->start[n + 1]; i++)
		if (k->recs[ix->idx[i]].group == group)
			c += k->recs[ix->idx[i]].pods;
	return c;
}

/* Pods per group on one node (a node holds few groups). */
typedef struct {
	uint32_t group;
	int64_t pods;
} group_pods;

/*
 * Distributes `pods` pods of `group` over the nodes other than `victim`,
 * in node order, within room (`used` is D values per node) and the
 * group's per-node limit. With `apply`, records are written; otherwise
 * only `used` changes. Returns the pods that did not fit, or < 0.
 */
static int64_t spread(packer *k, const node_index *ix, size_t victim,
		      uint32_t group, int64_t pods, int64_t *used, bool apply,
		      const bool *touched, bool *got)
{
	const mlcap_pack_problem *p = k->p;
	const mlcap_pack_group *g = &p->groups[group];
	size_t D = p->n_dims, n, d;
	int rc;

	for (n = 0; n < k->n_nodes && pods > 0; n++) {
		int64_t room[MLCAP_PACK_MAX_DIMS], fit;
		const int64_t *u = apply ? k->nodes[n].used : &used[n * D];
		if (n == victim || k->nodes[n].pods == 0 ||
		    !k->fits[group * p->n_types + k->nodes[n].type])
			continue;
		/* Its counts in `ix` are stale once it took pods this pass. */
		if (g->max_per_node > 0 && touched[n])
			continue;
		for (d = 0; d < D; d++)
			room[d] = p->types[k->nodes[n].type].cap[d] - u[d];
		fit = how_many(p, g, room,
			       g->max_per_node > 0
				   ? g->max_per_node - pods_of(k, ix, n, group)
				   : INT64_MAX);
		if (fit > pods)
			fit = pods;
		if (fit <= 0)
			continue;
		if (apply) {
			if ((rc = add_record(k, (uint32_t)n, group, fit)) < 0)
				return rc;
			got[n] = true;
		} else {
			for (d = 0; d < D; d++)
				used[n * D + d] += g->req[d] * fit;
		}
		pods -= fit;
	}
	return pods;
}

/*
 * Tries to move every pod of node `victim` into the other nodes. The
 * moves are planned on a copy of the usage first and applied only if the
 * node empties completely; otherwise nothing changes. The node's records
 * are merged by group, so a group's per-node limit is checked once per
 * node. `scratch` holds D values per node.
 */
static int empty_node(packer *k, const node_index *ix, size_t victim,
		      int64_t *scratch, bool *touched, bool *done)
{
	const mlcap_pack_problem *p = k->p;
	size_t D = p->n_dims, i, j, n, ng = 0;
	group_pods *gp;
	bool *got; /* nodes that took pods of this victim */
	int64_t left;
	int rc = 0;

	*done = false;
	gp = mlcap_mem__alloc((ix->start[victim + 1] - ix->start[victim] + 1) *
			      sizeof(*gp));
	got = mlcap_mem__calloc(k->n_nodes + 1, sizeof(bool));
	if (!gp || !got) {
		mlcap_mem__free(gp);
		mlcap_mem__free(got);
		return MLCAP_ENOMEM;
	}
	for (i = ix->start[victim]; i < ix->start[victim + 1]; i++) {
		const record *r = &k->recs[ix->idx[i]];
		for (j = 0; j < ng && gp[j].group != r->group; j++)
			;
		if (j == ng) {
			gp[ng].group = r->group;
			gp[ng++].pods = 0;
		}
		gp[j].pods += r->pods;
	}
	for (n = 0; n < k->n_nodes; n++)
		memcpy(&scratch[n * D], k->nodes[n].used, D * sizeof(int64_t));
	for (j = 0; j < ng; j++)
		if (spread(k, ix, victim, gp[j].group, gp[j].pods, scratch,
			   false, touched, NULL) > 0)
			goto done; /* does not empty: change nothing */
	for (i = ix->start[victim]; i < ix->start[victim + 1]; i++)
		k->recs[ix->idx[i]].pods = 0;
	/*
	 * The plan fitted everything under the same `touched` the moves see:
	 * receivers are marked only after the whole node has moved.
	 */
	for (j = 0; j < ng; j++) {
		left = spread(k, ix, victim, gp[j].group, gp[j].pods, NULL,
			      true, touched, got);
		if (left != 0) {
			rc = left < 0 ? (int)left : MLCAP_EINTERNAL;
			goto done;
		}
	}
	for (n = 0; n < k->n_nodes; n++)
		if (got[n])
			touched[n] = true;
	memset(k->nodes[victim].used, 0, sizeof(k->nodes[victim].used));
	k->nodes[victim].pods = 0;
	k->per_type[k->nodes[victim].type]--;
	*done = true;
done:
	mlcap_mem__free(gp);
	mlcap_mem__free(got);
	return rc;
}

typedef struct {
	double util;
	uint32_t node;
} util_key;

static int cmp_util(const void *a, const void *b)
{
	const util_key *x = a, *y = b;
	if (x->util != y->util)
		return x->util < y->util ? -1 : 1;
	return x->node > y->node ? -1 : (x->node < y->node);
}

/*
 * How many of the least used nodes each improvement pass tries as
 * victims (emptying) and as pairs (merging): enough to find the
 * stragglers FFD leaves, bounded so that a pass stays near-linear in the
 * number of nodes (150,000 pods, tens of thousands of nodes).
 */
#define EMPTY_TRIES 512
#define MERGE_TRIES 128

/* Node indices ordered by their fullest dimension, emptiest first. */
static util_key *least_used(const packer *k)
{
	const mlcap_pack_problem *p = k->p;
	util_key *order = mlcap_mem__alloc((k->n_nodes + 1) * sizeof(*order));
	size_t n, d;

	if (!order)
		return NULL;
	for (n = 0; n < k->n_nodes; n++) {
		const mlcap_pack_type *t = &p->types[k->nodes[n].type];
		double u = 0;
		for (d = 0; d < p->n_dims; d++)
			if (t->cap[d] > 0 &&
			    (double)k->nodes[n].used[d] / (double)t->cap[d] > u)
				u = (double)k->nodes[n].used[d] /
				    (double)t->cap[d];
		order[n].util = u;
		order[n].node = (uint32_t)n;
	}
	qsort(order, k->n_nodes, sizeof(*order), cmp_util);
	return order;
}

/*
 * Empties the least used nodes into the others. The node index is built
 * once per pass; a node that took pods in this pass is neither a victim
 * nor, for groups with a per-node limit, a receiver again until the next
 * pass (its index entry is stale).
 */
static int consolidate(packer *k, bool *changed)
{
	const mlcap_pack_problem *p = k->p;
	util_key *order = least_used(k);
	int64_t *scratch = NULL;
	bool *touched = NULL;
	node_index ix = {NULL, NULL};
	size_t i, tries = 0;
	int rc = 0;

	scratch = mlcap_mem__alloc(
	    (k->n_nodes + 1) * p->n_dims * sizeof(int64_t) + 1);
	touched = mlcap_mem__calloc(k->n_nodes + 1, sizeof(bool));
	if (!order || !scratch || !touched || (rc = index_nodes(k, &ix)) < 0) {
		rc = rc < 0 ? rc : MLCAP_ENOMEM;
		goto done;
	}
	for (i = 0; i < k->n_nodes && tries < EMPTY_TRIES && rc == 0; i++) {
		bool done = false;
		size_t v = order[i].node;
		/* Emptying a node that costs nothing saves nothing (and
		 * would move pods off a cluster's existing nodes). */
		if (k->nodes[v].pods == 0 || touched[v] ||
		    p->types[k->nodes[v].type].usd_nanos == 0)
			continue;
		tries++;
		rc = empty_node(k, &ix, v, scratch, touched, &done);
		if (done) {
			touched[v] = true;
			*changed = true;
		}
	}
done:
	free_index(&ix);
	mlcap_mem__free(order);
	mlcap_mem__free(scratch);
	mlcap_mem__free(touched);
	return rc;
}

/*
 * Replaces two nodes by one node of a type that holds both and costs
 * less than the pair (what FFD misses when it opened two small nodes for
 * what one larger type carries). Pairs among the MERGE_TRIES least used
 * nodes are tried, each node at most once per call; rounds repeat while
 * anything changes.
 */
static int merge_pairs(packer *k, bool *changed)
{
	const mlcap_pack_problem *p = k->p;
	node_index ix = {NULL, NULL};
	bool *touched = NULL; /* merged this call: its index entry is stale */
	util_key *order = NULL;
	size_t a, b, ai, bi, m, t, d, i;
	int rc;

	if ((rc = index_nodes(k, &ix)) < 0)
		goto done;
	if (!(touched = mlcap_mem__calloc(k->n_nodes + 1, sizeof(bool)))) {
		rc = MLCAP_ENOMEM;
		goto done;
	}
	if (!(order = least_used(k))) {
		rc = MLCAP_ENOMEM;
		goto done;
	}
	m = k->n_nodes < MERGE_TRIES ? k->n_nodes : MERGE_TRIES;
	for (ai = 0; ai < m; ai++) {
		int64_t pair_price;
		a = order[ai].node;
		if (k->nodes[a].pods == 0 || touched[a])
			continue;
		for (bi = ai + 1; bi < m; bi++) {
			long best = -1;
			b = order[bi].node;
			if (k->nodes[b].pods == 0 || touched[b])
				continue;
			pair_price = p->types[k->nodes[a].type].usd_nanos +
				     p->types[k->nodes[b].type].usd_nanos;
			for (t = 0; t < p->n_types; t++) {
				const mlcap_pack_type *ty = &p->types[t];
				bool ok =
				    ty->usd_nanos < pair_price &&
				    (best < 0 ||
				     ty->usd_nanos < p->types[best].usd_nanos);
				for (d = 0; ok && d < p->n_dims; d++)
					ok = k->nodes[a].used[d] +
						 k->nodes[b].used[d] <=
					     ty->cap[d];
				/* Both nodes' groups allowed; limits hold. */
				for (i = ix.start[a]; ok && i < ix.start[a + 1];
				     i++)
					ok = k->fits[k->recs[ix.idx[i]].group *
							 p->n_types +
						     t];
				for (i = ix.start[b]; ok && i < ix.start[b + 1];
				     i++) {
					const record *r = &k->recs[ix.idx[i]];
					int64_t lim =
					    per_node_cap(&p->groups[r->group]);
					ok = k->fits[r->group * p->n_types +
						     t] &&
					     pods_of(k, &ix, a, r->group) +
						     pods_of(k, &ix, b,
							     r->group) <=
						 lim;
				}
				/* A type at its limit may still take the
				 * place of one of the two nodes. */
				if (ok && ty->max_nodes >= 0 &&
				    k->per_type[t] >= ty->max_nodes &&
				    k->nodes[a].type != t &&
				    k->nodes[b].type != t)
					ok = false;
				if (ok)
					best = (long)t;
			}
			if (best < 0)
				continue;
			/* Move b's records onto a, then retype a. */
			for (i = ix.start[b]; i < ix.start[b + 1]; i++)
				k->recs[ix.idx[i]].node = (uint32_t)a;
			for (d = 0; d < p->n_dims; d++)
				k->nodes[a].used[d] += k->nodes[b].used[d];
			k->nodes[a].pods += k->nodes[b].pods;
			k->per_type[k->nodes[a].type]--;
			k->per_type[k->nodes[b].type]--;
			k->per_type[best]++;
			k->nodes[a].type = (uint32_t)best;
			memset(k->nodes[b].used, 0, sizeof(k->nodes[b].used));
			k->nodes[b].pods = 0;
			*changed = true;
			touched[a] = touched[b] = true;
			/* The index is stale for a and b now: next a. */
			break;
		}
	}
done:
	free_index(&ix);
	mlcap_mem__free(touched);
	mlcap_mem__free(order);
	return rc;
}

/* Drops empty nodes and records, renumbering what stays. */
static int compact(packer *k)
{
	uint32_t *renum = mlcap_mem__alloc((k->n_nodes + 1) * sizeof(*renum));
	size_t n, j = 0, i, r = 0;

	if (!renum)
		return MLCAP_ENOMEM;
	for (n = 0; n < k->n_nodes; n++) {
		if (k->nodes[n].pods == 0) {
			renum[n] = UINT32_MAX;
			continue;
		}
		renum[n] = (uint32_t)j;
		k->nodes[j++] = k->nodes[n];
	}
	k->n_nodes = j;
	for (i = 0; i < k->n_recs; i++)
		if (k->recs[i].pods > 0) {
			k->recs[r] = k->recs[i];
			k->recs[r++].node = renum[k->recs[i].node];
		}
	k->n_recs = r;
	mlcap_mem__free(renum);
	return 0;
}

/* ---- other FFD orders ---- */

/* Unplaced pods of groups some type could hold (not the ones that fit
 * nowhere, which no order changes). */
static int64_t total(const packer *k, const int64_t *v)
{
	const mlcap_pack_problem *p = k->p;
	int64_t sum = 0;
	size_t g, t;
	for (g = 0; g < p->n_groups; g++) {
		for (t = 0; v[g] && t < p->n_types; t++)
			if (k->fits[g * p->n_types + t])
				break;
		if (v[g] && t < p->n_types)
			sum += v[g];
	}
	return sum;
}

/* A packing's own arrays (`fits` is shared by the packings of one
 * problem). */
static void free_packing(packer *k)
{
	mlcap_mem__free(k->nodes);
	mlcap_mem__free(k->recs);
	mlcap_mem__free(k->per_type);
}

static int64_t hourly(const packer *k)
{
	int64_t c = 0;
	size_t n;
	for (n = 0; n < k->n_nodes; n++)
		c += k->p->types[k->nodes[n].type].usd_nanos;
	return c;
}

/*
 * When pods are left unplaced (capacity is bounded: a cluster's nodes,
 * maxNodes), FFD with the other size orders may place more; the packing
 * that places the most pods, then costs the least, is kept.
 */
static int other_orders(packer *k, int64_t *unplaced)
{
	const mlcap_pack_problem *p = k->p;
	size_mode mode;
	int rc = 0;

	for (mode = SIZE_SUM;
	     mode < SIZE_MODES && rc == 0 && total(k, unplaced) > 0; mode++) {
		packer alt;
		int64_t *u = mlcap_mem__calloc(p->n_groups + 1, sizeof(*u));
		memset(&alt, 0, sizeof(alt));
		alt.p = p;
		alt.fits = k->fits;
		alt.per_type =
		    mlcap_mem__calloc(p->n_types + 1, sizeof(int64_t));
		if (!u || !alt.per_type)
			rc = MLCAP_ENOMEM;
		else if ((rc = ffd(&alt, u, mode)) == 0 &&
			 (total(k, u) < total(k, unplaced) ||
			  (total(k, u) == total(k, unplaced) &&
			   hourly(&alt) < hourly(k)))) {
			packer old = *k;
			*k = alt;
			alt = old;
			memcpy(unplaced, u, p->n_groups * sizeof(*u));
		}
		free_packing(&alt);
		mlcap_mem__free(u);
	}
	return rc;
}

/* ---- driver ---- */

static int results(packer *k, mlcap_pack_result *out)
{
	const mlcap_pack_problem *p = k->p;
	size_t *first = mlcap_mem__calloc(p->n_groups + 1, sizeof(size_t));
	size_t g, i;

	if (!first)
		return MLCAP_ENOMEM;
	out->n_pods = 0;
	for (g = 0; g < p->n_groups; g++) {
		first[g] = out->n_pods;
		out->n_pods += (size_t)p->groups[g].count;
	}
	out->node_of = mlcap_mem__alloc((out->n_pods + 1) * sizeof(uint32_t));
	if (!out->node_of) {
		mlcap_mem__free(first);
		return MLCAP_ENOMEM;
	}
	/* Unplaced pods point nowhere; placed ones follow their records. */
	for (i = 0; i < out->n_pods; i++)
		out->node_of[i] = UINT32_MAX;
	for (i = 0; i < k->n_recs; i++) {
		int64_t c;
		for (c = 0; c < k->recs[i].pods; c++)
			out->node_of[first[k->recs[i].group]++] =
			    k->recs[i].node;
	}
	mlcap_mem__free(first);
	out->cost_nanos = hourly(k);
	out->nodes = k->nodes;
	out->n_nodes = k->n_nodes;
	k->nodes = NULL;
	return 0;
}

int mlcap_pack(const mlcap_pack_problem *p, mlcap_pack_method m,
	       mlcap_pack_result *out)
{
	packer k;
	size_t g, t, d;
	int rc, round;

	memset(out, 0, sizeof(*out));
	memset(&k, 0, sizeof(k));
	if (p->n_dims > MLCAP_PACK_MAX_DIMS)
		return MLCAP_EINVAL;
	k.p = p;
	k.per_type = mlcap_mem__calloc(p->n_types + 1, sizeof(int64_t));
	k.fits = mlcap_mem__calloc(p->n_groups * p->n_types + 1, sizeof(bool));
	out->unplaced_by_group =
	    mlcap_mem__calloc(p->n_groups + 1, sizeof(int64_t));
	if (!k.per_type || !k.fits || !out->unplaced_by_group) {
		rc = MLCAP_ENOMEM;
		goto done;
	}
	for (g = 0; g < p->n_groups; g++)
		for (t = 0; t < p->n_types; t++) {
			bool ok =
			    !p->groups[g].allowed || p->groups[g].allowed[t];
			for (d = 0; ok && d < p->n_dims; d++)
				ok = p->groups[g].req[d] <= p->types[t].cap[d];
			k.fits[g * p->n_types + t] = ok;
		}
	if ((rc = ffd(&k, out->unplaced_by_group, SIZE_MAX_SHARE)) < 0 ||
	    (m == MLCAP_PACK_IMPROVE &&
	     (rc = other_orders(&k, out->unplaced_by_group)) < 0))
		goto done;
	/* Each round lowers the cost or stops: at most one per node. */
	for (round = 0; m == MLCAP_PACK_IMPROVE && round < 64; round++) {
		bool changed = false;
		if ((rc = downsize(&k, &changed)) < 0 ||
		    (rc = consolidate(&k, &changed)) < 0 ||
		    (rc = compact(&k)) < 0 ||
		    (rc = merge_pairs(&k, &changed)) < 0 ||
		    (rc = compact(&k)) < 0)
			goto done;
		if (!changed)
			break;
	}
	for (g = 0; g < p->n_groups; g++)
		out->unplaced += out->unplaced_by_group[g];
	rc = results(&k, out);
done:
	free_packing(&k);
	mlcap_mem__free(k.fits);
	if (rc < 0)
		mlcap_pack_release(out);
	return rc;
}

void mlcap_pack_release(mlcap_pack_result *r)
{
	mlcap_mem__free(r->nodes);
	mlcap_mem__free(r->node_of);
	mlcap_mem__free(r->unplaced_by_group);
	memset(r, 0, sizeof(*r));
}
