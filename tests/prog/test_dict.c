/* test_dict.c - the generated libFuzzer dictionaries (dict.h) mean what
 * their entry names say: every op record decodes to the kind it is named
 * after (deferred for defer_*), every format prefix to its version and
 * strategy, next_body starts a body and end_tail starts the tail; an op set
 * gets the records of its kinds and no others; the .sched dictionary has
 * every op keyword and strategy name. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "codec.h"
#include "dict.h"
#include "prog.h"

static const char *const ids[SF_OP_NKINDS] = {
#define ID_(id, name, arg, kw, deferrable, caps, syntax) [SF_OP_##id] = #id,
    SF_OP_MAP(ID_)
#undef ID_
};

typedef struct entry {
    char name[64];
    uint8_t b[64];
    size_t n;
} entry;

/* Parses one NAME="..." line (\xNN escapes, printable bytes as is);
 * 0 if the line is not one. */
static int parse_entry(const char *line, entry *e) {
    const char *q = strchr(line, '"');
    if (q == NULL || (size_t)(q - line) >= sizeof e->name)
        return 0;
    size_t nl = (size_t)(q - line);
    if (nl > 0 && line[nl - 1] != '=')
        return 0;
    memcpy(e->name, line, nl ? nl - 1 : 0);
    e->name[nl ? nl - 1 : 0] = '\0';
    e->n = 0;
    for (const char *p = q + 1; *p != '"'; p++) {
        if (*p == '\0' || e->n == sizeof e->b)
            return 0;
        unsigned v;
        if (p[0] == '\\' && p[1] == 'x' && sscanf(p + 2, "%2x", &v) == 1)
            e->b[e->n++] = (uint8_t)v, p += 3;
        else
            e->b[e->n++] = (uint8_t)*p;
    }
    return 1;
}

/* The dictionary text into entries; checks every line is a comment or an
 * entry.  Returns the count. */
static size_t read_dict(char *text, entry *out, size_t max) {
    size_t n = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#')
            continue;
        CHECK_MSG(n < max && parse_entry(line, &out[n]), "bad line '%s'", line);
        n += n < max;
    }
    return n;
}

static char *print_dict(uint32_t kinds, int sched) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CHECK(f != NULL);
    if (f == NULL)
        abort();
    CHECK((sched ? sf_sched_dict_print(f, "t") : sf_prog_dict_print(f, "t", kinds)) == SF_PROG_OK);
    fclose(f);
    return buf;
}

/* Decodes a version-1 random program made of the given records. */
static void decode_records(const uint8_t *rec, size_t n, sf_prog *p) {
    uint8_t in[80] = {SF_PROG_MAGIC0, SF_PROG_MAGIC1, 1, 1, 0};
    memcpy(in + 5, rec, n);
    CHECK(sf_prog_decode(in, 5 + n, p) == SF_PROG_OK);
}

/* The kind whose lower-case id is name[0..n), or SF_OP_NONE. */
static unsigned kind_named(const char *name, size_t n) {
    for (unsigned k = SF_OP_NONE + 1; k < SF_OP_NKINDS; k++) {
        size_t i = 0;
        while (i < n && ids[k][i] && tolower((unsigned char)ids[k][i]) == name[i])
            i++;
        if (i == n && ids[k][i] == '\0')
            return k;
    }
    return SF_OP_NONE;
}

/* An op record entry: decodes to one op of the named kind. */
static unsigned check_record(const entry *e) {
    int deferred = strncmp(e->name, "defer_", 6) == 0;
    const char *id = e->name + (deferred ? 6 : 3);
    size_t n = strlen(id);
    if (n > 3 && strcmp(id + n - 3, "_x1") == 0)
        n -= 3;
    unsigned kind = kind_named(id, n);
    CHECK_MSG(kind != SF_OP_NONE && e->n == 4, "%s", e->name);
    sf_prog p;
    decode_records(e->b, e->n, &p);
    CHECK_MSG(p.nbodies == 1 && p.bodies[0].nops == 1, "%s", e->name);
    CHECK_MSG(p.bodies[0].ops[0].kind == kind, "%s decodes to %s", e->name,
              sf_op_name(p.bodies[0].ops[0].kind));
    CHECK_MSG(p.bodies[0].ops[0].deferred == deferred, "%s", e->name);
    sf_prog_free(&p);
    return kind;
}

/* fmt_vN or fmt_vN_STRATEGY[DEPTH][_faults]: the version, strategy, depth
 * and fault kinds (from version 4). */
static void check_prefix(const entry *e) {
    int v = 0, used = 0;
    CHECK_MSG(sscanf(e->name, "fmt_v%d%n", &v, &used) == 1, "%s", e->name);
    CHECK_MSG(sf_prog_format_version(e->b, e->n) == v && v >= 1 && v <= SF_PROG_READ_VERSION, "%s",
              e->name);
    if (e->name[used] == '\0')
        return;
    char strat[32] = "";
    unsigned depth = 0;
    sscanf(e->name + used, "_%31[a-z]%u", strat, &depth);
    sf_prog p;
    CHECK(sf_prog_decode(e->b, e->n, &p) == SF_PROG_OK);
    CHECK_MSG(strcmp(sim_strategy_name(p.strategy), strat) == 0, "%s: %s", e->name,
              sim_strategy_name(p.strategy));
    CHECK_MSG(p.pct_depth == depth, "%s: depth %u", e->name, p.pct_depth);
    unsigned faults = strstr(e->name, "_faults") ? SIM_FAULT_ALL : 0;
    CHECK_MSG(p.fault_kinds == faults, "%s: fault kinds %#x", e->name, p.fault_kinds);
    sf_prog_free(&p);
}

/* The binary dictionary of op set `kinds`. */
static void check_binary(uint32_t kinds) {
    char *text = print_dict(kinds, 0);
    entry e[128];
    size_t n = read_dict(text, e, 128);
    uint32_t seen = 0, deferred = 0;
    unsigned strategies[SF_PROG_READ_VERSION + 1] = {0};
    uint8_t yield = 0xee, next = 0xee, end = 0xee;
    for (size_t i = 0; i < n; i++) {
        if (strncmp(e[i].name, "op_", 3) == 0 || strncmp(e[i].name, "defer_", 6) == 0) {
            unsigned k = check_record(&e[i]);
            seen |= 1u << k;
            deferred |= e[i].name[0] == 'd' ? 1u << k : 0;
            if (k == SF_OP_YIELD)
                yield = e[i].b[0];
        } else if (strncmp(e[i].name, "fmt_v", 5) == 0) {
            check_prefix(&e[i]);
            strategies[e[i].b[2] <= SF_PROG_READ_VERSION ? e[i].b[2] : 0]++;
        } else if (strcmp(e[i].name, "next_body") == 0 && e[i].n == 4) {
            next = e[i].b[0];
        } else if (strcmp(e[i].name, "end_tail") == 0 && e[i].n == 1) {
            end = e[i].b[0];
        } else {
            CHECK_MSG(0, "unknown entry %s", e[i].name);
        }
    }
    /* the kinds of the set, each deferrable one deferred too, no others */
    uint32_t want = 0, want_def = 0;
    for (unsigned k = SF_OP_NONE + 1; k < SF_OP_NKINDS; k++) {
        if (!(kinds & (1u << k)))
            continue;
        want |= 1u << k;
        want_def |= sf_op_info_of(k)->deferrable ? 1u << k : 0;
    }
    CHECK_MSG(seen == want, "kinds %#x, want %#x", seen, want);
    CHECK_MSG(deferred == want_def, "deferred %#x, want %#x", deferred, want_def);
    /* a prefix per version, with one entry per strategy code */
    for (int v = 1; v <= SF_PROG_READ_VERSION; v++)
        CHECK_MSG(strategies[v] >= 1 + 4, "version %d: %u prefixes", v, strategies[v]);
    /* the strategies stored inputs can name (not surw: it needs a profile) */
    CHECK(strategies[3] == 1 + SF_V3_NSTRATS);
    CHECK(strategies[4] == 1 + 2 * SF_V3_NSTRATS - 1); /* replay reads no faults */
    /* yield next_body yield: two bodies; end_tail then 8 bytes: the seed */
    if (kinds & (1u << SF_OP_YIELD)) {
        uint8_t rec[13] = {yield, 0, 0, 0, next, 0, 0, 0, yield, 0, 0, 0, end};
        sf_prog p;
        decode_records(rec, 12, &p);
        CHECK(p.nbodies == 2 && p.bodies[0].nops == 1 && p.bodies[1].nops == 1);
        sf_prog_free(&p);
        uint8_t tail[13] = {yield, 0, 0, 0, end, 1, 2, 3, 4, 5, 6, 7, 8};
        decode_records(tail, 13, &p);
        CHECK(p.nbodies == 1 && p.bodies[0].nops == 1 && p.seed == 0x0807060504030201ull);
        sf_prog_free(&p);
    }
    free(text);
}

/* The .sched dictionary: every op keyword, strategy and fault name, each
 * once. */
static void check_sched(void) {
    char *text = print_dict(0, 1);
    entry e[128];
    size_t n = read_dict(text, e, 128);
    for (size_t i = 0; i < n; i++) {
        CHECK_MSG(e[i].name[0] == '\0', "named entry %s", e[i].name);
        for (size_t j = 0; j < i; j++)
            CHECK_MSG(e[i].n != e[j].n || memcmp(e[i].b, e[j].b, e[i].n) != 0, "twice: %.*s",
                      (int)e[i].n, (const char *)e[i].b);
    }
    const char *words[SF_OP_NKINDS + SIM_NSTRATEGIES + SIM_NFAULT_KINDS];
    size_t nw = 0;
    for (unsigned k = SF_OP_NONE + 1; k < SF_OP_NKINDS; k++)
        words[nw++] = sf_op_name(k);
    for (unsigned s = 0; s < SIM_NSTRATEGIES; s++)
        if (!(sim_strategy_flags((sim_strategy)s) & SIM_SF_PROFILE)) /* not in programs */
            words[nw++] = sim_strategy_name((sim_strategy)s);
    for (unsigned k = 0; k < SIM_NFAULT_KINDS; k++)
        words[nw++] = sim_fault_name(k);
    for (size_t w = 0; w < nw; w++) {
        size_t i = 0;
        while (i < n && (e[i].n != strlen(words[w]) || memcmp(e[i].b, words[w], e[i].n) != 0))
            i++;
        CHECK_MSG(i < n, "'%s' missing", words[w]);
    }
    free(text);
}

int main(void) {
    check_binary(0xffffffffu);
    check_binary(1u << SF_OP_SEND | 1u << SF_OP_YIELD | 1u << SF_OP_FREE);
    check_binary(1u << SF_OP_OPEN | 1u << SF_OP_SELECT);
    check_sched();
    return check_report("prog.dict");
}
