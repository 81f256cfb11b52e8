/* hyst: the hysteresis of an alert, so that it neither fires on one bad
 * sample nor flaps. Pure: no I/O. */
#ifndef NM_HYST_H
#define NM_HYST_H

enum hyst_event { HYST_NONE, HYST_FIRE, HYST_CLEAR };

/* The state of one (subject, metric). Start it from the last stored
 * transition: active 1 after ALERT, 0 after CLEAR or none; run 0. */
struct hyst {
	int active;	  /* an alert is raised */
	unsigned run;	  /* consecutive samples that disagree with active */
	unsigned fire_n;  /* samples over the threshold that raise it (at least 1) */
	unsigned clear_n; /* samples back under it that clear it (at least 1) */
};

/* Feeds the next sample: bad is 1 when it breaks the threshold. Returns
 * HYST_FIRE on the fire_n-th consecutive bad sample of an inactive alert,
 * HYST_CLEAR on the clear_n-th consecutive good sample of an active one,
 * HYST_NONE otherwise. A sample that agrees with the state resets the run. */
enum hyst_event hyst_step(struct hyst *h, int bad);

#endif
