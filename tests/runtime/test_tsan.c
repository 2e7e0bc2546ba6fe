/* TSan (SF_TSAN builds only): a field read outside its lock by a second
 * task is reported as a data race in a deterministic run, with the
 * schedule; the variant that locks is quiet.  Each variant runs in a child
 * process (this program re-executed with an argument) whose stderr is
 * checked. */
#include "../check.h"
#include "platform.h"
#include "sim.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct counter {
    sfp_mutex m;
    int value;
    int locked_reader;
    int seen;
} counter;

static void writer(void *p) {
    counter *c = p;
    for (int i = 0; i < 3; i++) {
        sfp_mutex_lock(&c->m);
        c->value++;
        sfp_mutex_unlock(&c->m);
    }
}

static void reader(void *p) {
    counter *c = p;
    sfp_yield();
    if (c->locked_reader)
        sfp_mutex_lock(&c->m);
    c->seen = c->value; /* the racy read when not locked */
    if (c->locked_reader)
        sfp_mutex_unlock(&c->m);
}

static void program(void *arg) {
    counter *c = arg;
    sfp_mutex_init(&c->m);
    sfp_task *w, *r;
    sfp_task_start(&w, writer, c, "writer@test_tsan.c");
    sfp_task_start(&r, reader, c, "reader@test_tsan.c");
    sfp_task_join(w);
    sfp_task_join(r);
    sfp_mutex_destroy(&c->m);
}

static int child(int locked) {
    for (uint64_t seed = 0; seed < 20; seed++) {
        counter *c = calloc(1, sizeof *c);
        c->locked_reader = locked;
        sim_config cfg = {.strategy = SIM_RANDOM, .seed = seed};
        sim_result r;
        if (sim_run(&cfg, program, c, &r) != 0 || r.outcome != SIM_OK)
            return 2;
        int ok = c->value == 3; /* read after the run: must not be a race */
        sim_result_free(&r);
        free(c);
        if (!ok)
            return 3;
    }
    return 0;
}

/* Runs this program with `arg`; returns its exit status, stderr in buf. */
static int run_child(const char *self, const char *arg, char *buf, size_t size) {
    int fd[2];
    if (pipe(fd) != 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fd[1], 2);
        close(fd[0]);
        close(fd[1]);
        execl(self, self, arg, (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    size_t n = 0;
    ssize_t k;
    while (n + 1 < size && (k = read(fd[0], buf + n, size - 1 - n)) > 0)
        n += (size_t)k;
    buf[n] = 0;
    close(fd[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv) {
    if (argc > 1)
        return child(strcmp(argv[1], "locked") == 0);
#ifndef SF_TSAN
    puts("test_tsan: not a TSan build, nothing to check");
    return 0;
#else
    static char out[1 << 16];
    int st = run_child(argv[0], "racy", out, sizeof out);
    CHECK(st != 0);
    CHECK(strstr(out, "WARNING: ThreadSanitizer: data race"));
    CHECK(strstr(out, "reader"));
    CHECK(strstr(out, "scopefuzz sim: the report above comes from a deterministic run: "
                      "strategy random, seed 0"));
    if (check_failures)
        fputs(out, stderr);
    st = run_child(argv[0], "locked", out, sizeof out);
    CHECK(st == 0);
    CHECK(!strstr(out, "ThreadSanitizer"));
    if (st != 0 || strstr(out, "ThreadSanitizer"))
        fputs(out, stderr);
    return check_report("test_tsan");
#endif
}
