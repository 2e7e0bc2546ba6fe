/* input.c - read an input file: a .sched text or raw fuzz bytes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { MAX_INPUT = 16 << 20 };

/* Reads the whole file; NULL with a message on error. */
static char *slurp(const char *path, size_t *n) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        cli_usage_error("%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap + 1);
    while (buf != NULL) {
        len += fread(buf + len, 1, cap - len, f);
        if (len < cap || len >= MAX_INPUT)
            break;
        char *nb = realloc(buf, 2 * cap + 1);
        if (nb == NULL)
            free(buf);
        buf = nb, cap *= 2;
    }
    int bad = buf == NULL || ferror(f) || len >= MAX_INPUT;
    fclose(f);
    if (bad) {
        cli_usage_error("%s: cannot read (error, or larger than 16 MiB)", path);
        free(buf);
        return NULL;
    }
    buf[len] = '\0';
    *n = len;
    return buf;
}

static int ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* 1 if the first token (after blanks and comments) starts a .sched. */
static int looks_like_sched(const char *t, size_t n) {
    static const char *const words[] = {"impl", "strategy", "expect", "schedule", "bytes", "task"};
    size_t i = 0;
    for (;;) {
        while (i < n && (t[i] == ' ' || t[i] == '\t' || t[i] == '\r' || t[i] == '\n'))
            i++;
        if (i < n && t[i] == '#') {
            while (i < n && t[i] != '\n')
                i++;
            continue;
        }
        break;
    }
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
        size_t k = strlen(words[w]);
        if (n - i > k && strncmp(t + i, words[w], k) == 0 &&
            (t[i + k] == ' ' || t[i + k] == '\t' || t[i + k] == '\n' || t[i + k] == ':' ||
             t[i + k] == '\r'))
            return 1;
    }
    return 0;
}

/* 1 if the bytes are printable ASCII text (tabs, newlines allowed). */
static int is_text(const char *t, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c >= 0x7f || (c < 0x20 && c != '\n' && c != '\t' && c != '\r'))
            return 0;
    }
    return 1;
}

static cli_kind detect(const char *path, const char *t, size_t n, cli_detect d) {
    if (d != CLI_DETECT_AUTO)
        return d == CLI_DETECT_SCHED ? CLI_SCHED : CLI_RAW;
    if (ends_with(path, ".sched"))
        return CLI_SCHED;
    return n > 0 && is_text(t, n) && looks_like_sched(t, n) ? CLI_SCHED : CLI_RAW;
}

uint32_t cli_target_kinds(cli_target t) {
    const sf_fuzz_target *ft = sf_fuzz_target_at(t);
    return ft ? ft->kinds : SF_KINDS_ALL;
}

static int load_raw(const char *path, const char *t, size_t n, const cli_common *c, sf_prog *p) {
    if (sf_prog_decode((const uint8_t *)t, n, p) != SF_PROG_OK)
        return cli_usage_error("%s: out of memory decoding the input", path);
    sf_interp_mask_kinds(p, cli_target_kinds(c->target));
    return 0;
}

int cli_load(const char *path, const cli_common *c, sf_prog *p, cli_kind *kind) {
    size_t n = 0;
    char err[512];
    sf_prog_init(p);
    char *t = slurp(path, &n);
    if (t == NULL)
        return CLI_USAGE;
    cli_kind k = detect(path, t, n, c->detect);
    int rc = 0;
    if (k == CLI_RAW) {
        rc = load_raw(path, t, n, c, p);
    } else if (sf_sched_parse(t, n, path, p, err, sizeof err) != SF_PROG_OK) {
        fprintf(stderr, "%s\n", err);
        rc = CLI_USAGE;
    }
    free(t);
    if (kind != NULL)
        *kind = k;
    return rc;
}
