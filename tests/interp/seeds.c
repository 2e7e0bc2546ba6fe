/* seeds.c - the binary seed corpora (corpus/<target>/) are the encodings
 * (sf_prog_encode) of hand-written .sched programs (tests/interp/cases/).
 *
 * usage: interp_seeds --check|--write DIR FILE.sched...
 *   --write  writes DIR/<name> (name = file name without .sched)
 *   --check  fails unless DIR/<name> holds exactly those bytes */
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "prog.h"

static void seed_path(char *out, size_t n, const char *dir, const char *file) {
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    size_t len = strlen(base);
    if (len > 6 && strcmp(base + len - 6, ".sched") == 0)
        len -= 6;
    snprintf(out, n, "%s/%.*s", dir, (int)len, base);
}

static void one(int write, const char *dir, const char *file) {
    sf_prog p;
    char err[256], path[1024];
    uint8_t *bytes = NULL;
    size_t n = 0;
    if (sf_sched_parse_file(file, &p, err, sizeof err) != SF_PROG_OK) {
        CHECK_MSG(0, "%s", err);
        return;
    }
    CHECK_MSG(sf_prog_encode(&p, &bytes, &n) == SF_PROG_OK, "%s: cannot encode", file);
    seed_path(path, sizeof path, dir, file);
    FILE *f = fopen(path, write ? "wb" : "rb");
    CHECK_MSG(f != NULL, "%s: cannot open", path);
    if (f && write) {
        CHECK_MSG(fwrite(bytes, 1, n, f) == n, "%s: write error", path);
    } else if (f) {
        uint8_t *have = malloc(n + 1);
        size_t got = have ? fread(have, 1, n + 1, f) : 0;
        CHECK_MSG(got == n && memcmp(have, bytes, n) == 0,
                  "%s differs from the encoding of %s (run interp_seeds --write)", path, file);
        free(have);
    }
    if (f)
        fclose(f);
    free(bytes);
    sf_prog_free(&p);
}

int main(int argc, char **argv) {
    if (argc < 4 || (strcmp(argv[1], "--check") != 0 && strcmp(argv[1], "--write") != 0)) {
        fputs("usage: interp_seeds --check|--write DIR FILE.sched...\n", stderr);
        return 2;
    }
    for (int i = 3; i < argc; i++)
        one(strcmp(argv[1], "--write") == 0, argv[2], argv[i]);
    return check_report("interp_seeds");
}
