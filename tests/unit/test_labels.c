/*
 * test_labels.c - cost-label coverage (labels.h): the policy parser and
 * its diagnostics at line:col, Kubernetes' label syntax, aliases, where
 * labels are looked up (metadata, pod template, Namespace), coverage by
 * count and by the planned monthly cost on a small custom cluster, and
 * the GitHub, SARIF and JSON renderings. Every figure is worked out in
 * the comments.
 *
 * Prices (as in test_plan.c): cpu4 (4 vCPU, 8Gi) $0.16/h, mem4 (4 vCPU,
 * 32Gi) $0.28/h; the rate fit solves 4a + 8b = 0.16, 4a + 32b = 0.28:
 * a = $0.03 per vCPU-hour, b = $0.005 per GiB-hour. gpu (8 vCPU, 32Gi,
 * 1 T4) $1.00/h: CPU/memory part 8 x 0.03 + 32 x 0.005 = 0.40, GPU part
 * 0.60. reserved: none, so allocatable = capacity, and every node charges
 * a pod the same 0.03/vCPU-h and 0.005/GiB-h: a pod costs the same on
 * whatever node the packer puts it. A month is 730 hours.
 */
#include <jansson.h>
#include "support.h"

#define NANO  1000000000LL
#define A16   "aaaaaaaaaaaaaaaa"
#define A64   A16 A16 A16 A16
#define USD_C 10000000LL /* one cent in nanodollars */

/* ---- cleanup of what a failed assertion leaves ---- */

static struct {
	mlcap_policy *policies[4];
	mlcap_labels labels[3];
	mlcap_plan plan; /* released even when zeroed */
	json_t *json[2];
} lctx;

static int teardown(void **state)
{
	size_t i;

	for (i = 0; i < 4; i++) {
		mlcap_policy_free(lctx.policies[i]);
		lctx.policies[i] = NULL;
	}
	for (i = 0; i < 3; i++)
		mlcap_labels_release(&lctx.labels[i]);
	mlcap_plan_release(&lctx.plan);
	for (i = 0; i < 2; i++) {
		json_decref(lctx.json[i]);
		lctx.json[i] = NULL;
	}
	return test_teardown(state);
}

#define labels_case(f) cmocka_unit_test_teardown(f, teardown)

/* ---- helpers ---- */

/* Parses `text` as policy file `name` into slot `i`; diagnostics go to
 * `d` (the caller checks them). */
static mlcap_policy *policy_in(int i, const char *name, const char *text,
			       mlcap_diags *d)
{
	assert_null(lctx.policies[i]);
	assert_int_equal(
	    mlcap_policy_parse(&lctx.policies[i], name, text, strlen(text), d),
	    0);
	assert_non_null(lctx.policies[i]);
	return lctx.policies[i];
}

/* A policy that must parse without any diagnostic. */
static mlcap_policy *policy_clean(int i, const char *text)
{
	mlcap_diags *d = test_diags(7);
	mlcap_policy *p = policy_in(i, "p.yaml", text, d);

	if (d->count)
		dump_diags(d);
	assert_int_equal(d->count, 0);
	return p;
}

/* The diagnostic with exactly `message`; it must exist. */
static const mlcap_diag *diag_saying(const mlcap_diags *d, const char *message)
{
	size_t i;

	for (i = 0; i < d->count; i++)
		if (strcmp(d->items[i].message, message) == 0)
			return &d->items[i];
	fprintf(stderr, "  no diagnostic '%s' among:\n", message);
	dump_diags(d);
	fail();
	return NULL;
}

/* A set of two texts (e.g. a Namespace file and the workloads). */
static mlcap_set *load_two(const char *name1, const char *text1,
			   const char *name2, const char *text2, mlcap_diags *d)
{
	mlcap_set *s = NULL;

	assert_int_equal(mlcap_set_new(&s, NULL), 0);
	track_set(s);
	assert_int_equal(
	    mlcap_set_add_buffer(s, name1, text1, strlen(text1), d), 0);
	assert_int_equal(
	    mlcap_set_add_buffer(s, name2, text2, strlen(text2), d), 0);
	assert_int_equal(mlcap_set_resolve(s, d), 0);
	if (d->errors)
		dump_diags(d);
	assert_int_equal(d->errors, 0);
	return s;
}

/* mlcap_labels_run into slot `i`; `costs` may be NULL. */
static mlcap_labels *labels_of(int i, const mlcap_set *s, const mlcap_policy *p,
			       const mlcap_plan_scenario *costs,
			       const char *basis)
{
	assert_int_equal(mlcap_labels_run(s, p, costs, basis, &lctx.labels[i]),
			 0);
	return &lctx.labels[i];
}

/* The finding of workload key `key` (namespace/name), or NULL. */
static const mlcap_label_finding *finding_of(const mlcap_labels *l,
					     const char *key)
{
	size_t i;

	for (i = 0; i < l->n_findings; i++)
		if (strcmp(l->findings[i].key, key) == 0)
			return &l->findings[i];
	return NULL;
}

/* What mlcap_render_labels writes, as a NUL-terminated tracked buffer. */
static char *render(const mlcap_labels *l, const mlcap_policy *p,
		    const mlcap_diags *d, mlcap_format f)
{
	FILE *fp = tmpfile();
	char *buf;
	long n;
	int rc;
	size_t got;

	assert_non_null(fp);
	rc = mlcap_render_labels(fp, l, p, d, f, NULL);
	n = ftell(fp);
	rewind(fp);
	buf = malloc(n > 0 ? (size_t)n + 1 : 1);
	got = buf && n > 0 ? fread(buf, 1, (size_t)n, fp) : 0;
	fclose(fp);
	assert_non_null(buf);
	track(test_ctx.bufs, buf);
	buf[got] = '\0';
	assert_int_equal(rc, 0);
	assert_true(n >= 0 && got == (size_t)n);
	return buf;
}

/* Parses `text` as JSON into slot `i`. */
static json_t *parse_json(int i, const char *text)
{
	json_error_t err;

	lctx.json[i] = json_loads(text, 0, &err);
	if (!lctx.json[i])
		fprintf(stderr, "  JSON %d:%d: %s\n", err.line, err.column,
			err.text);
	assert_non_null(lctx.json[i]);
	return lctx.json[i];
}

/* obj[key], which must exist and have JSON type `type`. */
static json_t *jget(const json_t *obj, const char *key, json_type type)
{
	json_t *v = json_object_get(obj, key);

	if (!v || json_typeof(v) != type)
		fprintf(stderr, "  JSON key '%s' missing or of another type\n",
			key);
	assert_non_null(v);
	assert_int_equal(json_typeof(v), type);
	return v;
}

static const char *jstr(const json_t *obj, const char *key)
{
	return json_string_value(jget(obj, key, JSON_STRING));
}

static json_int_t jint(const json_t *obj, const char *key)
{
	return json_integer_value(jget(obj, key, JSON_INTEGER));
}

/* A JSON number, integer or real ("60.00" is a real, "876" an integer). */
static double jnum(const json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	assert_non_null(v);
	assert_true(json_is_number(v));
	return json_number_value(v);
}

/* ---- policy parsing ---- */

static void policy_reads_the_short_and_the_map_forms(void **state)
{
	static const char text[] = "required:\n"		      /* 1 */
				   "  - team\n"			      /* 2 */
				   "  - key: env\n"		      /* 3 */
				   "    values: [dev, prod]\n"	      /* 4 */
				   "    severity: error\n"	      /* 5 */
				   "    description: Where it runs\n" /* 6 */
				   "  - key: example.com/cc\n"	      /* 7 */
				   "    pattern: \"^cc-[0-9]+$\"\n";  /* 8 */
	mlcap_policy *p = policy_clean(0, text);
	const mlcap_policy_key *k;
	size_t n;
	(void)state;

	k = mlcap_policy_keys(p, &n);
	assert_int_equal(n, 3);
	assert_string_equal(mlcap_policy_file(p), "p.yaml");
	/* - team: any value, no pattern, a warning by default; the entry
	 * is the scalar at 2:5 */
	assert_string_equal(k[0].key, "team");
	assert_int_equal(k[0].n_values, 0);
	assert_null(k[0].pattern);
	assert_null(k[0].description);
	assert_int_equal(k[0].severity, MLCAP_WARNING);
	assert_int_equal(k[0].n_names, 1);
	assert_string_equal(k[0].names[0], "team");
	assert_int_equal(k[0].loc.line, 2);
	assert_int_equal(k[0].loc.col, 5);
	/* the map form: the map starts at its first key, 3:5 */
	assert_string_equal(k[1].key, "env");
	assert_int_equal(k[1].n_values, 2);
	assert_string_equal(k[1].values[0], "dev");
	assert_string_equal(k[1].values[1], "prod");
	assert_int_equal(k[1].severity, MLCAP_ERROR);
	assert_string_equal(k[1].description, "Where it runs");
	assert_int_equal(k[1].loc.line, 3);
	assert_int_equal(k[1].loc.col, 5);
	assert_string_equal(k[2].key, "example.com/cc");
	assert_string_equal(k[2].pattern, "^cc-[0-9]+$");
	assert_int_equal(k[2].severity, MLCAP_WARNING);
	/* defaults: labels from all three places, nothing excluded */
	assert_int_equal(mlcap_policy_sources(p),
			 MLCAP_LABELS_FROM_METADATA |
			     MLCAP_LABELS_FROM_TEMPLATE |
			     MLCAP_LABELS_FROM_NAMESPACE);
	mlcap_policy_excluded(p, &n);
	assert_int_equal(n, 0);
}

static void policy_unknown_keys_are_errors_at_line_and_col(void **state)
{
	static const char text[] = "required:\n"	       /* 1 */
				   "  - key: team\n"	       /* 2 */
				   "    colour: red\n"	       /* 3 */
				   "labelsfrom: [metadata]\n"; /* 4 */
	mlcap_diags *d = test_diags(0);
	mlcap_policy *p = policy_in(0, "p.yaml", text, d);
	const mlcap_policy_key *k;
	size_t n;
	(void)state;

	/* 'colour' at 3:5 (four spaces), 'labelsfrom' at 4:1 */
	assert_int_equal(d->errors, 2);
	assert_int_equal(d->count, 2);
	assert_diag_at(diag_saying(d, "unknown key 'colour' in a required key"),
		       MLCAP_ERROR, "p.yaml", 3, 5);
	assert_diag_at(
	    diag_saying(d, "unknown key 'labelsfrom' in the label policy"),
	    MLCAP_ERROR, "p.yaml", 4, 1);
	/* the hint lists the keys that would have been understood */
	assert_string_equal(
	    diag_saying(d, "unknown key 'colour' in a required key")->hint,
	    "known keys: key, values, pattern, severity, description");
	assert_string_equal(
	    diag_saying(d, "unknown key 'labelsfrom' in the label policy")
		->hint,
	    "known keys: required, aliases, inheritFromNamespace, "
	    "labelsFrom, excludeNamespaces");
	/* the rest is kept: team is required, labelsfrom did nothing */
	k = mlcap_policy_keys(p, &n);
	assert_int_equal(n, 1);
	assert_string_equal(k[0].key, "team");
	assert_int_equal(mlcap_policy_sources(p), 7);
}

static void policy_bad_pattern_is_an_error_key_still_required(void **state)
{
	static const char text[] = "required:\n"	       /* 1 */
				   "  - key: cost-center\n"    /* 2 */
				   "    pattern: \"([a-z\"\n"; /* 3 */
	static const char app[] =
	    "apiVersion: apps/v1\nkind: Deployment\n"
	    "metadata: {name: a, namespace: shop, labels: {cost-center: X}}\n"
	    "spec: {template: {spec: {containers: [{name: c, image: x}]}}}\n"
	    "---\n"
	    "apiVersion: apps/v1\nkind: Deployment\n"
	    "metadata: {name: b, namespace: shop}\n"
	    "spec: {template: {spec: {containers: [{name: c, image: x}]}}}\n";
	mlcap_diags *d = test_diags(0);
	mlcap_policy *p = policy_in(0, "p.yaml", text, d);
	const mlcap_policy_key *k;
	const mlcap_diag *g;
	mlcap_labels *l;
	size_t n;
	(void)state;

	/* the pattern's value starts at its quote: 4 spaces, "pattern:" is
	 * columns 5-12, a space, '"' at 3:14 */
	assert_int_equal(d->errors, 1);
	g = get_diag(d, "policy");
	assert_diag_at(g, MLCAP_ERROR, "p.yaml", 3, 14);
	assert_non_null(strstr(g->message, "pattern of 'cost-center' is not a "
					   "valid regular expression: "));
	/* still required, without the pattern */
	k = mlcap_policy_keys(p, &n);
	assert_int_equal(n, 1);
	assert_string_equal(k[0].key, "cost-center");
	assert_null(k[0].pattern);
	/* a carries it (any value does now), b lacks it */
	l = labels_of(0, load_clean(app, test_diags(1)), p, NULL, NULL);
	assert_int_equal(l->total.workloads, 2);
	assert_int_equal(l->total.compliant, 1);
	assert_int_equal(l->n_findings, 1);
	assert_string_equal(l->findings[0].key, "shop/b");
	assert_int_equal(l->findings[0].n_missing, 1);
}

static void policy_severity_must_be_warning_or_error(void **state)
{
	static const char text[] = "required:\n"	    /* 1 */
				   "  - key: owner\n"	    /* 2 */
				   "    severity: fatal\n"  /* 3 */
				   "  - key: team\n"	    /* 4 */
				   "    severity: error\n"; /* 5 */
	mlcap_diags *d = test_diags(0);
	mlcap_policy *p = policy_in(0, "p.yaml", text, d);
	const mlcap_policy_key *k;
	size_t n;
	(void)state;

	/* 'fatal' at 3:15 (4 spaces, "severity:" 5-13, a space) */
	assert_int_equal(d->errors, 1);
	assert_diag_at(
	    diag_saying(d, "severity 'fatal' of 'owner' is not warning or "
			   "error"),
	    MLCAP_ERROR, "p.yaml", 3, 15);
	/* owner stays required, at the default severity */
	k = mlcap_policy_keys(p, &n);
	assert_int_equal(n, 2);
	assert_string_equal(k[0].key, "owner");
	assert_int_equal(k[0].severity, MLCAP_WARNING);
	assert_int_equal(k[1].severity, MLCAP_ERROR);
}

static void policy_duplicate_key_is_an_error(void **state)
{
	static const char text[] = "required:\n"	   /* 1 */
				   "  - team\n"		   /* 2 */
				   "  - key: team\n"	   /* 3 */
				   "    severity: error\n" /* 4 */
				   "  - env\n"		   /* 5 */
				   "  - env\n";		   /* 6 */
	mlcap_diags *d = test_diags(0);
	mlcap_policy *p = policy_in(0, "p.yaml", text, d);
	const mlcap_policy_key *k;
	size_t n;
	(void)state;

	/* at the second key's name: 3:10 in the map form, 6:5 in the
	 * short form; the first entry wins (team stays a warning) */
	assert_int_equal(d->errors, 2);
	assert_int_equal(d->count, 2);
	assert_diag_at(&d->items[0], MLCAP_ERROR, "p.yaml", 3, 10);
	assert_string_equal(d->items[0].message,
			    "key 'team' is required twice");
	assert_diag_at(&d->items[1], MLCAP_ERROR, "p.yaml", 6, 5);
	assert_string_equal(d->items[1].message, "key 'env' is required twice");
	k = mlcap_policy_keys(p, &n);
	assert_int_equal(n, 2);
	assert_string_equal(k[0].key, "team");
	assert_int_equal(k[0].severity, MLCAP_WARNING);
	assert_string_equal(k[1].key, "env");
}

static void policy_invalid_label_keys_are_errors(void **state)
{
	static const char text[] = "required:\n"		    /* 1 */
				   "  - bad key!\n"		    /* 2 */
				   "  - UPPER.example.com/x\n"	    /* 3 */
				   "  - key: " A64 "\n"		    /* 4 */
				   "  - key: ok\n"		    /* 5 */
				   "    values: [fine, \"-no\"]\n"; /* 6 */
	mlcap_diags *d = test_diags(0);
	mlcap_policy *p = policy_in(0, "p.yaml", text, d);
	const mlcap_policy_key *k;
	size_t n;
	(void)state;

	/* short forms at column 5, the map form's value at 4:10; a bad
	 * allowed value is reported at its list (6:13) and the key kept */
	assert_int_equal(d->errors, 4);
	assert_diag_at(diag_saying(d, "required key 'bad key!' is not a valid "
				      "Kubernetes label: must begin and end "
				      "with a letter or digit"),
		       MLCAP_ERROR, "p.yaml", 2, 5);
	assert_diag_at(
	    diag_saying(d, "required key 'UPPER.example.com/x' is not a valid "
			   "Kubernetes label: the prefix must be a lowercase "
			   "DNS subdomain (e.g. example.com)"),
	    MLCAP_ERROR, "p.yaml", 3, 5);
	assert_diag_at(diag_saying(d, "required key '" A64
				      "' is not a valid Kubernetes label: "
				      "longer than 63 characters"),
		       MLCAP_ERROR, "p.yaml", 4, 10);
	assert_diag_at(diag_saying(d, "allowed value '-no' is not a valid "
				      "Kubernetes label: must begin and end "
				      "with a letter or digit"),
		       MLCAP_ERROR, "p.yaml", 6, 13);
	k = mlcap_policy_keys(p, &n);
	assert_int_equal(n, 1);
	assert_string_equal(k[0].key, "ok");
}

static void policy_with_no_required_key_is_a_warning(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_policy *p;
	size_t n;
	(void)state;

	/* an empty list: at the list, 1:11 */
	p = policy_in(0, "p.yaml", "required: []\n", d);
	assert_int_equal(d->errors, 0);
	assert_int_equal(d->warnings, 1);
	assert_diag_at(diag_saying(d, "the policy requires no label"),
		       MLCAP_WARNING, "p.yaml", 1, 11);
	mlcap_policy_keys(p, &n);
	assert_int_equal(n, 0);
	/* no list at all: at the document, 1:1 */
	d = test_diags(1);
	policy_in(1, "q.yaml", "labelsFrom: [metadata]\n", d);
	assert_int_equal(d->errors, 0);
	assert_diag_at(diag_saying(d, "the policy requires no label"),
		       MLCAP_WARNING, "q.yaml", 1, 1);
	/* an empty file holds no policy: an error without a line */
	d = test_diags(2);
	policy_in(2, "e.yaml", "", d);
	assert_int_equal(d->errors, 1);
	assert_diag_at(diag_saying(d, "no label policy in 'e.yaml'"),
		       MLCAP_ERROR, "e.yaml", 0, 0);
}

static void policy_that_requires_nothing_finds_everyone_labelled(void **state)
{
	static const char app[] =
	    "apiVersion: apps/v1\nkind: Deployment\n"
	    "metadata: {name: a, namespace: shop}\n"
	    "spec: {template: {spec: {containers: [{name: c, image: x}]}}}\n";
	mlcap_policy *p =
	    policy_in(0, "p.yaml", "required: []\n", test_diags(0));
	mlcap_labels *l;
	(void)state;

	/* nothing is required, so a is compliant and there are no keys */
	l = labels_of(0, load_clean(app, test_diags(1)), p, NULL, NULL);
	assert_int_equal(l->n_keys, 0);
	assert_int_equal(l->total.workloads, 1);
	assert_int_equal(l->total.compliant, 1);
	assert_int_equal(l->n_findings, 0);
	assert_int_equal(mlcap_labels_worst(l), -1);
}

static void policy_required_must_be_a_list(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_policy *p = policy_in(0, "p.yaml", "required: team\n", d);
	size_t n;
	(void)state;

	/* at the scalar, 1:11; nothing is required */
	assert_int_equal(d->count, 1);
	assert_diag_at(diag_saying(d, "required must be a list of keys"),
		       MLCAP_ERROR, "p.yaml", 1, 11);
	mlcap_policy_keys(p, &n);
	assert_int_equal(n, 0);
}

static void policy_in_json_reads_like_yaml(void **state)
{
	static const char text[] =
	    "{\"required\": [\"team\", {\"key\": \"env\", "
	    "\"values\": [\"dev\"]}],\n"
	    " \"excludeNamespaces\": [\"x\"]}\n";
	mlcap_diags *d = test_diags(0);
	mlcap_policy *p = policy_in(0, "p.json", text, d);
	const mlcap_policy_key *k;
	const char *const *ex;
	size_t n;
	(void)state;

	assert_int_equal(d->count, 0);
	k = mlcap_policy_keys(p, &n);
	assert_int_equal(n, 2);
	assert_string_equal(k[0].key, "team");
	assert_string_equal(k[1].key, "env");
	assert_int_equal(k[1].n_values, 1);
	assert_string_equal(k[1].values[0], "dev");
	ex = mlcap_policy_excluded(p, &n);
	assert_int_equal(n, 1);
	assert_string_equal(ex[0], "x");
}

static void policy_second_document_is_ignored_with_a_warning(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_policy *p = policy_in(
	    0, "p.yaml", "required: [team]\n---\nrequired: [env]\n", d);
	size_t n;
	(void)state;

	/* the second document starts at 3:1 */
	assert_int_equal(d->count, 1);
	assert_diag_at(diag_saying(d, "a second policy document is ignored"),
		       MLCAP_WARNING, "p.yaml", 3, 1);
	assert_string_equal(mlcap_policy_keys(p, &n)[0].key, "team");
	assert_int_equal(n, 1);
}

static void policy_invalid_alias_is_an_error(void **state)
{
	mlcap_diags *d = test_diags(0);
	(void)state;

	/* at crew's list: 'aliases:' 1-8, ' ', '{' 10, "team:" 11-15, ' ',
	 * "[squad]," 17-24, ' ', "crew:" 26-30, ' ', '[' 32 */
	policy_in(0, "p.yaml",
		  "required: [team]\n"
		  "aliases: {team: [squad], crew: [Bad Key]}\n",
		  d);
	assert_int_equal(d->errors, 1);
	assert_diag_at(diag_saying(d, "alias 'Bad Key' is not a valid "
				      "Kubernetes label: may hold only "
				      "letters, digits, '-', '_' and '.'"),
		       MLCAP_ERROR, "p.yaml", 2, 32);
}

static void policy_labels_from_and_inherit_from_namespace(void **state)
{
	mlcap_diags *d;
	mlcap_policy *p;
	(void)state;

	/* metadata only, Namespace labels still inherited (default) */
	p = policy_clean(0, "labelsFrom: [metadata]\nrequired: [team]\n");
	assert_int_equal(mlcap_policy_sources(p),
			 MLCAP_LABELS_FROM_METADATA |
			     MLCAP_LABELS_FROM_NAMESPACE);
	/* the pod template only, no inheritance */
	p = policy_clean(1, "labelsFrom: [podTemplate]\n"
			    "inheritFromNamespace: false\n"
			    "required: [team]\n");
	assert_int_equal(mlcap_policy_sources(p), MLCAP_LABELS_FROM_TEMPLATE);
	/* 'pods' is an error at the list (1:13); metadata still counts */
	d = test_diags(0);
	p = policy_in(2, "p.yaml",
		      "labelsFrom: [metadata, pods]\nrequired: [team]\n", d);
	assert_int_equal(d->errors, 1);
	assert_diag_at(diag_saying(d, "labelsFrom 'pods' is not metadata or "
				      "podTemplate"),
		       MLCAP_ERROR, "p.yaml", 1, 13);
	assert_int_equal(mlcap_policy_sources(p),
			 MLCAP_LABELS_FROM_METADATA |
			     MLCAP_LABELS_FROM_NAMESPACE);
	/* a non-boolean (2:23) leaves the default, true */
	d = test_diags(1);
	p = policy_in(3, "p.yaml",
		      "required: [team]\ninheritFromNamespace: maybe\n", d);
	assert_int_equal(d->errors, 1);
	assert_diag_at(
	    diag_saying(d, "inheritFromNamespace must be a boolean, not maybe"),
	    MLCAP_ERROR, "p.yaml", 2, 23);
	assert_int_equal(mlcap_policy_sources(p), 7);
}

static void policy_exclude_namespaces(void **state)
{
	mlcap_policy *p;
	const char *const *ex;
	size_t n;
	(void)state;

	p = policy_clean(0, "required: [team]\n"
			    "excludeNamespaces: [kube-system, monitoring]\n");
	ex = mlcap_policy_excluded(p, &n);
	assert_int_equal(n, 2);
	assert_string_equal(ex[0], "kube-system");
	assert_string_equal(ex[1], "monitoring");
	/* one string is a list of one */
	p = policy_clean(1,
			 "required: [team]\nexcludeNamespaces: kube-system\n");
	ex = mlcap_policy_excluded(p, &n);
	assert_int_equal(n, 1);
	assert_string_equal(ex[0], "kube-system");
}

/* ---- label syntax ---- */

static void label_key_syntax_boundaries(void **state)
{
	char key[300], name[70];
	const char *why;
	(void)state;

	/* a name of 63 characters is the most there can be */
	memset(name, 'a', 63);
	name[63] = '\0';
	assert_true(mlcap_label_key_valid(name, &why));
	name[63] = 'a';
	name[64] = '\0';
	why = NULL;
	assert_false(mlcap_label_key_valid(name, &why));
	assert_string_equal(why, "longer than 63 characters");
	/* a prefix of 253: 63 + '.' + 63 + '.' + 63 + '.' + 61 */
	memset(key, 'a', 63);
	key[63] = '.';
	memset(key + 64, 'b', 63);
	key[127] = '.';
	memset(key + 128, 'c', 63);
	key[191] = '.';
	memset(key + 192, 'd', 61);
	memcpy(key + 253, "/x", 3);
	assert_int_equal(strlen(key), 255);
	assert_true(mlcap_label_key_valid(key, &why));
	/* one more character in the prefix: 254 */
	memset(key + 192, 'd', 62);
	memcpy(key + 254, "/x", 3);
	assert_false(mlcap_label_key_valid(key, &why));
	assert_string_equal(why, "the prefix must be a lowercase DNS "
				 "subdomain (e.g. example.com)");

	assert_true(mlcap_label_key_valid("team", NULL));
	assert_true(mlcap_label_key_valid("example.com/team", NULL));
	assert_true(mlcap_label_key_valid("app.kubernetes.io/part-of", NULL));
	assert_true(mlcap_label_key_valid("Team_1.x", NULL));
	/* b/c is not a name: '/' may appear once */
	assert_false(mlcap_label_key_valid("a/b/c", &why));
	assert_string_equal(why,
			    "may hold only letters, digits, '-', '_' and '.'");
	/* an empty prefix is no DNS subdomain */
	assert_false(mlcap_label_key_valid("/x", &why));
	assert_string_equal(why, "the prefix must be a lowercase DNS "
				 "subdomain (e.g. example.com)");
	assert_false(mlcap_label_key_valid("team/", &why));
	assert_string_equal(why, "the name part is empty");
	assert_false(mlcap_label_key_valid("", &why));
	assert_string_equal(why, "the name part is empty");
	assert_false(mlcap_label_key_valid("-team", &why));
	assert_string_equal(why, "must begin and end with a letter or digit");
	assert_false(mlcap_label_key_valid("team-", NULL));
	assert_false(mlcap_label_key_valid("Example.com/team", NULL));
	assert_false(mlcap_label_key_valid("example..com/team", NULL));
	assert_false(mlcap_label_key_valid("-example.com/team", NULL));
	assert_false(mlcap_label_key_valid("ex_ample.com/team", NULL));
}

static void label_value_syntax_boundaries(void **state)
{
	char v[70];
	const char *why;
	(void)state;

	/* empty is a valid value */
	assert_true(mlcap_label_value_valid("", &why));
	memset(v, 'v', 63);
	v[63] = '\0';
	assert_true(mlcap_label_value_valid(v, &why));
	v[63] = 'v';
	v[64] = '\0';
	assert_false(mlcap_label_value_valid(v, &why));
	assert_string_equal(why, "longer than 63 characters");
	assert_true(mlcap_label_value_valid("a-b_c.D9", NULL));
	assert_true(mlcap_label_value_valid("x", NULL));
	assert_false(mlcap_label_value_valid("-a", &why));
	assert_string_equal(why, "must begin and end with a letter or digit");
	assert_false(mlcap_label_value_valid("a-", &why));
	assert_string_equal(why, "must begin and end with a letter or digit");
	assert_false(mlcap_label_value_valid("a.", NULL));
	assert_false(mlcap_label_value_valid("a b", &why));
	assert_string_equal(why,
			    "may hold only letters, digits, '-', '_' and '.'");
	/* a value has no prefix */
	assert_false(mlcap_label_value_valid("example.com/team", NULL));
}

/* ---- aliases ---- */

static void aliases_are_transitive(void **state)
{
	/* squad ~ crew is read before team ~ squad, and crew still
	 * reaches team: team, then squad (through the second group), then
	 * crew (through the first) */
	static const char text[] = "required: [team]\n"
				   "aliases:\n"
				   "  squad: [crew]\n"
				   "  team: [squad]\n";
	static const char app[] =
	    "apiVersion: apps/v1\nkind: Deployment\n"
	    "metadata: {name: a, namespace: shop, labels: {crew: red}}\n"
	    "spec: {template: {spec: {containers: [{name: c, image: x}]}}}\n"
	    "---\n"
	    "apiVersion: apps/v1\nkind: Deployment\n"
	    "metadata: {name: b, namespace: shop, labels: {owner: ann}}\n"
	    "spec: {template: {spec: {containers: [{name: c, image: x}]}}}\n";
	mlcap_policy *p = policy_clean(0, text);
	const mlcap_policy_key *k;
	mlcap_labels *l;
	size_t n;
	(void)state;

	k = mlcap_policy_keys(p, &n);
	assert_int_equal(n, 1);
	assert_int_equal(k[0].n_names, 3);
	assert_string_equal(k[0].names[0], "team");
	assert_string_equal(k[0].names[1], "squad");
	assert_string_equal(k[0].names[2], "crew");
	/* a's crew counts as team; b has none of the three */
	l = labels_of(0, load_clean(app, test_diags(0)), p, NULL, NULL);
	assert_int_equal(l->total.workloads, 2);
	assert_int_equal(l->total.compliant, 1);
	assert_int_equal(l->keys[0].compliant, 1);
	assert_int_equal(l->n_findings, 1);
	assert_string_equal(l->findings[0].key, "shop/b");
}

static void aliases_work_in_both_directions(void **state)
{
	/* the policy requires squad; team is declared as the group's key */
	static const char text[] = "required:\n"
				   "  - squad\n"
				   "  - key: env\n"
				   "    values: [dev, prod]\n"
				   "aliases:\n"
				   "  team: [squad]\n"
				   "  env: [environment]\n";
	static const char app[] =
	    "apiVersion: apps/v1\nkind: Deployment\n"  /* 1-2 */
	    "metadata:\n"			       /* 3 */
	    "  name: a\n"			       /* 4 */
	    "  namespace: shop\n"		       /* 5 */
	    "  labels: {team: red, environment: qa}\n" /* 6 */
	    "spec: {template: {spec: {containers: [{name: c, image: x}]}}}\n";
	mlcap_policy *p = policy_clean(0, text);
	const mlcap_policy_key *k;
	const mlcap_label_problem *pb;
	mlcap_labels *l;
	size_t n;
	(void)state;

	k = mlcap_policy_keys(p, &n);
	assert_int_equal(n, 2);
	assert_int_equal(k[0].n_names, 2);
	assert_string_equal(k[0].names[0], "squad");
	assert_string_equal(k[0].names[1], "team");
	/* team satisfies squad; environment is env, and 'qa' is not
	 * allowed: the problem names the label found, at its value
	 * (6:36: 2 spaces, "labels:" 3-9, ' ', '{' 11, "team:" 12-16,
	 * ' ', "red," 18-21, ' ', "environment:" 23-34, ' ', 'qa' 36) */
	l = labels_of(0, load_clean(app, test_diags(0)), p, NULL, NULL);
	assert_int_equal(l->keys[0].compliant, 1);
	assert_int_equal(l->keys[1].compliant, 0);
	assert_int_equal(l->n_findings, 1);
	assert_int_equal(l->findings[0].n_missing, 0);
	assert_int_equal(l->findings[0].n_invalid, 1);
	pb = &l->findings[0].problems[0];
	assert_string_equal(pb->rule->key, "env");
	assert_string_equal(pb->name, "environment");
	assert_string_equal(pb->value, "qa");
	assert_string_equal(pb->reason, "not one of dev, prod");
	assert_string_equal(pb->source, "metadata");
	assert_int_equal(pb->loc.line, 6);
	assert_int_equal(pb->loc.col, 36);
}

/* ---- where labels count ---- */

static void namespace_labels_count_only_when_inherited(void **state)
{
	static const char app[] =
	    "apiVersion: v1\nkind: Namespace\n"		 /* 1-2 */
	    "metadata: {name: ml, labels: {team: ml}}\n" /* 3 */
	    "---\n"					 /* 4 */
	    "apiVersion: apps/v1\nkind: Deployment\n"	 /* 5-6 */
	    "metadata: {name: a, namespace: ml}\n"	 /* 7 */
	    "spec: {template: {spec: {containers: [{name: c, image: x}]}}}\n";
	mlcap_set *s = load_clean(app, test_diags(0));
	mlcap_policy *p;
	mlcap_labels *l;
	(void)state;

	/* inherited (the default): ml's team covers a */
	p = policy_clean(0, "required: [team]\n");
	l = labels_of(0, s, p, NULL, NULL);
	assert_int_equal(l->total.workloads, 1);
	assert_int_equal(l->total.compliant, 1);
	assert_int_equal(l->n_findings, 0);
	/* not inherited: team is missing, reported at the workload (5:1) */
	p = policy_clean(1, "required: [team]\ninheritFromNamespace: false\n");
	l = labels_of(1, s, p, NULL, NULL);
	assert_int_equal(l->total.compliant, 0);
	assert_int_equal(l->n_findings, 1);
	assert_int_equal(l->findings[0].n_missing, 1);
	assert_null(l->findings[0].problems[0].value);
	assert_string_equal(l->findings[0].problems[0].name, "team");
	assert_string_equal(l->findings[0].problems[0].loc.file, "t.yaml");
	assert_int_equal(l->findings[0].problems[0].loc.line, 5);
	assert_int_equal(l->findings[0].problems[0].loc.col, 1);
}

static void labels_from_metadata_ignores_the_pod_template(void **state)
{
	static const char app[] =
	    "apiVersion: apps/v1\nkind: Deployment\n"
	    "metadata: {name: a, namespace: shop}\n"
	    "spec:\n"
	    "  template:\n"
	    "    metadata: {labels: {team: web}}\n"
	    "    spec: {containers: [{name: c, image: x}]}\n";
	mlcap_set *s = load_clean(app, test_diags(0));
	mlcap_labels *l;
	(void)state;

	/* by default the template's team counts */
	l = labels_of(0, s, policy_clean(0, "required: [team]\n"), NULL, NULL);
	assert_int_equal(l->total.compliant, 1);
	/* metadata only: it does not */
	l = labels_of(1, s,
		      policy_clean(1, "labelsFrom: [metadata]\n"
				      "required: [team]\n"),
		      NULL, NULL);
	assert_int_equal(l->total.compliant, 0);
	assert_int_equal(l->findings[0].n_missing, 1);
	/* the pod template only: it does again */
	l = labels_of(2, s,
		      policy_clean(2, "labelsFrom: [podTemplate]\n"
				      "required: [team]\n"),
		      NULL, NULL);
	assert_int_equal(l->total.compliant, 1);
}

static void metadata_wins_over_pod_template_over_namespace(void **state)
{
	static const char ns[] =
	    "apiVersion: v1\n"					   /* 1 */
	    "kind: Namespace\n"					   /* 2 */
	    "metadata:\n"					   /* 3 */
	    "  name: ml\n"					   /* 4 */
	    "  labels: {env: prod, team: ml, cost-center: ops}\n"; /* 5 */
	static const char app[] =
	    "apiVersion: apps/v1\n"			/* 1 */
	    "kind: Deployment\n"			/* 2 */
	    "metadata:\n"				/* 3 */
	    "  name: a\n"				/* 4 */
	    "  namespace: ml\n"				/* 5 */
	    "  labels: {env: qa, cost-center: cc-1}\n"	/* 6 */
	    "spec:\n"					/* 7 */
	    "  template:\n"				/* 8 */
	    "    metadata:\n"				/* 9 */
	    "      labels: {env: dev, team: Bad-}\n"	/* 10 */
	    "    spec:\n"				/* 11 */
	    "      containers: [{name: c, image: x}]\n" /* 12 */
	    "---\n"					/* 13 */
	    "apiVersion: apps/v1\n"			/* 14 */
	    "kind: Deployment\n"			/* 15 */
	    "metadata: {name: b, namespace: ml}\n"	/* 16 */
	    "spec: {template: {spec: {containers: [{name: c, image: x}]}}}\n";
	static const char policy[] = "required:\n"
				     "  - key: env\n"
				     "    values: [dev, prod]\n"
				     "  - team\n"
				     "  - key: cost-center\n"
				     "    pattern: \"^cc-[0-9]+$\"\n";
	mlcap_set *s = load_two("ns.yaml", ns, "app.yaml", app, test_diags(0));
	const mlcap_label_finding *f;
	const mlcap_label_problem *pb;
	mlcap_labels *l;
	(void)state;

	l = labels_of(0, s, policy_clean(0, policy), NULL, NULL);
	assert_int_equal(l->total.workloads, 2);
	assert_int_equal(l->total.compliant, 0);
	assert_int_equal(l->n_findings, 2);
	/*
	 * a: env 'qa' in its metadata is invalid, although the template's
	 * 'dev' and the Namespace's 'prod' are allowed: at 6:17 (2 spaces,
	 * "labels:" 3-9, ' ', '{' 11, "env:" 12-15, ' ', 'qa' 17).
	 */
	f = finding_of(l, "ml/a");
	assert_non_null(f);
	assert_ptr_equal(f, &l->findings[0]);
	assert_int_equal(f->n_missing, 0);
	assert_int_equal(f->n_invalid, 2);
	assert_int_equal(f->severity, MLCAP_WARNING);
	pb = &f->problems[0];
	assert_string_equal(pb->rule->key, "env");
	assert_string_equal(pb->value, "qa");
	assert_string_equal(pb->reason, "not one of dev, prod");
	assert_string_equal(pb->source, "metadata");
	assert_string_equal(pb->loc.file, "app.yaml");
	assert_int_equal(pb->loc.line, 6);
	assert_int_equal(pb->loc.col, 17);
	/*
	 * team: none in metadata, the template's 'Bad-' is invalid although
	 * the Namespace's 'ml' is fine: at 10:32 (6 spaces, "labels:"
	 * 7-13, ' ', '{' 15, "env:" 16-19, ' ', "dev," 21-24, ' ', "team:"
	 * 26-30, ' ', 'Bad-' 32).
	 */
	pb = &f->problems[1];
	assert_string_equal(pb->rule->key, "team");
	assert_string_equal(pb->value, "Bad-");
	assert_string_equal(pb->reason,
			    "must begin and end with a letter or digit");
	assert_string_equal(pb->source, "podTemplate");
	assert_int_equal(pb->loc.line, 10);
	assert_int_equal(pb->loc.col, 32);
	/*
	 * b has nothing of its own: env and team come from the Namespace,
	 * and its cost-center 'ops' fails the pattern, at ns.yaml 5:46
	 * ('{' 11, "env:" 12-15, "prod," 17-21, "team:" 23-27, "ml," 29-31,
	 * "cost-center:" 33-44, ' ', 'ops' 46). The workload is at 14:1.
	 */
	f = finding_of(l, "ml/b");
	assert_non_null(f);
	assert_int_equal(f->n_missing, 0);
	assert_int_equal(f->n_invalid, 1);
	assert_int_equal(f->workload->loc.line, 14);
	pb = &f->problems[0];
	assert_string_equal(pb->rule->key, "cost-center");
	assert_string_equal(pb->value, "ops");
	assert_string_equal(pb->reason, "does not match '^cc-[0-9]+$'");
	assert_string_equal(pb->source, "namespace");
	assert_string_equal(pb->loc.file, "ns.yaml");
	assert_int_equal(pb->loc.line, 5);
	assert_int_equal(pb->loc.col, 46);
}

/* ---- coverage by count and by cost ---- */

static const char config_text[] =
    "provider: custom\n"
    "region: lab\n"
    "reserved: none\n"
    "instanceTypes:\n"
    "  - {name: cpu4, vcpu: 4, memory: 8Gi, usdPerHour: \"0.16\"}\n"
    "  - {name: mem4, vcpu: 4, memory: 32Gi, usdPerHour: \"0.28\"}\n"
    "  - {name: gpu, vcpu: 8, memory: 32Gi, gpus: 1, gpuModel: T4,\n"
    "     usdPerHour: \"1.00\"}\n";

/* The same policy and workloads as the golden case labels/text. */
static const char coverage_policy[] = "required:\n"
				      "  - team\n"
				      "  - key: env\n"
				      "    values: [dev, prod]\n"
				      "    severity: warning\n"
				      "aliases:\n"
				      "  team: [squad]\n"
				      "excludeNamespaces: [kube-system]\n";

static const char coverage_app[] =
    "apiVersion: v1\n"						    /* 1 */
    "kind: Namespace\n"						    /* 2 */
    "metadata:\n"						    /* 3 */
    "  name: ml\n"						    /* 4 */
    "  labels: {team: ml}\n"					    /* 5 */
    "---\n"							    /* 6 */
    "apiVersion: apps/v1\n"					    /* 7 */
    "kind: Deployment\n"					    /* 8 */
    "metadata:\n"						    /* 9 */
    "  name: web\n"						    /* 10 */
    "  namespace: shop\n"					    /* 11 */
    "  labels: {team: shop, env: prod}\n"			    /* 12 */
    "spec:\n"							    /* 13 */
    "  replicas: 2\n"						    /* 14 */
    "  template:\n"						    /* 15 */
    "    spec:\n"						    /* 16 */
    "      containers:\n"					    /* 17 */
    "        - name: c\n"					    /* 18 */
    "          resources: {requests: {cpu: \"1\", memory: 2Gi}}\n"  /* 19 */
    "---\n"							    /* 20 */
    "apiVersion: apps/v1\n"					    /* 21 */
    "kind: Deployment\n"					    /* 22 */
    "metadata:\n"						    /* 23 */
    "  name: cart\n"						    /* 24 */
    "  namespace: shop\n"					    /* 25 */
    "  labels: {squad: cart, env: staging}\n"			    /* 26 */
    "spec:\n"							    /* 27 */
    "  template:\n"						    /* 28 */
    "    spec:\n"						    /* 29 */
    "      containers:\n"					    /* 30 */
    "        - name: c\n"					    /* 31 */
    "          resources: {requests: {cpu: \"2\", memory: 2Gi}}\n"  /* 32 */
    "---\n"							    /* 33 */
    "apiVersion: apps/v1\n"					    /* 34 */
    "kind: Deployment\n"					    /* 35 */
    "metadata:\n"						    /* 36 */
    "  name: pinned\n"						    /* 37 */
    "  namespace: shop\n"					    /* 38 */
    "  labels: {team: shop, env: dev}\n"			    /* 39 */
    "spec:\n"							    /* 40 */
    "  template:\n"						    /* 41 */
    "    spec:\n"						    /* 42 */
    "      nodeSelector: {disktype: ssd}\n"			    /* 43 */
    "      containers:\n"					    /* 44 */
    "        - name: c\n"					    /* 45 */
    "          resources: {requests: {cpu: 100m}}\n"		    /* 46 */
    "---\n"							    /* 47 */
    "apiVersion: apps/v1\n"					    /* 48 */
    "kind: Deployment\n"					    /* 49 */
    "metadata:\n"						    /* 50 */
    "  name: infer\n"						    /* 51 */
    "  namespace: ml\n"						    /* 52 */
    "  labels: {env: prod}\n"					    /* 53 */
    "spec:\n"							    /* 54 */
    "  template:\n"						    /* 55 */
    "    spec:\n"						    /* 56 */
    "      containers:\n"					    /* 57 */
    "        - name: c\n"					    /* 58 */
    "          resources:\n"					    /* 59 */
    "            requests: {cpu: \"2\", memory: 8Gi}\n"		    /* 60 */
    "            limits: {nvidia.com/gpu: 1}\n"			    /* 61 */
    "---\n"							    /* 62 */
    "apiVersion: apps/v1\n"					    /* 63 */
    "kind: Deployment\n"					    /* 64 */
    "metadata:\n"						    /* 65 */
    "  name: train\n"						    /* 66 */
    "  namespace: ml\n"						    /* 67 */
    "spec:\n"							    /* 68 */
    "  template:\n"						    /* 69 */
    "    spec:\n"						    /* 70 */
    "      containers:\n"					    /* 71 */
    "        - name: c\n"					    /* 72 */
    "          resources:\n"					    /* 73 */
    "            requests: {cpu: \"4\", memory: 16Gi}\n"	    /* 74 */
    "            limits: {nvidia.com/gpu: 1}\n"			    /* 75 */
    "---\n"							    /* 76 */
    "apiVersion: apps/v1\n"					    /* 77 */
    "kind: Deployment\n"					    /* 78 */
    "metadata:\n"						    /* 79 */
    "  name: agent\n"						    /* 80 */
    "  namespace: kube-system\n"				    /* 81 */
    "spec:\n"							    /* 82 */
    "  template:\n"						    /* 83 */
    "    spec:\n"						    /* 84 */
    "      containers:\n"					    /* 85 */
    "        - name: c\n"					    /* 86 */
    "          resources: {requests: {cpu: 100m, memory: 64Mi}}\n"; /* 87 */

/*
 * Monthly costs at declared replicas (0.03/vCPU-h, 0.005/GiB-h, the GPU
 * part 0.60/h, 730 h):
 *   web    2 x (1 x 0.03 + 2 x 0.005)        = 0.08/h ->   $58.40
 *   cart   2 x 0.03 + 2 x 0.005              = 0.07/h ->   $51.10
 *   pinned nodeSelector disktype: ssd fits no node: not charged
 *   infer  2 x 0.03 + 8 x 0.005 + 0.60      = 0.70/h ->  $511.00
 *          of which GPU 0.60 x 730                      =  $438.00
 *   train  4 x 0.03 + 16 x 0.005 + 0.60     = 0.80/h ->  $584.00
 *          of which GPU                                  =  $438.00
 *   agent  kube-system: excluded
 * Labels (team, or squad; env in dev, prod):
 *   web    team, env prod                   compliant
 *   cart   squad (team), env 'staging'      env invalid
 *   pinned team, env dev                    compliant
 *   infer  team from Namespace ml, env prod compliant
 *   train  team from Namespace ml, no env   env missing
 */
#define WEB_M	58400000000LL
#define CART_M	51100000000LL
#define INFER_M 511000000000LL
#define TRAIN_M 584000000000LL
#define GPU_M	438000000000LL

/* Plans the declared scenario of `ws` on config_text into lctx.plan. */
static const mlcap_plan_scenario *plan_declared(const mlcap_set *ws)
{
	mlcap_diags *d = test_diags(5);
	mlcap_load_opts o;
	mlcap_set *cs;
	mlcap_plan_opts po;
	size_t i;

	mlcap_load_opts_init(&o);
	o.config = true;
	cs = load_buf_opts("mlcap.yaml", config_text, strlen(config_text), &o,
			   d);
	mlcap_plan_opts_init(&po);
	po.scenarios = 1u << MLCAP_SCENARIO_DECLARED;
	assert_int_equal(mlcap_plan_run(ws, cs, NULL, &po, &lctx.plan, d), 0);
	if (d->errors)
		dump_diags(d);
	assert_int_equal(d->errors, 0);
	for (i = 0; i < lctx.plan.n_scenarios; i++)
		if (lctx.plan.scenarios[i].scenario == MLCAP_SCENARIO_DECLARED)
			return &lctx.plan.scenarios[i];
	fail_msg("no declared scenario");
	return NULL;
}

static void assert_tally(const mlcap_label_tally *t, const char *name,
			 int64_t workloads, int64_t compliant, int64_t monthly,
			 int64_t compliant_monthly, int64_t gpu,
			 int64_t compliant_gpu)
{
	if (name)
		assert_string_equal(t->name, name);
	else
		assert_null(t->name);
	assert_int_equal(t->workloads, workloads);
	assert_int_equal(t->compliant, compliant);
	assert_int_equal(t->monthly_nanos, monthly);
	assert_int_equal(t->compliant_nanos, compliant_monthly);
	assert_int_equal(t->gpu_nanos, gpu);
	assert_int_equal(t->compliant_gpu_nanos, compliant_gpu);
}

/* The coverage of coverage_app, weighted by its plan, in slot 0. */
static mlcap_labels *coverage_costed(mlcap_policy **policy)
{
	mlcap_set *ws = load_text("app.yaml", coverage_app, test_diags(0));
	const mlcap_plan_scenario *sc;

	assert_int_equal(test_diags(0)->errors, 0);
	sc = plan_declared(ws);
	*policy = policy_clean(0, coverage_policy);
	return labels_of(0, ws, *policy, sc, "custom lab on-demand");
}

static void coverage_by_count_and_by_cost(void **state)
{
	static const char basis[] = "custom lab on-demand";
	mlcap_policy *p;
	mlcap_labels *l = coverage_costed(&p);
	const mlcap_label_finding *f;
	(void)state;

	assert_true(l->costed);
	assert_string_equal(l->cost_basis, basis);
	assert_ptr_not_equal(l->cost_basis, basis); /* copied */
	/* agent (kube-system) is left out; pinned was not charged */
	assert_int_equal(l->excluded, 1);
	assert_int_equal(l->uncosted, 1);
	/*
	 * Total: 5 workloads, 3 compliant (web, pinned, infer);
	 * monthly 58.40 + 51.10 + 0 + 511.00 + 584.00 = $1,204.50,
	 * compliant 58.40 + 0 + 511.00 = $569.40; GPU 438 + 438 = $876.00,
	 * compliant GPU (infer) $438.00.
	 */
	assert_tally(&l->total, NULL, 5, 3, WEB_M + CART_M + INFER_M + TRAIN_M,
		     WEB_M + INFER_M, 2 * GPU_M, GPU_M);
	assert_int_equal(l->total.monthly_nanos, 1204500000000LL);
	assert_int_equal(l->total.compliant_nanos, 569400000000LL);
	/*
	 * By namespace, sorted: ml (infer, train): 2, 1, 511 + 584 =
	 * $1,095.00, $511.00, GPU $876.00 / $438.00; shop (web, cart,
	 * pinned): 3, 2, 58.40 + 51.10 = $109.50, $58.40, no GPU.
	 */
	assert_int_equal(l->n_namespaces, 2);
	assert_tally(&l->namespaces[0], "ml", 2, 1, 1095000000000LL, INFER_M,
		     2 * GPU_M, GPU_M);
	assert_tally(&l->namespaces[1], "shop", 3, 2, 109500000000LL, WEB_M, 0,
		     0);
	/*
	 * By key, in policy order: everyone carries team (cart as squad,
	 * infer and train through ml): 5 of 5, all $1,204.50; env is valid
	 * on web, pinned, infer: 3 of 5, $569.40, GPU $438.00 of $876.00.
	 */
	assert_int_equal(l->n_keys, 2);
	assert_tally(&l->keys[0], "team", 5, 5, 1204500000000LL,
		     1204500000000LL, 2 * GPU_M, 2 * GPU_M);
	assert_tally(&l->keys[1], "env", 5, 3, 1204500000000LL, 569400000000LL,
		     2 * GPU_M, GPU_M);
	/* Findings in namespace, name order: ml/train, shop/cart. */
	assert_int_equal(l->n_findings, 2);
	f = &l->findings[0];
	assert_string_equal(f->key, "ml/train");
	assert_int_equal(f->n_missing, 1);
	assert_int_equal(f->n_invalid, 0);
	assert_string_equal(f->problems[0].rule->key, "env");
	assert_int_equal(f->monthly_nanos, TRAIN_M);
	assert_int_equal(f->gpu_nanos, GPU_M);
	assert_int_equal(f->workload->loc.line, 63);
	f = &l->findings[1];
	assert_string_equal(f->key, "shop/cart");
	assert_int_equal(f->n_missing, 0);
	assert_int_equal(f->n_invalid, 1);
	assert_int_equal(f->monthly_nanos, CART_M);
	assert_int_equal(f->gpu_nanos, 0);
	/* 'staging' at 26:30 ('{' 11, "squad:" 12-17, "cart," 19-23,
	 * "env:" 25-28, ' ', value 30) */
	assert_string_equal(f->problems[0].value, "staging");
	assert_int_equal(f->problems[0].loc.line, 26);
	assert_int_equal(f->problems[0].loc.col, 30);
	assert_int_equal(mlcap_labels_worst(l), MLCAP_WARNING);
}

static void coverage_without_costs_is_by_count_only(void **state)
{
	mlcap_set *ws = load_text("app.yaml", coverage_app, test_diags(0));
	mlcap_labels *l;
	(void)state;

	l = labels_of(0, ws, policy_clean(0, coverage_policy), NULL, NULL);
	assert_false(l->costed);
	assert_null(l->cost_basis);
	assert_int_equal(l->uncosted, 0); /* nothing was priced */
	assert_int_equal(l->excluded, 1);
	assert_tally(&l->total, NULL, 5, 3, 0, 0, 0, 0);
	assert_tally(&l->namespaces[0], "ml", 2, 1, 0, 0, 0, 0);
	assert_tally(&l->namespaces[1], "shop", 3, 2, 0, 0, 0, 0);
	assert_tally(&l->keys[1], "env", 5, 3, 0, 0, 0, 0);
	/* a finding's cost is unknown: -1 */
	assert_int_equal(l->n_findings, 2);
	assert_int_equal(l->findings[0].monthly_nanos, -1);
	assert_int_equal(l->findings[0].gpu_nanos, -1);
}

/* ---- rendering ---- */

static void github_output_escapes_properties_and_messages(void **state)
{
	/*
	 * The file name has ',' ':' and '%', which a property must carry as
	 * %2C %3A %25; env's value holds '%' and a newline (YAML "\n"),
	 * which a message carries as %25 and %0A. The value starts at its
	 * quote, 6:17. Titles escape their ':' too. Without costs there is
	 * no dollar figure.
	 */
	static const char app[] =
	    "apiVersion: apps/v1\n"	     /* 1 */
	    "kind: Deployment\n"	     /* 2 */
	    "metadata:\n"		     /* 3 */
	    "  name: web\n"		     /* 4 */
	    "  namespace: shop\n"	     /* 5 */
	    "  labels: {env: \"50%\\nx\"}\n" /* 6 */
	    "spec: {template: {spec: {containers: [{name: c, image: x}]}}}\n";
	static const char want[] =
	    "::warning file=x%2Cy.yaml,line=2,title=test.rule::rate 5%25"
	    "%0Ahint: try 100%25\n"
	    "::warning file=k8s/a%2Cb%3Ac%25d.yaml,line=1,col=1,"
	    "title=missing cost label%3A team::Deployment shop/web lacks the "
	    "cost label team\n"
	    "::warning file=k8s/a%2Cb%3Ac%25d.yaml,line=6,col=17,"
	    "title=invalid cost label%3A env::Deployment shop/web: env "
	    "'50%25%0Ax': may hold only letters, digits, '-', '_' and '.'\n"
	    "::notice title=cost-label coverage::0 of 1 workloads fully "
	    "labelled (0.00%25)\n";
	mlcap_set *s = load_text("k8s/a,b:c%d.yaml", app, test_diags(0));
	mlcap_diags *d = test_diags(1);
	mlcap_loc at = {"x,y.yaml", 2, 0};
	mlcap_policy *p;
	mlcap_labels *l;
	(void)state;

	assert_int_equal(test_diags(0)->errors, 0);
	p = policy_clean(0, "required: [team, env]\n");
	l = labels_of(0, s, p, NULL, NULL);
	/* a diagnostic of its own: line without column, a hint */
	assert_int_equal(mlcap_diag_add(d, MLCAP_WARNING, "test.rule", &at,
					"try 100%", "rate %s", "5%"),
			 0);
	assert_string_equal(render(l, p, d, MLCAP_FORMAT_GITHUB), want);
}

static void sarif_has_one_rule_per_key_and_consistent_results(void **state)
{
	static const char policy[] = "required:\n"
				     "  - team\n"
				     "  - key: env\n"
				     "    values: [dev, prod]\n"
				     "    severity: error\n"
				     "  - owner\n";
	/* web lacks team and has env 'qa' (error); api lacks owner */
	static const char app[] =
	    "apiVersion: apps/v1\nkind: Deployment\n" /* 1-2 */
	    "metadata:\n"			      /* 3 */
	    "  name: web\n"			      /* 4 */
	    "  namespace: shop\n"		      /* 5 */
	    "  labels: {env: qa, owner: ann}\n"	      /* 6 */
	    "spec: {template: {spec: {containers: [{name: c, image: x}]}}}\n"
	    "---\n"				       /* 8 */
	    "apiVersion: apps/v1\nkind: Deployment\n"  /* 9-10 */
	    "metadata: {name: api, namespace: shop,\n" /* 11 */
	    "  labels: {team: t, env: dev}}\n"
	    "spec: {template: {spec: {containers: [{name: c, image: x}]}}}\n";
	/* results in finding order (shop/api, shop/web), missing first:
	 * rule index, level, line, column */
	static const struct {
		size_t rule;
		const char *level;
		int line, col;
	} want[] = {
	    {2, "warning", 9, 1}, {0, "warning", 1, 1}, {1, "error", 6, 17}};
	static const char *const ids[] = {"cost-label/team", "cost-label/env",
					  "cost-label/owner"};
	static const char *const levels[] = {"warning", "error", "warning"};
	mlcap_set *s = load_text("k8s/my app.yaml", app, test_diags(0));
	mlcap_policy *p = policy_clean(0, policy);
	mlcap_labels *l = labels_of(0, s, p, NULL, NULL);
	json_t *doc, *run, *rules, *results;
	size_t i;
	(void)state;

	assert_int_equal(test_diags(0)->errors, 0);
	doc = parse_json(0, render(l, p, test_diags(1), MLCAP_FORMAT_SARIF));
	assert_string_equal(jstr(doc, "version"), "2.1.0");
	assert_string_equal(jstr(doc, "$schema"),
			    "https://json.schemastore.org/sarif-2.1.0.json");
	assert_int_equal(json_array_size(jget(doc, "runs", JSON_ARRAY)), 1);
	run = json_array_get(json_object_get(doc, "runs"), 0);
	assert_string_equal(
	    jstr(jget(jget(run, "tool", JSON_OBJECT), "driver", JSON_OBJECT),
		 "name"),
	    "mlcap");
	rules = jget(json_object_get(json_object_get(run, "tool"), "driver"),
		     "rules", JSON_ARRAY);
	assert_int_equal(json_array_size(rules), 3);
	for (i = 0; i < 3; i++) {
		json_t *r = json_array_get(rules, i);
		assert_string_equal(jstr(r, "id"), ids[i]);
		assert_string_equal(
		    jstr(jget(r, "defaultConfiguration", JSON_OBJECT), "level"),
		    levels[i]);
	}
	/* the invocation succeeded: no error diagnostics */
	assert_true(json_is_true(json_object_get(
	    json_array_get(jget(run, "invocations", JSON_ARRAY), 0),
	    "executionSuccessful")));
	results = jget(run, "results", JSON_ARRAY);
	assert_int_equal(json_array_size(results), 3);
	for (i = 0; i < 3; i++) {
		json_t *r = json_array_get(results, i);
		json_t *loc =
		    json_array_get(jget(r, "locations", JSON_ARRAY), 0);
		json_t *phys = jget(loc, "physicalLocation", JSON_OBJECT);
		json_t *region = jget(phys, "region", JSON_OBJECT);
		json_int_t idx = jint(r, "ruleIndex");
		assert_int_equal(idx, want[i].rule);
		/* ruleId is the id of rules[ruleIndex] */
		assert_string_equal(
		    jstr(r, "ruleId"),
		    jstr(json_array_get(rules, (size_t)idx), "id"));
		assert_string_equal(jstr(r, "level"), want[i].level);
		/* the space of "my app" is percent-encoded in the URI */
		assert_string_equal(
		    jstr(jget(phys, "artifactLocation", JSON_OBJECT), "uri"),
		    "k8s/my%20app.yaml");
		assert_true(jint(region, "startLine") > 0);
		assert_int_equal(jint(region, "startLine"), want[i].line);
		assert_int_equal(jint(region, "startColumn"), want[i].col);
		assert_non_null(jstr(jget(r, "message", JSON_OBJECT), "text"));
	}
}

static void json_has_coverage_and_findings(void **state)
{
	mlcap_policy *p;
	mlcap_labels *l = coverage_costed(&p);
	json_t *doc, *cov, *findings, *f, *inv;
	(void)state;

	doc = parse_json(0, render(l, p, test_diags(1), MLCAP_FORMAT_JSON));
	/*
	 * Coverage (see coverage_by_count_and_by_cost): 3 of 5 = 60.00%;
	 * 569.40 / 1204.50 = 47.27%; GPU 438 / 876 = 50.00%; unattributed
	 * 1204.50 - 569.40 = $635.10.
	 */
	cov = jget(doc, "coverage", JSON_OBJECT);
	assert_int_equal(jint(cov, "workloads"), 5);
	assert_int_equal(jint(cov, "compliant"), 3);
	assert_true(jnum(cov, "count_percent") == 60.0);
	assert_true(jnum(cov, "cost_percent") == 47.27);
	assert_true(jnum(cov, "gpu_cost_percent") == 50.0);
	assert_true(jnum(cov, "unattributed_monthly_usd") == 635.1);
	assert_true(jnum(cov, "monthly_usd") == 1204.5);
	assert_int_equal(jint(doc, "excluded_workloads"), 1);
	assert_int_equal(jint(doc, "uncosted_workloads"), 1);
	assert_int_equal(jint(doc, "schema_version"), MLCAP_LABELS_SCHEMA);
	assert_string_equal(jstr(doc, "cost_basis"), "custom lab on-demand");
	/* shop has no GPU spend: its GPU share is null, not 0 or 100 */
	assert_true(json_is_null(json_object_get(
	    json_array_get(jget(doc, "namespaces", JSON_ARRAY), 1),
	    "gpu_cost_percent")));

	findings = jget(doc, "findings", JSON_ARRAY);
	assert_int_equal(json_array_size(findings), 2);
	/* ml/train at app.yaml:63, lacking env, $584.00 */
	f = json_array_get(findings, 0);
	assert_string_equal(jstr(f, "kind"), "Deployment");
	assert_string_equal(jstr(f, "namespace"), "ml");
	assert_string_equal(jstr(f, "name"), "train");
	assert_string_equal(jstr(f, "file"), "app.yaml");
	assert_int_equal(jint(f, "line"), 63);
	assert_int_equal(json_array_size(jget(f, "missing", JSON_ARRAY)), 1);
	assert_string_equal(
	    json_string_value(json_array_get(json_object_get(f, "missing"), 0)),
	    "env");
	assert_int_equal(json_array_size(jget(f, "invalid", JSON_ARRAY)), 0);
	assert_true(jnum(f, "monthly_usd") == 584.0);
	/* shop/cart at app.yaml:21, env 'staging' at 26:30, $51.10 */
	f = json_array_get(findings, 1);
	assert_string_equal(jstr(f, "namespace"), "shop");
	assert_string_equal(jstr(f, "name"), "cart");
	assert_string_equal(jstr(f, "file"), "app.yaml");
	assert_int_equal(jint(f, "line"), 21);
	assert_int_equal(json_array_size(jget(f, "missing", JSON_ARRAY)), 0);
	assert_int_equal(json_array_size(jget(f, "invalid", JSON_ARRAY)), 1);
	inv = json_array_get(json_object_get(f, "invalid"), 0);
	assert_string_equal(jstr(inv, "key"), "env");
	assert_string_equal(jstr(inv, "label"), "env");
	assert_string_equal(jstr(inv, "value"), "staging");
	assert_string_equal(jstr(inv, "reason"), "not one of dev, prod");
	assert_string_equal(jstr(inv, "source"), "metadata");
	assert_string_equal(jstr(inv, "file"), "app.yaml");
	assert_int_equal(jint(inv, "line"), 26);
	assert_int_equal(jint(inv, "column"), 30);
	assert_true(jnum(f, "monthly_usd") == 51.1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    labels_case(policy_reads_the_short_and_the_map_forms),
	    labels_case(policy_unknown_keys_are_errors_at_line_and_col),
	    labels_case(policy_bad_pattern_is_an_error_key_still_required),
	    labels_case(policy_severity_must_be_warning_or_error),
	    labels_case(policy_duplicate_key_is_an_error),
	    labels_case(policy_invalid_label_keys_are_errors),
	    labels_case(policy_with_no_required_key_is_a_warning),
	    labels_case(policy_that_requires_nothing_finds_everyone_labelled),
	    labels_case(policy_required_must_be_a_list),
	    labels_case(policy_in_json_reads_like_yaml),
	    labels_case(policy_second_document_is_ignored_with_a_warning),
	    labels_case(policy_invalid_alias_is_an_error),
	    labels_case(policy_labels_from_and_inherit_from_namespace),
	    labels_case(policy_exclude_namespaces),
	    labels_case(label_key_syntax_boundaries),
	    labels_case(label_value_syntax_boundaries),
	    labels_case(aliases_are_transitive),
	    labels_case(aliases_work_in_both_directions),
	    labels_case(namespace_labels_count_only_when_inherited),
	    labels_case(labels_from_metadata_ignores_the_pod_template),
	    labels_case(metadata_wins_over_pod_template_over_namespace),
	    labels_case(coverage_by_count_and_by_cost),
	    labels_case(coverage_without_costs_is_by_count_only),
	    labels_case(github_output_escapes_properties_and_messages),
	    labels_case(sarif_has_one_rule_per_key_and_consistent_results),
	    labels_case(json_has_coverage_and_findings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
