// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the baseline reader (baseline_parse), as a check and
 * as a sat baseline.  Built by 'make fuzz'.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), err[512];
	struct baseline b;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	if (!baseline_parse(buf, size, "fuzz.json", BASELINE_CHECK, &b, err,
			    sizeof(err)))
		baseline_free(&b);
	if (!baseline_parse(buf, size, "fuzz.json", BASELINE_SAT, &b, err,
			    sizeof(err)))
		baseline_free(&b);
	free(buf);
	return 0;
}
