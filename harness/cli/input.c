/* input.c - read an input file: a .sched text or raw fuzz bytes. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "ptrun.h"

enum { MAX_INPUT = 16 << 20 };

/* Opens path for reading, refusing at once (never blocking) anything but a
 * regular file; "-" is standard input.  The fd, or -1 with a message. */
static int open_input(const char *path) {
    if (strcmp(path, "-") == 0)
        return dup(0);
    /* O_NONBLOCK: opening a FIFO without a writer would block forever */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        int err = errno;
        if (fd >= 0)
            close(fd);
        cli_usage_error("%s: cannot open: %s", path, strerror(err));
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        if (S_ISDIR(st.st_mode))
            cli_usage_error("%s: is a directory (this verb takes a file)", path);
        else
            cli_usage_error("%s: not a regular file (a %s): inputs must be regular files, or - "
                            "for standard input",
                            path,
                            S_ISFIFO(st.st_mode)   ? "FIFO"
                            : S_ISSOCK(st.st_mode) ? "socket"
                                                   : "device");
        return -1;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    return fd;
}

char *cli_read_file(const char *path, size_t max, size_t *n) {
    int fd = open_input(path);
    if (fd < 0)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap + 1);
    int err = 0;
    while (buf != NULL && len <= max) {
        ssize_t k = read(fd, buf + len, cap - len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            err = k < 0 ? errno : 0;
            break;
        }
        len += (size_t)k;
        if (len == cap) {
            char *nb = realloc(buf, 2 * cap + 1);
            if (nb == NULL)
                free(buf);
            buf = nb, cap *= 2;
        }
    }
    close(fd);
    if (buf == NULL || err != 0 || len > max) {
        if (buf == NULL)
            cli_usage_error("%s: out of memory reading it", path);
        else if (err != 0)
            cli_usage_error("%s: cannot read: %s", path, strerror(err));
        else
            cli_usage_error("%s: larger than %zu MiB", path, max >> 20);
        free(buf);
        return NULL;
    }
    buf[len] = '\0';
    *n = len;
    return buf;
}

/* Reads the whole input; NULL with a message on error. */
static char *slurp(const char *path, size_t *n) { return cli_read_file(path, MAX_INPUT, n); }

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
    char why[160];
    int rc = sf_prog_decode((const uint8_t *)t, n, p);
    if (rc == SF_PROG_EVERSION)
        return cli_usage_error("%s: %s", path,
                               sf_prog_version_msg((const uint8_t *)t, n, why, sizeof why));
    if (rc != SF_PROG_OK)
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
    if (c->detect == CLI_DETECT_AUTO && pt_case_is(t)) {
        free(t);
        return cli_usage_error("%s is a pthread case (written by `scopefuzz test`): use "
                               "`scopefuzz replay` or `scopefuzz minimize`",
                               path);
    }
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

int cli_load_one(const char *verb, int n, char **files, const cli_common *c, sf_prog *p,
                 const struct sf_driver **d) {
    int rc;
    if (n != 1)
        return cli_usage_error("%s: exactly one FILE expected (see scopefuzz %s --help)", verb,
                               verb);
    if ((rc = cli_load(files[0], c, p, NULL)) != 0)
        return rc;
    if ((*d = cli_driver(p, c)) == NULL) {
        sf_prog_free(p);
        return CLI_USAGE;
    }
    return 0;
}
