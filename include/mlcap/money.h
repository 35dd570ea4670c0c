/*
 * money.h - exact money. Amounts are int64 nano-dollars (1e-9 USD), parsed
 * from and printed as decimal text without ever passing through a binary
 * float, so every figure traces back to the digits that were published.
 */
#ifndef MLCAP_MONEY_H
#define MLCAP_MONEY_H

#include "mlcap/common.h"

#define MLCAP_NANOS_PER_USD 1000000000LL

typedef enum {
	MLCAP_MONEY_OK = 0,
	MLCAP_MONEY_INVALID,   /* not a plain decimal number */
	MLCAP_MONEY_NEGATIVE,  /* a minus sign */
	MLCAP_MONEY_PRECISION, /* non-zero digits beyond 1e-9 */
	MLCAP_MONEY_OVERFLOW   /* does not fit in int64 nano-dollars */
} mlcap_money_result;

/**
 * Parses a non-negative decimal such as "32.7726", "0.0416", "12",
 * "1.5E-3" (an exponent is accepted, as in price-list files) into
 * nano-dollars. Leading "$" and surrounding blanks are not accepted.
 */
MLCAP_API mlcap_money_result mlcap_money_parse(int64_t *nanos, const char *s,
					       size_t len);

/**
 * Writes `nanos` as the shortest exact decimal ("32.7726", "0.1", "3").
 * Returns the length (snprintf rules).
 */
MLCAP_API int mlcap_money_format_exact(char *buf, size_t n, int64_t nanos);

/**
 * Writes `nanos` for people, rounded half away from zero to cents with
 * thousands separators: "$1,234.56". Returns the length.
 */
MLCAP_API int mlcap_money_format_usd(char *buf, size_t n, int64_t nanos);

/** part / whole in parts per million, rounded half away from zero; -1
 * when part is negative (unknown), whole is not positive, or on overflow. */
MLCAP_API int64_t mlcap_money_ppm(int64_t part, int64_t whole);

/** a * b / c rounded half away from zero; MLCAP_ELIMIT on overflow. */
MLCAP_API int mlcap_money_muldiv(int64_t *out, int64_t a, int64_t b, int64_t c);

#endif
