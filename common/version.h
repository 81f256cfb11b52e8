/* version: the release of node-monitor that all three programs report. */
#ifndef NM_VERSION_H
#define NM_VERSION_H

#define NM_VERSION "0.1.0"

#endif
