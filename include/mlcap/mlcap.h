/*
 * mlcap.h - umbrella header of the mlcap library: version, status codes and
 * the public modules. The library never prints on its own, never exits and
 * keeps no global state; the CLI in src/cli decides policy.
 */
#ifndef MLCAP_MLCAP_H
#define MLCAP_MLCAP_H

#include "mlcap/common.h"
#include "mlcap/arena.h"
#include "mlcap/diag.h"
#include "mlcap/quantity.h"
#include "mlcap/money.h"
#include "mlcap/cron.h"
#include "mlcap/model.h"
#include "mlcap/load.h"
#include "mlcap/catalog.h"
#include "mlcap/rates.h"
#include "mlcap/pack.h"
#include "mlcap/reserved.h"
#include "mlcap/plan.h"
#include "mlcap/labels.h"
#include "mlcap/budget.h"
#include "mlcap/render.h"

#endif
