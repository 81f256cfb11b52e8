-- node-monitor database migration: schema 2 to schema 3.
-- Schema 3 records each run (its CLOCK_BOOTTIME and boot_id) in `run`, a
-- process' start in clock ticks after boot, and gives computer's
-- partition_list SlapOS' meaning (block devices and sizes), the partition
-- users moving to partition_users. Runs stored before have no clock
-- reading: the first run after the migration starts new baselines.

CREATE TABLE run (
  ts INTEGER PRIMARY KEY,
  boottime_ns INTEGER,
  boot_id TEXT
);
INSERT OR IGNORE INTO run (ts) SELECT ts FROM system_sample;
INSERT OR IGNORE INTO run (ts) SELECT DISTINCT ts FROM user_sample;
INSERT OR IGNORE INTO run (ts) SELECT ts FROM computer_sample;
INSERT OR IGNORE INTO run (ts) SELECT DISTINCT ts FROM disk_sample;
INSERT OR IGNORE INTO run (ts) SELECT DISTINCT ts FROM net_sample;

ALTER TABLE user_sample ADD COLUMN start_ticks INTEGER;

ALTER TABLE computer_sample ADD COLUMN partition_users TEXT NOT NULL DEFAULT '';
UPDATE computer_sample SET partition_users = partition_list, partition_list = '';

-- The views name their columns with *, which SQLite expands when a view is
-- created: make them again to show the new columns.
DROP VIEW user;
DROP VIEW computer;
CREATE VIEW user AS SELECT *, ts / 86400 IN (SELECT day FROM reported_day) AS reported
  FROM user_sample;
CREATE VIEW computer AS SELECT *, ts / 86400 IN (SELECT day FROM reported_day) AS reported
  FROM computer_sample;
