-- schema.sql - the mlcap price catalog (SQLite), schema version 3.
-- Money is kept exactly: the published decimal text (usd_per_hour) and the
-- same amount in integer nano-dollars (usd_nanos) for arithmetic; a price
-- with more precision than a nano-dollar is refused on import. Dates are
-- ISO 8601 (YYYY-MM-DD, or a full UTC timestamp for spot prices); the
-- price in force on a day is the row with the latest effective_from on or
-- before it. Every row names its source.

CREATE TABLE instance_types (
  provider          TEXT NOT NULL,            -- aws | gcp | azure | custom
  name              TEXT NOT NULL,            -- p5.48xlarge, a3-highgpu-8g
  family            TEXT NOT NULL,            -- p5, a3, NDv5
  category          TEXT NOT NULL CHECK (category IN
                      ('general', 'compute', 'memory', 'gpu',
                       'accelerator', 'storage', 'custom')),
  vcpu              INTEGER NOT NULL CHECK (vcpu > 0),
  memory_bytes      INTEGER NOT NULL CHECK (memory_bytes > 0),
  gpu_count         INTEGER NOT NULL DEFAULT 0 CHECK (gpu_count >= 0),
  gpu_model         TEXT,                     -- H100, A100-80GB, L4...
  gpu_memory_bytes  INTEGER,                  -- per GPU
  accelerator_count INTEGER NOT NULL DEFAULT 0 CHECK (accelerator_count >= 0),
  accelerator_model TEXT,                     -- Inferentia2, Trainium, TPU v5e
  arch              TEXT NOT NULL DEFAULT 'x86_64'
                      CHECK (arch IN ('x86_64', 'arm64')),
  source            TEXT NOT NULL,
  PRIMARY KEY (provider, name)
) WITHOUT ROWID;

CREATE TABLE prices (
  provider        TEXT NOT NULL,
  region          TEXT NOT NULL,
  instance_type   TEXT NOT NULL,
  purchase_option TEXT NOT NULL CHECK (purchase_option IN
                    ('on-demand', 'spot', 'reserved-1y', 'reserved-3y',
                     'committed-1y', 'committed-3y')),
  usd_per_hour    TEXT NOT NULL,              -- exactly as published
  usd_nanos       INTEGER NOT NULL CHECK (usd_nanos >= 0),
  effective_from  TEXT NOT NULL CHECK (effective_from GLOB
                    '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]*'),
  source          TEXT NOT NULL,
  PRIMARY KEY (provider, region, instance_type, purchase_option,
               effective_from)
) WITHOUT ROWID;

-- GPUs priced apart from the machine (GCP N1 + attached T4/V100...).
CREATE TABLE accelerator_prices (
  provider          TEXT NOT NULL,
  region            TEXT NOT NULL,
  accelerator_model TEXT NOT NULL,
  purchase_option   TEXT NOT NULL,
  usd_per_hour      TEXT NOT NULL,
  usd_nanos         INTEGER NOT NULL CHECK (usd_nanos >= 0),
  effective_from    TEXT NOT NULL,
  source            TEXT NOT NULL,
  PRIMARY KEY (provider, region, accelerator_model, purchase_option,
               effective_from)
) WITHOUT ROWID;

-- Managed Kubernetes control planes, per cluster-hour.
CREATE TABLE control_plane_fees (
  provider       TEXT NOT NULL,               -- eks | gke | aks
  tier           TEXT NOT NULL,               -- standard, extended, premium...
  usd_per_hour   TEXT NOT NULL,
  usd_nanos      INTEGER NOT NULL CHECK (usd_nanos >= 0),
  effective_from TEXT NOT NULL,
  source         TEXT NOT NULL,
  notes          TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (provider, tier, effective_from)
) WITHOUT ROWID;

-- Per-resource rates for clusters outside public clouds (custom, on-prem):
-- resource is 'cpu' (per vCPU-hour), 'memory' (per GiB-hour) or
-- 'gpu:MODEL' (per GPU-hour). A type of the provider without a price of
-- its own is priced from these (see catalog.c). Added in version 2.
CREATE TABLE resource_rates (
  provider       TEXT NOT NULL,
  region         TEXT NOT NULL,
  resource       TEXT NOT NULL CHECK (resource IN ('cpu', 'memory')
                   OR resource GLOB 'gpu:?*'),
  usd_per_hour   TEXT NOT NULL,
  usd_nanos      INTEGER NOT NULL CHECK (usd_nanos >= 0),
  effective_from TEXT NOT NULL,
  source         TEXT NOT NULL,
  PRIMARY KEY (provider, region, resource, effective_from)
) WITHOUT ROWID;

-- What was imported, when, and with what outcome.
CREATE TABLE imports (
  id            INTEGER PRIMARY KEY,
  file          TEXT NOT NULL,
  format        TEXT NOT NULL,
  rows_read     INTEGER NOT NULL,
  rows_imported INTEGER NOT NULL,
  rows_skipped  INTEGER NOT NULL
);

-- Facts about the catalog itself: 'seed' is the fingerprint of the seed
-- tables it was built or last brought up to date from. Added in version 3.
CREATE TABLE catalog_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

PRAGMA user_version = 3;
