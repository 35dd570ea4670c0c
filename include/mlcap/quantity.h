/*
 * quantity.h - Kubernetes resource.Quantity parsing, exact to the unit.
 * CPU becomes integer millicores and memory integer bytes, both rounded
 * up (away from zero) as Kubernetes' MilliValue()/Value() do.
 */
#ifndef MLCAP_QUANTITY_H
#define MLCAP_QUANTITY_H

#include "mlcap/common.h"

typedef enum {
	MLCAP_Q_OK = 0,
	MLCAP_Q_INVALID = 1, /* not a quantity */
	MLCAP_Q_OVERFLOW = 2 /* valid, but does not fit in int64 */
} mlcap_qresult;

/**
 * Parses `s` (length `len`) as a Quantity and stores value x 10^`scale10`
 * rounded up in magnitude into `*out`: scale10 = 3 gives millis, 0 gives
 * units. Returns an mlcap_qresult; `*out` is untouched unless OK.
 */
MLCAP_API mlcap_qresult mlcap_quantity_parse(int64_t *out, const char *s,
					     size_t len, int scale10);

/** `s` in millis (e.g. CPU millicores). NUL-terminated convenience. */
MLCAP_API mlcap_qresult mlcap_quantity_millis(int64_t *out, const char *s);
/** `s` in units (e.g. memory bytes). NUL-terminated convenience. */
MLCAP_API mlcap_qresult mlcap_quantity_value(int64_t *out, const char *s);

/**
 * Formats millicores the way kubectl shows them: "2" for whole cores,
 * "2500m" otherwise. Returns the length written (snprintf rules).
 */
MLCAP_API int mlcap_format_millis(char *buf, size_t n, int64_t millis);
/**
 * Formats bytes exactly with the largest binary suffix that divides
 * them ("8Gi", "1536Mi", "1000"). Returns the length (snprintf rules).
 */
MLCAP_API int mlcap_format_bytes(char *buf, size_t n, int64_t bytes);

/** A value of resource `name` for people: "cpu" as millicores ("250m"),
 *  "memory" as bytes ("1.5Gi"), anything else as a count. */
MLCAP_API int mlcap_format_resource(char *buf, size_t n, const char *name,
				    int64_t v);

#endif
