/*
 * common.h - definitions every public header shares: the export macro,
 * the version and the negative status codes of system failures.
 */
#ifndef MLCAP_COMMON_H
#define MLCAP_COMMON_H

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define MLCAP_API __attribute__((visibility("default")))
#else
#define MLCAP_API
#endif

#define MLCAP_VERSION "0.1.0"

/**
 * System failures, returned as negative ints. A user-input problem is
 * never one of these: it is a diagnostic (diag.h) and the call succeeds.
 */
typedef enum {
	MLCAP_OK = 0,
	MLCAP_ENOMEM = -1,    /* allocation failed */
	MLCAP_EIO = -2,	      /* a file could not be read or written */
	MLCAP_EDB = -3,	      /* SQLite failure */
	MLCAP_ELIMIT = -4,    /* a hard size limit was reached */
	MLCAP_EINTERNAL = -5, /* a bug in mlcap */
	MLCAP_EINVAL = -6     /* a caller passed an invalid argument */
} mlcap_status;

/** Short English description of a status code. */
MLCAP_API const char *mlcap_status_str(int status);

#endif
