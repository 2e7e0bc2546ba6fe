/* tl_svg.c - a timeline as one self-contained SVG (no script, no external
 * reference): a lane per track (<g class="track" data-task="N">), ops and
 * runtime calls as boxes in the upper part of the lane, blocked and
 * preempted stretches as bars in the lower part, switches as a line from
 * the lane left to the lane entered, clock jumps and the failing step as
 * vertical lines across every lane.  Every shape has a <title> (shown on
 * hover) with the item's step, virtual time and detail. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "timeline.h"

enum { LABEL_W = 170, LANE = 34, LEVEL = 18, TOP = 64, LEGEND = 56, RIGHT = 40 };

static void esc(const char *s, FILE *out) {
    for (; *s; s++)
        switch (*s) {
            case '&':
                fputs("&amp;", out);
                break;
            case '<':
                fputs("&lt;", out);
                break;
            case '>':
                fputs("&gt;", out);
                break;
            case '"':
                fputs("&quot;", out);
                break;
            default:
                fputc(*s, out);
        }
}

/* Nested slices (a deferred op run inside the close that runs it) go one
 * level down: a track is as tall as its deepest nesting needs. */
typedef struct geom {
    double pp; /* pixels per tick */
    int width, height;
    int *top;   /* by track: y of its lane; top[ntracks]: below the last */
    int *depth; /* by item: nesting level of a slice among its track's boxes */
} geom;

static double x_of(const geom *g, uint64_t t) { return LABEL_W + (double)t * g->pp; }
#define lane_y(track) (g->top[(track)])
#define lane_h(track) (g->top[(track) + 1] - g->top[(track)])

static int boxed(tl_cat c) { return c == TL_OP || c == TL_CALL; }

/* Levels of the boxes (items are sorted by start, the enclosing first) and
 * the lanes' tops.  0, or -1 when out of memory. */
static int layout(geom *g, const timeline *tl) {
    g->top = malloc((tl->ntracks + 1) * sizeof *g->top);
    g->depth = calloc(tl->nitems + 1, sizeof *g->depth);
    int *levels = calloc(tl->ntracks + 1, sizeof *levels);
    uint64_t *open = calloc((tl->ntracks + 1) * 8, sizeof *open); /* ends of open boxes */
    if (g->top == NULL || g->depth == NULL || levels == NULL || open == NULL) {
        free(levels), free(open);
        return -1;
    }
    for (size_t i = 0; i < tl->nitems; i++) {
        const tl_item *it = &tl->items[i];
        if (!boxed(it->cat))
            continue;
        uint64_t *o = &open[it->track * 8];
        int d = 0;
        while (d < 8 && o[d] > it->t0) /* still open at this start: enclosing */
            d++;
        d = d < 8 ? d : 7;
        o[d] = it->t1;
        for (int k = d + 1; k < 8; k++)
            o[k] = 0;
        g->depth[i] = d;
        if (d > levels[it->track])
            levels[it->track] = d;
    }
    int y = TOP;
    for (size_t t = 0; t < tl->ntracks; t++) {
        g->top[t] = y;
        y += LANE + levels[t] * LEVEL;
    }
    g->top[tl->ntracks] = y;
    free(levels);
    free(open);
    return 0;
}

static void tooltip(const tl_item *it, FILE *out) {
    fputs("<title>", out);
    esc(it->name, out);
    fprintf(out, " (step %" PRIu64 ", vtime %" PRId64 " ns)", it->step, it->vtime);
    if (it->detail[0]) {
        fputs(": ", out);
        esc(it->detail, out);
    }
    fputs("</title>", out);
}

/* The label inside a box, cut to what fits (about 6.2 px a character). */
static void box_label(const char *name, double x, int y, double w, FILE *out) {
    size_t fit = w > 12 ? (size_t)((w - 6) / 6.2) : 0, n = strlen(name);
    if (fit < 3)
        return;
    char buf[96];
    snprintf(buf, sizeof buf, "%s", name);
    if (n > fit && fit < sizeof buf) {
        buf[fit - 1] = '\0';
        strcat(buf, "~");
    }
    fprintf(out, "<text class=\"in\" x=\"%.1f\" y=\"%d\">", x + 3, y);
    esc(buf, out);
    fputs("</text>", out);
}

static void slice(const geom *g, const tl_item *it, int depth, FILE *out) {
    double x = x_of(g, it->t0), w = (double)(it->t1 - it->t0) * g->pp;
    int y = lane_y(it->track), low = it->cat == TL_BLOCKED || it->cat == TL_READY;
    int top = low ? y + lane_h(it->track) - 12 : y + 4 + depth * LEVEL, h = low ? 8 : 16;
    fprintf(out, "<rect class=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\">",
            tl_cat_name(it->cat), x, top, w > 1 ? w - 0.5 : 1, h);
    tooltip(it, out);
    fputs("</rect>", out);
    if (!low)
        box_label(it->name, x, top + 12, w, out);
    fputc('\n', out);
}

static void instant(const geom *g, const timeline *tl, const tl_item *it, FILE *out) {
    double x = x_of(g, it->t0);
    int y = lane_y(it->track);
    const char *c = tl_cat_name(it->cat);
    if (it->cat == TL_SWITCH) {
        int from = lane_y(it->from < tl->ntracks ? it->from : it->track);
        uint32_t ft = it->from < tl->ntracks ? it->from : it->track;
        fprintf(out, "<line class=\"%s\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\">", c, x,
                from + lane_h(ft) / 2, x, y + lane_h(it->track) / 2);
        tooltip(it, out);
        fprintf(out, "</line><circle class=\"%s\" cx=\"%.1f\" cy=\"%d\" r=\"2.5\"/>\n", c, x,
                y + lane_h(it->track) / 2);
        return;
    }
    if (it->cat == TL_FAULT) {
        fprintf(out, "<path class=\"%s\" d=\"M%.1f %d l5 6 l-5 6 l-5 -6 z\">", c, x, y + 2);
        tooltip(it, out);
        fputs("</path>\n", out);
        return;
    }
    /* clock jumps and the failure: across every lane, labelled on top */
    int bottom = g->top[tl->ntracks];
    fprintf(out, "<line class=\"%s\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\">", c, x, TOP - 6,
            x, bottom);
    tooltip(it, out);
    int left = x > g->width - 260; /* near the right edge: the label ends at the line */
    fprintf(out, "</line><text class=\"%s-label\" x=\"%.1f\" y=\"%d\"%s>", c, left ? x - 3 : x + 3,
            it->cat == TL_FAILURE ? TOP - 10 : TOP - 22, left ? " text-anchor=\"end\"" : "");
    esc(it->name, out);
    fputs("</text>\n", out);
    if (it->cat == TL_FAILURE)
        fprintf(out, "<circle class=\"failure-mark\" cx=\"%.1f\" cy=\"%d\" r=\"5\"/>\n", x,
                y + lane_h(it->track) / 2);
}

static void legend(const geom *g, FILE *out) {
    static const tl_cat shown[] = {TL_OP,     TL_CALL,  TL_BLOCKED, TL_READY,
                                   TL_SWITCH, TL_CLOCK, TL_FAULT,   TL_FAILURE};
    int y = g->height - LEGEND + 22;
    fprintf(out, "<g class=\"legend\">\n");
    for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++) {
        int x = 10 + (int)i * 112;
        const char *c = tl_cat_name(shown[i]);
        fprintf(out,
                "<rect class=\"%s swatch\" x=\"%d\" y=\"%d\" width=\"14\" height=\"10\"/>"
                "<text x=\"%d\" y=\"%d\">%s</text>\n",
                c, x, y, x + 18, y + 9, c);
    }
    fprintf(out,
            "<text x=\"10\" y=\"%d\">left to right: the order of the run (one step per event "
            "or op start/return), not a clock; hover for step and virtual time</text>\n</g>\n",
            y + 28);
}

static const char style[] = "<style>\n"
                            "text{font:12px monospace;fill:#222}\n"
                            ".title{font:bold 14px sans-serif}\n"
                            ".lane{fill:#f6f6f6;stroke:#ddd}\n"
                            ".label{font:bold 12px monospace}\n"
                            ".in{font:10px monospace;fill:#102a43;pointer-events:none}\n"
                            ".op{fill:#8ecae6;stroke:#1d3557;stroke-width:.6}\n"
                            ".call{fill:#bde0fe;stroke:#457b9d;stroke-width:.6}\n"
                            ".blocked{fill:#e63946;opacity:.55}\n"
                            ".preempted{fill:#ffb703;opacity:.7}\n"
                            "line.switch{stroke:#555;stroke-width:1}\n"
                            "circle.switch{fill:#555}\n"
                            ".switch.swatch{fill:#555}\n"
                            "line.clock{stroke:#2a9d8f;stroke-width:1.5;stroke-dasharray:4 3}\n"
                            ".clock.swatch{fill:#2a9d8f}\n"
                            ".clock-label{fill:#2a9d8f;font-size:10px}\n"
                            ".fault{fill:#fb8500}\n"
                            "line.failure{stroke:#d00000;stroke-width:2}\n"
                            ".failure.swatch{fill:#d00000}\n"
                            ".failure-label{fill:#d00000;font-weight:bold}\n"
                            ".failure-mark{fill:none;stroke:#d00000;stroke-width:2}\n"
                            "</style>\n";

void tl_write_svg(const timeline *tl, FILE *out) {
    geom g = {0};
    if (layout(&g, tl) != 0) {
        free(g.top), free(g.depth);
        fputs(
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><text y=\"20\">out of memory</text></svg>\n",
            out);
        return;
    }
    uint64_t end = tl->end ? tl->end : 1;
    g.pp = 1800.0 / (double)end;
    g.pp = g.pp < 3 ? 3 : g.pp > 56 ? 56 : g.pp;
    g.width = (int)(x_of(&g, end) + RIGHT);
    if (g.width < 920)
        g.width = 920;
    g.height = g.top[tl->ntracks] + LEGEND + 8;
    fprintf(out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"scopefuzz-timeline\" "
            "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" data-tracks=\"%zu\">\n<title>",
            g.width, g.height, g.width, g.height, tl->ntracks);
    esc(tl->title, out);
    fputs("</title>\n", out);
    fputs(style, out);
    fprintf(out, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n", g.width,
            g.height);
    fputs("<text class=\"title\" x=\"10\" y=\"20\">", out);
    esc(tl->title, out);
    if (tl->sig[0]) {
        fputs(" - failure: ", out);
        esc(tl->sig, out);
    }
    if (tl->note[0]) {
        fputs(" (", out);
        esc(tl->note, out);
        fputs(")", out);
    }
    fputs("</text>\n", out);
    for (size_t t = 0; t < tl->ntracks; t++) {
        int y = g.top[t];
        fprintf(out,
                "<g class=\"track\" data-task=\"%" PRIu32 "\">\n"
                "<rect class=\"lane\" x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\"/>"
                "<text class=\"label\" x=\"8\" y=\"%d\">",
                tl->tracks[t].rt, y, g.width, g.top[t + 1] - y, y + LANE / 2 + 4);
        esc(tl->tracks[t].name, out);
        fputs("</text>\n", out);
        for (size_t i = 0; i < tl->nitems; i++)
            if (tl->items[i].track == t && !tl_cat_instant(tl->items[i].cat))
                slice(&g, &tl->items[i], g.depth[i], out);
        fputs("</g>\n", out);
    }
    fputs("<g class=\"instants\">\n", out);
    for (size_t i = 0; i < tl->nitems; i++)
        if (tl_cat_instant(tl->items[i].cat))
            instant(&g, tl, &tl->items[i], out);
    fputs("</g>\n", out);
    legend(&g, out);
    fputs("</svg>\n", out);
    free(g.top);
    free(g.depth);
}
