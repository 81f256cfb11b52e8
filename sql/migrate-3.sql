-- node-monitor database migration: schema 3 to schema 4.
-- Schema 4 adds the virtual machines (vm_domain and the vm_*_sample
-- tables, with their views) and the alert transitions.

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

CREATE VIEW vm AS SELECT s.*, d.uuid, s.ts / 86400 IN (SELECT day FROM reported_day) AS reported
  FROM vm_sample s JOIN vm_domain d USING (vm);
CREATE VIEW vm_net AS SELECT s.*, d.uuid, s.ts / 86400 IN (SELECT day FROM reported_day)
  AS reported FROM vm_net_sample s JOIN vm_domain d USING (vm);
CREATE VIEW vm_disk AS SELECT s.*, d.uuid, s.ts / 86400 IN (SELECT day FROM reported_day)
  AS reported FROM vm_disk_sample s JOIN vm_domain d USING (vm);
