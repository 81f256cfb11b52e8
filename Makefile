# node-monitor: one non-recursive Makefile for the four programs.
# make [all|deps|test|run|bench|lint|format|install|clean] [SANITIZE=1]

PREFIX ?= /usr/local
DESTDIR ?=
CC ?= cc

ifeq ($(SANITIZE),1)
BUILD ?= build/asan
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
OPT = -O1 -g
SAN_OBJ = $(BUILD)/tests/support/sanitizer_options.o
else
BUILD ?= build
SANFLAGS =
OPT = -O2 -g
endif

WARN = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
       -Wformat=2 -Werror
CFLAGS_ALL = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(OPT) $(WARN) $(SANFLAGS) \
	     -Icommon -Icollect -Ireport -Imonitor-http -Ifleet $(CFLAGS)
LDFLAGS_ALL = $(SANFLAGS) $(LDFLAGS)

LIBS_COLLECT = -lproc2 -lsensors -lsqlite3 -linih -lm
LIBS_REPORT = -lsqlite3 -linih -larchive -lm
LIBS_MONITOR = -lmicrohttpd -linih -lsqlite3 -lm
LIBS_FLEET = -lcurl -ljansson -linih -lm

COMMON_SRC = common/log.c common/xalloc.c common/config.c common/db.c common/dbcheck.c common/lock.c \
	     common/metrics.c common/metrics_fmt.c \
	     common/daytime.c common/file.c common/afile.c common/cli.c common/sbuf.c
COLLECT_SRC = collect/users.c collect/procfs.c collect/procio.c collect/netdev.c collect/clock.c \
	      collect/computer.c collect/disk.c collect/rate.c collect/store.c collect/store_run.c \
	      collect/proctask.c collect/vm.c collect/vm_host.c \
	      collect/store_vm.c collect/collect.c collect/promfile.c collect/slapcfg.c \
	      collect/thermal.c collect/folder.c collect/folder_walk.c collect/store_folder.c \
	      collect/bench.c collect/bench_cpu.c collect/bench_sqlite.c collect/bench_disk.c \
	      collect/bench_net.c

SQL_OBJ = $(patsubst sql/%.sql,$(BUILD)/sql/%.o,$(wildcard sql/*.sql))
REPORT_SRC = report/csv.c report/partition.c report/query.c report/plots.c report/plotfile.c \
	     report/plotstate.c report/plotpart.c report/tarball.c report/dump.c report/dumpcols.c \
	     report/retention.c report/query_vm.c report/vmout.c report/vmreport.c report/hyst.c \
	     report/alerts.c report/sandpiper.c report/hotspots.c report/query_vmplot.c report/plotvm.c \
	     report/plottemp.c report/plotfolder.c report/plotbench.c \
	     report/consumfmt.c report/consum.c report/pstatusfmt.c report/pstatus.c
REPORT_OBJ = $(REPORT_SRC:%.c=$(BUILD)/%.o)
COMMON_OBJ = $(COMMON_SRC:%.c=$(BUILD)/%.o) $(SQL_OBJ)
COLLECT_OBJ = $(COLLECT_SRC:%.c=$(BUILD)/%.o)
# The pure parts of slapmonitor, which the unit tests link too.
MONITOR_PURE_SRC = monitor-http/route.c monitor-http/hdr.c monitor-http/listen.c \
		   monitor-http/page.c monitor-http/admit_log.c
MONITOR_SRC = $(MONITOR_PURE_SRC) monitor-http/secret.c monitor-http/files.c monitor-http/admit.c \
	      monitor-http/privdrop.c monitor-http/landlock.c monitor-http/server.c \
	      monitor-http/respond.c monitor-http/cache.c monitor-http/refuse.c \
	      monitor-http/names.c monitor-http/lister.c monitor-http/metricsrv.c \
	      monitor-http/strict.c monitor-http/benchsrv.c
MONITOR_PURE_OBJ = $(MONITOR_PURE_SRC:%.c=$(BUILD)/%.o)
# node-fleet: the pure parts (planning, answers, units) that its unit tests
# link too, with report's Sandpiper ranking and table/CSV/JSON output.
FLEET_PURE_SRC = fleet/plan.c fleet/promjson.c fleet/units.c
FLEET_SRC = $(FLEET_PURE_SRC) fleet/prom.c fleet/fleet.c fleet/fleet_vm.c fleet/cmd.c \
	    fleet/cmd_hotspots.c fleet/cmd_place.c fleet/cmd_reclaim.c
FLEET_PURE_OBJ = $(FLEET_PURE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/report/sandpiper.o \
		 $(BUILD)/common/xalloc.o $(BUILD)/common/log.o
FLEET_OBJ = $(FLEET_SRC:%.c=$(BUILD)/%.o) $(BUILD)/report/sandpiper.o $(BUILD)/report/vmout.o
MONITOR_OBJ = $(MONITOR_SRC:%.c=$(BUILD)/%.o) $(BUILD)/monitor-http/assets.o
ASSETS = $(sort $(wildcard monitor-http/assets/*))

BINS = $(BUILD)/bin/node-collect $(BUILD)/bin/node-collect-vm $(BUILD)/bin/node-report \
       $(BUILD)/bin/slapmonitor $(BUILD)/bin/node-fleet
UNIT_TESTS = $(BUILD)/tests/test_config $(BUILD)/tests/test_daytime \
	     $(BUILD)/tests/test_collect_parse $(BUILD)/tests/test_rate \
	     $(BUILD)/tests/test_users $(BUILD)/tests/test_csv $(BUILD)/tests/test_afile \
	     $(BUILD)/tests/test_route $(BUILD)/tests/test_listen $(BUILD)/tests/test_hdr \
	     $(BUILD)/tests/test_partition $(BUILD)/tests/test_hyst $(BUILD)/tests/test_sandpiper \
	     $(BUILD)/tests/test_vmout $(BUILD)/tests/test_admit $(BUILD)/tests/test_page \
	     $(BUILD)/tests/test_metrics $(BUILD)/tests/test_plan $(BUILD)/tests/test_promjson \
	     $(BUILD)/tests/test_dbcheck $(BUILD)/tests/test_slapcfg \
	     $(BUILD)/tests/test_thermal $(BUILD)/tests/test_folder \
	     $(BUILD)/tests/test_consumfmt $(BUILD)/tests/test_bench
BENCH_BINS = $(BUILD)/bench/plainproc $(BUILD)/bench/runstat $(BUILD)/bench/thermal
TEST_TOOLS = $(BUILD)/tests/slowclients $(BUILD)/tests/mainexit

DEBIAN_PACKAGES = gcc make pkg-config libproc2-dev libsqlite3-dev libinih-dev \
		  libarchive-dev libcmocka-dev bats bats-assert sqlite3 procps util-linux passwd \
		  coreutils clang-format clang-tidy cppcheck libmicrohttpd-dev libjs-dygraphs curl gdb \
		  openssl chromium imagemagick wrk nginx-light python3 libvirt-dev libvirt-clients systemd \
		  iproute2 libcurl4-gnutls-dev libjansson-dev prometheus clang valgrind libsensors-dev \
		  libxml2-utils jq

.PHONY: all deps test unit e2e run bench lint lint-bats lint-size format install clean fuzz \
	fuzz-build valgrind
.SUFFIXES:

all: $(BINS)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

# The schema and its migrations are compiled in from sql/*.sql:
# sql/migrate-1.sql becomes the array db_migrate_1_sql.
$(BUILD)/sql/%.c: sql/%.sql
	@mkdir -p $(@D)
	{ echo '/* Generated from $< by the Makefile. */'; \
	  echo '#include "db.h"'; echo 'const char db_$(subst -,_,$*)_sql[] = {'; \
	  od -An -v -tx1 $< | sed -e 's/ \([0-9a-f][0-9a-f]\)/0x\1,/g'; echo '0};'; } > $@

$(BUILD)/sql/%.o: $(BUILD)/sql/%.c
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

# The plot page's script and stylesheet, compiled in: assets/plots.js
# becomes the entry "plots.js" of the table assets[], its entity tag made
# of its CRC and length.
$(BUILD)/monitor-http/assets.c: $(ASSETS) Makefile
	@mkdir -p $(@D)
	{ echo '/* Generated from monitor-http/assets/ by the Makefile. */'; \
	  echo '#include "assets.h"'; i=0; \
	  for f in $(ASSETS); do \
	    echo "static const char asset_$$i[] = {"; \
	    od -An -v -tx1 $$f | sed -e 's/ \([0-9a-f][0-9a-f]\)/0x\1,/g'; echo '0};'; \
	    i=$$((i + 1)); \
	  done; \
	  echo 'const struct asset assets[] = {'; i=0; \
	  for f in $(ASSETS); do \
	    echo "{\"$$(basename $$f)\", asset_$$i, sizeof(asset_$$i) - 1," \
	      "\"\\\"$$(cksum < $$f | tr ' ' '-')\\\"\"},"; i=$$((i + 1)); \
	  done; \
	  echo '};'; echo 'const size_t assets_count = sizeof(assets) / sizeof(assets[0]);'; } > $@

$(BUILD)/monitor-http/assets.o: $(BUILD)/monitor-http/assets.c
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

MONITOR_COMMON_OBJ = $(patsubst %,$(BUILD)/common/%.o,log xalloc config file afile cli sbuf db dbcheck metrics \
		     metrics_fmt) $(SQL_OBJ)
$(BUILD)/bin/slapmonitor: $(BUILD)/monitor-http/main.o $(MONITOR_OBJ) $(MONITOR_COMMON_OBJ) $(SAN_OBJ)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_MONITOR)

$(BUILD)/bin/node-collect: $(BUILD)/collect/main.o $(COLLECT_OBJ) $(COMMON_OBJ) $(SAN_OBJ)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_COLLECT)

# The VM scope's libvirt reader, a program of its own so that node-collect
# never loads libvirt (11 MB of it and its libraries, and their start-up).
$(BUILD)/bin/node-collect-vm: $(BUILD)/collect/vm_main.o $(BUILD)/collect/vm_libvirt.o \
			      $(BUILD)/common/log.o $(BUILD)/common/xalloc.o $(SAN_OBJ)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ -lvirt

$(BUILD)/bin/node-report: $(BUILD)/report/main.o $(REPORT_OBJ) $(COMMON_OBJ) $(SAN_OBJ)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_REPORT)

FLEET_COMMON_OBJ = $(patsubst %,$(BUILD)/common/%.o,log xalloc config cli sbuf)
$(BUILD)/bin/node-fleet: $(BUILD)/fleet/main.o $(FLEET_OBJ) $(FLEET_COMMON_OBJ) $(SAN_OBJ)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_FLEET)

# node-fleet's unit tests link its pure parts only (and jansson).
$(BUILD)/tests/test_plan $(BUILD)/tests/test_promjson: $(BUILD)/tests/test_%: \
		$(BUILD)/tests/unit/test_%.o $(FLEET_PURE_OBJ)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ -ljansson -lcmocka -lm

$(BUILD)/tests/test_%: $(BUILD)/tests/unit/test_%.o $(BUILD)/tests/unit/unit_tmp.o $(COLLECT_OBJ) $(REPORT_OBJ) $(MONITOR_PURE_OBJ) \
		       $(COMMON_OBJ)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_COLLECT) -larchive -lcmocka

$(BUILD)/tests/slowclients: $(BUILD)/tests/support/slowclients.o
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $^

$(BUILD)/tests/mainexit: $(BUILD)/tests/support/mainexit.o
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -pthread -o $@ $^

# The temperature scope alone: thermal.c and what it logs with.
$(BUILD)/bench/thermal: $(BUILD)/bench/thermal.o $(BUILD)/collect/thermal.o \
		$(BUILD)/common/log.o $(BUILD)/common/xalloc.o
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ -lsensors

$(BUILD)/bench/%: $(BUILD)/bench/%.o
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $^

# libFuzzer targets (clang): one harness per parser in tests/fuzz/<name>.c,
# its seed corpus in tests/fuzz/corpus/<name>/. The product code is built
# again with clang, AddressSanitizer and UndefinedBehaviorSanitizer into
# build/fuzz/obj; make fuzz runs each target FUZZ_SECONDS.
FUZZ_TARGETS = config users procio netdev cpuinfo proctask vmhost route hdr page csv \
	       promjson units metrics daytime
FUZZ_SECONDS ?= 30
FUZZ_CC = clang
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O1 -g $(WARN) -Wno-format-nonliteral $(FUZZ_SAN) \
	      -Icommon -Icollect -Ireport -Imonitor-http -Ifleet -Itests/fuzz
FUZZ_LIB_SRC = $(COMMON_SRC) $(COLLECT_SRC) $(REPORT_SRC) $(MONITOR_PURE_SRC) $(FLEET_PURE_SRC)
FUZZ_LIB_OBJ = $(FUZZ_LIB_SRC:%.c=build/fuzz/obj/%.o) \
	       $(patsubst sql/%.sql,build/fuzz/obj/sql/%.o,$(wildcard sql/*.sql))
FUZZ_BINS = $(FUZZ_TARGETS:%=build/fuzz/%)

build/fuzz/obj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

build/fuzz/obj/sql/%.o: build/sql/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

build/fuzz/libnm.a: $(FUZZ_LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

build/fuzz/%: build/fuzz/obj/tests/fuzz/%.o build/fuzz/libnm.a
	$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $^ -lproc2 -lsensors -lsqlite3 -linih -larchive \
	  -ljansson -lm

fuzz-build: $(FUZZ_BINS)

# Every target FUZZ_SECONDS on a copy of its corpus; one line each with its
# executions and crashes, then "N passed, N failed".
fuzz: deps
	$(MAKE) fuzz-build
	tests/fuzz/run build/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# valgrind memcheck (the plain build): a collect run, a two-day catch-up and
# the error paths; errors and leaked bytes per case, each 0.
valgrind: deps all
	tests/faults/valgrind build/bin

deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

# make lint first, then every suite, then every suite again under
# AddressSanitizer and UndefinedBehaviorSanitizer; tests/run ends with
# "N passed, N failed, N skipped".
test: deps
	$(MAKE) lint
	$(MAKE) all $(UNIT_TESTS) $(TEST_TOOLS) fuzz-build
	$(MAKE) SANITIZE=1 all $(subst build/,build/asan/,$(UNIT_TESTS) $(TEST_TOOLS))
	tests/run build build/asan

unit: all $(UNIT_TESTS)
	tests/run --unit-only $(BUILD)

e2e: all $(TEST_TOOLS)
	tests/run --e2e-only $(BUILD)

# The fault campaign of tests/faults/, separate from make test (which runs
# a quick subset, tests/e2e/faults_quick.bats): SIGKILLs, full disks,
# overlaps, clock steps, broken databases and VM failures, printed as one
# table of figures ending with "N passed, N failed" (exit 1 if any failed).
# FAULTS_KILLS=300 kills of each program by default; needs root.
.PHONY: faults
DEBIAN_PACKAGES += e2fsprogs libvirt-daemon libvirt-daemon-driver-qemu qemu-system-x86
FAULTS_KILLS ?= 300
faults: all fuzz-build
	NM_BIN=$(CURDIR)/$(BUILD)/bin FAULTS_KILLS=$(FAULTS_KILLS) tests/faults/run.sh

# Every minute until interrupted: collect into ./var/collector.db, then
# write the plot files and archives into ./var/server-log, which slapmonitor
# serves on $(RUN_LISTEN) (its private plot URL is printed at start).
RUN_LISTEN ?= 127.0.0.1:9685
run: deps all
	@mkdir -p var/server-log
	@echo "collecting into var/collector.db, plot files and archives in var/server-log"
	@$(BUILD)/bin/slapmonitor --listen $(RUN_LISTEN) --root var/server-log \
	  --secret-file var/slapmonitor.secret --print-url > var/slapmonitor.url & \
	sm=$$!; trap 'kill $$sm 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	for i in $$(seq 50); do [ -s var/slapmonitor.url ] && break; \
	  kill -0 $$sm 2>/dev/null || exit 1; sleep 0.1; done; \
	echo "plots of this machine, filling minute by minute: $$(cat var/slapmonitor.url)"; \
	while :; do \
	  $(BUILD)/bin/node-collect --db var/collector.db; \
	  $(BUILD)/bin/node-report --db var/collector.db --out var/server-log && \
	    echo "  var/server-log: $$(ls var/server-log | wc -l) files"; \
	  sleep $$((60 - $$(date +%s) % 60)); \
	done

bench: deps all $(BENCH_BINS)
	bench/run $(BUILD)
	bench/report $(BUILD)
	bench/pair $(BUILD)
	bench/http $(BUILD)
	bench/http_guard $(BUILD)
	bench/vm $(BUILD)
	bench/vm_real $(BUILD)
	bench/metrics $(BUILD)
	bench/fleet $(BUILD)
	bench/temp $(BUILD)
	bench/folder $(BUILD)
	bench/consum $(BUILD)
	bench/benchmark $(BUILD)

C_FILES = $(wildcard common/*.c common/*.h collect/*.c collect/*.h report/*.c report/*.h \
	  monitor-http/*.c monitor-http/*.h fleet/*.c fleet/*.h tests/unit/*.c tests/unit/*.h tests/support/*.c bench/*.c \
	  tests/fuzz/*.c tests/fuzz/*.h)

# Checks that bats would never evaluate (tests/lint/bats-dead says which).
BATS_LINT_FILES = $(wildcard tests/e2e/*.bats tests/e2e/*.bash)
lint-bats:
	tests/lint/bats-dead $(BATS_LINT_FILES)

# Files that do one job: under 400 lines each.
SIZE_LINT_FILES = $(C_FILES) $(wildcard tests/e2e/*.bats tests/e2e/*.bash monitor-http/assets/*)
lint-size:
	tests/lint/file-size $(SIZE_LINT_FILES)

lint: all lint-bats lint-size
	cppcheck --quiet --error-exitcode=1 --enable=warning,style,performance,portability \
	  --std=c11 --inline-suppr --suppress=missingIncludeSystem -Icommon -Icollect -Ireport \
	  -Imonitor-http -Ifleet -Itests/fuzz common collect report monitor-http fleet tests/unit tests/fuzz \
	  bench
	clang-tidy --quiet $(filter %.c,$(C_FILES)) -- -std=c11 -D_POSIX_C_SOURCE=200809L \
	  -D_DEFAULT_SOURCE -Icommon -Icollect -Ireport -Imonitor-http -Ifleet -Itests/fuzz
	clang-format --dry-run -Werror $(C_FILES)

format:
	clang-format -i $(C_FILES)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)/etc/cron.d $(DESTDIR)/etc/node-monitor $(DESTDIR)/lib/systemd/system
	install -m 0755 $(BINS) $(DESTDIR)$(PREFIX)/bin/
	install -m 0644 man/node-collect.1 man/node-report.1 man/slapmonitor.1 man/node-fleet.1 \
	  $(DESTDIR)$(PREFIX)/share/man/man1/
	sed 's|@BINDIR@|$(PREFIX)/bin|g' cron/node-monitor.cron > $(DESTDIR)/etc/cron.d/node-monitor
	chmod 0644 $(DESTDIR)/etc/cron.d/node-monitor
	for u in node-collect.service node-collect.timer slapmonitor.service; do \
	  sed 's|@BINDIR@|$(PREFIX)/bin|g' cron/$$u > $(DESTDIR)/lib/systemd/system/$$u; \
	  chmod 0644 $(DESTDIR)/lib/systemd/system/$$u; done
	install -m 0644 cron/node-monitor.conf $(DESTDIR)/etc/node-monitor/node-monitor.conf.sample
	install -d $(DESTDIR)$(PREFIX)/share/node-monitor
	install -m 0644 report/consumption.xsd $(DESTDIR)$(PREFIX)/share/node-monitor/

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
