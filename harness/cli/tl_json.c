/* tl_json.c - a timeline in the Chrome trace event format (the JSON object
 * form: {"traceEvents": [...], ...}), which chrome://tracing and the
 * Perfetto UI open.  Tracks are threads of one process (pid 1, tid = the
 * runtime task), named by `thread_name` metadata events; slices are
 * complete events (ph X), instants ph i (the failing step and clock jumps
 * with global scope, the others on their thread).  ts and dur are ticks
 * (timeline.h), read as microseconds.  tests/cli/timeline.schema.json is
 * the schema of what this writes. */
#include <inttypes.h>

#include "timeline.h"

static void str(const char *s, FILE *out) {
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

static void metadata(const char *what, uint32_t tid, const char *key, const char *text,
                     uint64_t num, FILE *out) {
    fprintf(out,
            ",\n{\"ph\":\"M\",\"pid\":1,\"tid\":%" PRIu32 ",\"name\":\"%s\",\"args\":{\"%s\":", tid,
            what, key);
    if (text)
        str(text, out);
    else
        fprintf(out, "%" PRIu64, num);
    fputs("}}", out);
}

static void item(const timeline *tl, const tl_item *it, FILE *out) {
    int instant = tl_cat_instant(it->cat);
    fprintf(out, ",\n{\"ph\":\"%s\",\"pid\":1,\"tid\":%" PRIu32 ",\"ts\":%" PRIu64,
            instant ? "i" : "X", tl->tracks[it->track].rt, it->t0);
    if (instant)
        fprintf(out, ",\"s\":\"%s\"", it->cat == TL_FAILURE || it->cat == TL_CLOCK ? "g" : "t");
    else
        fprintf(out, ",\"dur\":%" PRIu64, it->t1 - it->t0);
    fputs(",\"name\":", out);
    str(it->name, out);
    fprintf(out, ",\"cat\":\"%s\",\"args\":{\"step\":%" PRIu64 ",\"vtime_ns\":%" PRId64,
            tl_cat_name(it->cat), it->step, it->vtime);
    if (it->cat == TL_SWITCH && it->decision >= 0)
        fprintf(out, ",\"decision\":%" PRId64, it->decision);
    fputs(",\"detail\":", out);
    str(it->detail, out);
    fputs("}}", out);
}

void tl_write_json(const timeline *tl, FILE *out) {
    fputs("{\"displayTimeUnit\":\"ms\",\"otherData\":{\"tool\":\"scopefuzz\",\"title\":", out);
    str(tl->title, out);
    fputs(",\"signature\":", out);
    str(tl->sig, out);
    fputs(",\"time_axis\":\"ticks in the order of the run (1 us = one runtime event or op "
          "start/return), not a clock; virtual time is args.vtime_ns\"",
          out);
    if (tl->note[0]) {
        fputs(",\"note\":", out);
        str(tl->note, out);
    }
    fprintf(out, ",\"tracks\":%zu},\n\"traceEvents\":[", tl->ntracks);
    fputs("\n{\"ph\":\"M\",\"pid\":1,\"tid\":0,\"name\":\"process_name\",\"args\":{\"name\":", out);
    str(tl->title, out);
    fputs("}}", out);
    for (size_t t = 0; t < tl->ntracks; t++) {
        metadata("thread_name", tl->tracks[t].rt, "name", tl->tracks[t].name, 0, out);
        metadata("thread_sort_index", tl->tracks[t].rt, "sort_index", NULL, t, out);
    }
    for (size_t i = 0; i < tl->nitems; i++)
        item(tl, &tl->items[i], out);
    fputs("\n]}\n", out);
}
