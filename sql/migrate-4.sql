-- node-monitor database migration: schema 4 to schema 5.
-- Schema 5 adds the temperatures (temperature_sample and its view).

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

CREATE VIEW temperature AS SELECT *, ts / 86400 IN (SELECT day FROM reported_day)
  AS reported FROM temperature_sample;
