// SPDX-License-Identifier: BSD-3-Clause
// Replays files through a libFuzzer target without libFuzzer, so the normal (gcc)
// build runs every committed seed and crash input as a meson test, and valgrind
// can watch it (tests/run.sh). Each argument is a file or a directory of files
// (dot files and README.md skipped), replayed in name order, each in a buffer of
// exactly its size so that a read past the end is caught. Exits non-zero when an
// argument cannot be read or the first one (the seed corpus) holds no input: a
// replay of nothing must not pass.
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
// Optional in a target (the packet one starts the EAL there).
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	uint8_t *buf;

	if (f == NULL || fstat(fileno(f), &st) < 0) {
		perror(path);
		if (f != NULL)
			fclose(f);
		return -1;
	}
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (buf == NULL || fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		fprintf(stderr, "%s: cannot read\n", path);
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	fprintf(stderr, "replay %s (%zu octets)\n", path, (size_t)st.st_size);
	LLVMFuzzerTestOneInput(buf, (size_t)st.st_size);
	free(buf);
	return 0;
}

static int skipped(const char *name)
{
	return name[0] == '.' || strcmp(name, "README.md") == 0;
}

// Replays path (a file or a directory of files): the count, or -1.
static int replay(const char *path)
{
	struct dirent **ents;
	struct stat st;
	int n, done = 0;

	if (stat(path, &st) < 0) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path) < 0 ? -1 : 1;
	if ((n = scandir(path, &ents, NULL, alphasort)) < 0) {
		perror(path);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char file[4096];
		if (done >= 0 && !skipped(ents[i]->d_name)) {
			snprintf(file, sizeof(file), "%s/%s", path, ents[i]->d_name);
			done = replay_file(file) < 0 ? -1 : done + 1;
		}
		free(ents[i]);
	}
	free(ents);
	return done;
}

int main(int argc, char **argv)
{
	int total = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s CORPUS [FILE|DIR]...\n", argv[0]);
		return 2;
	}
	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		int n = replay(argv[i]);
		if (n < 0 || (i == 1 && n == 0)) {
			fprintf(stderr, "%s: %s\n", argv[i], n < 0 ? "cannot replay" : "no input");
			return 1;
		}
		total += n;
	}
	printf("%d inputs replayed, none crashed\n", total);
	return 0;
}
