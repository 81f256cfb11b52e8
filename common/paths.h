/* paths: built-in default locations; flags and the config file override them. */
#ifndef NM_PATHS_H
#define NM_PATHS_H

#define PATHS_DB      "/var/lib/node-monitor/collector.db"
#define PATHS_OUT     "/var/lib/node-monitor/server-log"
#define PATHS_SECRET  "/var/lib/node-monitor/slapmonitor.secret"
#define PATHS_DYGRAPH "/usr/share/javascript/dygraphs"

#endif
