-- node-monitor database schema, version 5 (PRAGMA user_version = 5).
-- This file is the single copy of the schema; the programs compile it in.
-- Older files are brought here by sql/migrate-<from>.sql.
--
-- Samples live in the *_sample tables, in compact integer units; generated
-- VIRTUAL columns give the SlapOS-era names and units (bytes, seconds,
-- percent) at no storage cost. The views user, system, net, computer and disk
-- add the SlapOS `reported` column: a row is reported once node-report has
-- archived its whole UTC day, which it records as one row of reported_day.
-- Marking a day is then one insert instead of rewriting every row of it.

-- A new file gets PRAGMA auto_vacuum = INCREMENTAL from db.c before this
-- runs (inside this file's transaction SQLite would ignore it), so that
-- node-report's retention can hand freed pages back.

CREATE TABLE reported_day (
  day INTEGER PRIMARY KEY,             -- UTC day number: ts / 86400
  reported_at INTEGER NOT NULL         -- UTC epoch seconds of the marking
);

-- One row per stored run, written in the run's transaction. Rates are
-- computed between runs of the same boot, over the CLOCK_BOOTTIME interval
-- (the clock process start times are counted in), never over ts.
CREATE TABLE run (
  ts INTEGER PRIMARY KEY,              -- UTC epoch second of the run: its rows' ts
  boottime_ns INTEGER,                 -- CLOCK_BOOTTIME next to the /proc read; NULL if unknown
  boot_id TEXT                         -- /proc/sys/kernel/random/boot_id; NULL if unreadable
);

CREATE TABLE user_sample (
  ts INTEGER NOT NULL,                 -- UTC epoch seconds of the run
  pid INTEGER NOT NULL,
  partition TEXT NOT NULL,             -- owner's user name
  start_time INTEGER NOT NULL,         -- process start, UTC epoch seconds
  cpu_centipercent INTEGER,            -- NULL when no rate is known yet
  cpu_time_cs INTEGER NOT NULL,        -- user+system CPU, centiseconds
  cpu_num_threads INTEGER NOT NULL,
  memory_ppm INTEGER NOT NULL,         -- RSS over total memory, parts per million
  memory_rss_kib INTEGER NOT NULL,
  io_rw_counter INTEGER,               -- read_bytes + write_bytes; NULL if unreadable
  io_cycles_counter INTEGER,           -- syscr + syscw; NULL if unreadable
  command TEXT,                        -- only when the configuration asks for it
  process TEXT GENERATED ALWAYS AS (pid || '-' || start_time) VIRTUAL,
  cpu_percent REAL GENERATED ALWAYS AS (cpu_centipercent / 100.0) VIRTUAL,
  cpu_time REAL GENERATED ALWAYS AS (cpu_time_cs / 100.0) VIRTUAL,
  memory_percent REAL GENERATED ALWAYS AS (memory_ppm / 10000.0) VIRTUAL,
  memory_rss INTEGER GENERATED ALWAYS AS (memory_rss_kib * 1024) VIRTUAL,
  date TEXT GENERATED ALWAYS AS (date(ts, 'unixepoch')) VIRTUAL,
  time TEXT GENERATED ALWAYS AS (time(ts, 'unixepoch')) VIRTUAL,
  start_ticks INTEGER,                 -- process start, clock ticks after boot (its identity)
  PRIMARY KEY (ts, pid)
) WITHOUT ROWID;

CREATE TABLE system_sample (
  ts INTEGER PRIMARY KEY,
  boot_time INTEGER NOT NULL,          -- UTC epoch seconds
  loadavg REAL NOT NULL,               -- 1 minute
  cpu_percent REAL,                    -- share of all cores, 0-100; NULL on the first run
  cpu_busy_ticks INTEGER NOT NULL,     -- cumulative, all cores, since boot
  cpu_total_ticks INTEGER NOT NULL,
  memory_used INTEGER NOT NULL,        -- bytes: total - available
  memory_free INTEGER NOT NULL,        -- bytes: available
  swap_used INTEGER NOT NULL,          -- bytes
  net_in_bytes INTEGER NOT NULL,       -- cumulative, summed over real interfaces
  net_in_errors INTEGER NOT NULL,
  net_in_dropped INTEGER NOT NULL,
  net_out_bytes INTEGER NOT NULL,
  net_out_errors INTEGER NOT NULL,
  net_out_dropped INTEGER NOT NULL,
  date TEXT GENERATED ALWAYS AS (date(ts, 'unixepoch')) VIRTUAL,
  time TEXT GENERATED ALWAYS AS (time(ts, 'unixepoch')) VIRTUAL
);

CREATE TABLE net_sample (
  ts INTEGER NOT NULL,
  interface TEXT NOT NULL,
  in_bytes INTEGER NOT NULL,           -- cumulative counters from /proc/net/dev
  in_errors INTEGER NOT NULL,
  in_dropped INTEGER NOT NULL,
  out_bytes INTEGER NOT NULL,
  out_errors INTEGER NOT NULL,
  out_dropped INTEGER NOT NULL,
  date TEXT GENERATED ALWAYS AS (date(ts, 'unixepoch')) VIRTUAL,
  time TEXT GENERATED ALWAYS AS (time(ts, 'unixepoch')) VIRTUAL,
  PRIMARY KEY (ts, interface)
) WITHOUT ROWID;

CREATE TABLE computer_sample (
  ts INTEGER PRIMARY KEY,
  cpu_num_core INTEGER NOT NULL,       -- online logical CPUs
  cpu_frequency REAL,                  -- MHz, mean over CPUs; NULL if unknown
  cpu_type TEXT NOT NULL,              -- model name
  memory_size INTEGER NOT NULL,        -- bytes
  memory_type TEXT NOT NULL,           -- from DMI (SMBIOS type 17), '' if unreadable
  partition_list TEXT NOT NULL,        -- mounted block devices and their sizes, as SlapOS:
                                       -- "/dev/vda1=270553174016,..." (bytes)
  date TEXT GENERATED ALWAYS AS (date(ts, 'unixepoch')) VIRTUAL,
  time TEXT GENERATED ALWAYS AS (time(ts, 'unixepoch')) VIRTUAL,
  partition_users TEXT NOT NULL DEFAULT '' -- comma-separated partition users found
);

CREATE TABLE disk_sample (
  ts INTEGER NOT NULL,
  partition TEXT NOT NULL,             -- device, e.g. /dev/sda1
  mountpoint TEXT NOT NULL,
  used INTEGER NOT NULL,               -- bytes
  free INTEGER NOT NULL,               -- bytes available to unprivileged users
  read_bytes INTEGER,                  -- cumulative, from diskstats; NULL if absent
  write_bytes INTEGER,
  io_time_ms INTEGER,
  date TEXT GENERATED ALWAYS AS (date(ts, 'unixepoch')) VIRTUAL,
  time TEXT GENERATED ALWAYS AS (time(ts, 'unixepoch')) VIRTUAL,
  PRIMARY KEY (ts, partition)
) WITHOUT ROWID;

-- Virtual machines (schema 4). Each libvirt domain gets a small integer
-- key, so that samples do not repeat its uuid.
CREATE TABLE vm_domain (
  vm INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE
);

CREATE TABLE vm_sample (
  ts INTEGER NOT NULL,
  vm INTEGER NOT NULL,                 -- vm_domain.vm
  name TEXT NOT NULL,
  domain_id INTEGER,                   -- libvirt's id while it runs; NULL otherwise
  state INTEGER NOT NULL,              -- virDomainState: 1 running, 3 paused, 5 shut off, ...
  state_reason INTEGER NOT NULL,       -- the state's reason, as libvirt numbers it
  vcpus INTEGER,                       -- current
  vcpus_max INTEGER,
  cpu_time_ns INTEGER,                 -- cumulative: cpu.time, cpu.user, cpu.system
  cpu_user_ns INTEGER,
  cpu_system_ns INTEGER,
  cpu_centipercent INTEGER,            -- of its vCPUs: 10000 = all busy; NULL without a rate
  host_cpu_centipercent INTEGER,       -- of the host's cores: 10000 = the whole host
  memory_kib INTEGER,                  -- current (balloon target)
  memory_max_kib INTEGER,
  balloon_actual_kib INTEGER,          -- the guest's balloon figures; NULL when not reported
  balloon_available_kib INTEGER,
  balloon_usable_kib INTEGER,
  balloon_unused_kib INTEGER,
  balloon_rss_kib INTEGER,
  balloon_disk_caches_kib INTEGER,
  balloon_minor_faults INTEGER,
  balloon_major_faults INTEGER,
  qemu_pid INTEGER,                    -- the emulator's host process; NULL when not running
  qemu_cpu_time_cs INTEGER,            -- its own host figures: CPU (user+system), RSS, I/O
  qemu_rss_kib INTEGER,
  qemu_io_rw_bytes INTEGER,
  date TEXT GENERATED ALWAYS AS (date(ts, 'unixepoch')) VIRTUAL,
  time TEXT GENERATED ALWAYS AS (time(ts, 'unixepoch')) VIRTUAL,
  cpu_percent REAL GENERATED ALWAYS AS (cpu_centipercent / 100.0) VIRTUAL,
  host_cpu_percent REAL GENERATED ALWAYS AS (host_cpu_centipercent / 100.0) VIRTUAL,
  PRIMARY KEY (ts, vm)
) WITHOUT ROWID;

CREATE TABLE vm_net_sample (
  ts INTEGER NOT NULL,
  vm INTEGER NOT NULL,
  device TEXT NOT NULL,                -- the host-side device (tap)
  rx_bytes INTEGER, rx_packets INTEGER, rx_errors INTEGER, rx_drops INTEGER,
  tx_bytes INTEGER, tx_packets INTEGER, tx_errors INTEGER, tx_drops INTEGER,
  date TEXT GENERATED ALWAYS AS (date(ts, 'unixepoch')) VIRTUAL,
  time TEXT GENERATED ALWAYS AS (time(ts, 'unixepoch')) VIRTUAL,
  PRIMARY KEY (ts, vm, device)
) WITHOUT ROWID;

CREATE TABLE vm_disk_sample (
  ts INTEGER NOT NULL,
  vm INTEGER NOT NULL,
  target TEXT NOT NULL,                -- vda, sdb, ...
  source TEXT,                         -- the path behind it
  rd_reqs INTEGER, rd_bytes INTEGER, rd_times_ns INTEGER,
  wr_reqs INTEGER, wr_bytes INTEGER, wr_times_ns INTEGER,
  fl_reqs INTEGER, fl_times_ns INTEGER,
  capacity INTEGER, allocation INTEGER, physical INTEGER, -- bytes
  date TEXT GENERATED ALWAYS AS (date(ts, 'unixepoch')) VIRTUAL,
  time TEXT GENERATED ALWAYS AS (time(ts, 'unixepoch')) VIRTUAL,
  PRIMARY KEY (ts, vm, target)
) WITHOUT ROWID;

-- Alert transitions: a condition that held for its samples (ALERT) or
-- stopped holding (CLEAR).
CREATE TABLE alert (
  ts INTEGER NOT NULL,
  subject TEXT NOT NULL,               -- "host", "vm:<name>", "disk:<device>", ...
  metric TEXT NOT NULL,                -- cpu_percent, memory_percent, ...
  state TEXT NOT NULL CHECK (state IN ('ALERT', 'CLEAR')),
  value REAL NOT NULL,
  threshold REAL NOT NULL,
  date TEXT GENERATED ALWAYS AS (date(ts, 'unixepoch')) VIRTUAL,
  time TEXT GENERATED ALWAYS AS (time(ts, 'unixepoch')) VIRTUAL,
  PRIMARY KEY (ts, subject, metric)
) WITHOUT ROWID;

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

CREATE VIEW vm AS SELECT s.*, d.uuid, s.ts / 86400 IN (SELECT day FROM reported_day) AS reported
  FROM vm_sample s JOIN vm_domain d USING (vm);
CREATE VIEW vm_net AS SELECT s.*, d.uuid, s.ts / 86400 IN (SELECT day FROM reported_day)
  AS reported FROM vm_net_sample s JOIN vm_domain d USING (vm);
CREATE VIEW vm_disk AS SELECT s.*, d.uuid, s.ts / 86400 IN (SELECT day FROM reported_day)
  AS reported FROM vm_disk_sample s JOIN vm_domain d USING (vm);
CREATE VIEW temperature AS SELECT *, ts / 86400 IN (SELECT day FROM reported_day)
  AS reported FROM temperature_sample;
CREATE VIEW folder AS SELECT *, ts / 86400 IN (SELECT day FROM reported_day)
  AS reported FROM folder_sample;
CREATE VIEW benchmark AS SELECT *, ts / 86400 IN (SELECT day FROM reported_day)
  AS reported FROM benchmark_sample;
