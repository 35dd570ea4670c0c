/*
 * labels_internal.h - what the coverage check (labels.c) needs from the
 * policy (policy.c) beyond the public interface.
 */
#ifndef MLCAP_LABELS_INTERNAL_H
#define MLCAP_LABELS_INTERNAL_H

#include "mlcap/labels.h"

/* True when `value` matches the pattern of key `key` (or it has none). */
bool mlcap_policy__match(const mlcap_policy *p, size_t key, const char *value);

#endif
