/* test_timeline_model.c - the timeline model (harness/cli/timeline.h) from
 * a hand-made event list: every kind of item the runtime can cause, with
 * its track, time and name, including an injected fault (SIM_EV_FAULT),
 * which no CLI run produces yet; and both writers on it. */
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "timeline.h"

static const tl_item *find(const timeline *tl, tl_cat c, size_t nth) {
    for (size_t i = 0; i < tl->nitems; i++)
        if (tl->items[i].cat == c && nth-- == 0)
            return &tl->items[i];
    return NULL;
}

static size_t count(const timeline *tl, tl_cat c) {
    size_t n = 0;
    for (size_t i = 0; i < tl->nitems; i++)
        n += tl->items[i].cat == c;
    return n;
}

int main(void) {
    /* t0 starts t1, waits (blocks); t1 runs, a fault is injected, the clock
     * jumps, t1 waits too: deadlock */
    const sim_event ev[] = {
        {.step = 0, .task = 0, .kind = SIM_EV_START, .object = 0, .decision = -1},
        {.step = 1, .task = 0, .kind = SIM_EV_START, .object = 1, .decision = -1},
        {.step = 2, .task = 0, .kind = SIM_EV_WAIT, .object = 3, .decision = -1},
        {.step = 2,
         .task = 1,
         .kind = SIM_EV_START,
         .object = 1,
         .why = SIM_SW_BLOCKED,
         .decision = -1},
        {.step = 3,
         .task = 1,
         .kind = SIM_EV_FAULT,
         .object = SIM_FAULT_ALLOC,
         .value = 2,
         .decision = -1},
        {.step = 4, .vtime = 5000000, .task = 1, .kind = SIM_EV_CLOCK, .decision = -1},
        {.step = 5, .vtime = 5000000, .task = 1, .kind = SIM_EV_WAIT, .object = 4, .decision = -1},
    };
    size_t n = sizeof ev / sizeof ev[0];
    timeline tl;
    CHECK(tl_from_events(ev, n, NULL, 0, 1, "deadlock", "model", &tl) == 0);
    CHECK(tl.ntracks == 2 && strcmp(tl.tracks[0].name, "t0 (main)") == 0 &&
          strcmp(tl.tracks[1].name, "t1") == 0);
    CHECK(count(&tl, TL_CALL) == 5); /* every event but the fault and the clock */
    const tl_item *f = find(&tl, TL_FAULT, 0);
    CHECK(f && f->track == 1 && f->t0 == 4 && f->t1 == 4 &&
          strcmp(f->name, "fault: alloc #2") == 0);
    const tl_item *c = find(&tl, TL_CLOCK, 0);
    CHECK(c && c->t0 == 5 && strcmp(c->name, "clock +5 ms") == 0);
    const tl_item *sw = find(&tl, TL_SWITCH, 0);
    CHECK(sw && count(&tl, TL_SWITCH) == 1 && sw->track == 1 && sw->from == 0 && sw->t0 == 3 &&
          strcmp(sw->name, "switch t0 -> t1") == 0);
    /* both tasks blocked for good: t0 after its wait (a switch), t1 after
     * the last event */
    const tl_item *b0 = find(&tl, TL_BLOCKED, 0), *b1 = find(&tl, TL_BLOCKED, 1);
    CHECK(count(&tl, TL_BLOCKED) == 2 && b0 && b1);
    CHECK(b0 && b0->track == 0 && b0->t0 == 3 && b0->t1 == tl.end &&
          strcmp(b0->detail, "never ran again") == 0);
    CHECK(b1 && b1->track == 1 && b1->t0 == 7 && b1->t1 == tl.end);
    const tl_item *x = find(&tl, TL_FAILURE, 0);
    CHECK(x && x->track == 1 && strcmp(x->name, "failure: deadlock") == 0);
    for (size_t i = 1; i < tl.nitems; i++) /* in time order */
        CHECK(tl.items[i - 1].t0 <= tl.items[i].t0);

    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    tl_write_json(&tl, out);
    fclose(out);
    CHECK(buf && strstr(buf, "\"cat\":\"fault\"") && strstr(buf, "\"name\":\"fault: alloc #2\""));
    free(buf);
    out = open_memstream(&buf, &len);
    tl_write_svg(&tl, out);
    fclose(out);
    CHECK(buf && strstr(buf, "<path class=\"fault\"") && strstr(buf, "data-tracks=\"2\""));
    free(buf);
    tl_free(&tl);
    return check_report("timeline model");
}
