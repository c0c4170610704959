// SPDX-License-Identifier: BSD-3-Clause
// libFuzzer target: a configuration file (cp/config). The parser goes on after a
// bad line, so whatever a bad line left behind must not trip the lines after it,
// the whole-file check or the printer. A config that parses must print to text
// that parses again.
#include "cp/config/config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct evpnd_config cfg, again;
	static struct cfg_error err;
	char *text = malloc(size + 1), *printed = NULL;
	size_t len = 0;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0'; // a NUL inside ends the text early: fine for the fuzzer
	config_init(&cfg);
	if (config_parse_string(&cfg, text, "f.conf", &err) == 0) {
		FILE *f = open_memstream(&printed, &len);
		if (f != NULL) {
			config_print(&cfg, f);
			fclose(f);
			config_init(&again);
			if (config_parse_string(&again, printed, "printed", &err) != 0)
				abort(); // the printer wrote what the parser refuses
			config_free(&again);
			free(printed);
		}
	}
	config_free(&cfg);
	free(text);
	return 0;
}
