/*
 * cron.c - CronJob schedule parsing (robfig/cron's standard parser, which
 * Kubernetes uses) and the exact average number of runs per month.
 */
#include <stdio.h>
#include <string.h>
#include "internal.h"
#include "banned.h"

typedef struct {
	const char *name;
	int lo, hi;
	const char *const *names; /* JAN.. or SUN.., index = value - lo */
} field_spec;

static const char *const month_names[] = {"jan", "feb", "mar", "apr", "may",
					  "jun", "jul", "aug", "sep", "oct",
					  "nov", "dec", NULL};
static const char *const dow_names[] = {"sun", "mon", "tue", "wed",
					"thu", "fri", "sat", NULL};

static const field_spec fields[5] = {
    {"minute", 0, 59, NULL},	      {"hour", 0, 23, NULL},
    {"day of month", 1, 31, NULL},    {"month", 1, 12, month_names},
    {"day of week", 0, 6, dow_names},
};

/* A number or a name; -1 when it is neither. */
static int value(const field_spec *f, const char *s, size_t len)
{
	int v = 0;
	size_t i;

	if (len == 0 || len > 9)
		return -1;
	if (s[0] >= '0' && s[0] <= '9') {
		for (i = 0; i < len; i++) {
			if (s[i] < '0' || s[i] > '9')
				return -1;
			v = v * 10 + (s[i] - '0');
		}
		return v;
	}
	for (i = 0; f->names && f->names[i]; i++) {
		size_t k;
		if (strlen(f->names[i]) != len)
			continue;
		for (k = 0; k < len; k++)
			if ((s[k] | 0x20) != f->names[i][k])
				break;
		if (k == len)
			return (int)i + f->lo;
	}
	return -1;
}

/* One field: comma-separated ranges with optional steps, into bits. */
static int parse_field(const field_spec *f, const char *s, size_t len,
		       uint64_t *bits, bool *any, char *err, size_t n)
{
	size_t start = 0;

	*bits = 0;
	*any = (len == 1 && (s[0] == '*' || s[0] == '?'));
	while (start <= len) {
		size_t end = start, dash, slash;
		int lo, hi, step = 1, v;
		char part[48];

		while (end < len && s[end] != ',')
			end++;
		if (end - start >= sizeof(part) || end == start) {
			snprintf(err, n, "%s: empty or overlong list item",
				 f->name);
			return -1;
		}
		memcpy(part, s + start, end - start);
		part[end - start] = '\0';
		slash = strcspn(part, "/");
		if (part[slash]) {
			step = value(f, part + slash + 1,
				     strlen(part + slash + 1));
			if (step <= 0 || part[slash + 1] < '0' ||
			    part[slash + 1] > '9') {
				snprintf(err, n,
					 "%s: step '%s' is not a positive "
					 "number",
					 f->name, part + slash + 1);
				return -1;
			}
		}
		dash = strcspn(part, "-");
		if ((slash == 1 && (part[0] == '*' || part[0] == '?'))) {
			lo = f->lo;
			hi = f->hi;
		} else if (part[0] == '*' || part[0] == '?') {
			if (slash != 1 || dash < slash) {
				snprintf(err, n, "%s: bad use of '*' in '%s'",
					 f->name, part);
				return -1;
			}
			lo = f->lo;
			hi = f->hi;
		} else {
			lo = value(f, part, dash < slash ? dash : slash);
			if (dash < slash)
				hi =
				    value(f, part + dash + 1, slash - dash - 1);
			else
				hi = part[slash] ? f->hi : lo; /* "5/10" */
			if (lo < 0 || hi < 0) {
				snprintf(err, n,
					 "%s: '%s' is not a number or name",
					 f->name, part);
				return -1;
			}
		}
		if (lo < f->lo || hi > f->hi || lo > hi) {
			if (lo == hi)
				snprintf(err, n,
					 "%s value %d is out of range %d-%d",
					 f->name, lo, f->lo, f->hi);
			else
				snprintf(err, n,
					 "%s range %d-%d is outside %d-%d",
					 f->name, lo, hi, f->lo, f->hi);
			return -1;
		}
		for (v = lo; v <= hi; v += step)
			*bits |= (uint64_t)1 << v;
		start = end + 1;
		if (end == len)
			break;
	}
	return 0;
}

int mlcap_cron_parse(mlcap_cron *out, const char *expr, char *err,
		     size_t err_len)
{
	static const struct {
		const char *name, *expands;
	} descriptors[] = {
	    {"@yearly", "0 0 1 1 *"},  {"@annually", "0 0 1 1 *"},
	    {"@monthly", "0 0 1 * *"}, {"@weekly", "0 0 * * 0"},
	    {"@daily", "0 0 * * *"},   {"@midnight", "0 0 * * *"},
	    {"@hourly", "0 * * * *"},
	};
	const char *p = expr, *f[5];
	size_t flen[5], i;
	int k = 0;

	memset(out, 0, sizeof(*out));
	while (*p == ' ' || *p == '\t')
		p++;
	if (!strncmp(p, "TZ=", 3) || !strncmp(p, "CRON_TZ=", 8)) {
		snprintf(err, err_len,
			 "a time zone in the schedule is not "
			 "allowed; use spec.timeZone");
		return -1;
	}
	if (*p == '@') {
		for (i = 0; i < sizeof(descriptors) / sizeof(descriptors[0]);
		     i++)
			if (!strcmp(p, descriptors[i].name))
				return mlcap_cron_parse(
				    out, descriptors[i].expands, err, err_len);
		snprintf(err, err_len,
			 "unknown descriptor '%s' (use @hourly, @daily, "
			 "@weekly, @monthly or @yearly)",
			 p);
		return -1;
	}
	while (*p && k < 6) {
		const char *s = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (k < 5) {
			f[k] = s;
			flen[k] = (size_t)(p - s);
		}
		k++;
		while (*p == ' ' || *p == '\t')
			p++;
	}
	if (k != 5) {
		snprintf(err, err_len,
			 "a schedule has 5 fields (minute hour day-of-month "
			 "month day-of-week), not %d",
			 k);
		return -1;
	}
	{
		uint64_t bits[5];
		bool any[5];
		for (i = 0; i < 5; i++)
			if (parse_field(&fields[i], f[i], flen[i], &bits[i],
					&any[i], err, err_len) < 0)
				return -1;
		out->minutes = bits[0];
		out->hours = (uint32_t)bits[1];
		out->dom = (uint32_t)bits[2];
		out->months = (uint16_t)bits[3];
		out->dow = (uint8_t)bits[4];
		out->dom_any = any[2];
		out->dow_any = any[4];
	}
	return 0;
}

static int popcount64(uint64_t v)
{
	int n = 0;
	for (; v; v &= v - 1)
		n++;
	return n;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int64_t mlcap_cron_runs_per_month_micros(const mlcap_cron *c)
{
	static const int days_in[] = {31, 28, 31, 30, 31, 30,
				      31, 31, 30, 31, 30, 31};
	int64_t per_day =
	    (int64_t)popcount64(c->minutes) * popcount64(c->hours);
	int64_t runs = 0;
	int y, m, d, dow = 6; /* 2000-01-01 was a Saturday */

	for (y = 2000; y < 2400; y++)
		for (m = 1; m <= 12; m++) {
			int n = days_in[m - 1] + (m == 2 && leap(y));
			bool month_on = (c->months >> m) & 1;
			for (d = 1; d <= n; d++, dow = (dow + 1) % 7) {
				bool dom_on = (c->dom >> d) & 1;
				bool dow_on = (c->dow >> dow) & 1;
				/* Both restricted: either matches (cron). */
				bool day_on = c->dom_any || c->dow_any
						  ? dom_on && dow_on
						  : dom_on || dow_on;
				if (month_on && day_on)
					runs += per_day;
			}
		}
	/* 4,800 months in the cycle; round half up. */
	return (runs * 1000000 + 2400) / 4800;
}
