/* tl_svg.c - a timeline as one self-contained SVG (no script, no external
 * reference): a lane per track (<g class="track" data-task="N">), ops and
 * runtime calls as boxes in the upper part of the lane, blocked and
 * preempted stretches as bars in the lower part, switches as a line from
 * the lane left to the lane entered, clock jumps and the failing step as
 * vertical lines across every lane.  Every shape has a <title> (shown on
 * hover) with the item's step, virtual time and detail. */
#include <inttypes.h>
#include <string.h>

#include "timeline.h"

enum { LABEL_W = 170, LANE = 34, TOP = 64, LEGEND = 56, RIGHT = 40 };

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

typedef struct geom {
    double pp; /* pixels per tick */
    int width, height;
} geom;

static double x_of(const geom *g, uint64_t t) { return LABEL_W + (double)t * g->pp; }
static int lane_y(uint32_t track) { return TOP + (int)track * LANE; }

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

static void slice(const geom *g, const tl_item *it, FILE *out) {
    double x = x_of(g, it->t0), w = (double)(it->t1 - it->t0) * g->pp;
    int y = lane_y(it->track), low = it->cat == TL_BLOCKED || it->cat == TL_READY;
    int top = low ? y + 22 : y + 4, h = low ? 8 : 16;
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
        fprintf(out, "<line class=\"%s\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\">", c, x,
                from + LANE / 2, x, y + LANE / 2);
        tooltip(it, out);
        fprintf(out, "</line><circle class=\"%s\" cx=\"%.1f\" cy=\"%d\" r=\"2.5\"/>\n", c, x,
                y + LANE / 2);
        return;
    }
    if (it->cat == TL_FAULT) {
        fprintf(out, "<path class=\"%s\" d=\"M%.1f %d l5 6 l-5 6 l-5 -6 z\">", c, x, y + 2);
        tooltip(it, out);
        fputs("</path>\n", out);
        return;
    }
    /* clock jumps and the failure: across every lane, labelled on top */
    int bottom = lane_y((uint32_t)tl->ntracks);
    fprintf(out, "<line class=\"%s\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\">", c, x, TOP - 6,
            x, bottom);
    tooltip(it, out);
    int left = x > g->width - 260; /* near the right edge: the label ends at the line */
    fprintf(out, "</line><text class=\"%s-label\" x=\"%.1f\" y=\"%d\"%s>", c,
            left ? x - 3 : x + 3, it->cat == TL_FAILURE ? TOP - 10 : TOP - 22,
            left ? " text-anchor=\"end\"" : "");
    esc(it->name, out);
    fputs("</text>\n", out);
    if (it->cat == TL_FAILURE)
        fprintf(out, "<circle class=\"failure-mark\" cx=\"%.1f\" cy=\"%d\" r=\"5\"/>\n", x,
                y + LANE / 2);
}

static void legend(const geom *g, FILE *out) {
    static const tl_cat shown[] = {TL_OP,     TL_CALL,  TL_BLOCKED, TL_READY,
                                   TL_SWITCH, TL_CLOCK, TL_FAULT,   TL_FAILURE};
    int y = g->height - LEGEND + 22;
    fprintf(out, "<g class=\"legend\">\n");
    for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++) {
        int x = 10 + (int)i * 112;
        const char *c = tl_cat_name(shown[i]);
        fprintf(out, "<rect class=\"%s swatch\" x=\"%d\" y=\"%d\" width=\"14\" height=\"10\"/>"
                     "<text x=\"%d\" y=\"%d\">%s</text>\n",
                c, x, y, x + 18, y + 9, c);
    }
    fprintf(out,
            "<text x=\"10\" y=\"%d\">left to right: the order of the run (one step per event "
            "or op start/return), not a clock; hover for step and virtual time</text>\n</g>\n",
            y + 28);
}

static const char style[] =
    "<style>\n"
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
    geom g;
    uint64_t end = tl->end ? tl->end : 1;
    g.pp = 1800.0 / (double)end;
    g.pp = g.pp < 3 ? 3 : g.pp > 56 ? 56 : g.pp;
    g.width = (int)(x_of(&g, end) + RIGHT);
    if (g.width < 920)
        g.width = 920;
    g.height = lane_y((uint32_t)tl->ntracks) + LEGEND + 8;
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
        int y = lane_y((uint32_t)t);
        fprintf(out,
                "<g class=\"track\" data-task=\"%" PRIu32 "\">\n"
                "<rect class=\"lane\" x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\"/>"
                "<text class=\"label\" x=\"8\" y=\"%d\">",
                tl->tracks[t].rt, y, g.width, LANE, y + LANE / 2 + 4);
        esc(tl->tracks[t].name, out);
        fputs("</text>\n", out);
        for (size_t i = 0; i < tl->nitems; i++)
            if (tl->items[i].track == t && !tl_cat_instant(tl->items[i].cat))
                slice(&g, &tl->items[i], out);
        fputs("</g>\n", out);
    }
    fputs("<g class=\"instants\">\n", out);
    for (size_t i = 0; i < tl->nitems; i++)
        if (tl_cat_instant(tl->items[i].cat))
            instant(&g, tl, &tl->items[i], out);
    fputs("</g>\n", out);
    legend(&g, out);
    fputs("</svg>\n", out);
}
