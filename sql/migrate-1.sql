-- node-monitor database migration: schema 1 to schema 2.
-- Schema 1 kept a `reported` flag on every row. Schema 2 records reported
-- UTC days in reported_day and computes the flag in views named as the old
-- tables. A day counts as reported only if every row of it was.

CREATE TABLE reported_day (
  day INTEGER PRIMARY KEY,
  reported_at INTEGER NOT NULL
);
INSERT INTO reported_day (day, reported_at)
  SELECT day, 0 FROM (
    SELECT ts / 86400 AS day, min(reported) AS all_reported FROM (
      SELECT ts, reported FROM user UNION ALL SELECT ts, reported FROM system
      UNION ALL SELECT ts, reported FROM net UNION ALL SELECT ts, reported FROM computer
      UNION ALL SELECT ts, reported FROM disk)
    GROUP BY day)
  WHERE all_reported = 1;

ALTER TABLE user RENAME TO user_sample;
ALTER TABLE user_sample DROP COLUMN reported;
ALTER TABLE system RENAME TO system_sample;
ALTER TABLE system_sample DROP COLUMN reported;
ALTER TABLE net RENAME TO net_sample;
ALTER TABLE net_sample DROP COLUMN reported;
ALTER TABLE computer RENAME TO computer_sample;
ALTER TABLE computer_sample DROP COLUMN reported;
ALTER TABLE disk RENAME TO disk_sample;
ALTER TABLE disk_sample DROP COLUMN reported;

CREATE VIEW user AS SELECT *, ts / 86400 IN (SELECT day FROM reported_day) AS reported
  FROM user_sample;
CREATE VIEW system AS SELECT *, ts / 86400 IN (SELECT day FROM reported_day) AS reported
  FROM system_sample;
CREATE VIEW net AS SELECT *, ts / 86400 IN (SELECT day FROM reported_day) AS reported
  FROM net_sample;
CREATE VIEW computer AS SELECT *, ts / 86400 IN (SELECT day FROM reported_day) AS reported
  FROM computer_sample;
CREATE VIEW disk AS SELECT *, ts / 86400 IN (SELECT day FROM reported_day) AS reported
  FROM disk_sample;
