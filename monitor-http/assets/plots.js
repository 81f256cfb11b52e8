/* plots.js: the plot page of slapmonitor. One Dygraph chart per plot file
 * of today, grouped (system, disks, partitions, VMs, temperatures), each
 * with a histogram of the day's values beside it (alerts.js shows the
 * active alerts on top). Axis labels in the units a person reads: sizes in
 * bytes with binary prefixes, rates per second, counts as integers,
 * temperatures in degrees Celsius. Uses only what
 * slapmonitor serves. */
(function () {
  'use strict';

  /* Units of the files' values; each is labelled as UNITS says. */
  var KIB = 'KiB';
  var KIBS = 'KiB/s';
  var BS = 'B/s';
  var COUNT = 'count';
  var CELSIUS = '\u00b0C';
  /* name pattern -> group, chart title, unit */
  var SYSTEM = {
    cpu_percent: ['CPU use', '%'],
    loadavg: ['Load average (1 min)', 'processes'],
    memory_used: ['Memory used', KIB],
    memory_free: ['Memory available', KIB],
    net_in_bytes: ['Network received per sample', KIB],
    net_out_bytes: ['Network sent per sample', KIB],
    net_in_errors: ['Network receive errors', COUNT],
    net_out_errors: ['Network send errors', COUNT],
    net_in_dropped: ['Network receive drops', COUNT],
    net_out_dropped: ['Network send drops', COUNT]
  };
  var PARTITION = {
    cpu_percent: ['CPU use', '%'],
    memory_rss: ['Resident memory', KIB],
    io_rw_rate: ['Disk I/O', KIBS],
    process_count: ['Processes', COUNT],
    folder_used: ['Folder size', KIB]
  };
  var VM = {
    cpu_percent: ['CPU use, of its vCPUs', '%'],
    memory_used: ['Memory used', KIB],
    net_in_bytes: ['Network received', BS],
    net_out_bytes: ['Network sent', BS],
    disk_read_bytes: ['Disk read', BS],
    disk_write_bytes: ['Disk written', BS]
  };
  var VM_SERIES = /^vm_(.+)_(cpu_percent|memory_used|net_in_bytes|net_out_bytes|disk_read_bytes|disk_write_bytes)$/;
  /* The machine benchmarks: one point a day, higher is better. */
  var BENCHMARK = {
    cpu: ['CPU', 'Mop/s'],
    sqlite: ['SQLite', 'rows/s'],
    disk_write: ['Disk write', 'MiB/s'],
    disk_read: ['Disk read', 'MiB/s'],
    net_up: ['Network up', 'MiB/s'],
    net_down: ['Network down', 'MiB/s']
  };
  var ALERTS = 'alerts.csv';
  var GROUP_ORDER = ['system', 'disk', 'partition', 'vm', 'temperature', 'benchmark', 'other'];

  var status = document.getElementById('plots-status');
  var main = document.getElementById('plots');
  var files = JSON.parse(document.getElementById('plot-files').textContent);
  var total = 0;
  var drawn = 0;
  var failed = 0;

  function describe(file) {
    var base = file.replace(/\.csv$/, '');
    var m;
    if ((m = /^system_disk_memory_(used|free)_(.+)$/.exec(base))) {
      return { group: 'disk', key: 'disk ' + m[2], heading: 'Disk ' + m[2].replace(/_/g, '/'),
               title: m[1] === 'used' ? 'Used' : 'Free', unit: KIB };
    }
    if ((m = /^system_(.+)$/.exec(base)) && SYSTEM[m[1]]) {
      return { group: 'system', key: 'system', heading: 'System',
               title: SYSTEM[m[1]][0], unit: SYSTEM[m[1]][1] };
    }
    if ((m = /^partition_(.+)_(cpu_percent|memory_rss|io_rw_rate|process_count|folder_used)$/.exec(base))) {
      return { group: 'partition', key: 'partition ' + m[1], heading: 'Partition ' + m[1],
               title: PARTITION[m[2]][0], unit: PARTITION[m[2]][1] };
    }
    if ((m = VM_SERIES.exec(base))) {
      return { group: 'vm', key: 'vm ' + m[1], heading: 'VM ' + m[1],
               title: VM[m[2]][0], unit: VM[m[2]][1] };
    }
    /* One section for every sensor: temperature_<sensor>.csv. */
    if ((m = /^temperature_(.+)$/.exec(base))) {
      return { group: 'temperature', key: 'temperature', heading: 'Temperatures',
               title: m[1], unit: CELSIUS };
    }
    if ((m = /^benchmark_(.+)$/.exec(base)) && BENCHMARK[m[1]]) {
      return { group: 'benchmark', key: 'benchmark', heading: 'Benchmarks',
               title: BENCHMARK[m[1]][0], unit: BENCHMARK[m[1]][1] };
    }
    return { group: 'other', key: 'other', heading: 'Other files', title: base, unit: '' };
  }

  var PREFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

  /* A number with at most 3 significant digits, trailing zeros dropped. */
  function short(v) {
    var a = Math.abs(v);
    var s = a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
    return s.indexOf('.') < 0 ? s : s.replace(/\.?0+$/, '');
  }

  /* bytes -> "24 GiB" (binary prefixes). */
  function bytes(v) {
    var k = 0;
    while (Math.abs(v) >= 1024 && k < PREFIXES.length - 1) {
      v /= 1024;
      k++;
    }
    return short(v) + ' ' + PREFIXES[k] + 'B';
  }

  /* How a value in unit reads on an axis or in the legend; for counts,
   * ticks between integers are left without a label. */
  function formatter(unit, axis) {
    if (unit === KIB) {
      return function (v) { return bytes(v * 1024); };
    }
    if (unit === KIBS) {
      return function (v) { return bytes(v * 1024) + '/s'; };
    }
    if (unit === BS) {
      return function (v) { return bytes(v) + '/s'; };
    }
    if (unit === COUNT) {
      return function (v) {
        return Math.round(v) === v ? String(v) : axis ? '' : short(v);
      };
    }
    if (unit === '%') {
      return function (v) { return short(v) + ' %'; };
    }
    if (unit === CELSIUS) {
      return function (v) { return short(v) + ' ' + CELSIUS; };
    }
    return function (v) { return short(v); };
  }

  /* The axis title of a unit: what its labels count. */
  function axisTitle(unit) {
    if (unit === KIB) {
      return 'bytes';
    }
    if (unit === KIBS || unit === BS) {
      return 'bytes/s';
    }
    return unit;
  }

  /* Dygraph options of a value axis in unit; byte axes get their ticks at
   * binary steps (labelsKMG2 chooses them; the formatter writes them). */
  function valueAxis(unit, width) {
    return { axisLabelWidth: width, axisLabelFormatter: formatter(unit, true),
             valueFormatter: formatter(unit, false),
             labelsKMG2: unit === KIB || unit === KIBS || unit === BS };
  }

  /* "time,entry" CSV with UTC stamps -> [[Date, number], ...] */
  function parse(text) {
    var rows = [];
    var lines = text.split(/\r?\n/);
    for (var i = 1; i < lines.length; i++) {
      var m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d),(.*)$/.exec(lines[i]);
      if (!m || m[7] === '') {
        continue;
      }
      var v = Number(m[7]);
      if (!isFinite(v)) {
        continue;
      }
      rows.push([new Date(Date.UTC(+m[1], m[2] - 1, +m[3], +m[4], +m[5], +m[6])), v]);
    }
    return rows;
  }

  /* The day's values in at most 20 equal bins: [[bin middle, samples], ...] */
  function histogram(rows) {
    var lo = Infinity;
    var hi = -Infinity;
    rows.forEach(function (r) { lo = Math.min(lo, r[1]); hi = Math.max(hi, r[1]); });
    var bins = hi > lo ? 20 : 1;
    var width = hi > lo ? (hi - lo) / bins : 1;
    var counts = [];
    for (var i = 0; i < bins; i++) {
      counts.push(0);
    }
    rows.forEach(function (r) {
      counts[Math.min(bins - 1, Math.floor((r[1] - lo) / width))]++;
    });
    return counts.map(function (n, k) { return [lo + (k + 0.5) * width, n]; });
  }

  /* Dygraph plotter drawing each point as a bar from zero. */
  function barPlotter(e) {
    var ctx = e.drawingContext;
    var pts = e.points;
    var gap = Infinity;
    for (var i = 1; i < pts.length; i++) {
      gap = Math.min(gap, pts[i].canvasx - pts[i - 1].canvasx);
    }
    var w = isFinite(gap) ? Math.max(1, Math.floor(gap * 0.8)) : 24;
    var y0 = e.dygraph.toDomYCoord(0);
    ctx.fillStyle = e.color;
    pts.forEach(function (p) {
      ctx.fillRect(p.canvasx - w / 2, p.canvasy, w, y0 - p.canvasy);
    });
  }

  function update() {
    status.textContent = drawn + ' of ' + total + ' charts drawn' +
      (failed ? ', ' + failed + ' failed' : '');
    document.body.setAttribute('data-charts-total', String(total));
    document.body.setAttribute('data-charts-drawn', String(drawn));
    document.body.setAttribute('data-charts-failed', String(failed));
  }

  function onDrawn(div) {
    return function (g, initial) {
      if (initial && !div.hasAttribute('data-drawn')) {
        div.setAttribute('data-drawn', '1');
        // Where the chart sits on the page, in CSS pixels: x,y,width,height.
        var r = div.getBoundingClientRect();
        div.setAttribute('data-box', [r.left + window.scrollX, r.top + window.scrollY,
          r.width, r.height].map(Math.round).join(','));
        drawn++;
        update();
      }
    };
  }

  function fail(div, why) {
    div.textContent = why;
    div.className += ' failed';
    failed++;
    update();
  }

  function chart(section, file, d) {
    var row = document.createElement('div');
    row.className = 'chart-row';
    var title = document.createElement('h3');
    title.textContent = d.title + (d.unit ? ' (' + axisTitle(d.unit) + ')' : '');
    var link = document.createElement('a');
    link.href = 'server-log/' + encodeURIComponent(file);
    link.textContent = file;
    title.appendChild(document.createTextNode(' '));
    title.appendChild(link);
    var series = document.createElement('div');
    series.className = 'chart series';
    var hist = document.createElement('div');
    hist.className = 'chart histogram';
    row.appendChild(title);
    row.appendChild(series);
    row.appendChild(hist);
    section.appendChild(row);
    total += 2;

    fetch('server-log/' + encodeURIComponent(file), { cache: 'no-cache' })
      .then(function (r) {
        if (!r.ok) {
          throw new Error(file + ': HTTP ' + r.status);
        }
        return r.text();
      })
      .then(function (text) {
        var rows = parse(text);
        if (rows.length === 0) {
          series.textContent = 'no sample yet today';
          hist.textContent = '';
          total -= 2;
          update();
          return;
        }
        new Dygraph(series, rows, {
          labels: ['time (UTC)', d.title],
          labelsUTC: true,
          includeZero: true,
          axes: { x: { axisLabelWidth: 64 }, y: valueAxis(d.unit, 80) },
          drawPoints: rows.length < 3,
          drawCallback: onDrawn(series)
        });
        var bins = histogram(rows);
        new Dygraph(hist, bins, {
          labels: [axisTitle(d.unit) || 'value', 'samples'],
          // One value all day has a bar and no tick: the title says it.
          title: bins.length > 1 ? 'spread over the day'
            : 'all day at ' + formatter(d.unit, false)(rows[0][1]),
          ylabel: 'samples',
          includeZero: true,
          xRangePad: 12,
          axes: { x: valueAxis(d.unit, 80), y: valueAxis(COUNT, 40) },
          plotter: barPlotter,
          drawCallback: onDrawn(hist)
        });
      })
      .catch(function (err) {
        fail(series, String(err));
        fail(hist, '');
      });
  }

  /* alerts.csv is not a chart: alerts.js shows it above them. */
  files = files.filter(function (f) { return f !== ALERTS; });

  var groups = {};
  files.forEach(function (f) {
    var d = describe(f);
    if (!groups[d.key]) {
      groups[d.key] = { group: d.group, heading: d.heading, files: [] };
    }
    groups[d.key].files.push([f, d]);
  });
  /* A VM's charts in the order of VM: CPU, memory, network, disk; the
   * benchmarks' in the order of BENCHMARK. */
  var vmOrder = Object.keys(VM).map(function (k) { return VM[k][0]; });
  var benchOrder = Object.keys(BENCHMARK).map(function (k) { return BENCHMARK[k][0]; });
  Object.keys(groups).forEach(function (k) {
    var order = groups[k].group === 'vm' ? vmOrder
      : groups[k].group === 'benchmark' ? benchOrder : null;
    if (order) {
      groups[k].files.sort(function (a, b) {
        return order.indexOf(a[1].title) - order.indexOf(b[1].title);
      });
    }
  });
  var keys = Object.keys(groups).sort(function (a, b) {
    var ga = GROUP_ORDER.indexOf(groups[a].group);
    var gb = GROUP_ORDER.indexOf(groups[b].group);
    return ga !== gb ? ga - gb : (a < b ? -1 : a > b ? 1 : 0);
  });
  keys.forEach(function (k) {
    var section = document.createElement('section');
    section.className = 'group ' + groups[k].group;
    var h = document.createElement('h2');
    h.textContent = groups[k].heading;
    section.appendChild(h);
    main.appendChild(section);
    groups[k].files.forEach(function (fd) { chart(section, fd[0], fd[1]); });
  });
  update();
  if (files.length === 0) {
    status.textContent = 'No plot file yet: node-report writes them after the first collection.';
  }
}());
