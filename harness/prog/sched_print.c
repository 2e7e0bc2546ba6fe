/* sched_print.c - the canonical .sched text of a program. */
#include <stdlib.h>

#include "prog.h"

static void print_sref(FILE *f, unsigned ref) {
    if (ref == SF_SCOPE_PARENT)
        fputs("parent", f);
    else
        fprintf(f, "s%u", ref);
}

static void print_cases(FILE *f, const sf_op *op) {
    for (unsigned i = 0; i < op->ncases; i++)
        fprintf(f, " %s c%u", op->cases[i].dir == SF_DIR_SEND ? "send" : "recv", op->cases[i].chan);
    if (op->flag)
        fputs(" default", f);
}

static void print_arg(FILE *f, const sf_op *op, const sf_op_info *info) {
    switch (info->arg) {
        case SF_ARG_SLOT:
            fprintf(f, " s%u", op->slot);
            break;
        case SF_ARG_SCOPE:
            fputc(' ', f);
            print_sref(f, op->scope);
            break;
        case SF_ARG_BODY:
            fprintf(f, " %u", op->body);
            break;
        case SF_ARG_CHAN:
            fprintf(f, " c%u", op->chan);
            break;
        case SF_ARG_RES:
            fprintf(f, " r%u", op->res);
            break;
        case SF_ARG_TIME:
            fprintf(f, " %u", op->num);
            break;
        case SF_ARG_RET:
            fputs(op->flag ? " error" : " ok", f);
            break;
        case SF_ARG_CASES:
            print_cases(f, op);
            break;
        default:
            break;
    }
}

/* One op line; keyword operands only when not the default. */
static void print_op(FILE *f, const sf_op *op) {
    const sf_op_info *info = sf_op_info_of(op->kind);
    fputs("  ", f);
    if (op->deferred) {
        fputs("defer ", f);
        if (op->dscope != 0) {
            fputs("in ", f);
            print_sref(f, op->dscope);
            fputc(' ', f);
        }
    }
    fputs(info->name, f);
    print_arg(f, op, info);
    if ((info->kw & SF_KW_CAP) && op->num != 0)
        fprintf(f, " cap %u", op->num);
    if ((info->kw & SF_KW_DEADLINE) && op->num != 0)
        fprintf(f, " deadline %u", op->num);
    if ((info->kw & SF_KW_IN) && op->scope != 0) {
        fputs(" in ", f);
        print_sref(f, op->scope);
    }
    fputc('\n', f);
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
static void print_faults(FILE *f, const sf_prog *p) {
    if (p->fault_kinds) {
        fputs("faults", f);
        for (unsigned k = 0; k < SIM_NFAULT_KINDS; k++)
            if (p->fault_kinds & (1u << k))
                fprintf(f, " %s", sim_fault_name(k));
        if (p->fault_rate)
            fprintf(f, " rate %u", p->fault_rate);
        fputc('\n', f);
    }
    for (unsigned i = 0; i < p->nfails; i++)
        fprintf(f, "fail %s #%u\n", sim_fault_name(p->fails[i].kind), p->fails[i].nth);
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
    print_faults(f, p);
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
        for (unsigned i = 0; i < p->bodies[b].nops; i++)
            print_op(out, &p->bodies[b].ops[i]);
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
