/* conf.c - scenario lifecycle and the scenario table (see scenarios.h). */
#include "scenarios.h"

#include <stdio.h>
#include <string.h>

int conf_scale = 20;

void conf_reset(void) {
    conf_clear_failures();
    tok_reset();
}

int conf_init(void) {
    int r = sc_init();
    CHECK_EQ(r, SC_OK);
    return r == SC_OK;
}

void conf_shutdown(sc_shutdown_report *rep) {
    sc_shutdown_report local;
    int r = sc_shutdown(sc_now() + 30 * CONF_SEC, &local);
    CHECK_EQ(r, SC_OK);
    CHECK_EQ(local.tasks_leaked, 0);
    if (rep)
        *rep = local;
}

int conf_faults;

void conf_run(void (*fn)(void)) {
    conf_reset();
    fn();
    /* The library must have been shut down by the scenario. */
    int r = sc_init();
    if (!(conf_faults && r == SC_ENOMEM))
        CHECK_EQ(r, SC_OK);
    if (r == SC_OK || r == SC_EPERM)
        sc_shutdown(sc_now() + 5 * CONF_SEC, NULL);
    CHECK_EQ(tok_live(), 0);
}

static const conf_scenario conf_all[] = {
#define X(n, l) {#n, l, sc_test_##n},
#include "scenarios.def"
#undef X
};

const conf_scenario *conf_table(size_t *n) {
    *n = sizeof conf_all / sizeof conf_all[0];
    return conf_all;
}

const conf_scenario *conf_find(const char *name) {
    size_t n;
    const conf_scenario *t = conf_table(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].name, name) == 0)
            return &t[i];
    return NULL;
}

int conf_has_label(const conf_scenario *s, const char *label) {
    size_t len = strlen(label);
    for (const char *p = s->labels; *p;) {
        const char *e = strchr(p, ';');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l == len && strncmp(p, label, len) == 0)
            return 1;
        if (!e)
            break;
        p = e + 1;
    }
    return 0;
}
