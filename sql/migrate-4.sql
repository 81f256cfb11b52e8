-- node-monitor database migration: schema 4 to schema 5.
-- Schema 5 adds temperatures, partition folder sizes and machine benchmarks
-- (temperature_sample, folder_sample, partition_folder, benchmark_sample and
-- their views).

-- Temperatures (schema 5): one row per sensor that libsensors reports, in
-- degrees Celsius. alarm is SlapOS' figure: 0 below the high limit, 1 at or
-- above it, 2 at or above the critical one too; a limit the sensor lacks is
-- never reached. A machine without sensors has no rows.
CREATE TABLE temperature_sample (
  ts INTEGER NOT NULL,
  sensor_id TEXT NOT NULL,             -- "<chip> <label>:", as SlapOS names it
  temperature REAL NOT NULL,
  alarm INTEGER NOT NULL CHECK (alarm BETWEEN 0 AND 2),
  high REAL,                           -- the sensor's max limit; NULL if none
  critical REAL,                       -- its crit limit; NULL if none
  date TEXT GENERATED ALWAYS AS (date(ts, 'unixepoch')) VIRTUAL,
  time TEXT GENERATED ALWAYS AS (time(ts, 'unixepoch')) VIRTUAL,
  PRIMARY KEY (ts, sensor_id)
) WITHOUT ROWID;

-- Partition folder sizes (schema 5): one row per finished walk, stored by
-- the run that finished it. disk_used is SlapOS' figure: KiB as `du -s`
-- counts them (blocks, hard links once, never crossing into another
-- filesystem) of the partition's folder plus each disk linked under its
-- DATA/ folder; data_used is the DATA/ share of it.
CREATE TABLE folder_sample (
  ts INTEGER NOT NULL,                 -- the run that finished the walk
  partition TEXT NOT NULL,             -- the partition's user name
  disk_used INTEGER NOT NULL,          -- KiB, folder and DATA/ disks
  data_used INTEGER NOT NULL,          -- KiB under DATA/ disks
  started INTEGER NOT NULL,            -- UTC epoch seconds the walk began
  runs INTEGER NOT NULL,               -- collector runs the walk took
  date TEXT GENERATED ALWAYS AS (date(ts, 'unixepoch')) VIRTUAL,
  time TEXT GENERATED ALWAYS AS (time(ts, 'unixepoch')) VIRTUAL,
  PRIMARY KEY (ts, partition)
) WITHOUT ROWID;

-- Partition folders (schema 5): where each partition's files live, as the
-- collector resolved them (<instance_root>/<partition_base_name><N> from
-- slapos.cfg, else the user's home). node-collect keeps the row current;
-- node-report writes a partition's status files under its folder.
CREATE TABLE partition_folder (
  partition TEXT PRIMARY KEY,          -- the partition's user name
  path TEXT NOT NULL,                  -- absolute path of its folder
  seen INTEGER NOT NULL                -- ts of the last run that resolved it
) WITHOUT ROWID;

-- Folder walks (schema 5): each partition's walk in progress, or the last
-- one finished or given up. A walk that does not finish within one run's
-- budget saves here where it stopped and resumes at the next run.
CREATE TABLE folder_walk (
  partition TEXT PRIMARY KEY,          -- the partition's user name
  path TEXT NOT NULL,                  -- the folder walked
  started INTEGER NOT NULL,            -- ts of the run that began the walk
  runs INTEGER NOT NULL,               -- runs the walk has taken so far
  state INTEGER NOT NULL,              -- 0 walking, 1 finished, 2 given up
  root TEXT,                           -- NULL the folder, else the DATA/ link walked
  cursor TEXT,                         -- last counted path under root ('' the root itself)
  blocks INTEGER NOT NULL,             -- 512-byte blocks counted so far
  data_blocks INTEGER NOT NULL         -- the DATA/ disks' share of blocks
) WITHOUT ROWID;

-- The hard-linked files (st_nlink > 1) a paused walk has counted, so that
-- its next runs count them once; emptied when the walk ends.
CREATE TABLE folder_walk_link (
  partition TEXT NOT NULL,
  dev INTEGER NOT NULL,
  ino INTEGER NOT NULL,
  PRIMARY KEY (partition, dev, ino)
) WITHOUT ROWID;

-- Machine benchmarks (schema 5): one row per part of a benchmark run.
-- part is cpu, sqlite, disk_write, disk_read, net_up or net_down; a higher
-- score is better, in the part's unit; the same work each run, so scores of
-- one machine compare from run to run.
CREATE TABLE benchmark_sample (
  ts INTEGER NOT NULL,
  part TEXT NOT NULL,
  score REAL NOT NULL,
  unit TEXT NOT NULL,                  -- what score counts: "Mop/s", "rows/s", "MiB/s"
  elapsed_ms INTEGER NOT NULL,         -- how long the part ran
  date TEXT GENERATED ALWAYS AS (date(ts, 'unixepoch')) VIRTUAL,
  time TEXT GENERATED ALWAYS AS (time(ts, 'unixepoch')) VIRTUAL,
  PRIMARY KEY (ts, part)
) WITHOUT ROWID;

CREATE VIEW temperature AS SELECT *, ts / 86400 IN (SELECT day FROM reported_day)
  AS reported FROM temperature_sample;
CREATE VIEW folder AS SELECT *, ts / 86400 IN (SELECT day FROM reported_day)
  AS reported FROM folder_sample;
CREATE VIEW benchmark AS SELECT *, ts / 86400 IN (SELECT day FROM reported_day)
  AS reported FROM benchmark_sample;
