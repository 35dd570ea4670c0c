/*
 * test_money.c - unit tests of money.c: decimal text to int64 nano-dollars
 * and back, the 9-decimal limit, overflow at 9223372036.854775807, cents
 * for people rounded half away from zero, and exact a * b / c (the monthly
 * cost of an hourly price) with its rounding and overflow.
 */
#include "support.h"

#define SENTINEL ((int64_t)0x5eed5eed)

/*
 * `s` must parse to `want_r` and, when OK, to `want` nanos; a failure
 * leaves the output untouched. Prints the input when it fails.
 */
static void expect_parse(const char *s, mlcap_money_result want_r, int64_t want)
{
	int64_t v = SENTINEL;
	mlcap_money_result r = mlcap_money_parse(&v, s, strlen(s));

	if (r != want_r || (r == MLCAP_MONEY_OK && v != want) ||
	    (r != MLCAP_MONEY_OK && v != SENTINEL)) {
		fprintf(stderr,
			"  \"%s\": got result %d value %lld, want result %d "
			"value %lld\n",
			s, (int)r, (long long)v, (int)want_r, (long long)want);
		fail();
	}
}

static void ok(const char *s, int64_t want)
{
	expect_parse(s, MLCAP_MONEY_OK, want);
}

static void refused(const char *s, mlcap_money_result why)
{
	expect_parse(s, why, 0);
}

/* format_exact of `nanos` must be `want` and parse back to `nanos`. */
static void exact(int64_t nanos, const char *want)
{
	char buf[64];
	int64_t back = SENTINEL;
	int n = mlcap_money_format_exact(buf, sizeof(buf), nanos);

	assert_string_equal(buf, want);
	assert_int_equal(n, (int)strlen(want));
	if (nanos >= 0) {
		assert_int_equal(mlcap_money_parse(&back, buf, strlen(buf)),
				 MLCAP_MONEY_OK);
		assert_int_equal(back, nanos);
	}
}

static void usd(int64_t nanos, const char *want)
{
	char buf[64];
	int n = mlcap_money_format_usd(buf, sizeof(buf), nanos);

	assert_string_equal(buf, want);
	assert_int_equal(n, (int)strlen(want));
}

/* a * b / c must be `want`. */
static void muldiv(int64_t a, int64_t b, int64_t c, int64_t want)
{
	int64_t v = SENTINEL;

	if (mlcap_money_muldiv(&v, a, b, c) != 0 || v != want) {
		fprintf(stderr, "  %lld * %lld / %lld: got %lld, want %lld\n",
			(long long)a, (long long)b, (long long)c, (long long)v,
			(long long)want);
		fail();
	}
}

/* a * b / c must fail with `want_rc` and leave the output untouched. */
static void muldiv_fails(int64_t a, int64_t b, int64_t c, int want_rc)
{
	int64_t v = SENTINEL;

	assert_int_equal(mlcap_money_muldiv(&v, a, b, c), want_rc);
	assert_int_equal(v, SENTINEL);
}

/* ---- parse ---- */

static void money_parses_whole_dollars(void **state)
{
	(void)state;
	ok("0", 0);
	ok("3", 3000000000LL);
	ok("12", 12000000000LL);
	ok("007", 7000000000LL);
	ok("+5", 5000000000LL);
	ok("1.", 1000000000LL);
}

static void money_parses_published_decimals_exactly(void **state)
{
	(void)state;
	ok("32.7726", 32772600000LL);
	ok("21.957642", 21957642000LL);
	ok("0.0416", 41600000LL);
	ok("0.096000", 96000000LL); /* Karpenter's %f form */
	ok(".5", 500000000LL);
	ok("0.1", 100000000LL); /* no binary float on the way */
	ok("0.3", 300000000LL);
	ok("1.000000001", 1000000001LL);
}

static void money_parses_exponents_as_price_lists_print_them(void **state)
{
	(void)state;
	ok("1.5E-3", 1500000LL);
	ok("1.5e-3", 1500000LL);
	ok("2e0", 2000000000LL);
	ok("2E+2", 200000000000LL);
	ok("3.06e1", 30600000000LL);
	ok("1e-9", 1);
	ok("0e100", 0);
	ok("0e-100", 0);
}

static void money_keeps_nine_decimals_and_refuses_a_tenth(void **state)
{
	(void)state;
	ok("0.000000001", 1);
	ok("0.123456789", 123456789LL);
	refused("0.0000000001", MLCAP_MONEY_PRECISION);
	refused("0.1234567891", MLCAP_MONEY_PRECISION);
	refused("1e-10", MLCAP_MONEY_PRECISION);
	refused("1.5e-9", MLCAP_MONEY_PRECISION);
	refused("1.000000001e-1", MLCAP_MONEY_PRECISION);
	refused("5.0E-10", MLCAP_MONEY_PRECISION);
}

static void money_accepts_zeros_beyond_nine_decimals(void **state)
{
	(void)state;
	ok("1.0000000000", 1000000000LL);
	ok("0.123456789000000000000000", 123456789LL);
	ok("2.50000000000000000000000000000000000000000", 2500000000LL);
}

static void money_refuses_negative_amounts(void **state)
{
	(void)state;
	refused("-1", MLCAP_MONEY_NEGATIVE);
	refused("-0.01", MLCAP_MONEY_NEGATIVE);
	refused("-0", MLCAP_MONEY_NEGATIVE);
}

static void money_refuses_what_is_not_a_plain_decimal(void **state)
{
	(void)state;
	refused("", MLCAP_MONEY_INVALID);
	refused(".", MLCAP_MONEY_INVALID);
	refused("+", MLCAP_MONEY_INVALID);
	refused("$3.06", MLCAP_MONEY_INVALID);
	refused("3.06 USD", MLCAP_MONEY_INVALID);
	refused(" 3.06", MLCAP_MONEY_INVALID);
	refused("3.06 ", MLCAP_MONEY_INVALID);
	refused("1,000.00", MLCAP_MONEY_INVALID);
	refused("1.2.3", MLCAP_MONEY_INVALID);
	refused("e5", MLCAP_MONEY_INVALID);
	refused("1e", MLCAP_MONEY_INVALID);
	refused("1e+", MLCAP_MONEY_INVALID);
	refused("1e5.0", MLCAP_MONEY_INVALID);
	refused("NaN", MLCAP_MONEY_INVALID);
	refused("inf", MLCAP_MONEY_INVALID);
	refused("0x10", MLCAP_MONEY_INVALID);
	refused("--1", MLCAP_MONEY_NEGATIVE);
}

static void money_parse_reads_only_len_bytes(void **state)
{
	int64_t v = SENTINEL;

	(void)state;
	assert_int_equal(mlcap_money_parse(&v, "3.069", 4), MLCAP_MONEY_OK);
	assert_int_equal(v, 3060000000LL);
	assert_int_equal(mlcap_money_parse(&v, "12,5", 2), MLCAP_MONEY_OK);
	assert_int_equal(v, 12000000000LL);
}

static void money_int64_max_nanos_fits_and_one_more_overflows(void **state)
{
	(void)state;
	ok("9223372036.854775807", INT64_MAX);
	ok("9223372036.8547758070000", INT64_MAX);
	ok("9223372036854775807e-9", INT64_MAX);
	refused("9223372036.854775808", MLCAP_MONEY_OVERFLOW);
	refused("9223372037", MLCAP_MONEY_OVERFLOW);
	refused("10000000000", MLCAP_MONEY_OVERFLOW);
	refused("99999999999999999999999999", MLCAP_MONEY_OVERFLOW);
	refused("1e10", MLCAP_MONEY_OVERFLOW);
	refused("1e1000", MLCAP_MONEY_OVERFLOW);
}

static void money_exponent_scales_zeros_beyond_nine_decimals(void **state)
{
	(void)state;
	/* 1.0000000000e1 is 10, not 1. */
	ok("1.0000000000e1", 10000000000LL);
	ok("1.00000000000e2", 100000000000LL);
	/* 1.0000000001e1 is 10.000000001: nano precision is enough. */
	ok("1.0000000001e1", 10000000001LL);
	ok("9.223372036854775807e9", INT64_MAX);
}

/* ---- format ---- */

static void money_format_exact_is_the_shortest_exact_decimal(void **state)
{
	(void)state;
	exact(0, "0");
	exact(3000000000LL, "3");
	exact(100000000LL, "0.1");
	exact(32772600000LL, "32.7726");
	exact(21957642000LL, "21.957642");
	exact(1, "0.000000001");
	exact(1000000001LL, "1.000000001");
	exact(23923998000000LL, "23923.998");
	exact(INT64_MAX, "9223372036.854775807");
	exact(-1500000000LL, "-1.5");
	exact(INT64_MIN, "-9223372036.854775808");
}

static void money_format_exact_round_trips_published_text(void **state)
{
	static const char *const texts[] = {"0.0416",	"2.04",
					    "3.06",	"55.04",
					    "6.88",	"0.000000001",
					    "98.32",	"40.96575",
					    "1.293355", "9223372036.854775807"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		int64_t v = SENTINEL;
		char buf[64];

		assert_int_equal(
		    mlcap_money_parse(&v, texts[i], strlen(texts[i])),
		    MLCAP_MONEY_OK);
		mlcap_money_format_exact(buf, sizeof(buf), v);
		assert_string_equal(buf, texts[i]);
	}
}

static void money_format_truncates_like_snprintf(void **state)
{
	char buf[5];

	(void)state;
	assert_int_equal(
	    mlcap_money_format_exact(buf, sizeof(buf), 32772600000LL), 7);
	assert_string_equal(buf, "32.7");
	assert_int_equal(mlcap_money_format_exact(NULL, 0, 1), 11);
	assert_int_equal(
	    mlcap_money_format_usd(buf, sizeof(buf), 1234000000000LL), 9);
	assert_string_equal(buf, "$1,2");
	assert_int_equal(mlcap_money_format_usd(NULL, 0, 0), 5);
}

static void money_format_usd_rounds_half_up_to_cents(void **state)
{
	(void)state;
	usd(0, "$0.00");
	usd(4999999, "$0.00");	/* 0.004999999 */
	usd(5000000, "$0.01");	/* 0.005 */
	usd(14999999, "$0.01"); /* 0.014999999 */
	usd(15000000, "$0.02");
	usd(2040000000LL, "$2.04");
	usd(999995000000LL, "$1,000.00"); /* 999.995 */
	usd(23923998000000LL, "$23,924.00");
	usd(16029078660000LL, "$16,029.08"); /* 21.957642 x 730 */
	usd(INT64_MAX, "$9,223,372,036.85");
}

static void money_format_usd_groups_thousands(void **state)
{
	(void)state;
	usd(1000000000LL, "$1.00");
	usd(999000000000LL, "$999.00");
	usd(1000000000000LL, "$1,000.00");
	usd(12345000000000LL, "$12,345.00");
	usd(123456000000000LL, "$123,456.00");
	usd(1234567000000000LL, "$1,234,567.00");
	usd(1234567890000LL, "$1,234.57");
}

static void money_format_usd_rounds_negatives_away_from_zero(void **state)
{
	(void)state;
	usd(-1234565000000LL, "-$1,234.57");
	usd(-5000000, "-$0.01");
	usd(-1000000000000LL, "-$1,000.00");
}

static void money_format_usd_shows_no_negative_zero(void **state)
{
	(void)state;
	usd(-1, "$0.00");
	usd(-4999999, "$0.00");
}

/* ---- muldiv ---- */

static void money_monthly_cost_of_an_hourly_price_is_exact(void **state)
{
	(void)state;
	/* 32.7726 $/h x 730 h = 23923.998 $ exactly */
	muldiv(32772600000LL, 730, 1, 23923998000000LL);
	/* 21.957642 $/h x 730 h = 16029.07866 $ */
	muldiv(21957642000LL, 730, 1, 16029078660000LL);
	/* 0.1 + 0.2 style: 0.3 x 3 / 3 comes back unchanged */
	muldiv(300000000LL, 3, 3, 300000000LL);
}

static void money_muldiv_rounds_thirds_half_away_from_zero(void **state)
{
	(void)state;
	muldiv(1, 1, 3, 0); /* 0.333 */
	muldiv(2, 1, 3, 1); /* 0.667 */
	muldiv(1, 1, 2, 1); /* 0.5 goes up */
	muldiv(1000000000LL, 1, 3, 333333333LL);
	muldiv(2000000000LL, 1, 3, 666666667LL);
	muldiv(3000000000LL, 1, 3, 1000000000LL);
	muldiv(5, 1, 4, 1);  /* 1.25 */
	muldiv(7, 1, 4, 2);  /* 1.75 */
	muldiv(10, 1, 4, 3); /* 2.5 goes up */
}

static void money_muldiv_handles_negative_operands(void **state)
{
	(void)state;
	muldiv(-1, 1, 3, 0);
	muldiv(-2, 1, 3, -1);
	muldiv(-1, 1, 2, -1); /* -0.5 goes away from zero */
	muldiv(5, -1, 2, -3); /* -2.5 */
	muldiv(5, 1, -2, -3);
	muldiv(-5, -1, 2, 3);
	muldiv(-5, -1, -2, -3);
	muldiv(-32772600000LL, 730, 1, -23923998000000LL);
}

static void money_muldiv_uses_a_128_bit_product(void **state)
{
	(void)state;
	/* a * b is far past 2^63; the quotient fits. */
	muldiv(INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX);
	muldiv(INT64_MAX, INT64_MAX - 1, INT64_MAX, INT64_MAX - 1);
	muldiv(4000000000000000000LL, 4, 8, 2000000000000000000LL);
	muldiv(INT64_MAX, 1, 2, 4611686018427387904LL); /* .5 up */
	muldiv(INT64_MAX, 3, 4, 6917529027641081855LL); /* .25 down */
	muldiv(1000000000000000000LL, 1000000000000000000LL,
	       1000000000000000000LL, 1000000000000000000LL);
}

static void money_muldiv_reports_overflow_as_elimit(void **state)
{
	(void)state;
	muldiv_fails(INT64_MAX, 2, 1, MLCAP_ELIMIT);
	muldiv_fails(INT64_MAX, INT64_MAX, 1, MLCAP_ELIMIT);
	muldiv_fails(-INT64_MAX, 2, 1, MLCAP_ELIMIT);
	/* 1e9 $/h for a 730-hour month does not fit in int64 nanos */
	muldiv_fails(1000000000LL * 1000000000LL, 730, 1, MLCAP_ELIMIT);
	/* (2^64 - 1) / 2 = INT64_MAX + 0.5 rounds up past INT64_MAX */
	muldiv_fails(4294967297LL, 4294967295LL, 2, MLCAP_ELIMIT);
	muldiv(4294967297LL, 4294967295LL, 4, 4611686018427387904LL);
	muldiv(INT64_MAX, 2, 2, INT64_MAX);
}

static void money_muldiv_by_zero_is_an_invalid_argument(void **state)
{
	(void)state;
	muldiv_fails(1, 1, 0, MLCAP_EINVAL);
	muldiv_fails(0, 0, 0, MLCAP_EINVAL);
}

static void money_long_mantissa_with_exponent_is_exact(void **state)
{
	int64_t n = -1;

	(void)state;
	/* Found by reading fuzz_import's target: 20 digits then e-20 is
	 * 1 USD; the digits past 19 were taken for an overflow. */
	assert_int_equal(mlcap_money_parse(&n, "100000000000000000000e-20", 25),
			 MLCAP_MONEY_OK);
	assert_int_equal(n, 1000000000);
	/* 40080178100690148010e-10 = 4008017810.069014801: 9 decimals. */
	assert_int_equal(mlcap_money_parse(&n, "40080178100690148010e-10", 24),
			 MLCAP_MONEY_OK);
	assert_int_equal(n, 4008017810069014801LL);
	/* A non-zero 20th digit really is too large before the exponent
	 * matters: 10000000000000000000 (2e19) x 1e9 nanos overflows. */
	assert_int_equal(mlcap_money_parse(&n, "20000000000000000001", 20),
			 MLCAP_MONEY_OVERFLOW);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(money_long_mantissa_with_exponent_is_exact),
	    unit_case(money_parses_whole_dollars),
	    unit_case(money_parses_published_decimals_exactly),
	    unit_case(money_parses_exponents_as_price_lists_print_them),
	    unit_case(money_keeps_nine_decimals_and_refuses_a_tenth),
	    unit_case(money_accepts_zeros_beyond_nine_decimals),
	    unit_case(money_refuses_negative_amounts),
	    unit_case(money_refuses_what_is_not_a_plain_decimal),
	    unit_case(money_parse_reads_only_len_bytes),
	    unit_case(money_int64_max_nanos_fits_and_one_more_overflows),
	    unit_case(money_exponent_scales_zeros_beyond_nine_decimals),
	    unit_case(money_format_exact_is_the_shortest_exact_decimal),
	    unit_case(money_format_exact_round_trips_published_text),
	    unit_case(money_format_truncates_like_snprintf),
	    unit_case(money_format_usd_rounds_half_up_to_cents),
	    unit_case(money_format_usd_groups_thousands),
	    unit_case(money_format_usd_rounds_negatives_away_from_zero),
	    unit_case(money_format_usd_shows_no_negative_zero),
	    unit_case(money_monthly_cost_of_an_hourly_price_is_exact),
	    unit_case(money_muldiv_rounds_thirds_half_away_from_zero),
	    unit_case(money_muldiv_handles_negative_operands),
	    unit_case(money_muldiv_uses_a_128_bit_product),
	    unit_case(money_muldiv_reports_overflow_as_elimit),
	    unit_case(money_muldiv_by_zero_is_an_invalid_argument),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
