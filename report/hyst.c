/* hyst: the hysteresis of an alert, so that it neither fires on one bad
 * sample nor flaps. */
#include "hyst.h"

enum hyst_event hyst_step(struct hyst *h, int bad)
{
	unsigned need = h->active ? h->clear_n : h->fire_n;

	if ((bad != 0) == (h->active != 0)) {
		h->run = 0;
		return HYST_NONE;
	}
	h->run++;
	if (h->run < (need ? need : 1))
		return HYST_NONE;
	h->active = !h->active;
	h->run = 0;
	return h->active ? HYST_FIRE : HYST_CLEAR;
}
