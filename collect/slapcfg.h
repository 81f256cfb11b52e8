/* slapcfg: the parts of SlapOS' own slapos.cfg that node-collect uses. */
#ifndef NM_SLAPCFG_H
#define NM_SLAPCFG_H

#include <stddef.h>

/* What a slapos.cfg holds for node-collect. A string is NULL, and a has_
 * flag 0, when the file does not hold the key. */
struct slapos_config {
	char *instance_root;	   /* [slapos] instance_root: partitions' folders */
	char *computer_id;	   /* [slapos] computer_id: "COMP-123" in reports */
	char *user_base_name;	   /* [slapformat] user_base_name: "slapuser" */
	char *partition_base_name; /* [slapformat] partition_base_name: "slappart" */
	unsigned long partition_amount;
	int has_partition_amount;
	/* [collect]: the folder size settings SlapOS' collector reads. */
	int report_disk_usage;			/* default 1 */
	unsigned long disk_snapshot_time_cycle; /* seconds, default 86400 */
	int disk_snapshot_use_quota;		/* default 0 */
};

/* The most partitions a slapos.cfg may declare. */
#define SLAPCFG_MAX_PARTITIONS 10000

/* Reads the slapos.cfg at path into c (which starts zeroed; the defaults
 * are filled in first). Sections and keys it does not use are passed over,
 * as SlapOS does. Python configparser syntax beyond what libinih reads is
 * refused for the keys it uses: a value continued on further lines, a
 * repeated key, '%(name)s' interpolation, a lone '%', and a [DEFAULT]
 * section anywhere. Returns 0, or -1 with one line naming the file (and the
 * line) in err; c is then to be released all the same. */
int slapcfg_load(const char *path, struct slapos_config *c, char *err, size_t errlen);

/* The --users list of SlapOS' partition users: base0,base1,...,base<n-1>,
 * as slapos.collect's get_user_list names them. NULL when n is 0. The
 * caller frees it. Pure. */
char *slapcfg_users(const char *base, unsigned long n);

/* Frees what c holds. */
void slapcfg_release(struct slapos_config *c);

#endif
