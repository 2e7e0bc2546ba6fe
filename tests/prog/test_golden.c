/*
 * test_golden.c - stored inputs keep their meaning (binary format
 * versions, harness/prog/sched-format.md "Binary form").
 *
 *   test_prog_golden REPO
 *
 * 1. tests/prog/golden/<target>/NAME is the binary corpus file
 *    corpus/<target>/NAME as it was on 2026-11-30, before the format had a
 *    version, and NAME.sched its canonical print made that day: NAME must
 *    still read as version 0 and decode to exactly that program; and
 *    corpus/<target>/NAME, if there, must be the same program (the seeds
 *    were re-encoded in version 1 when versions came).
 * 2. 20000 pseudo-random unprefixed inputs print, all together, to the
 *    same FNV-1a hash as on that day (GOLDEN_HASH): version-0 decoding
 *    has not changed for any input.
 * 3. Version 1 (the prefix): encode writes it and decode gives the program
 *    back; a prefix naming a version this build cannot read is
 *    SF_PROG_EVERSION with a message naming that version, for every
 *    unknown version byte; decoding stays total otherwise.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "prog.h"

/* Hash of the prints of the inputs of check_random(), 2026-11-30. */
#define GOLDEN_HASH 0x99b0d041afca6661ull
#define NRANDOM     20000

static char *slurp(const char *path, size_t *n) {
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    char *buf = malloc(1 << 16);
    *n = buf ? fread(buf, 1, (1 << 16) - 1, f) : 0;
    if (buf)
        buf[*n] = '\0';
    fclose(f);
    return buf;
}

static int is_prefixed(const uint8_t *b, size_t n) {
    return n >= 3 && b[0] == SF_PROG_MAGIC0 && b[1] == SF_PROG_MAGIC1;
}

/* Decodes the file at path and returns its canonical print (malloc'd), or
 * NULL; *version gets the version it declares. */
static char *decode_print(const char *path, int *version) {
    size_t n = 0;
    char *bytes = slurp(path, &n), *text = NULL;
    sf_prog p;
    if (bytes == NULL)
        return NULL;
    *version = sf_prog_format_version((const uint8_t *)bytes, n);
    if (sf_prog_decode((const uint8_t *)bytes, n, &p) == SF_PROG_OK) {
        text = sf_sched_print_str(&p, NULL);
        sf_prog_free(&p);
    }
    free(bytes);
    return text;
}

/* 1: the golden files of one target; returns how many. */
static unsigned check_target(const char *repo, const char *target) {
    char dir[512], path[1024];
    unsigned count = 0;
    snprintf(dir, sizeof dir, "%s/tests/prog/golden/%s", repo, target);
    DIR *d = opendir(dir);
    CHECK_MSG(d != NULL, "%s", dir);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        size_t len = strlen(e->d_name), gn = 0;
        if (e->d_name[0] == '.' || (len > 6 && strcmp(e->d_name + len - 6, ".sched") == 0))
            continue;
        int version = -1;
        snprintf(path, sizeof path, "%s/%s.sched", dir, e->d_name);
        char *golden = slurp(path, &gn);
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        char *text = decode_print(path, &version);
        CHECK_MSG(golden != NULL && text != NULL, "%s: no golden .sched or no program", path);
        CHECK_MSG(version == 0, "%s: declares version %d", path, version);
        CHECK_MSG(text && golden && strcmp(text, golden) == 0, "%s: now decodes to\n%s", path,
                  text);
        free(text);
        /* The seed corpus file of that name (re-encoded in the current
         * version when the versions came) is still the same program. */
        snprintf(path, sizeof path, "%s/corpus/%s/%s", repo, target, e->d_name);
        text = decode_print(path, &version);
        CHECK_MSG(text == NULL || (golden && strcmp(text, golden) == 0),
                  "%s (version %d) is not the program of its golden file", path, version);
        free(text);
        free(golden);
        count++;
    }
    if (d)
        closedir(d);
    return count;
}

static uint64_t fnv(uint64_t h, const char *s) {
    for (; *s; s++)
        h = (h ^ (uint8_t)*s) * 0x100000001b3ull;
    return h;
}

static uint64_t check_random(void) {
    uint64_t rng = 20261130, h = 0xcbf29ce484222325ull;
    uint8_t buf[300];
    for (unsigned i = 0; i < NRANDOM; i++) {
        size_t n = rng_next(&rng) % sizeof buf;
        rng_bytes(&rng, buf, n);
        if (is_prefixed(buf, n))
            continue;
        sf_prog p;
        CHECK(sf_prog_decode(buf, n, &p) == SF_PROG_OK);
        char *text = sf_sched_print_str(&p, NULL);
        CHECK(text != NULL);
        h = fnv(h, text ? text : "");
        free(text);
        sf_prog_free(&p);
    }
    return h;
}

/* Version 1: encode writes it and round-trips; it reads records exactly as
 * version 0; version 2 is version 1 plus sf_prog_pair(); every other
 * prefixed version byte is rejected by name. */
static void check_versions(void) {
    uint64_t rng = 5;
    uint8_t buf[300], v1[304];
    char msg[160], want[32];
    for (unsigned i = 0; i < 3000; i++) {
        size_t n = 1 + rng_next(&rng) % (sizeof buf - 1);
        rng_bytes(&rng, buf, n);
        if (is_prefixed(buf, n))
            continue;
        sf_prog p, q, r;
        uint8_t *enc = NULL;
        size_t en = 0;
        CHECK(sf_prog_decode(buf, n, &p) == SF_PROG_OK);
        CHECK(sf_prog_encode(&p, &enc, &en) == SF_PROG_OK);
        CHECK(enc && sf_prog_format_version(enc, en) == SF_PROG_FORMAT_VERSION);
        CHECK(sf_prog_decode(enc, en, &q) == SF_PROG_OK && sf_prog_equal(&p, &q));
        /* The same records behind a version-1 header: the same program. */
        uint8_t hdr[5] = {SF_PROG_MAGIC0, SF_PROG_MAGIC1, 1, (uint8_t)(buf[0] & 3),
                          (uint8_t)((buf[0] >> 2) & 15)};
        memcpy(v1, hdr, 5);
        memcpy(v1 + 5, buf + 1, n - 1);
        CHECK(sf_prog_decode(v1, n + 4, &r) == SF_PROG_OK);
        CHECK_MSG(sf_prog_equal(&p, &r), "input %u: version 1 reads its records differently", i);
        /* Version 2: the same, then paired unless byte 4 has bits 4-5 set. */
        sf_prog v2p, paired;
        v1[2] = 2;
        CHECK(sf_prog_decode(v1, n + 4, &v2p) == SF_PROG_OK);
        CHECK(sf_prog_copy(&paired, &p) == SF_PROG_OK && sf_prog_pair(&paired) >= 0);
        CHECK_MSG(sf_prog_equal(&paired, &v2p), "input %u: version 2 is not version 1 paired", i);
        CHECK(sf_prog_validate(&v2p, NULL, 0) == SF_PROG_OK);
        sf_prog_free(&v2p);
        v1[4] |= 0x30;
        CHECK(sf_prog_decode(v1, n + 4, &v2p) == SF_PROG_OK);
        CHECK_MSG(sf_prog_equal(&p, &v2p), "input %u: unpaired version 2 differs", i);
        sf_prog_free(&v2p);
        sf_prog_free(&paired);
        free(enc);
        sf_prog_free(&p);
        sf_prog_free(&q);
        sf_prog_free(&r);
    }
    for (unsigned v = 0; v < 256; v++) {
        uint8_t in[12] = {SF_PROG_MAGIC0, SF_PROG_MAGIC1, (uint8_t)v, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        sf_prog p;
        int rc = sf_prog_decode(in, sizeof in, &p);
        CHECK(sf_prog_format_version(in, sizeof in) == (int)v);
        if (v >= 1 && v <= SF_PROG_READ_VERSION) {
            CHECK(rc == SF_PROG_OK);
        } else {
            snprintf(want, sizeof want, "version %u", v);
            CHECK_MSG(rc == SF_PROG_EVERSION, "version byte %u: rc %d", v, rc);
            sf_prog_version_msg(in, sizeof in, msg, sizeof msg);
            CHECK_MSG(strstr(msg, want) != NULL, "%s", msg);
            CHECK(sf_prog_validate(&p, NULL, 0) == SF_PROG_OK); /* the initial program */
        }
        sf_prog_free(&p);
    }
    /* The magic without a version byte is a version-0 input. */
    uint8_t two[2] = {SF_PROG_MAGIC0, SF_PROG_MAGIC1};
    sf_prog p;
    CHECK(sf_prog_format_version(two, 2) == 0 && sf_prog_decode(two, 2, &p) == SF_PROG_OK);
    sf_prog_free(&p);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: test_prog_golden REPO\n");
        return 2;
    }
    unsigned files = 0;
    const char *targets[] = {"scope", "chan", "mixed"};
    for (unsigned i = 0; i < 3; i++)
        files += check_target(argv[1], targets[i]);
    CHECK(files >= 11);
    check_versions();
    uint64_t h = check_random();
    printf("golden: %u corpus files; random inputs hash 0x%016llx\n", files, (unsigned long long)h);
    CHECK_MSG(h == GOLDEN_HASH, "version-0 decoding changed: hash 0x%016llx",
              (unsigned long long)h);
    return check_report("prog.golden");
}
