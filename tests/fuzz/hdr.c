/* Fuzz target: slapmonitor's request headers: dates, ranges, entity tags
 * and field names (hdr_date_parse, hdr_range, hdr_etag_match,
 * hdr_field_name_ok, hdr_type). */
#include <time.h>

#include "fuzz.h"
#include "hdr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	time_t t;
	int64_t first, len;
	static const int64_t sizes[] = {0, 1, 1000, INT64_MAX};

	if (hdr_date_parse(s, &t) == 0) {
		char back[HDR_DATE_LEN];
		time_t again;

		/* A parsed date prints as one that parses to the same time (the
		 * weekday is not checked and 31 Feb is 3 Mar, as timegm has it). */
		hdr_date(t, back);
		if (hdr_date_parse(back, &again) != 0 || again != t)
			abort();
	}
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		if (hdr_range(s, sizes[i], &first, &len) == HDR_RANGE_OK &&
		    (first < 0 || len <= 0 || first > sizes[i] - len))
			abort();
	hdr_etag_match(s, "\"1-2-3\"");
	hdr_field_name_ok(s);
	hdr_type(s);
	free(s);
	return 0;
}
