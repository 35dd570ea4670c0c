/*
 * test_cron.c - CronJob schedules (cron.c): the syntax Kubernetes accepts
 * (robfig/cron's standard parser) and runs per month, each figure counted
 * by hand over the 400-year Gregorian cycle: 146,097 days, 20,871 weeks,
 * 4,800 months, 97 leap days, 688 Fridays the 13th.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "mlcap/mlcap.h"

static int64_t runs(const char *expr)
{
	mlcap_cron c;
	char err[160];
	assert_int_equal(mlcap_cron_parse(&c, expr, err, sizeof(err)), 0);
	return mlcap_cron_runs_per_month_micros(&c);
}

static void cron_daily_runs_146097_over_4800_times_a_month(void **state)
{
	(void)state;
	assert_int_equal(runs("0 2 * * *"), 30436875); /* 146097/4800 */
	assert_int_equal(runs("@daily"), 30436875);
	assert_int_equal(runs("@midnight"), 30436875);
}

static void cron_hourly_and_steps_multiply_the_daily_count(void **state)
{
	(void)state;
	assert_int_equal(runs("@hourly"), 730485000);	    /* x 24 */
	assert_int_equal(runs("*/15 * * * *"), 2921940000); /* x 96 */
	/* robfig: "5/10" starts at 5 and steps to the end: 6 a hour. */
	assert_int_equal(runs("5/10 * * * *"), 4382910000);
}

static void cron_weekly_monthly_yearly(void **state)
{
	(void)state;
	assert_int_equal(runs("@weekly"), 4348125); /* 20871/4800 */
	assert_int_equal(runs("0 0 ? * SUN"), 4348125);
	assert_int_equal(runs("@monthly"), 1000000);
	assert_int_equal(runs("@yearly"), 83333);     /* 1/12 */
	assert_int_equal(runs("0 0 29 2 *"), 20208);  /* 97/4800 */
	assert_int_equal(runs("0 0 31 * *"), 583333); /* 7 of 12 months */
}

static void cron_weekdays_are_five_sevenths_of_days(void **state)
{
	(void)state;
	/* 20871 x 5 = 104355 weekdays; / 4800 = 21.740625. */
	assert_int_equal(runs("0 0 * * 1-5"), 21740625);
	assert_int_equal(runs("0 0 * * MON-FRI"), 21740625);
	assert_int_equal(runs("0 0 * * mon,tue,wed,thu,fri"), 21740625);
}

static void cron_day_of_month_or_weekday_when_both_are_set(void **state)
{
	(void)state;
	/*
	 * Cron runs when either restricted day field matches: 13ths (4800)
	 * or Fridays (20871), minus the 688 Fridays the 13th counted twice:
	 * 24983 / 4800 = 5.2047916... -> 5204792.
	 */
	assert_int_equal(runs("0 0 13 * 5"), 5204792);
	/* With the weekday field "*", every 13th runs: once a month. */
	assert_int_equal(runs("0 0 13 * *"), 1000000);
}

static void cron_rejects_what_kubernetes_rejects(void **state)
{
	static const char *const bad[] = {
	    "0 0 * * 7",    "61 * * * *",	"0 25 * * *",
	    "0 0 0 * *",    "0 0 * 13 *",	"0 0 * *",
	    "0 0 * * * *",  "x * * * *",	"*/0 * * * *",
	    "1,,2 * * * *", "TZ=UTC 0 0 * * *", "CRON_TZ=UTC @daily",
	    "@every 1h",    "@often",		"",
	    "*-5 * * * *",  "0 0 * JANUARY *",	"5-1 * * * *",
	};
	mlcap_cron c;
	char err[160];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		if (mlcap_cron_parse(&c, bad[i], err, sizeof(err)) != -1)
			fail_msg("'%s' was accepted", bad[i]);
		assert_true(err[0] != '\0');
	}
	assert_int_equal(mlcap_cron_parse(&c, "0 25 * * *", err, sizeof(err)),
			 -1);
	assert_string_equal(err, "hour value 25 is out of range 0-23");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(cron_daily_runs_146097_over_4800_times_a_month),
	    cmocka_unit_test(cron_hourly_and_steps_multiply_the_daily_count),
	    cmocka_unit_test(cron_weekly_monthly_yearly),
	    cmocka_unit_test(cron_weekdays_are_five_sevenths_of_days),
	    cmocka_unit_test(cron_day_of_month_or_weekday_when_both_are_set),
	    cmocka_unit_test(cron_rejects_what_kubernetes_rejects),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
