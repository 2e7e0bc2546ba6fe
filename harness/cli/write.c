/* write.c - write a case file atomically; the text of a case. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* Writes everything to fd; 0 or -1. */
static int write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k, n -= (size_t)k;
    }
    return 0;
}

int cli_output_ok(const char *path, int force) {
    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno != ENOENT)
            return cli_usage_error("%s: cannot write: %s", path, strerror(errno));
        /* a new path: its directory must exist */
        size_t n = strlen(path);
        char *dir = malloc(n + 2);
        if (dir == NULL)
            return cli_usage_error("out of memory");
        memcpy(dir, path, n + 1);
        char *slash = strrchr(dir, '/');
        if (slash == NULL)
            strcpy(dir, ".");
        else
            slash[slash == dir ? 1 : 0] = '\0';
        int ok = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
        int err = errno;
        if (!ok)
            cli_usage_error("%s: cannot write: directory %s %s", path, dir,
                            err == ENOENT ? "does not exist" : "is not a directory");
        free(dir);
        return ok ? 0 : CLI_USAGE;
    }
    if (S_ISDIR(st.st_mode))
        return cli_usage_error("%s: is a directory: give a file name", path);
    if (!S_ISREG(st.st_mode))
        return cli_usage_error("%s: not a regular file (a %s): output goes only to a regular "
                               "file or a new path",
                               path, S_ISFIFO(st.st_mode) ? "FIFO" : "device or socket");
    if (!force)
        return cli_usage_error("%s: exists (use -f to overwrite)", path);
    return 0;
}

int cli_write_atomic(const char *path, const char *text, size_t len, int force) {
    if (cli_output_ok(path, force) != 0)
        return -1;
    size_t n = strlen(path) + 32;
    char *tmp = malloc(n);
    if (tmp == NULL)
        return cli_usage_error("out of memory"), -1;
    snprintf(tmp, n, "%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    int rc = fd < 0 || write_all(fd, text, len) != 0 || fsync(fd) != 0 ? -1 : 0;
    int err = errno;
    if (fd >= 0 && close(fd) != 0 && rc == 0)
        rc = -1, err = errno;
    if (rc == 0 && !force) {
        /* link() fails if path exists: no overwrite, still atomic. */
        rc = link(tmp, path);
        err = errno;
    } else if (rc == 0) {
        rc = rename(tmp, path);
        err = errno;
    }
    if (fd >= 0 && (rc != 0 || !force))
        unlink(tmp); /* never leave the temporary file behind */
    if (rc != 0)
        cli_usage_error("%s: cannot write: %s%s", path, strerror(err),
                        err == EEXIST ? " (use -f to overwrite)" : "");
    free(tmp);
    return rc;
}

char *cli_case_text(const sf_prog *p, const char *impl, const cli_run *r) {
    sf_prog q;
    if (sf_prog_copy(&q, p) != SF_PROG_OK)
        return NULL;
    char *text = NULL;
    if (sf_prog_set_impl(&q, impl) == SF_PROG_OK &&
        sf_prog_set_expect(&q, r->failed ? r->sig : NULL) == SF_PROG_OK)
        text = sf_sched_print_str(&q, NULL);
    sf_prog_free(&q);
    return text;
}
