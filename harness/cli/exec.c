/* exec.c - one run of a program, in this process or in a forked child. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "watchdog.h"

static void *dup_mem(const void *src, size_t n) {
    void *p = n ? malloc(n) : NULL;
    if (p != NULL)
        memcpy(p, src, n);
    return p;
}

/* Copies what the CLI needs out of an interpreter result. */
static int take(cli_run *r, const sf_interp_result *ir) {
    r->failed = ir->outcome == SF_INTERP_FAIL;
    snprintf(r->sig, sizeof r->sig, "%s", r->failed ? ir->signature : "");
    r->report = ir->report != NULL ? strdup(ir->report) : NULL;
    r->hash = ir->sim.hash;
    r->steps = ir->sim.steps;
    r->switches = ir->sim.switches;
    r->preemptions = ir->sim.preemptions;
    r->ndecisions = ir->sim.ndecisions;
    r->decisions = dup_mem(ir->sim.decisions, ir->sim.ndecisions * sizeof *r->decisions);
    r->nfaults = ir->sim.nfaults;
    r->faults = dup_mem(ir->sim.faults, ir->sim.nfaults * sizeof *r->faults);
    r->nevents = ir->sim.nevents;
    r->events = dup_mem(ir->sim.events, ir->sim.nevents * sizeof *r->events);
    r->noprecs = ir->nop_recs;
    r->oprecs = dup_mem(ir->op_recs, ir->nop_recs * sizeof *r->oprecs);
    if ((r->ndecisions && r->decisions == NULL) || (r->nevents && r->events == NULL) ||
        (r->nfaults && r->faults == NULL) || (r->noprecs && r->oprecs == NULL))
        return -1;
    return 0;
}

/* In this process. */
static int exec_here(const sf_prog *p, const struct sf_driver *d, int trace, cli_run *r) {
    sf_interp_opts o = {.record_trace = trace, .always_report = trace, .record_ops = trace};
    sf_interp_result ir;
    memset(&ir, 0, sizeof ir);
    int rc = sf_interp_run(p, d, &o, &ir);
    if (rc == SF_INTERP_ERROR) {
        fprintf(stderr, "scopefuzz: the interpreter refused the program: %s\n",
                ir.report ? ir.report : "invalid program");
        sf_interp_result_free(&ir);
        return -1;
    }
    rc = take(r, &ir);
    sf_interp_result_free(&ir);
    if (rc != 0)
        fprintf(stderr, "scopefuzz: out of memory\n");
    return rc;
}

/* exec_here with stderr sent to /dev/null (the library's own messages). */
static int exec_quiet(const sf_prog *p, const struct sf_driver *d, int trace, cli_run *r) {
    fflush(stderr);
    int saved = dup(2), null = open("/dev/null", O_WRONLY);
    if (saved >= 0 && null >= 0) {
        cli_watchdog_stderr(saved);
        dup2(null, 2);
    }
    int rc = exec_here(p, d, trace, r);
    if (saved >= 0 && null >= 0)
        dup2(saved, 2);
    cli_watchdog_stderr(-1);
    if (saved >= 0)
        close(saved);
    if (null >= 0)
        close(null);
    return rc;
}

int cli_exec(const sf_prog *p, const struct sf_driver *d, int mode, int trace, cli_run *r) {
    memset(r, 0, sizeof *r);
    if (mode == CLI_EXEC_FORK)
        return cli_exec_forked_(p, d, trace, r, exec_here);
    return mode == CLI_EXEC_QUIET ? exec_quiet(p, d, trace, r) : exec_here(p, d, trace, r);
}

int cli_to_replay(sf_prog *p, const cli_run *r) {
    sf_prog q;
    sf_prog_init(&q);
    memcpy(q.impl, p->impl, sizeof q.impl);
    q.expect_fail = p->expect_fail;
    memcpy(q.expect_sig, p->expect_sig, sizeof q.expect_sig);
    q.nbodies = p->nbodies;
    memcpy(q.bodies, p->bodies, sizeof q.bodies);
    q.strategy = SIM_REPLAY;
    int bad = r->nfaults > SF_MAX_FAILS;
    for (size_t i = 0; i < r->nfaults && !bad; i++)
        bad = sf_prog_add_fail(&q, r->faults[i].kind, r->faults[i].nth) != SF_PROG_OK;
    if (bad || sf_prog_add_decisions(&q, r->decisions, r->ndecisions) != SF_PROG_OK) {
        sf_prog_free(&q);
        return -1;
    }
    sf_prog_free(p);
    *p = q;
    return 0;
}

int cli_run_one(const char *verb, int n, char **files, const cli_common *c, int trace,
                cli_show_fn show, void *ctx) {
    sf_prog p;
    const struct sf_driver *d;
    cli_run r;
    int rc = cli_load_one(verb, n, files, c, &p, &d);
    if (rc != 0)
        return rc;
    if (cli_exec(&p, d, 1, trace, &r) != 0) {
        sf_prog_free(&p);
        return CLI_USAGE;
    }
    show(&p, d, &r, ctx);
    rc = r.failed ? CLI_FAIL : CLI_PASS;
    cli_run_free(&r);
    sf_prog_free(&p);
    return rc;
}
