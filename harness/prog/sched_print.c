/* sched_print.c - the canonical .sched text of a program. */
#include <stdarg.h>
#include <stdlib.h>

#include "prog.h"

/* Text under construction: buf[n], len bytes used (at most n - 1). */
typedef struct text {
    char *buf;
    size_t n, len;
} text;

/* Appends printf output, truncating. */
static void add(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(text *t, const char *fmt, ...) {
    if (t->len + 1 >= t->n)
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(t->buf + t->len, t->n - t->len, fmt, ap);
    va_end(ap);
    if (k > 0)
        t->len = t->len + (size_t)k < t->n ? t->len + (size_t)k : t->n - 1;
}

static void add_sref(text *t, unsigned ref) {
    if (ref == SF_SCOPE_PARENT)
        add(t, "parent");
    else
        add(t, "s%u", ref);
}

static void add_cases(text *t, const sf_op *op) {
    for (unsigned i = 0; i < op->ncases; i++)
        add(t, " %s c%u", op->cases[i].dir == SF_DIR_SEND ? "send" : "recv", op->cases[i].chan);
    if (op->flag)
        add(t, " default");
}

static void add_arg(text *t, const sf_op *op, const sf_op_info *info) {
    switch (info->arg) {
        case SF_ARG_SLOT:
            add(t, " s%u", op->slot);
            break;
        case SF_ARG_SCOPE:
            add(t, " ");
            add_sref(t, op->scope);
            break;
        case SF_ARG_BODY:
            add(t, " %u", op->body);
            break;
        case SF_ARG_CHAN:
            add(t, " c%u", op->chan);
            break;
        case SF_ARG_RES:
            add(t, " r%u", op->res);
            break;
        case SF_ARG_TIME:
            add(t, " %u", op->num);
            break;
        case SF_ARG_RET:
            add(t, " %s", sf_ret_name(op->flag));
            break;
        case SF_ARG_CASES:
            add_cases(t, op);
            break;
        default:
            break;
    }
}

/* Keyword operands only when not the default. */
char *sf_op_text(const sf_op *op, char *buf, size_t n) {
    const sf_op_info *info = sf_op_info_of(op->kind);
    text t = {buf, n, 0};
    if (n == 0)
        return buf;
    buf[0] = '\0';
    if (info == NULL) {
        add(&t, "?");
        return buf;
    }
    if (op->deferred) {
        add(&t, "defer ");
        if (op->dscope != 0) {
            add(&t, "in ");
            add_sref(&t, op->dscope);
            add(&t, " ");
        }
    }
    add(&t, "%s", info->name);
    add_arg(&t, op, info);
    if ((info->kw & SF_KW_CAP) && op->num != 0)
        add(&t, " cap %u", op->num);
    if ((info->kw & SF_KW_DEADLINE) && op->num != 0)
        add(&t, " deadline %u", op->num);
    if ((info->kw & SF_KW_SUPERVISOR) && op->flag != 0)
        add(&t, " supervisor");
    if ((info->kw & SF_KW_IN) && op->scope != 0) {
        add(&t, " in ");
        add_sref(&t, op->scope);
    }
    return buf;
}

/* `word` then n items, 16 per line. */
static void print_list(FILE *f, const char *word, size_t n, const uint32_t *d, const uint8_t *b) {
    for (size_t i = 0; i < n; i++) {
        if (i % 16 == 0) {
            if (i > 0)
                fputc('\n', f);
            fputs(word, f);
        }
        if (d != NULL)
            fprintf(f, " %u", d[i]);
        else
            fprintf(f, " %02x", b[i]);
    }
    if (n > 0)
        fputc('\n', f);
}

/* `faults K... [rate N]`, then one `fail K #N` line per listed fault. */
void sf_faults_print(FILE *f, unsigned kinds, uint32_t rate, const sim_fault *fails, size_t n) {
    if (kinds) {
        fputs("faults", f);
        for (unsigned k = 0; k < SIM_NFAULT_KINDS; k++)
            if (kinds & (1u << k))
                fprintf(f, " %s", sim_fault_name(k));
        if (rate)
            fprintf(f, " rate %u", rate);
        fputc('\n', f);
    }
    for (size_t i = 0; i < n; i++)
        fprintf(f, "fail %s #%u\n", sim_fault_name(fails[i].kind), fails[i].nth);
}

static void print_header(FILE *f, const sf_prog *p) {
    unsigned flags = sim_strategy_flags(p->strategy);
    fprintf(f, "impl %s\nstrategy %s", p->impl, sim_strategy_name(p->strategy));
    if (flags & SIM_SF_DEPTH)
        fprintf(f, " depth %u", p->pct_depth);
    if (flags & SIM_SF_SEED)
        fprintf(f, " seed %llu", (unsigned long long)p->seed);
    fputc('\n', f);
    print_list(f, "schedule", p->ndecisions, p->decisions, NULL);
    print_list(f, "bytes", p->nsched, NULL, p->sched);
    sf_faults_print(f, p->fault_kinds, p->fault_rate, p->fails, p->nfails);
    if (p->expect_fail)
        fprintf(f, "expect fail %s\n", p->expect_sig);
    else
        fputs("expect ok\n", f);
}

int sf_sched_print(const sf_prog *p, FILE *out) {
    if (sf_prog_validate(p, NULL, 0) != SF_PROG_OK)
        return SF_PROG_EINVAL;
    print_header(out, p);
    for (unsigned b = 0; b < p->nbodies; b++) {
        fprintf(out, "\ntask %u:\n", b);
        for (unsigned i = 0; i < p->bodies[b].nops; i++) {
            char op[SF_OP_TEXT_MAX];
            fprintf(out, "  %s\n", sf_op_text(&p->bodies[b].ops[i], op, sizeof op));
        }
    }
    return ferror(out) ? SF_PROG_EIO : SF_PROG_OK;
}

char *sf_sched_print_str(const sf_prog *p, size_t *len) {
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    if (f == NULL)
        return NULL;
    int rc = sf_sched_print(p, f);
    if (fclose(f) != 0 || rc != SF_PROG_OK) {
        free(buf);
        return NULL;
    }
    if (len != NULL)
        *len = n;
    return buf;
}
