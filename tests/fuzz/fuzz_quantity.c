/*
 * fuzz_quantity.c - libFuzzer target for quantity.c. Each input is parsed
 * at several scales and checked against invariants (scales agree on
 * validity and rounding, formatting round-trips) and against a slow
 * reference parser written from the grammar. A violation traps.
 */
#include <stdint.h>
#include <string.h>
#include "mlcap/quantity.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond))                                                   \
			__builtin_trap();                                      \
	} while (0)

#define REF_MAX_DIGITS 4096 /* inputs with more mantissa digits are skipped */
#define NSCALES	       5    /* 10^-3, units, millis, micros, nanos */
#define U	       1    /* index of scale 0 */
#define M	       2    /* index of scale 3 */

/* ---- reference parser ---- */

/*
 * Reference result of `s` at `scale10`: the same contract as
 * mlcap_quantity_parse, computed the slow way on a decimal string
 * (mantissa x 2^e2 by repeated doubling, then a decimal point shift).
 * Returns -1 when the input is too long to check.
 */
static int ref_parse(int64_t *out, const char *s, size_t len, int scale10)
{
	static char dig[REF_MAX_DIGITS + 32];
	size_t i = 0, n = 0, k, int_digits = 0, frac_digits = 0;
	int neg = 0, e2 = 0;
	long e10 = 0, exp10 = 0, ilen;
	uint64_t v = 0;
	const char *suf;
	size_t slen;

	if (len == 0)
		return MLCAP_Q_INVALID;
	if (s[0] == '+' || s[0] == '-')
		neg = s[i++] == '-';
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, int_digits++) {
		if (n >= REF_MAX_DIGITS)
			return -1;
		dig[n++] = s[i];
	}
	if (i < len && s[i] == '.')
		for (i++; i < len && s[i] >= '0' && s[i] <= '9';
		     i++, frac_digits++) {
			if (n >= REF_MAX_DIGITS)
				return -1;
			dig[n++] = s[i];
			exp10--;
		}
	if (int_digits + frac_digits == 0)
		return -1; /* ".", "+", "-." ...: left to the unit tests */

	suf = s + i;
	slen = len - i;
	if (slen == 0) {
		/* plain number */
	} else if (slen == 2 && suf[1] == 'i' && suf[0] &&
		   strchr("KMGTPE", suf[0])) {
		e2 = 10 * (int)(strchr("KMGTPE", suf[0]) - "KMGTPE" + 1);
	} else if (slen == 1) {
		switch (suf[0]) {
		case 'n': e10 = -9; break;
		case 'u': e10 = -6; break;
		case 'm': e10 = -3; break;
		case 'k': e10 = 3; break;
		case 'M': e10 = 6; break;
		case 'G': e10 = 9; break;
		case 'T': e10 = 12; break;
		case 'P': e10 = 15; break;
		case 'E': e10 = 18; break;
		default: return MLCAP_Q_INVALID;
		}
	} else if (suf[0] == 'e' || suf[0] == 'E') {
		int eneg = 0;
		k = 1;
		if (suf[k] == '+' || suf[k] == '-')
			eneg = suf[k++] == '-';
		if (k == slen)
			return MLCAP_Q_INVALID;
		for (; k < slen; k++) {
			if (suf[k] < '0' || suf[k] > '9')
				return MLCAP_Q_INVALID;
			if (e10 < 10000000) /* far past any digit count */
				e10 = e10 * 10 + (suf[k] - '0');
		}
		if (eneg)
			e10 = -e10;
	} else {
		return MLCAP_Q_INVALID;
	}

	/* Strip leading zeros; an all-zero mantissa is 0 at any scale. */
	for (k = 0; k < n && dig[k] == '0'; k++)
		;
	memmove(dig, dig + k, n - k);
	n -= k;
	if (n == 0) {
		*out = 0;
		return MLCAP_Q_OK;
	}
	/* dig *= 2^e2, as a decimal string. */
	while (e2-- > 0) {
		int carry = 0;
		k = n;
		while (k-- > 0) {
			int d = (dig[k] - '0') * 2 + carry;
			carry = d >= 10;
			dig[k] = (char)('0' + d % 10);
		}
		if (carry) {
			memmove(dig + 1, dig, n);
			dig[0] = '1';
			n++;
		}
	}
	exp10 += e10 + scale10;
	ilen = (long)n + exp10; /* digits before the decimal point */
	if (ilen > 19)
		return MLCAP_Q_OVERFLOW;
	if (ilen <= 0) {
		v = 1; /* a non-zero fraction rounds up to one */
	} else {
		int frac = 0;
		for (k = 0; k < (size_t)ilen; k++)
			v = v * 10 + (k < n ? (uint64_t)(dig[k] - '0') : 0);
		for (k = (size_t)ilen; k < n; k++)
			frac |= dig[k] != '0';
		if (v > (uint64_t)INT64_MAX)
			return MLCAP_Q_OVERFLOW;
		v += (uint64_t)frac;
		if (v > (uint64_t)INT64_MAX)
			return MLCAP_Q_OVERFLOW;
	}
	*out = neg ? -(int64_t)v : (int64_t)v;
	return MLCAP_Q_OK;
}

/* ---- invariants ---- */

/* x / 1000 rounded away from zero (C division truncates toward zero). */
static int64_t div1000_away(int64_t x)
{
	return x / 1000 + (x % 1000 > 0) - (x % 1000 < 0);
}

/*
 * `lo` was parsed at scale s and `hi` at scale s + 3. With x the exact
 * value, lo = ceil_away(x) and hi = ceil_away(1000x); so for x > 0,
 * 1000x <= hi < 1000x + 1 and lo - 1 < x <= lo give
 * 1000 lo - 999 <= hi <= 1000 lo, i.e. lo = ceil_away(hi / 1000)
 * (and symmetrically for x < 0). An overflow at s forces one at s + 3.
 */
static void check_pair(mlcap_qresult rlo, int64_t lo, mlcap_qresult rhi,
		       int64_t hi)
{
	CHECK((rlo == MLCAP_Q_INVALID) == (rhi == MLCAP_Q_INVALID));
	if (rlo == MLCAP_Q_OVERFLOW)
		CHECK(rhi == MLCAP_Q_OVERFLOW);
	if (rhi != MLCAP_Q_OK)
		return;
	CHECK(rlo == MLCAP_Q_OK);
	CHECK(lo == div1000_away(hi));
	if (hi > 0)
		CHECK((__int128)lo * 1000 - 999 <= hi &&
		      hi <= (__int128)lo * 1000);
	else if (hi < 0)
		CHECK((__int128)lo * 1000 <= hi &&
		      hi <= (__int128)lo * 1000 + 999);
	else
		CHECK(lo == 0);
}

/* kubectl-style text of a parsed value parses back to the same value. */
static void check_format(int millis_ok, int64_t millis, int units_ok,
			 int64_t units)
{
	char buf[64];
	int64_t back = 0;
	int len;

	if (millis_ok) {
		len = mlcap_format_millis(buf, sizeof(buf), millis);
		CHECK(len > 0 && (size_t)len < sizeof(buf));
		CHECK(mlcap_quantity_parse(&back, buf, (size_t)len, 3) ==
		      MLCAP_Q_OK);
		CHECK(back == millis);
	}
	if (units_ok) {
		len = mlcap_format_bytes(buf, sizeof(buf), units);
		CHECK(len > 0 && (size_t)len < sizeof(buf));
		CHECK(mlcap_quantity_parse(&back, buf, (size_t)len, 0) ==
		      MLCAP_Q_OK);
		CHECK(back == units);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int scales[NSCALES] = {-3, 0, 3, 6, 9};
	const char *s = (const char *)data;
	mlcap_qresult r[NSCALES];
	int64_t v[NSCALES];
	size_t i;

	for (i = 0; i < NSCALES; i++) {
		int64_t ref = 0;
		int rr;

		v[i] = INT64_MIN; /* must stay untouched unless OK */
		r[i] = mlcap_quantity_parse(&v[i], s, size, scales[i]);
		CHECK(r[i] == MLCAP_Q_OK || r[i] == MLCAP_Q_INVALID ||
		      r[i] == MLCAP_Q_OVERFLOW);
		CHECK(r[i] == MLCAP_Q_OK || v[i] == INT64_MIN);
		CHECK(r[i] != MLCAP_Q_OK || v[i] != INT64_MIN);
		rr = ref_parse(&ref, s, size, scales[i]);
		if (rr >= 0) {
			CHECK((int)r[i] == rr);
			CHECK(r[i] != MLCAP_Q_OK || v[i] == ref);
		}
	}
	for (i = 0; i + 1 < NSCALES; i++)
		check_pair(r[i], v[i], r[i + 1], v[i + 1]);
	for (i = 0; i < NSCALES && size > 0; i++)
		if (r[i] == MLCAP_Q_OK)
			CHECK(s[0] == '-' ? v[i] <= 0 : v[i] >= 0);
	check_format(r[M] == MLCAP_Q_OK, v[M], r[U] == MLCAP_Q_OK, v[U]);
	return 0;
}
