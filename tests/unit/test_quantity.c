/*
 * test_quantity.c - unit tests of quantity.c against Kubernetes'
 * resource.Quantity: the examples of the Kubernetes docs and of
 * apimachinery's quantity_test.go, rounding up away from zero, invalid
 * strings, int64 overflow, long decimals, and the kubectl-style formatters.
 */
#include "support.h"

#define SENTINEL ((int64_t)0x5eed5eed)

/*
 * `s` parsed at `scale10` must give `want_r` and, when OK, `want`; a
 * failure leaves the output untouched. Prints the input when it fails.
 */
static void expect_q(const char *s, int scale10, mlcap_qresult want_r,
		     int64_t want)
{
	int64_t v = SENTINEL;
	mlcap_qresult r = mlcap_quantity_parse(&v, s, strlen(s), scale10);

	if (r != want_r || (r == MLCAP_Q_OK && v != want) ||
	    (r != MLCAP_Q_OK && v != SENTINEL)) {
		fprintf(stderr,
			"  \"%s\" at 10^%d: got result %d value %lld, "
			"want result %d value %lld\n",
			s, scale10, (int)r, (long long)v, (int)want_r,
			(long long)want);
		fail();
	}
}

static void millis(const char *s, int64_t want)
{
	expect_q(s, 3, MLCAP_Q_OK, want);
}

static void units(const char *s, int64_t want)
{
	expect_q(s, 0, MLCAP_Q_OK, want);
}

static void invalid(const char *s)
{
	expect_q(s, 3, MLCAP_Q_INVALID, 0);
	expect_q(s, 0, MLCAP_Q_INVALID, 0);
}

/* ---- Kubernetes documentation ---- */

static void quantity_docs_memory_examples_are_the_same_value(void **state)
{
	(void)state;
	/*
	 * "Resource Management for Pods and Containers": 128974848, 129e6,
	 * 129M, 128974848000m and 123Mi "have roughly the same value";
	 * exactly, 123Mi = 123 * 2^20 = 128974848.
	 */
	units("128974848", 128974848);
	units("129e6", 129000000);
	units("129M", 129000000);
	units("128974848000m", 128974848);
	units("123Mi", 128974848);
}

static void quantity_point_one_cpu_is_exactly_100m(void **state)
{
	(void)state;
	/* Docs: "0.1" is equivalent to "100m"; no binary floating point. */
	millis("0.1", 100);
	millis("100m", 100);
	millis("400m", 400);
	millis("1", 1000);
	millis("2.5", 2500);
	millis("0.3", 300);
	millis("0.7", 700);
	millis("1e3", 1000000);
	units("1e3", 1000);
}

static void quantity_400m_of_memory_is_one_byte_rounded_up(void **state)
{
	(void)state;
	/* Docs: "400m of memory ... is a request for 0.4 bytes". */
	units("400m", 1);
	millis("400m", 400);
}

static void quantity_binary_and_decimal_suffixes_differ(void **state)
{
	(void)state;
	units("1k", 1000);
	units("1Ki", 1024);
	units("1M", 1000000);
	units("1Mi", 1048576);
	units("1G", 1000000000);
	units("1Gi", 1073741824);
	units("1T", 1000000000000LL);
	units("1Ti", 1099511627776LL);
	units("1P", 1000000000000000LL);
	units("1Pi", 1125899906842624LL);
	units("1E", 1000000000000000000LL);
	units("1Ei", 1152921504606846976LL);
	/* quantity_test.go */
	units("8Ki", 8 * 1024);
	units("7Mi", 7LL * 1024 * 1024);
	units("6Gi", 6LL * 1024 * 1024 * 1024);
	units("5Ti", 5LL * 1024 * 1024 * 1024 * 1024);
	units("4Pi", 4LL * 1024 * 1024 * 1024 * 1024 * 1024);
	units("3Ei", 3LL * 1024 * 1024 * 1024 * 1024 * 1024 * 1024);
	units("50k", 50000);
	units("300T", 300000000000000LL);
	millis("5n", 1);
	millis("4u", 1);
	millis("3m", 3);
	millis("1Ki", 1024000);
}

static void quantity_fractional_binary_values_round_up(void **state)
{
	(void)state;
	units("1.5Gi", 1610612736); /* 1.5 * 2^30, exact */
	units("0.1Ki", 103);	    /* 102.4 bytes */
	units("0.5Mi", 524288);
	units(".5Mi", 524288);
	units("0.3Ki", 308);		 /* 307.2 */
	units("1.1Mi", 1153434);	 /* 1153433.6 */
	units("100.035Ki", 102436);	 /* 102435.84 */
	units("0.05Gi", 53687092);	 /* 53687091.2 */
	units("0.025Ti", 27487790695LL); /* 27487790694.4 */
	millis(".001Ki", 1024);		 /* kubectl prints 1024m */
	millis(".000001Ki", 2);		 /* 1024u = 1.024m */
	millis("0.1Ki", 102400);	 /* exact in millis */
}

static void quantity_tiny_cpu_rounds_up_to_one_millicore(void **state)
{
	(void)state;
	millis("100n", 1);
	millis("1u", 1);
	millis("1n", 1);
	millis("999u", 1);
	millis("1001u", 2);
	millis("0.0001", 1);
	millis("3.001n", 1);
	millis("1.1E-9", 1);
	millis("0.000000000001Ki", 1); /* 1.024e-12 units */
	millis("1e-30", 1);
	units("1n", 1);
}

static void quantity_exa_suffix_and_exponents(void **state)
{
	(void)state;
	units("1.01E", 1010000000000000000LL);
	units("5e-3", 1);
	millis("5e-3", 5);
	millis("1E-3", 1);
	units("1.2e3", 1200);
	units("1.3E+6", 1300000);
	units("1.40e9", 1400000000);
	units("1.53E12", 1530000000000LL);
	units("1.6e15", 1600000000000000LL);
	units("1.7E18", 1700000000000000000LL);
	units("1E18", 1000000000000000000LL);
	millis("0.5e0", 500);
	millis("0.5e-1", 50);
	millis("0.5e-2", 5);
	millis("1e+0", 1000);
	units("1e00003", 1000);
	/* Decimal suffixes on fractions (quantity_test.go). */
	units("100.035k", 100035);
	units("10.035M", 10035000);
	units("7.123456M", 7123456);
	units("6.987654321G", 6987654321LL);
	units("40.1T", 40100000000000LL);
	units("2.5P", 2500000000000000LL);
	units("8.1k", 8100);
	millis("9.01", 9010);
}

static void quantity_sign_and_bare_point_forms_parse(void **state)
{
	(void)state;
	millis("+1", 1000);
	millis(".5", 500);
	millis("+.5", 500);
	millis("1.", 1000);
	units("1.G", 1000000000);
	millis(".001", 1);
	millis(".0001k", 100);
	millis("-1", -1000);
	millis("-.5", -500);
	millis("007", 7000);
	units("0.0005k", 1); /* 0.5 */
	millis("0.0005k", 500);
}

static void quantity_zero_in_every_form_is_zero(void **state)
{
	static const char *const zeros[] = {
	    "0",   "0n",  "0u",	  "0m",	   "0k", "0Ki", "0Mi",
	    "0Gi", "0Ti", "0E",	  "0Ei",   "-0", "+0",	"0.000",
	    "000", "0e5", "0e-5", "0.0Gi", ".0", "0.",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(zeros) / sizeof(zeros[0]); i++) {
		millis(zeros[i], 0);
		units(zeros[i], 0);
	}
}

static void quantity_rounds_up_away_from_zero(void **state)
{
	(void)state;
	units("1.0001", 2);
	units("1500m", 2);
	units("0.5", 1);
	units("2.0000", 2);
	units("9.01", 10);
	units("-9.01", -10);
	units("-1.5", -2);
	units("-100m", -1);
	millis("-0.5m", -1);
	millis("-100n", -1);
	/* 10^1 units: TestQuantityRoundUp rounds 9.01 to 9.1 at scale -1. */
	expect_q("9.01", 1, MLCAP_Q_OK, 91);
	expect_q("-9.01", 1, MLCAP_Q_OK, -91);
	expect_q("9.01", 2, MLCAP_Q_OK, 901);
	/* Other scales: nanos, and thousands of units. */
	expect_q("1", 9, MLCAP_Q_OK, 1000000000);
	expect_q("0.1Ki", 9, MLCAP_Q_OK, 102400000000LL);
	expect_q("1500", -3, MLCAP_Q_OK, 2);
	expect_q("1Mi", -3, MLCAP_Q_OK, 1049); /* 1048.576 */
	expect_q("1M", -3, MLCAP_Q_OK, 1000);
}

/* ---- invalid strings ---- */

static void quantity_rejects_malformed_strings(void **state)
{
	static const char *const bad[] = {
	    "",
	    "1.5.5",
	    "1K",
	    "1ki",
	    "1e",
	    "1E+",
	    "1e-",
	    "1 ",
	    " 1",
	    "1Ki1",
	    "12e-2Gi",
	    "1e3Gi",
	    "1Ki-3",
	    "1E1.5",
	    /* quantity_test.go's invalid list */
	    "1.1.M",
	    "1+1.0M",
	    "0.1mi",
	    "0.1am",
	    "aoeu",
	    ".5i",
	    "1i",
	    "-3.01i",
	    "-3.01e-",
	    /* near misses people write */
	    "1 Gi",
	    "1MiB",
	    "1Kib",
	    "1GB",
	    "1gi",
	    "1mi",
	    "0x10",
	    "1,5",
	    "--1",
	    "+-1",
	    "1_000",
	    "1e3e3",
	    "1ee3",
	    "Infinity",
	    "NaN",
	    "1\n",
	    "1\t",
	    "\t1",
	    "1m1",
	    "1.5m.5",
	    "1i3",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		invalid(bad[i]);
}

static void quantity_accepts_lone_point_and_sign_as_zero(void **state)
{
	(void)state;
	/*
	 * apimachinery's parseQuantityString returns num "0" without error
	 * for "." and "-." (TestParseQuantityString lists both), and for a
	 * lone sign its zero-stripping loop returns "0" at the end of the
	 * string, so ParseQuantity, and with it the API server, reads these
	 * as 0. Only "" is rejected outright.
	 */
	millis(".", 0);
	millis("-.", 0);
	millis("+", 0);
	millis("-", 0);
	units(".", 0);
}

static void quantity_parse_reads_only_len_bytes(void **state)
{
	int64_t v = SENTINEL;

	(void)state;
	assert_int_equal(mlcap_quantity_parse(&v, "1500mXYZ", 5, 3),
			 MLCAP_Q_OK);
	assert_int_equal(v, 1500);
	assert_int_equal(mlcap_quantity_parse(&v, "2Gi", 2, 0), MLCAP_Q_OK);
	assert_int_equal(v, 2000000000); /* "2G" */
	v = SENTINEL;
	assert_int_equal(mlcap_quantity_parse(&v,
					      "1\0"
					      "5",
					      3, 3),
			 MLCAP_Q_INVALID);
	assert_int_equal(mlcap_quantity_parse(&v, "1", 0, 3), MLCAP_Q_INVALID);
	assert_int_equal(mlcap_quantity_parse(&v, NULL, 0, 3), MLCAP_Q_INVALID);
	assert_int_equal(mlcap_quantity_millis(&v, NULL), MLCAP_Q_INVALID);
	assert_int_equal(v, SENTINEL);
	assert_int_equal(mlcap_quantity_millis(&v, "250m"), MLCAP_Q_OK);
	assert_int_equal(v, 250);
	assert_int_equal(mlcap_quantity_value(&v, "2Ki"), MLCAP_Q_OK);
	assert_int_equal(v, 2048);
}

/* ---- int64 limits ---- */

static void quantity_int64_max_fits_and_one_more_overflows(void **state)
{
	(void)state;
	units("9223372036854775807", INT64_MAX);
	units("-9223372036854775807", -INT64_MAX);
	expect_q("9223372036854775808", 0, MLCAP_Q_OVERFLOW, 0);
	millis("9223372036854775807m", INT64_MAX);
	units("9223372036854775807m", 9223372036854776LL);
	expect_q("9223372036854775808m", 3, MLCAP_Q_OVERFLOW, 0);
	expect_q("9223372036854775807", 3, MLCAP_Q_OVERFLOW, 0);
	units("9.223372036854775807E", INT64_MAX);
	expect_q("9.223372036854775808E", 0, MLCAP_Q_OVERFLOW, 0);
	units("0.9223372036854775807e19", INT64_MAX);
	/* 9223372036854775806.5 rounds up to exactly INT64_MAX. */
	units("9223372036854775806.5", INT64_MAX);
	expect_q("9223372036854775807.1", 0, MLCAP_Q_OVERFLOW, 0);
	units("1111111111111111111", 1111111111111111111LL);
	expect_q("11111111111111111111", 0, MLCAP_Q_OVERFLOW, 0);
	expect_q("1e19", 0, MLCAP_Q_OVERFLOW, 0);
	expect_q("12E", 0, MLCAP_Q_OVERFLOW, 0);
	expect_q("1e100000", 0, MLCAP_Q_OVERFLOW, 0);
	expect_q("1E", 3, MLCAP_Q_OVERFLOW, 0);
}

static void quantity_8Ei_overflows_int64_bytes(void **state)
{
	(void)state;
	/*
	 * 8Ei is 2^63, one past INT64_MAX. (ParseQuantity would cap a
	 * BinarySI value at 2^63-1; mlcap reports it, see quantity.h.)
	 */
	expect_q("8Ei", 0, MLCAP_Q_OVERFLOW, 0);
	expect_q("9Ei", 0, MLCAP_Q_OVERFLOW, 0);
	expect_q("9223372036854775807Ki", 0, MLCAP_Q_OVERFLOW, 0);
	units("7Ei", 8070450532247928832LL);
	units("7.5Ei", 8646911284551352320LL);
	units("7.999Ei", 9222219115350168962LL);
	units("8191Pi", 8191LL * 1125899906842624LL);
	expect_q("8192Pi", 0, MLCAP_Q_OVERFLOW, 0);
	expect_q("1Ei", 3, MLCAP_Q_OVERFLOW, 0);
}

/* ---- long decimal strings ---- */

/* A string of `n` copies of `c`, between `pre` and `post`. */
static char *repeat(char *buf, size_t cap, const char *pre, char c, size_t n,
		    const char *post)
{
	size_t p = strlen(pre), q = strlen(post);

	assert_true(p + n + q < cap);
	memcpy(buf, pre, p);
	memset(buf + p, c, n);
	memcpy(buf + p + n, post, q + 1);
	return buf;
}

static void quantity_long_decimal_strings_stay_exact(void **state)
{
	char b[512];

	(void)state;
	/* 0.(100 zeros)1 is still more than zero: one unit. */
	millis(repeat(b, sizeof(b), "0.", '0', 100, "1"), 1);
	units(b, 1);
	/* 1.(100 zeros) is exactly one. */
	millis(repeat(b, sizeof(b), "1.", '0', 100, ""), 1000);
	units(b, 1);
	/* 1.(70 zeros)1 is a hair over one. */
	units(repeat(b, sizeof(b), "1.", '0', 70, "1"), 2);
	millis(b, 1001);
	/* 1(78 zeros)1 e-79 = 1 + 10^-79: the last digit still counts. */
	units(repeat(b, sizeof(b), "1", '0', 78, "1e-79"), 2);
	millis(b, 1001);
	/* 1(78 zeros) e-78 = 1 exactly. */
	units(repeat(b, sizeof(b), "1", '0', 78, "e-78"), 1);
	/* 30 leading zeros. */
	units(repeat(b, sizeof(b), "", '0', 30, "1"), 1);
	millis(repeat(b, sizeof(b), "", '0', 300, "25m"), 25);
	/* 0.333... (70 threes) of a core is 333.33...m. */
	millis(repeat(b, sizeof(b), "0.", '3', 70, ""), 334);
	units(b, 1);
	/* 0.999... (70 nines) rounds up to a whole core. */
	millis(repeat(b, sizeof(b), "0.", '9', 70, ""), 1000);
	units(b, 1);
	/* 29 significant digits scaled down. */
	units("12345678901234567890123456789e-20", 123456790);
	millis("12345678901234567890123456789e-20", 123456789013LL);
	units(repeat(b, sizeof(b), "1", '0', 25, "e-20"), 100000);
	/* Long but in range: 19 digits before a 100-digit fraction. */
	units(repeat(b, sizeof(b), "9223372036854775806.", '0', 100, ""),
	      9223372036854775806LL);
	units(repeat(b, sizeof(b), "9223372036854775806.", '0', 100, "1"),
	      INT64_MAX);
	/* 25 digits are too many for int64 whatever their value. */
	expect_q(repeat(b, sizeof(b), "1", '0', 24, ""), 0, MLCAP_Q_OVERFLOW,
		 0);
}

/* ---- formatting ---- */

static void fmt_millis(int64_t m, const char *want)
{
	char buf[64];
	int n = mlcap_format_millis(buf, sizeof(buf), m);

	assert_string_equal(buf, want);
	assert_int_equal(n, (int)strlen(want));
}

static void fmt_bytes(int64_t b, const char *want)
{
	char buf[64];
	int n = mlcap_format_bytes(buf, sizeof(buf), b);

	assert_string_equal(buf, want);
	assert_int_equal(n, (int)strlen(want));
}

static void format_millis_shows_whole_cores_without_suffix(void **state)
{
	(void)state;
	fmt_millis(2000, "2");
	fmt_millis(2500, "2500m");
	fmt_millis(0, "0");
	fmt_millis(1, "1m");
	fmt_millis(100, "100m");
	fmt_millis(1000, "1");
	fmt_millis(64000, "64");
	fmt_millis(1001, "1001m");
	fmt_millis(-1500, "-1500m");
	fmt_millis(-2000, "-2");
	fmt_millis(INT64_MAX, "9223372036854775807m");
}

static void format_bytes_uses_the_largest_exact_binary_suffix(void **state)
{
	(void)state;
	fmt_bytes(8589934592LL, "8Gi");
	fmt_bytes(1610612736LL, "1536Mi");
	fmt_bytes(1000, "1000");
	fmt_bytes(0, "0");
	fmt_bytes(1, "1");
	fmt_bytes(1024, "1Ki");
	fmt_bytes(1025, "1025");
	fmt_bytes(3072, "3Ki");
	fmt_bytes(1048576, "1Mi");
	fmt_bytes(128974848, "123Mi");
	fmt_bytes(1000000000, "1000000000");
	fmt_bytes(1099511627776LL, "1Ti");
	fmt_bytes(1125899906842624LL, "1Pi");
	fmt_bytes(1152921504606846976LL, "1Ei");
	fmt_bytes(8070450532247928832LL, "7Ei");
	fmt_bytes(INT64_MAX, "9223372036854775807");
	fmt_bytes(-2048, "-2Ki");
}

static void format_truncates_like_snprintf(void **state)
{
	char buf[4];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(mlcap_format_bytes(buf, sizeof(buf), 1610612736LL), 6);
	assert_string_equal(buf, "153");
	assert_int_equal(mlcap_format_millis(buf, sizeof(buf), 2500), 5);
	assert_string_equal(buf, "250");
	assert_int_equal(mlcap_format_millis(NULL, 0, 2000), 1);
	assert_int_equal(mlcap_format_bytes(NULL, 0, 8589934592LL), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    unit_case(quantity_docs_memory_examples_are_the_same_value),
	    unit_case(quantity_point_one_cpu_is_exactly_100m),
	    unit_case(quantity_400m_of_memory_is_one_byte_rounded_up),
	    unit_case(quantity_binary_and_decimal_suffixes_differ),
	    unit_case(quantity_fractional_binary_values_round_up),
	    unit_case(quantity_tiny_cpu_rounds_up_to_one_millicore),
	    unit_case(quantity_exa_suffix_and_exponents),
	    unit_case(quantity_sign_and_bare_point_forms_parse),
	    unit_case(quantity_zero_in_every_form_is_zero),
	    unit_case(quantity_rounds_up_away_from_zero),
	    unit_case(quantity_rejects_malformed_strings),
	    unit_case(quantity_accepts_lone_point_and_sign_as_zero),
	    unit_case(quantity_parse_reads_only_len_bytes),
	    unit_case(quantity_int64_max_fits_and_one_more_overflows),
	    unit_case(quantity_8Ei_overflows_int64_bytes),
	    unit_case(quantity_long_decimal_strings_stay_exact),
	    unit_case(format_millis_shows_whole_cores_without_suffix),
	    unit_case(format_bytes_uses_the_largest_exact_binary_suffix),
	    unit_case(format_truncates_like_snprintf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
