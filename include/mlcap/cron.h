/*
 * cron.h - CronJob schedules as Kubernetes reads them (the standard
 * five-field syntax of robfig/cron, with names, ranges, steps, '?' and
 * the @yearly... descriptors), and how often they run per month, for
 * costing batch work.
 */
#ifndef MLCAP_CRON_H
#define MLCAP_CRON_H

#include <stdbool.h>
#include "mlcap/common.h"

typedef struct {
	uint64_t minutes;      /* bit m: minute m, 0-59 */
	uint32_t hours;	       /* bit h: hour h, 0-23 */
	uint32_t dom;	       /* bit d: day of month d, 1-31 */
	uint16_t months;       /* bit m: month m, 1-12 */
	uint8_t dow;	       /* bit d: weekday d, 0 = Sunday ... 6 */
	bool dom_any, dow_any; /* the field was '*' or '?' */
} mlcap_cron;

/**
 * Parses `expr`. Returns 0, or -1 with a message in `err` (what is wrong
 * and where, e.g. "minute value 61 is out of range 0-59"). Time-zone
 * prefixes (TZ=, CRON_TZ=) and @every are refused, as Kubernetes'
 * validation does.
 */
MLCAP_API int mlcap_cron_parse(mlcap_cron *out, const char *expr, char *err,
			       size_t err_len);

/**
 * Average runs per calendar month, in millionths of a run, over the
 * 400-year Gregorian cycle (which repeats weekdays and leap years, so the
 * figure is exact before rounding): "0 2 * * *" gives 30436875.
 */
MLCAP_API int64_t mlcap_cron_runs_per_month_micros(const mlcap_cron *c);

#endif
