/* util.c - messages, small argument parsers, freeing a run's outcome: a
 * leaf of the CLI (exec.c and fork.c both free cli_run results). */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_usage_error(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("scopefuzz: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return CLI_USAGE;
}

int cli_parse_target(const char *s, cli_target *t) {
    const sf_fuzz_target *ft = sf_fuzz_target_find(s);
    if (ft == NULL || strchr(s, '/') != NULL)
        return -1;
    *t = (cli_target)(ft - sf_fuzz_target_at(0));
    return 0;
}

int cli_parse_faults(const char *verb, const char *arg, int *mode, unsigned *kinds) {
    static const char *const modes[] = {"none", "some", "all"};
    for (int m = 0; m < 3; m++) {
        if (strcmp(arg, modes[m]) == 0) {
            *mode = m;
            *kinds = m == CLI_FAULTS_NONE ? 0 : SIM_FAULT_ALL;
            return 0;
        }
    }
    unsigned k, mask = 0;
    for (const char *p = arg; *p;) {
        size_t n = strcspn(p, ",");
        if (sim_fault_parse_n(p, n, &k) != 0)
            return cli_usage_error("%s: --faults: '%s' is not none, some, all or a list of "
                                   "alloc, spawn, wake, timeout",
                                   verb, arg);
        mask |= 1u << k;
        p += n + (p[n] == ',');
    }
    if (!mask)
        return cli_usage_error("%s: --faults: empty", verb);
    *mode = CLI_FAULTS_ALL;
    *kinds = mask;
    return 0;
}

int cli_parse_u64(const char *s, uint64_t *v) {
    char *end = NULL;
    if (s == NULL || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0')
        return -1;
    *v = x;
    return 0;
}

void cli_run_free(cli_run *r) {
    free(r->report);
    free(r->decisions);
    free(r->faults);
    free(r->events);
    free(r->oprecs);
    memset(r, 0, sizeof *r);
}
