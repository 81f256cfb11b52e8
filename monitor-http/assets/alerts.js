/* alerts.js: the active alerts of the plot page, from alerts.csv (which
 * node-report writes in the out directory), in a section above the charts.
 * Sets data-alerts on the body to the number shown. */
(function () {
  'use strict';

  var ALERTS = 'alerts.csv';
  var main = document.getElementById('plots');
  var files = JSON.parse(document.getElementById('plot-files').textContent);

  /* One CSV line into its fields (RFC 4180 quotes). */
  function fields(line) {
    var out = [];
    var re = /(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g;
    var m;
    while ((m = re.exec(line)) !== null) {
      out.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]);
      if (re.lastIndex >= line.length) {
        break;
      }
    }
    return out;
  }

  /* alerts.csv -> [{time, subject, metric, value, threshold}, ...]. The
   * columns are found by their header (time or ts or timestamp, or date
   * and time; subject, metric, value, threshold), else taken in that
   * order; an epoch ts is shown as a UTC time. */
  function parseAlerts(text) {
    var lines = text.split(/\r?\n/).filter(function (l) { return l !== ''; });
    if (lines.length === 0) {
      return [];
    }
    var head = fields(lines[0]).map(function (h) { return h.trim().toLowerCase(); });
    var col = function (names) {
      for (var i = 0; i < names.length; i++) {
        if (head.indexOf(names[i]) >= 0) {
          return head.indexOf(names[i]);
        }
      }
      return -1;
    };
    var at = { time: col(['time', 'timestamp', 'ts', 'since']), date: col(['date']),
               subject: col(['subject']), metric: col(['metric']), value: col(['value']),
               threshold: col(['threshold']) };
    var first = 1;
    if (at.subject < 0 || at.metric < 0) {
      at = { time: 0, date: -1, subject: 1, metric: 2, value: 3, threshold: 4 };
      first = /^\d/.test(lines[0]) ? 0 : 1;
    }
    var rows = [];
    for (var i = first; i < lines.length; i++) {
      var f = fields(lines[i]);
      var get = function (k) { return at[k] >= 0 && at[k] < f.length ? f[at[k]] : ''; };
      var time = get('time');
      if (/^\d{9,}$/.test(time)) {
        time = new Date(Number(time) * 1000).toISOString().replace('T', ' ').replace(/\..*$/, '');
      } else if (at.date >= 0 && at.date !== at.time && get('date')) {
        time = get('date') + ' ' + time;
      }
      rows.push({ time: time, subject: get('subject'), metric: get('metric'),
                  value: get('value'), threshold: get('threshold') });
    }
    return rows;
  }

  /* The active alerts, above the charts: a table, or a line saying there
   * is none. */
  function showAlerts() {
    var section = document.createElement('section');
    section.id = 'alerts';
    var h = document.createElement('h2');
    h.textContent = 'Active alerts';
    section.appendChild(h);
    main.parentNode.insertBefore(section, main);
    fetch('server-log/' + ALERTS, { cache: 'no-cache' })
      .then(function (r) {
        if (!r.ok) {
          throw new Error(ALERTS + ': HTTP ' + r.status);
        }
        return r.text();
      })
      .then(function (text) {
        var rows = parseAlerts(text);
        document.body.setAttribute('data-alerts', String(rows.length));
        if (rows.length === 0) {
          var p = document.createElement('p');
          p.textContent = 'None.';
          section.appendChild(p);
          return;
        }
        var table = document.createElement('table');
        table.className = 'alerts';
        var cols = ['since (UTC)', 'subject', 'metric', 'value', 'threshold'];
        var tr = document.createElement('tr');
        cols.forEach(function (c) {
          var th = document.createElement('th');
          th.textContent = c;
          tr.appendChild(th);
        });
        table.appendChild(tr);
        rows.forEach(function (a) {
          var row = document.createElement('tr');
          [a.time, a.subject, a.metric, a.value, a.threshold].forEach(function (v) {
            var td = document.createElement('td');
            td.textContent = v;
            row.appendChild(td);
          });
          table.appendChild(row);
        });
        section.appendChild(table);
      })
      .catch(function (err) {
        var p = document.createElement('p');
        p.className = 'failed';
        p.textContent = String(err);
        section.appendChild(p);
      });
  }

  if (files.indexOf(ALERTS) >= 0) {
    showAlerts();
  }
}());
