/*
 * quantity.c - Kubernetes resource.Quantity, exactly. The grammar is
 *   [+-] digits [. digits] [suffix],  suffix: Ki..Ei | n u m "" k M G T P E
 *   | e<int> | E<int>,
 * and a value is scaled to integer millis or units, rounded up in magnitude
 * as Quantity.MilliValue()/Value() do. The arithmetic works on the decimal
 * digits, so "0.1" is exactly 100m (no binary floating point anywhere).
 */
#include <stdio.h>
#include <string.h>
#include "internal.h"
#include "banned.h"

#define MAX_SIG	  60 /* significant digits kept; the rest are "sticky" */
#define EXP_CLAMP 100000

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Parses the e<int> exponent suffix; clamps huge exponents. */
static int parse_exponent(const char *s, size_t len, long *out)
{
	size_t i = 0;
	int neg = 0;
	long v = 0;

	if (i < len && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	if (i == len)
		return -1;
	for (; i < len; i++) {
		if (!is_digit(s[i]))
			return -1;
		if (v < EXP_CLAMP)
			v = v * 10 + (s[i] - '0');
	}
	*out = neg ? -v : v;
	return 0;
}

/* Interprets the suffix as in Kubernetes' suffixer: binary, decimal, exp. */
static int parse_suffix(const char *s, size_t len, long *e10, int *e2)
{
	static const char bin[] = "KMGTPE";
	static const struct {
		char c;
		int e;
	} dec[] = {
	    {'n', -9}, {'u', -6}, {'m', -3}, {'k', 3},	{'M', 6},
	    {'G', 9},  {'T', 12}, {'P', 15}, {'E', 18},
	};
	size_t i;

	*e10 = 0;
	*e2 = 0;
	if (len == 0)
		return 0;
	if (len == 2 && s[1] == 'i') {
		const char *p = memchr(bin, s[0], sizeof(bin) - 1);
		if (p) {
			*e2 = 10 * (int)(p - bin + 1);
			return 0;
		}
	}
	if (len == 1) {
		for (i = 0; i < sizeof(dec) / sizeof(dec[0]); i++)
			if (dec[i].c == s[0]) {
				*e10 = dec[i].e;
				return 0;
			}
		return -1;
	}
	if (s[0] == 'e' || s[0] == 'E')
		return parse_exponent(s + 1, len - 1, e10);
	return -1;
}

/* a * b into *out unless it passes INT64_MAX. */
static int mul_ok(uint64_t a, uint64_t b, uint64_t *out)
{
	if (a && b > (uint64_t)INT64_MAX / a)
		return 0;
	*out = a * b;
	return 1;
}

static int add_ok(uint64_t a, uint64_t b, uint64_t *out)
{
	if (a > (uint64_t)INT64_MAX - b)
		return 0;
	*out = a + b;
	return 1;
}

/* Integer value of up to 19 decimal digits, or 0 on overflow. */
static int digits_value(const char *d, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (!mul_ok(v, 10, &v) ||
		    !add_ok(v, (uint64_t)(d[i] - '0'), &v))
			return 0;
	*out = v;
	return 1;
}

mlcap_qresult mlcap_quantity_parse(int64_t *out, const char *s, size_t len,
				   int scale10)
{
	char sig[MAX_SIG];
	char frac[MAX_SIG + 24];
	size_t i = 0, n = 0, nfrac;
	int neg = 0, sticky = 0, seen_nonzero = 0, e2;
	long e10, exp10;
	uint64_t ip = 0, acc = 0, pow2 = 1, res;
	long ilen, k;

	if (!s || len == 0)
		return MLCAP_Q_INVALID;
	if (s[0] == '+' || s[0] == '-')
		neg = s[i++] == '-';

	/* Significant digits into sig[], counting the dropped ones. */
	exp10 = 0;
	for (; i < len && is_digit(s[i]); i++) {
		if (s[i] == '0' && !seen_nonzero)
			continue;
		seen_nonzero = 1;
		if (n < MAX_SIG)
			sig[n++] = s[i];
		else {
			exp10++;
			sticky |= s[i] != '0';
		}
	}
	if (i < len && s[i] == '.') {
		for (i++; i < len && is_digit(s[i]); i++) {
			if (s[i] == '0' && !seen_nonzero) {
				exp10--;
				continue;
			}
			seen_nonzero = 1;
			if (n < MAX_SIG) {
				sig[n++] = s[i];
				exp10--;
			} else {
				sticky |= s[i] != '0';
			}
		}
	}
	/*
	 * No digits at all ("." "-." "+" "-") is zero, as apimachinery's
	 * parseQuantityString has it; only "" is not a quantity.
	 */
	if (parse_suffix(s + i, len - i, &e10, &e2) < 0)
		return MLCAP_Q_INVALID;
	if (n == 0) {
		*out = 0;
		return MLCAP_Q_OK;
	}
	while (n > 1 && sig[n - 1] == '0') { /* trailing zeros: exponent */
		n--;
		exp10++;
	}
	exp10 += e10 + scale10;
	pow2 = (uint64_t)1 << e2;

	/* value = sig * 10^exp10 * 2^e2 (+ sticky epsilon) */
	ilen = (long)n + exp10; /* digits before the decimal point */
	if (ilen > 19)
		return MLCAP_Q_OVERFLOW;
	if (exp10 >= 0) {
		if (!digits_value(sig, n, &ip))
			return MLCAP_Q_OVERFLOW;
		for (k = 0; k < exp10; k++)
			if (!mul_ok(ip, 10, &ip))
				return MLCAP_Q_OVERFLOW;
		if (!mul_ok(ip, pow2, &res))
			return MLCAP_Q_OVERFLOW;
		if (sticky && !add_ok(res, 1, &res))
			return MLCAP_Q_OVERFLOW;
	} else if (ilen <= -19) {
		res = 1; /* below 10^-19 * 2^60 < 1: rounds up to one unit */
	} else {
		/* Split into integer digits and fraction digits. */
		if (ilen > 0) {
			if (!digits_value(sig, (size_t)ilen, &ip))
				return MLCAP_Q_OVERFLOW;
			nfrac = n - (size_t)ilen;
			memcpy(frac, sig + ilen, nfrac);
		} else {
			nfrac = (size_t)(-ilen);
			memset(frac, '0', nfrac);
			memcpy(frac + nfrac, sig, n);
			nfrac += n;
		}
		if (!mul_ok(ip, pow2, &res))
			return MLCAP_Q_OVERFLOW;
		/* floor(0.frac * 2^e2) by doubling the decimal fraction. */
		for (k = 0; k < e2; k++) {
			int carry = 0;
			size_t j = nfrac;
			while (j-- > 0) {
				int dgt = (frac[j] - '0') * 2 + carry;
				carry = dgt >= 10;
				frac[j] = (char)('0' + dgt % 10);
			}
			acc = acc * 2 + (uint64_t)carry;
		}
		if (!add_ok(res, acc, &res))
			return MLCAP_Q_OVERFLOW;
		for (k = 0; k < (long)nfrac; k++)
			if (frac[k] != '0')
				sticky = 1;
		if (sticky && !add_ok(res, 1, &res))
			return MLCAP_Q_OVERFLOW;
	}
	*out = neg ? -(int64_t)res : (int64_t)res;
	return MLCAP_Q_OK;
}

mlcap_qresult mlcap_quantity_millis(int64_t *out, const char *s)
{
	return mlcap_quantity_parse(out, s, s ? strlen(s) : 0, 3);
}

mlcap_qresult mlcap_quantity_value(int64_t *out, const char *s)
{
	return mlcap_quantity_parse(out, s, s ? strlen(s) : 0, 0);
}

int mlcap_format_millis(char *buf, size_t n, int64_t millis)
{
	if (millis % 1000 == 0)
		return snprintf(buf, n, "%lld", (long long)(millis / 1000));
	return snprintf(buf, n, "%lldm", (long long)millis);
}

int mlcap_format_bytes(char *buf, size_t n, int64_t bytes)
{
	static const char *const suffix[] = {"Ki", "Mi", "Gi",
					     "Ti", "Pi", "Ei"};
	int i;

	for (i = 5; i >= 0 && bytes != 0; i--) {
		int64_t unit = (int64_t)1 << (10 * (i + 1));
		if (bytes % unit == 0)
			return snprintf(buf, n, "%lld%s",
					(long long)(bytes / unit), suffix[i]);
	}
	return snprintf(buf, n, "%lld", (long long)bytes);
}

int mlcap_format_resource(char *buf, size_t n, const char *name, int64_t v)
{
	if (strcmp(name, "cpu") == 0)
		return mlcap_format_millis(buf, n, v);
	if (strcmp(name, "memory") == 0)
		return mlcap_format_bytes(buf, n, v);
	return snprintf(buf, n, "%lld", (long long)v);
}
