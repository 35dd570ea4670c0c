/*
 * money.c - exact decimal money in int64 nano-dollars (see money.h). The
 * catalog stores prices this way; reports format them from integers.
 */
#include <stdio.h>
#include <string.h>
#include "internal.h"
#include "banned.h"

mlcap_money_result mlcap_money_parse(int64_t *nanos, const char *s, size_t len)
{
	uint64_t v = 0;
	size_t i = 0, end;
	int digits = 0, frac = -1; /* frac: digits after '.', -1 = no '.' */
	long exp = 0;
	int extra_nonzero = 0, scale, keep, zeros = 0;

	if (len && s[0] == '-')
		return MLCAP_MONEY_NEGATIVE;
	if (len && s[0] == '+')
		i++;
	/* The exponent first: it decides how many decimals can matter. */
	for (end = i; end < len && s[end] != 'e' && s[end] != 'E'; end++)
		;
	if (end < len) {
		size_t j = end + 1;
		int neg = 0;
		if (j < len && (s[j] == '+' || s[j] == '-'))
			neg = s[j++] == '-';
		if (j == len)
			return MLCAP_MONEY_INVALID;
		for (; j < len; j++) {
			if (s[j] < '0' || s[j] > '9')
				return MLCAP_MONEY_INVALID;
			if (exp < 100)
				exp = exp * 10 + (s[j] - '0');
		}
		exp = neg ? -exp : exp;
	}
	keep = 9 + (exp > 0 ? (int)exp : 0);
	for (; i < end; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			int d = c - '0';
			digits++;
			/* Digits past nano precision must be zeros. */
			if (frac >= 0 && ++frac > keep) {
				extra_nonzero |= d != 0;
				continue;
			}
			if (zeros ||
			    v > ((uint64_t)INT64_MAX - (uint64_t)d) / 10) {
				/*
				 * Past 19 digits only zeros can follow, kept
				 * as a power of ten for the exponent to take
				 * away: 100000000000000000000e-20 is 1.
				 */
				if (d != 0)
					return MLCAP_MONEY_OVERFLOW;
				zeros++;
				continue;
			}
			v = v * 10 + (uint64_t)d;
		} else if (c == '.' && frac < 0) {
			frac = 0;
		} else {
			return MLCAP_MONEY_INVALID;
		}
	}
	if (!digits)
		return MLCAP_MONEY_INVALID;
	if (extra_nonzero)
		return MLCAP_MONEY_PRECISION;
	if (frac < 0)
		frac = 0;
	if (frac > keep)
		frac = keep; /* the zeros dropped above */
	/* value = v * 10^(zeros + exp - frac); want it times 10^9. */
	scale = 9 + (int)exp - frac + zeros;
	while (scale > 0) {
		if (v > (uint64_t)INT64_MAX / 10)
			return MLCAP_MONEY_OVERFLOW;
		v *= 10;
		scale--;
	}
	while (scale < 0) {
		if (v % 10)
			return MLCAP_MONEY_PRECISION;
		v /= 10;
		scale++;
	}
	*nanos = (int64_t)v;
	return MLCAP_MONEY_OK;
}

int mlcap_money_format_exact(char *buf, size_t n, int64_t nanos)
{
	uint64_t u =
	    nanos < 0 ? (uint64_t)0 - (uint64_t)nanos : (uint64_t)nanos;
	char frac[16];
	int len;

	snprintf(frac, sizeof(frac), "%09llu",
		 (unsigned long long)(u % 1000000000ULL));
	len = 9;
	while (len > 0 && frac[len - 1] == '0')
		len--;
	frac[len] = '\0';
	return snprintf(buf, n, "%s%llu%s%s", nanos < 0 ? "-" : "",
			(unsigned long long)(u / 1000000000ULL), len ? "." : "",
			frac);
}

int mlcap_money_format_usd(char *buf, size_t n, int64_t nanos)
{
	uint64_t u =
	    nanos < 0 ? (uint64_t)0 - (uint64_t)nanos : (uint64_t)nanos;
	uint64_t cents = (u + 5000000ULL) / 10000000ULL; /* half up */
	uint64_t dollars = cents / 100;
	char digits[32], grouped[48];
	size_t nd, i, j = 0;

	snprintf(digits, sizeof(digits), "%llu", (unsigned long long)dollars);
	nd = strlen(digits);
	for (i = 0; i < nd; i++) {
		if (i && (nd - i) % 3 == 0)
			grouped[j++] = ',';
		grouped[j++] = digits[i];
	}
	grouped[j] = '\0';
	/* No "-$0.00": the sign goes with a non-zero amount only. */
	return snprintf(buf, n, "%s$%s.%02llu", nanos < 0 && cents ? "-" : "",
			grouped, (unsigned long long)(cents % 100));
}

int mlcap_money_muldiv(int64_t *out, int64_t a, int64_t b, int64_t c)
{
	/* 128-bit product from two 64-bit halves, then long division. */
	int neg = (a < 0) ^ (b < 0) ^ (c < 0);
	uint64_t ua = a < 0 ? (uint64_t)0 - (uint64_t)a : (uint64_t)a;
	uint64_t ub = b < 0 ? (uint64_t)0 - (uint64_t)b : (uint64_t)b;
	uint64_t uc = c < 0 ? (uint64_t)0 - (uint64_t)c : (uint64_t)c;
	uint64_t a_lo = ua & 0xffffffffULL, a_hi = ua >> 32;
	uint64_t b_lo = ub & 0xffffffffULL, b_hi = ub >> 32;
	uint64_t p0 = a_lo * b_lo, p1 = a_lo * b_hi, p2 = a_hi * b_lo;
	uint64_t p3 = a_hi * b_hi;
	uint64_t mid = (p0 >> 32) + (p1 & 0xffffffffULL) + (p2 & 0xffffffffULL);
	uint64_t lo = (p0 & 0xffffffffULL) | (mid << 32);
	uint64_t hi = p3 + (p1 >> 32) + (p2 >> 32) + (mid >> 32);
	uint64_t q = 0, r = 0;
	int bit;

	if (uc == 0)
		return MLCAP_EINVAL;
	/* Divide the 128-bit (hi, lo) by uc, bit by bit. */
	for (bit = 127; bit >= 0; bit--) {
		uint64_t top = r >> 63;
		r = (r << 1) | ((bit >= 64 ? hi >> (bit - 64) : lo >> bit) & 1);
		if (top || r >= uc) {
			r -= uc;
			if (bit >= 63)
				return MLCAP_ELIMIT; /* quotient past 2^63 */
			q |= (uint64_t)1 << bit;
		}
	}
	if (r >= uc - r) /* remainder at least half: round away from 0 */
		q++;
	if (q > (uint64_t)INT64_MAX)
		return MLCAP_ELIMIT;
	*out = neg ? -(int64_t)q : (int64_t)q;
	return 0;
}

int64_t mlcap_money_ppm(int64_t part, int64_t whole)
{
	int64_t v;
	if (part < 0 || whole <= 0 ||
	    mlcap_money_muldiv(&v, part, 1000000, whole) < 0)
		return -1;
	return v;
}
