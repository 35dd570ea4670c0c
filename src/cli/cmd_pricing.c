/*
 * cmd_pricing.c - `mlcap pricing build|list|show|import`: the price
 * catalog from the command line. Each sub-command has its own option
 * table; all of them open the catalog through catalog_path.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "catalog_path.h"
#include "cmd.h"
#include "opt.h"
#include "out.h"

static const char *const formats3[] = {"text", "json", "csv", NULL};
static const char *const purchases[] = {
    "on-demand",    "spot",	    "reserved-1y", "reserved-3y",
    "committed-1y", "committed-3y", NULL};

static mlcap_format format_of(const char *f)
{
	return !strcmp(f, "json")  ? MLCAP_FORMAT_JSON
	       : !strcmp(f, "csv") ? MLCAP_FORMAT_CSV
				   : MLCAP_FORMAT_TEXT;
}

/* Shared ending: diagnostics, exit code, cleanup of what is given. */
static int finish(const char *cmd, int st, mlcap_diags *d, bool verbose)
{
	int rc = st < 0 && st != MLCAP_EDB ? cli_fail(cmd, st)
		 : st < 0		   ? MLCAP_EXIT_ERROR
					   : cli_exit_for(d);
	cli_print_diags(stderr, d, cli_use_color(stderr, "auto"), verbose);
	mlcap_diags_release(d);
	return rc;
}

static int pricing_build(int argc, char **argv)
{
	const char *out = NULL;
	const struct cli_opt opts[] = {
	    {"out", 'o', CLI_OPT_STRING, &out, "FILE",
	     "where to write the catalog (default: --prices logic)", NULL},
	};
	const struct cli_cmd_spec spec = {
	    "pricing build", "[--out FILE]",
	    "Build the price catalog from mlcap's seed tables (pricing/seed)\n"
	    "in one transaction, replacing FILE only when complete.",
	    opts, sizeof(opts) / sizeof(opts[0])};
	mlcap_diags d;
	char **pos = NULL;
	size_t n = 0;
	int st = cli_parse(&spec, argc, argv, &pos, &n);

	free(pos);
	if (st != 0)
		return st > 0 ? MLCAP_EXIT_OK : MLCAP_EXIT_ERROR;
	mlcap_diags_init(&d);
	if (!out)
		out = getenv("MLCAP_PRICES");
	if (!out || !*out) {
		fprintf(stderr, "mlcap pricing build: give --out FILE (or set "
				"MLCAP_PRICES)\n");
		mlcap_diags_release(&d);
		return MLCAP_EXIT_ERROR;
	}
	st = cli_catalog_build(out, &d);
	if (st == 0)
		printf("built %s from %s/seed\n", out, cli_pricing_dir());
	return finish("pricing build", st, &d, false);
}

/* A type without a price where asked: an error naming the nearest. */
static int no_price(mlcap_catalog *cat, const mlcap_price_query *q,
		    mlcap_diags *d)
{
	const char *near[5];
	char hint[1024];
	mlcap_arena ar;
	size_t len = 0;
	int n, i;

	mlcap_arena_init(&ar);
	n = mlcap_catalog_suggest(cat, q->provider, q->instance_type, q->region,
				  near, 5, &ar, d);
	if (n < 0) {
		mlcap_arena_release(&ar);
		return n;
	}
	hint[0] = '\0';
	for (i = 0; i < n && len < sizeof(hint); i++)
		len += (size_t)snprintf(hint + len, sizeof(hint) - len, "%s%s",
					i ? ", " : "nearest: ", near[i]);
	mlcap_diag_add(d, MLCAP_ERROR, "catalog.no_price", NULL,
		       n ? hint : "see 'mlcap pricing list' for known types",
		       "no price for instance type '%s'%s%s%s%s",
		       q->instance_type, q->provider ? " of " : "",
		       q->provider ? q->provider : "", q->region ? " in " : "",
		       q->region ? q->region : "");
	mlcap_arena_release(&ar);
	return 0;
}

/* YYYY-MM-DD with a month and day in range: what --as-of compares. */
static bool is_day(const char *s)
{
	int i;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
			return false;
	return !s[10] && (s[5] - '0') * 10 + (s[6] - '0') >= 1 &&
	       (s[5] - '0') * 10 + (s[6] - '0') <= 12 &&
	       (s[8] - '0') * 10 + (s[9] - '0') >= 1 &&
	       (s[8] - '0') * 10 + (s[9] - '0') <= 31;
}

static int pricing_query(int argc, char **argv, bool show)
{
	static const char *const colors[] = {"auto", "always", "never", NULL};
	mlcap_price_query q;
	const char *format = "text", *prices = NULL, *color = "auto";
	const char *min_gpus = NULL;
	const struct cli_opt list_opts[] = {
	    {"provider", 0, CLI_OPT_STRING, &q.provider, "P",
	     "aws, gcp, azure or custom", NULL},
	    {"region", 0, CLI_OPT_STRING, &q.region, "R",
	     "e.g. us-east-1, europe-west4", NULL},
	    {"gpu", 0, CLI_OPT_STRING, &q.gpu_model, "MODEL",
	     "GPU model, e.g. H100, A100-80GB, L4", NULL},
	    {"min-gpus", 0, CLI_OPT_STRING, &min_gpus, "N",
	     "at least N GPUs per instance", NULL},
	    {"purchase", 0, CLI_OPT_CHOICE, &q.purchase, "OPTION",
	     "on-demand, spot, reserved-1y, reserved-3y, committed-1y, "
	     "committed-3y",
	     purchases},
	    {"as-of", 0, CLI_OPT_STRING, &q.as_of, "DATE",
	     "prices in force on DATE (YYYY-MM-DD; default: latest)", NULL},
	    {"format", 'o', CLI_OPT_CHOICE, &format, "FORMAT",
	     "text (default), json or csv", formats3},
	    {"prices", 0, CLI_OPT_STRING, &prices, "FILE",
	     "price catalog (default: $MLCAP_PRICES, else built on first "
	     "use)",
	     NULL},
	    {"color", 0, CLI_OPT_CHOICE, &color, "WHEN",
	     "auto (default), always or never", colors},
	};
	const struct cli_cmd_spec list_spec = {
	    show ? "pricing show" : "pricing list",
	    show ? "TYPE [OPTIONS]" : "[OPTIONS]",
	    show ? "Show everything known about one instance type: its "
		   "specs and every\ndated price, with sources."
		 : "List instance types and the prices in force, filtered "
		   "by provider,\nregion, GPU model and count, purchase "
		   "option and date.",
	    list_opts, sizeof(list_opts) / sizeof(list_opts[0])};
	mlcap_catalog *cat = NULL;
	mlcap_price_list l;
	mlcap_render_opts ro;
	mlcap_diags d;
	char **pos = NULL;
	size_t n = 0;
	int st;

	memset(&q, 0, sizeof(q));
	st = cli_parse(&list_spec, argc, argv, &pos, &n);
	if (st != 0) {
		free(pos);
		return st > 0 ? MLCAP_EXIT_OK : MLCAP_EXIT_ERROR;
	}
	if (show ? n != 1 : n != 0) {
		fprintf(stderr, "mlcap %s: %s\n", list_spec.name,
			show ? "give one instance type"
			     : "takes no arguments; use the filters");
		free(pos);
		return MLCAP_EXIT_ERROR;
	}
	if (q.as_of && !is_day(q.as_of)) {
		fprintf(stderr,
			"mlcap %s: --as-of wants a date YYYY-MM-DD, not "
			"'%s'\n",
			list_spec.name, q.as_of);
		free(pos);
		return MLCAP_EXIT_ERROR;
	}
	if (min_gpus) {
		char *end;
		long v = strtol(min_gpus, &end, 10);
		if (*end || v < 0 || v > 1024) {
			fprintf(stderr,
				"mlcap %s: --min-gpus wants a whole "
				"number\n",
				list_spec.name);
			free(pos);
			return MLCAP_EXIT_ERROR;
		}
		q.min_gpus = (int)v;
	}
	if (show) {
		q.instance_type = pos[0];
		q.history = true;
	}
	mlcap_diags_init(&d);
	mlcap_price_list_init(&l);
	st = cli_catalog_open(&cat, prices, false, &d);
	if (st == 0)
		st = mlcap_catalog_prices(cat, &q, &l, &d);
	if (st == 0 && show && l.count == 0)
		st = no_price(cat, &q, &d);
	if (st == 0 && (!show || l.count)) {
		memset(&ro, 0, sizeof(ro));
		ro.color = cli_use_color(stdout, color);
		ro.show_sources = show; /* show promises every source */
		st = mlcap_render_prices(stdout, &l, format_of(format), &ro);
	}
	mlcap_price_list_release(&l);
	mlcap_catalog_free(cat);
	free(pos);
	return finish(list_spec.name, st, &d, false);
}

static int pricing_rates(int argc, char **argv)
{
	static const char *const formats2[] = {"text", "json", NULL};
	mlcap_price_query q;
	const char *format = "text", *prices = NULL;
	const struct cli_opt opts[] = {
	    {"provider", 0, CLI_OPT_STRING, &q.provider, "P",
	     "aws, gcp, azure or custom (required)", NULL},
	    {"region", 0, CLI_OPT_STRING, &q.region, "R", "region (required)",
	     NULL},
	    {"purchase", 0, CLI_OPT_CHOICE, &q.purchase, "OPTION",
	     "purchase option (default on-demand)", purchases},
	    {"as-of", 0, CLI_OPT_STRING, &q.as_of, "DATE",
	     "prices in force on DATE (YYYY-MM-DD)", NULL},
	    {"format", 'o', CLI_OPT_CHOICE, &format, "FORMAT",
	     "text (default) or json", formats2},
	    {"prices", 0, CLI_OPT_STRING, &prices, "FILE", "price catalog",
	     NULL},
	};
	const struct cli_cmd_spec spec = {
	    "pricing rates", "--provider P --region R [OPTIONS]",
	    "Show the CPU $/vCPU-hour and memory $/GiB-hour rates fitted\n"
	    "(least squares, no intercept) over the CPU-only types of a\n"
	    "region, with every input and residual, and how each GPU type's\n"
	    "price splits into CPU/memory and GPU spend at those rates.",
	    opts, sizeof(opts) / sizeof(opts[0])};
	mlcap_catalog *cat = NULL;
	mlcap_price_list l;
	mlcap_rates r;
	mlcap_diags d;
	char **pos = NULL;
	size_t n = 0;
	int st;

	memset(&q, 0, sizeof(q));
	st = cli_parse(&spec, argc, argv, &pos, &n);
	free(pos);
	if (st != 0)
		return st > 0 ? MLCAP_EXIT_OK : MLCAP_EXIT_ERROR;
	if (!q.provider || !q.region || n) {
		fprintf(stderr, "mlcap pricing rates: give --provider and "
				"--region\n");
		return MLCAP_EXIT_ERROR;
	}
	if (!q.purchase)
		q.purchase = "on-demand";
	mlcap_diags_init(&d);
	mlcap_price_list_init(&l);
	st = cli_catalog_open(&cat, prices, false, &d);
	if (st == 0)
		st = mlcap_catalog_prices(cat, &q, &l, &d);
	if (st == 0 && (st = mlcap_catalog_declared_rates(
			    cat, q.provider, q.region, q.as_of, &r, &d)) > 0) {
		st = mlcap_render_rates(stdout, &r, &l, format_of(format));
	} else if (st == 0 && mlcap_rates_fit(&l, &r) != 0) {
		mlcap_diag_add(&d, MLCAP_ERROR, "rates.fit", NULL,
			       "the catalog needs CPU-only types of at least "
			       "two vCPU:memory ratios in this region",
			       "cannot fit CPU and memory rates for %s %s %s",
			       q.provider, q.region, q.purchase);
	} else if (st == 0) {
		st = mlcap_render_rates(stdout, &r, &l, format_of(format));
	}
	mlcap_price_list_release(&l);
	mlcap_catalog_free(cat);
	return finish("pricing rates", st, &d, false);
}

/* The import's counts, and why rows were left out. */
static void print_report(const char *file, const mlcap_import_report *r,
			 bool failed)
{
	size_t i;

	printf("%s: %zu rows read, %zu imported, %zu unchanged, %zu "
	       "conflicting, %zu skipped, %zu invalid, %zu new instance "
	       "types%s\n",
	       file, r->read, r->imported, r->unchanged, r->conflicts,
	       r->skipped, r->errors, r->types_added,
	       failed ? "; nothing written (see the errors)" : "");
	for (i = 0; i < r->n_reasons; i++)
		printf("  skipped %zu: %s\n", r->reasons[i].count,
		       r->reasons[i].reason);
}

static int pricing_import(int argc, char **argv)
{
	static const char *const import_formats[] = {
	    "csv", "aws-csv", "aws-json", "aws-spot", "azure", "gcp", NULL};
	const char *format = NULL, *prices = NULL;
	const struct cli_opt opts[] = {
	    {"format", 'f', CLI_OPT_CHOICE, &format, "FORMAT",
	     "csv (mlcap's columns, as 'pricing list -o csv' writes them), "
	     "aws-csv or aws-json (AWS Price List offer file), aws-spot "
	     "(describe-spot-price-history), azure (Retail Prices API "
	     "pages), gcp (Cloud Billing Catalog SKUs)",
	     import_formats},
	    {"prices", 0, CLI_OPT_STRING, &prices, "FILE",
	     "price catalog to import into", NULL},
	};
	const struct cli_cmd_spec spec = {
	    "pricing import", "FILE --format FORMAT [--prices FILE]",
	    "Import prices in one transaction: all rows or none. Importing\n"
	    "the same file twice changes nothing; a row contradicting a\n"
	    "stored price of the same date is skipped with a warning.",
	    opts, sizeof(opts) / sizeof(opts[0])};
	mlcap_catalog *cat = NULL;
	mlcap_import_report rep;
	mlcap_diags d;
	char **pos = NULL, *buf = NULL;
	size_t n = 0, len = 0, cap = 0;
	FILE *f = NULL;
	int st = cli_parse(&spec, argc, argv, &pos, &n);

	if (st != 0 || n != 1 || !format) {
		if (st == 0)
			fprintf(stderr, "mlcap pricing import: give one FILE "
					"and --format\n");
		free(pos);
		return st > 0 ? MLCAP_EXIT_OK : MLCAP_EXIT_ERROR;
	}
	mlcap_diags_init(&d);
	f = strcmp(pos[0], "-") ? fopen(pos[0], "rb") : stdin;
	if (!f) {
		mlcap_loc l = {pos[0], 0, 0};
		mlcap_diag_add(&d, MLCAP_ERROR, "io", &l, NULL,
			       "cannot open '%s': %s", pos[0], strerror(errno));
		free(pos);
		return finish("pricing import", 0, &d, false);
	}
	for (;;) {
		size_t r;
		if (len + 65536 > cap) {
			char *nb = realloc(buf, cap ? cap * 2 : 1 << 20);
			if (!nb)
				break;
			buf = nb;
			cap = cap ? cap * 2 : 1 << 20;
		}
		r = fread(buf + len, 1, cap - len, f);
		len += r;
		if (r == 0)
			break;
	}
	if (f != stdin)
		fclose(f);
	st = cli_catalog_open(&cat, prices, true, &d);
	if (st == 0)
		st = mlcap_catalog_import(
		    cat, pos[0], buf ? buf : "", len,
		    (mlcap_import_format)mlcap_import_format_from_name(format),
		    &rep, &d);
	if (st == 0 || st == MLCAP_EDB)
		print_report(pos[0], &rep, st == MLCAP_EDB);
	mlcap_catalog_free(cat);
	free(buf);
	free(pos);
	return finish("pricing import", st, &d, false);
}

int cmd_pricing(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		FILE *out = argc < 2 ? stderr : stdout;
		fprintf(out,
			"Usage: mlcap pricing COMMAND [OPTIONS]\n\n"
			"The price catalog (SQLite; --prices FILE, else "
			"$MLCAP_PRICES, else\n~/.local/share/mlcap/prices.db "
			"built from the seed tables on first use).\n\n"
			"Commands:\n"
			"  list     prices in force, filtered\n"
			"  show     one instance type with its price history\n"
			"  import   add prices from a file (atomic, "
			"idempotent)\n"
			"  rates    fitted CPU and memory rates, GPU split\n"
			"  build    build a catalog from the seed tables\n"
			"\nSee 'mlcap pricing COMMAND --help'.\n");
		return argc < 2 ? MLCAP_EXIT_ERROR : MLCAP_EXIT_OK;
	}
	if (!strcmp(argv[1], "list"))
		return pricing_query(argc - 1, argv + 1, false);
	if (!strcmp(argv[1], "show"))
		return pricing_query(argc - 1, argv + 1, true);
	if (!strcmp(argv[1], "import"))
		return pricing_import(argc - 1, argv + 1);
	if (!strcmp(argv[1], "build"))
		return pricing_build(argc - 1, argv + 1);
	if (!strcmp(argv[1], "rates"))
		return pricing_rates(argc - 1, argv + 1);
	fprintf(stderr,
		"mlcap pricing: unknown command '%s'; see 'mlcap "
		"pricing --help'\n",
		argv[1]);
	return MLCAP_EXIT_ERROR;
}
