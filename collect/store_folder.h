/* store_folder: the collector's SQL for partition folders and their walks. */
#ifndef NM_STORE_FOLDER_H
#define NM_STORE_FOLDER_H

#include <sqlite3.h>
#include <stdint.h>

#include "folder.h"

/* Loads partition's saved walk into it (path, started, runs, state, and
 * the walk's root, cursor and block counts; the hard links too when the
 * walk is in progress). Returns 1, 0 when there is none, -1 (logged). */
int store_folder_load(sqlite3 *db, const char *partition, struct folder_item *it);

/* Stores what folder_read found at ts: each folder (partition_folder), each
 * changed walk (folder_walk, folder_walk_link) and each finished walk
 * (folder_sample). Returns the folder_sample rows written, or -1 (logged). */
int store_folder(sqlite3 *db, int64_t ts, const struct folder_list *l);

#endif
