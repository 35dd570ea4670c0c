/*
 * test_load.c - unit tests of the loader's error paths (load*.c and the
 * typed field access of extract.c): each problem is a diagnostic at its
 * exact file:line:col, the bad document or object is dropped, the others
 * are kept, and hostile input (alias bombs, deep nesting, huge scalars,
 * NUL bytes, bad UTF-8) stays within the caps.
 */
#include <stdlib.h>
#include "support.h"

static const mlcap_set_stats *stats(const mlcap_set *s)
{
	return mlcap_set_stats_get(s);
}

/* ---- YAML syntax ---- */

static void yaml_syntax_error_drops_only_its_document(void **state)
{
	static const char y[] =
	    "apiVersion: v1\n"			      /*  1 */
	    "kind: Pod\n"			      /*  2 */
	    "metadata: {name: one}\n"		      /*  3 */
	    "spec:\n"				      /*  4 */
	    "  containers: [{name: a}]\n"	      /*  5 */
	    "---\n"				      /*  6 */
	    "apiVersion: v1\n"			      /*  7 */
	    "kind: Pod\n"			      /*  8 */
	    "metadata:\n"			      /*  9 */
	    "  name: two: bad\n"		      /* 10 */
	    "spec:\n"				      /* 11 */
	    "  containers: [{name: a}]\n"	      /* 12 */
	    "---\n"				      /* 13 */
	    "apiVersion: v1\n"			      /* 14 */
	    "kind: Pod\n"			      /* 15 */
	    "metadata: {name: three}\n"		      /* 16 */
	    "spec:\n"				      /* 17 */
	    "  containers:\n"			      /* 18 */
	    "  - name: a\n"			      /* 19 */
	    "    resources: {requests: {cpu: 2x}}\n"; /* 20 */
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_diag *g;
	const mlcap_workload *w;

	(void)state;
	s = load_text("k8s/pods.yaml", y, d);
	g = get_diag(d, "yaml.syntax");
	/* the second ':' of "  name: two: bad" */
	assert_diag_at(g, MLCAP_ERROR, "k8s/pods.yaml", 10, 12);
	assert_string_equal(g->message,
			    "mapping values are not allowed in this context");
	assert_non_null(g->hint);
	assert_int_equal(count_rule(d, "yaml.syntax"), 1);
	assert_non_null(get_workload(s, "Pod", "one", NULL));
	assert_null(find_workload(s, "Pod", "two", NULL));
	/* document 3 is parsed again with its own line numbers intact */
	assert_null(find_workload(s, "Pod", "three", NULL));
	g = get_diag(d, "quantity.invalid");
	assert_diag_at(g, MLCAP_ERROR, "k8s/pods.yaml", 20, 33);
	assert_int_equal(d->errors, 2);
	assert_int_equal(stats(s)->documents, 3);
	assert_int_equal(stats(s)->rejected, 2);
	free_set(s);
	mlcap_diags_release(d);

	/* The same file with a valid third document keeps it. */
	{
		char fixed[sizeof(y)];
		char *p;

		memcpy(fixed, y, sizeof(y));
		p = strstr(fixed, "2x");
		p[1] = ' ';
		s = load_text("k8s/pods.yaml", fixed, d);
		w = get_workload(s, "Pod", "three", NULL);
		assert_int_equal(w->loc.line, 14);
		assert_int_equal(w->loc.col, 1);
		assert_int_equal(w->pod.containers[0].loc.line, 19);
		assert_int_equal(w->pod_requests.cpu_millis, 2000);
		assert_int_equal(n_workloads(s), 2);
		assert_int_equal(d->errors, 1);
		free_set(s);
		mlcap_diags_release(d);
	}
}

/* ---- field values ---- */

static void invalid_quantity_is_an_error_at_the_value(void **state)
{
	static const char y[] = "apiVersion: apps/v1\n"		 /*  1 */
				"kind: Deployment\n"		 /*  2 */
				"metadata: {name: bad}\n"	 /*  3 */
				"spec:\n"			 /*  4 */
				"  template:\n"			 /*  5 */
				"    spec:\n"			 /*  6 */
				"      containers:\n"		 /*  7 */
				"      - name: a\n"		 /*  8 */
				"        resources:\n"		 /*  9 */
				"          requests:\n"		 /* 10 */
				"            cpu: 1.5.5\n"	 /* 11 */
				"            memory: 1Gi\n"	 /* 12 */
				"          limits:\n"		 /* 13 */
				"            memory: \"12Gb\"\n" /* 14 */
				"---\n"				 /* 15 */
				"apiVersion: v1\n"		 /* 16 */
				"kind: Pod\n"			 /* 17 */
				"metadata: {name: good}\n"	 /* 18 */
				"spec:\n"			 /* 19 */
				"  containers: [{name: a}]\n";	 /* 20 */
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_diag *g;

	(void)state;
	s = load_text("t.yaml", y, d);
	assert_int_equal(d->errors, 2);
	g = &d->items[0];
	assert_string_equal(g->rule, "quantity.invalid");
	assert_diag_at(g, MLCAP_ERROR, "t.yaml", 11, 18);
	assert_string_equal(g->message, "invalid quantity \"1.5.5\" for "
					"resources.requests.cpu");
	assert_non_null(g->hint);
	g = &d->items[1];
	assert_string_equal(g->rule, "quantity.invalid");
	assert_diag_at(g, MLCAP_ERROR, "t.yaml", 14, 21); /* the quote */
	assert_string_equal(g->message, "invalid quantity \"12Gb\" for "
					"resources.limits.memory");
	/* the object is left out, the next one kept */
	assert_null(find_workload(s, NULL, "bad", NULL));
	assert_non_null(get_workload(s, "Pod", "good", NULL));
	assert_int_equal(n_workloads(s), 1);
	assert_int_equal(stats(s)->rejected, 1);
	assert_int_equal(stats(s)->documents, 2);
	assert_int_equal(stats(s)->objects, 2);
	free_set(s);
	mlcap_diags_release(d);
}

static void negative_and_fractional_quantities_are_errors(void **state)
{
	static const char y[] =
	    "apiVersion: v1\n"
	    "kind: Pod\n"
	    "metadata: {name: p}\n"
	    "spec:\n"
	    "  containers:\n"
	    "  - name: a\n"
	    "    resources:\n"
	    "      requests: {cpu: -1}\n"
	    "      limits: {nvidia.com/gpu: 0.5, memory: 9Ei}\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;

	(void)state;
	s = load_text("t.yaml", y, d);
	assert_int_equal(d->errors, 3);
	assert_diag_at(get_diag(d, "quantity.negative"), MLCAP_ERROR, "t.yaml",
		       8, 23);
	assert_diag_at(get_diag(d, "quantity.fraction"), MLCAP_ERROR, "t.yaml",
		       9, 32);
	assert_diag_at(get_diag(d, "quantity.overflow"), MLCAP_ERROR, "t.yaml",
		       9, 45);
	assert_int_equal(n_workloads(s), 0);
	assert_int_equal(stats(s)->rejected, 1);
	free_set(s);
	mlcap_diags_release(d);
}

static void wrongly_typed_fields_are_errors(void **state)
{
	static const char y[] =
	    "apiVersion: apps/v1\n"		     /*  1 */
	    "kind: Deployment\n"		     /*  2 */
	    "metadata: {name: quoted}\n"	     /*  3 */
	    "spec:\n"				     /*  4 */
	    "  replicas: \"3\"\n"		     /*  5 */
	    "  template:\n"			     /*  6 */
	    "    spec: {containers: [{name: a}]}\n"  /* 7 */
	    "---\n"				     /*  8 */
	    "apiVersion: apps/v1\n"		     /*  9 */
	    "kind: Deployment\n"		     /* 10 */
	    "metadata: {name: fraction}\n"	     /* 11 */
	    "spec:\n"				     /* 12 */
	    "  replicas: 2.5\n"			     /* 13 */
	    "  template:\n"			     /* 14 */
	    "    spec: {containers: [{name: a}]}\n"  /* 15 */
	    "---\n"				     /* 16 */
	    "apiVersion: v1\n"			     /* 17 */
	    "kind: Pod\n"			     /* 18 */
	    "metadata: {name: map}\n"		     /* 19 */
	    "spec:\n"				     /* 20 */
	    "  containers:\n"			     /* 21 */
	    "    name: a\n"			     /* 22 */
	    "---\n"				     /* 23 */
	    "apiVersion: apps/v1\n"		     /* 24 */
	    "kind: Deployment\n"		     /* 25 */
	    "metadata: {name: ok}\n"		     /* 26 */
	    "spec:\n"				     /* 27 */
	    "  replicas: 2\n"			     /* 28 */
	    "  template:\n"			     /* 29 */
	    "    spec: {containers: [{name: a}]}\n"; /* 30 */
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_diag *g;

	(void)state;
	s = load_text("t.yaml", y, d);
	assert_int_equal(d->errors, 3);
	assert_int_equal(count_rule(d, "type"), 3);
	g = &d->items[0];
	assert_diag_at(g, MLCAP_ERROR, "t.yaml", 5, 13);
	assert_string_equal(g->message,
			    "'replicas' must be an integer, not a string");
	g = &d->items[1];
	assert_diag_at(g, MLCAP_ERROR, "t.yaml", 13, 13);
	assert_string_equal(g->message,
			    "'replicas' must be an integer, not '2.5'");
	g = &d->items[2];
	assert_diag_at(g, MLCAP_ERROR, "t.yaml", 22, 5);
	assert_string_equal(g->message, "containers must be a list, not a map");
	assert_int_equal(n_workloads(s), 1);
	assert_non_null(get_workload(s, "Deployment", "ok", NULL));
	assert_int_equal(stats(s)->rejected, 3);
	free_set(s);
	mlcap_diags_release(d);
}

static void underscores_do_not_make_a_quantity_string_valid(void **state)
{
	/*
	 * YAML 1.1 drops '_' only from what it reads as a number: "1_000Mi"
	 * is neither int nor float, so the decoder passes the string as is
	 * and resource.Quantity rejects it.
	 */
	static const char y[] =
	    "apiVersion: v1\n"
	    "kind: Pod\n"
	    "metadata: {name: p}\n"
	    "spec:\n"
	    "  containers:\n"
	    "  - name: a\n"
	    "    resources: {requests: {memory: 1_000Mi}}\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_diag *g;

	(void)state;
	s = load_text("t.yaml", y, d);
	g = get_diag(d, "quantity.invalid");
	assert_diag_at(g, MLCAP_ERROR, "t.yaml", 7, 36);
	assert_string_equal(g->message, "invalid quantity \"1_000Mi\" for "
					"resources.requests.memory");
	assert_int_equal(n_workloads(s), 0);
	free_set(s);
	mlcap_diags_release(d);
}

/* ---- hostile YAML ---- */

#define LOL9(x) "[" x "," x "," x "," x "," x "," x "," x "," x "," x "]"

static const char billion_laughs[] =
    "apiVersion: v1\n"	      /*  1 */
    "kind: ConfigMap\n"	      /*  2 */
    "metadata: {name: lol}\n" /*  3 */
    "data:\n"		      /*  4 */
    "  a: &a " LOL9(
	"\"lol\"") "\n" /*  5 */
		   "  b: &b " LOL9(
		       "*a") "\n" /*  6 */
			     "  c: &c " LOL9(
				 "*b") "\n" /*  7 */
				       "  d: &d " LOL9(
					   "*c") "\n" /*  8 */
						 "  e: &e " LOL9(
						     "*d") "\n" /*  9 */
							   "  f: &f " LOL9(
							       "*e") "\n" /* 10
									   */
								     "  g: "
								     "&g " LOL9(
									 "*f") "\n" /* 11 */
									       "  h: &h " LOL9(
										   "*g") "\n" /* 12 */
											 "  i: &i " LOL9(
											     "*h") "\n" /* 13 */
												   "---\n" /* 14 */
												   "apiVersion: v1\n" /* 15 */
												   "kind: Pod\n" /* 16 */
												   "metadata: {name: after}\n" /* 17 */
												   "spec: {containers: [{name: a}]}\n"; /* 18 */

static void alias_bomb_is_stopped_within_the_budget(void **state)
{
	mlcap_load_opts o;
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_diag *g;

	(void)state;
	/*
	 * Nodes added by aliases: b 9x10, c 9x91, d 9x820, e 9x7381,
	 * f 9x66430 = 672588; g's first *f adds 597871 and passes the
	 * default budget of 1000000.
	 */
	s = load_text("lol.yaml", billion_laughs, d);
	g = get_diag(d, "yaml.alias_bomb");
	assert_diag_at(g, MLCAP_ERROR, "lol.yaml", 11, 10);
	assert_int_equal(d->errors, 1);
	assert_non_null(get_workload(s, "Pod", "after", NULL));
	assert_int_equal(stats(s)->rejected, 1);
	free_set(s);
	mlcap_diags_release(d);

	/* A budget of 100: b adds 90, c's first *b 91 more. */
	mlcap_load_opts_init(&o);
	o.max_alias_nodes = 100;
	s = load_buf_opts("lol.yaml", billion_laughs, strlen(billion_laughs),
			  &o, d);
	assert_diag_at(get_diag(d, "yaml.alias_bomb"), MLCAP_ERROR, "lol.yaml",
		       7, 10);
	assert_non_null(get_workload(s, "Pod", "after", NULL));
	free_set(s);
	mlcap_diags_release(d);
}

static void undefined_alias_is_an_error(void **state)
{
	static const char y[] = "apiVersion: v1\n"
				"kind: Pod\n"
				"metadata: {name: p, labels: *nope}\n"
				"spec: {containers: [{name: a}]}\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;

	(void)state;
	s = load_text("t.yaml", y, d);
	assert_int_equal(d->errors, 1);
	assert_int_equal(d->items[0].severity, MLCAP_ERROR);
	assert_int_equal(d->items[0].line, 3);
	assert_int_equal(n_workloads(s), 0);
	free_set(s);
	mlcap_diags_release(d);
}

static void nesting_10000_deep_is_rejected_at_the_depth_cap(void **state)
{
	size_t depth = 10000, n = 0, i;
	char *y = buf_alloc(2 * depth + 256);
	const char *tail = "\n---\napiVersion: v1\nkind: Pod\n"
			   "metadata: {name: after}\n"
			   "spec: {containers: [{name: a}]}\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;

	(void)state;
	assert_non_null(y);
	memcpy(y, "a: ", 3);
	n = 3;
	for (i = 0; i < depth; i++)
		y[n++] = '[';
	for (i = 0; i < depth; i++)
		y[n++] = ']';
	memcpy(y + n, tail, strlen(tail));
	n += strlen(tail);
	s = load_buf_opts("deep.yaml", y, n, NULL, d);
	/*
	 * The root map is level 1, so the 256th '[' (column 3 + 256) would
	 * be level 257, one past the default cap of 256.
	 */
	assert_diag_at(get_diag(d, "yaml.depth"), MLCAP_ERROR, "deep.yaml", 1,
		       259);
	assert_int_equal(d->errors, 1);
	assert_non_null(get_workload(s, "Pod", "after", NULL));
	assert_int_equal(stats(s)->rejected, 1);
	free_set(s);
	mlcap_diags_release(d);
	buf_free(y);
}

static void json_nesting_past_the_cap_is_rejected(void **state)
{
	size_t depth = 300, n = 0, i;
	char y[1024];
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;

	(void)state;
	memcpy(y, "{\"a\":", 5);
	n = 5;
	for (i = 0; i < depth; i++)
		y[n++] = '[';
	for (i = 0; i < depth; i++)
		y[n++] = ']';
	y[n++] = '}';
	y[n] = '\0';
	s = load_text("deep.json", y, d);
	/* level 257 is the 257th '[', at column 5 + 257 */
	assert_diag_at(get_diag(d, "json.depth"), MLCAP_ERROR, "deep.json", 1,
		       262);
	assert_int_equal(d->errors, 1);
	assert_int_equal(stats(s)->rejected, 1);
	free_set(s);
	mlcap_diags_release(d);
}

static void scalar_of_2_mib_is_rejected(void **state)
{
	const size_t big = 2u << 20;
	const char *head = "apiVersion: v1\n"
			   "kind: ConfigMap\n"
			   "metadata: {name: big}\n"
			   "data:\n"
			   "  blob: ";
	const char *tail = "\n---\napiVersion: v1\nkind: Pod\n"
			   "metadata: {name: after}\n"
			   "spec: {containers: [{name: a}]}\n";
	size_t hl = strlen(head), tl = strlen(tail), n;
	char *y = buf_alloc(hl + big + tl);
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_diag *g;

	(void)state;
	assert_non_null(y);
	memcpy(y, head, hl);
	memset(y + hl, 'x', big);
	memcpy(y + hl + big, tail, tl);
	n = hl + big + tl;
	s = load_buf_opts("big.yaml", y, n, NULL, d);
	g = get_diag(d, "yaml.scalar_size");
	assert_diag_at(g, MLCAP_ERROR, "big.yaml", 5, 9);
	assert_string_equal(g->message, "string of 2097152 bytes is longer "
					"than the limit of 1048576");
	assert_int_equal(d->errors, 1);
	assert_non_null(get_workload(s, "Pod", "after", NULL));
	free_set(s);
	mlcap_diags_release(d);
	buf_free(y);
}

/*
 * Three Pod documents; the second's name holds `bad` from line 9, col 10.
 * The error must be at column `col` of line 9.
 */
static void encoding_case(const char *bad, size_t bad_len, uint32_t col)
{
	static const char one[] = "apiVersion: v1\n"		      /* 1 */
				  "kind: Pod\n"			      /* 2 */
				  "metadata: {name: one}\n"	      /* 3 */
				  "spec: {containers: [{name: a}]}\n" /* 4 */
				  "---\n"			      /* 5 */
				  "apiVersion: v1\n"		      /* 6 */
				  "kind: Pod\n"			      /* 7 */
				  "metadata:\n"			      /* 8 */
				  "  name: x";			      /* 9 */
	static const char three[] = "y\n"
				    "spec: {containers: [{name: a}]}\n" /* 10 */
				    "---\n"				/* 11 */
				    "apiVersion: v1\n"			/* 12 */
				    "kind: Pod\n"			/* 13 */
				    "metadata: {name: three}\n"		/* 14 */
				    "spec: {containers: [{name: a}]}\n";
	char y[1024];
	size_t n = 0;
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_diag *g;

	memcpy(y, one, sizeof(one) - 1);
	n = sizeof(one) - 1;
	memcpy(y + n, bad, bad_len);
	n += bad_len;
	memcpy(y + n, three, sizeof(three) - 1);
	n += sizeof(three) - 1;
	s = load_buf_opts("enc.yaml", y, n, NULL, d);
	g = get_diag(d, "yaml.encoding");
	assert_diag_at(g, MLCAP_ERROR, "enc.yaml", 9, col);
	assert_non_null(g->hint);
	assert_int_equal(d->errors, 1);
	assert_non_null(get_workload(s, "Pod", "three", NULL));
	assert_int_equal(get_workload(s, "Pod", "three", NULL)->loc.line, 12);
	/* one bad document never loses the good ones (DESIGN.md) */
	assert_non_null(get_workload(s, "Pod", "one", NULL));
	assert_int_equal(n_workloads(s), 2);
	free_set(s);
	mlcap_diags_release(d);
}

static void nul_byte_is_an_encoding_error_with_its_line(void **state)
{
	(void)state;
	encoding_case("\0", 1, 10);
}

static void invalid_utf8_is_an_encoding_error_with_its_line(void **state)
{
	(void)state;
	encoding_case("\xff", 1, 10);
	/* a lead byte without its continuation: libyaml points at the
	 * byte that should have continued it */
	encoding_case("\xc3\x28", 2, 11);
}

/* ---- JSON ---- */

static void malformed_json_is_an_error_at_its_line_and_column(void **st)
{
	static const char j[] = "{\n"
				"  \"apiVersion\": \"v1\",\n"
				"  \"kind\": \"Pod\"\n"
				"  \"metadata\": {\"name\": \"p\"}\n"
				"}\n";
	static const char two[] =
	    "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": "
	    "{\"name\": \"a\"}, \"spec\": {\"containers\": "
	    "[{\"name\": \"a\"}]}}\n"
	    "{\"apiVersion\": \"v1\", \"kind\": }\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_diag *g;

	(void)st;
	s = load_text("p.json", j, d);
	g = get_diag(d, "json.syntax");
	/* jansson reports the end of the unexpected "metadata" token */
	assert_diag_at(g, MLCAP_ERROR, "p.json", 4, 12);
	assert_non_null(strstr(g->message, "metadata"));
	assert_int_equal(d->errors, 1);
	assert_int_equal(n_workloads(s), 0);
	assert_int_equal(stats(s)->rejected, 1);
	free_set(s);
	mlcap_diags_release(d);

	/* Concatenated values: the first is kept, the error is on line 2. */
	s = load_text("two.json", two, d);
	assert_diag_at(get_diag(d, "json.syntax"), MLCAP_ERROR, "two.json", 2,
		       30);
	assert_int_equal(d->errors, 1);
	assert_non_null(get_workload(s, "Pod", "a", NULL));
	free_set(s);
	mlcap_diags_release(d);
}

static void json_duplicate_keys_are_rejected(void **state)
{
	static const char j[] =
	    "{\"apiVersion\": \"v1\", \"kind\": \"Pod\",\n"
	    " \"metadata\": {\"name\": \"p\", \"name\": \"q\"},\n"
	    " \"spec\": {\"containers\": [{\"name\": \"a\"}]}}\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_diag *g;

	(void)state;
	s = load_text("dup.json", j, d);
	g = get_diag(d, "json.syntax");
	assert_int_equal(g->severity, MLCAP_ERROR);
	assert_int_equal(g->line, 2);
	assert_non_null(strstr(g->message, "duplicate"));
	assert_int_equal(n_workloads(s), 0);
	free_set(s);
	mlcap_diags_release(d);
}

/* ---- nothing to read ---- */

static void empty_and_comment_only_input_is_silent(void **state)
{
	static const struct {
		const char *name, *text;
	} cases[] = {
	    {"empty.yaml", ""},
	    {"blank.yaml", "\n\n   \n"},
	    {"sep.yaml", "---\n"},
	    {"seps.yaml", "---\n---\n---\n"},
	    {"comment.yaml", "# only a comment\n"},
	    {"mixed.yaml", "# a\n---\n# b\n---\n...\n"},
	    {"null.yaml", "---\nnull\n---\n~\n"},
	    {"empty.json", ""},
	    {"blank.json", " \n\t\n"},
	    {"noext", ""},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		mlcap_diags *d = test_diags(0);
		mlcap_set *s = load_text(cases[i].name, cases[i].text, d);
		if (d->count)
			dump_diags(d);
		assert_int_equal(d->count, 0);
		assert_int_equal(n_workloads(s), 0);
		assert_int_equal(stats(s)->rejected, 0);
		assert_int_equal(stats(s)->objects, 0);
		assert_int_equal(stats(s)->files, 1);
		free_set(s);
		mlcap_diags_release(d);
	}
}

static void non_kubernetes_document_gives_a_note(void **state)
{
	static const char y[] = "foo: bar\n"
				"baz: [1, 2]\n"
				"---\n"
				"- just\n"
				"- a list\n"
				"---\n"
				"kind: Pod\n"
				"metadata: {name: no-api-version}\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;

	(void)state;
	s = load_text("values.yaml", y, d);
	assert_int_equal(d->errors, 0);
	assert_int_equal(d->warnings, 0);
	assert_int_equal(d->notes, 3);
	assert_int_equal(count_rule(d, "skip.not_k8s"), 3);
	assert_diag_at(&d->items[0], MLCAP_NOTE, "values.yaml", 1, 1);
	assert_diag_at(&d->items[1], MLCAP_NOTE, "values.yaml", 4, 1);
	assert_diag_at(&d->items[2], MLCAP_NOTE, "values.yaml", 7, 1);
	assert_int_equal(stats(s)->skipped_unknown, 3);
	assert_int_equal(stats(s)->documents, 3);
	assert_int_equal(n_workloads(s), 0);
	free_set(s);
	mlcap_diags_release(d);
}

static void unreadable_path_is_an_io_error(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_set *s = NULL;
	const mlcap_diag *g;

	(void)state;
	assert_int_equal(mlcap_set_new(&s, NULL), 0);
	track_set(s);
	assert_int_equal(mlcap_set_add_path(s, "/nonexistent/mlcap/x.yaml", d),
			 0);
	g = get_diag(d, "io");
	assert_diag_at(g, MLCAP_ERROR, "/nonexistent/mlcap/x.yaml", 0, 0);
	assert_int_equal(d->errors, 1);
	free_set(s);
	mlcap_diags_release(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    unit_case(yaml_syntax_error_drops_only_its_document),
	    unit_case(invalid_quantity_is_an_error_at_the_value),
	    unit_case(negative_and_fractional_quantities_are_errors),
	    unit_case(wrongly_typed_fields_are_errors),
	    unit_case(underscores_do_not_make_a_quantity_string_valid),
	    unit_case(alias_bomb_is_stopped_within_the_budget),
	    unit_case(undefined_alias_is_an_error),
	    unit_case(nesting_10000_deep_is_rejected_at_the_depth_cap),
	    unit_case(json_nesting_past_the_cap_is_rejected),
	    unit_case(scalar_of_2_mib_is_rejected),
	    unit_case(nul_byte_is_an_encoding_error_with_its_line),
	    unit_case(invalid_utf8_is_an_encoding_error_with_its_line),
	    unit_case(malformed_json_is_an_error_at_its_line_and_column),
	    unit_case(json_duplicate_keys_are_rejected),
	    unit_case(empty_and_comment_only_input_is_silent),
	    unit_case(non_kubernetes_document_gives_a_note),
	    unit_case(unreadable_path_is_an_io_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
