/* prog.c - program lifecycle: init, free, copy, schedule lists, names. */
#include <stdlib.h>
#include <string.h>

#include "prog_int.h"

void sf_prog_init(sf_prog *p) {
    memset(p, 0, sizeof *p);
    strcpy(p->impl, SF_IMPL_DEFAULT);
    p->strategy = SIM_RANDOM;
    p->nbodies = 1;
}

void sf_prog_free(sf_prog *p) {
    free(p->decisions);
    free(p->sched);
    sf_prog_init(p);
}

int sf_prog_copy(sf_prog *dst, const sf_prog *src) {
    *dst = *src;
    dst->decisions = NULL;
    dst->sched = NULL;
    dst->ndecisions = dst->nsched = 0;
    dst->cap_decisions_ = dst->cap_sched_ = 0;
    if (sf_prog_add_decisions(dst, src->decisions, src->ndecisions) != SF_PROG_OK ||
        sf_prog_add_sched(dst, src->sched, src->nsched) != SF_PROG_OK) {
        sf_prog_free(dst);
        return SF_PROG_ENOMEM;
    }
    return SF_PROG_OK;
}

int sf_prog_add_fail(sf_prog *p, unsigned kind, uint32_t nth) {
    if (kind >= SIM_NFAULT_KINDS || nth == 0)
        return SF_PROG_EINVAL;
    unsigned i = 0;
    while (i < p->nfails &&
           (p->fails[i].kind < kind || (p->fails[i].kind == kind && p->fails[i].nth < nth)))
        i++;
    if (i < p->nfails && p->fails[i].kind == kind && p->fails[i].nth == nth)
        return SF_PROG_OK;
    if (p->nfails >= SF_MAX_FAILS)
        return SF_PROG_EINVAL;
    memmove(&p->fails[i + 1], &p->fails[i], (p->nfails - i) * sizeof p->fails[0]);
    p->fails[i] = (sim_fault){kind, nth};
    p->nfails++;
    return SF_PROG_OK;
}

/* Grows *buf (elements of `size` bytes, *cap allocated) to hold `need`. */
static int grow(void **buf, size_t *cap, size_t need, size_t size) {
    if (need <= *cap)
        return SF_PROG_OK;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need)
        ncap *= 2;
    void *nb = realloc(*buf, ncap * size);
    if (nb == NULL)
        return SF_PROG_ENOMEM;
    *buf = nb;
    *cap = ncap;
    return SF_PROG_OK;
}

/* Appends n elements of `size` bytes from src to the array *buf of *len
 * elements (*cap allocated), which holds at most max. */
static int append(void **buf, size_t *cap, size_t *len, const void *src, size_t n, size_t size,
                  size_t max) {
    if (n == 0)
        return SF_PROG_OK;
    if (n > max - *len)
        return SF_PROG_EINVAL;
    if (grow(buf, cap, *len + n, size) != SF_PROG_OK)
        return SF_PROG_ENOMEM;
    memcpy((char *)*buf + *len * size, src, n * size);
    *len += n;
    return SF_PROG_OK;
}

int sf_prog_add_decisions(sf_prog *p, const uint32_t *d, size_t n) {
    void *buf = p->decisions;
    int rc = append(&buf, &p->cap_decisions_, &p->ndecisions, d, n, sizeof *d, SF_MAX_DECISIONS);
    p->decisions = buf;
    return rc;
}

int sf_prog_add_sched(sf_prog *p, const uint8_t *b, size_t n) {
    void *buf = p->sched;
    int rc = append(&buf, &p->cap_sched_, &p->nsched, b, n, 1, SF_MAX_SCHED_BYTES);
    p->sched = buf;
    return rc;
}

/* 1 if s is a valid name: 1..max chars, each allowed by `word`. */
static int name_ok(const char *s, size_t max, int (*word)(int c)) {
    size_t n = strlen(s);
    if (n == 0 || n > max)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (!word((unsigned char)s[i]))
            return 0;
    }
    return 1;
}

static int impl_char(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
}

/* A signature is one printable token: no space, no '#'. */
static int sig_char(int c) { return c > ' ' && c < 127 && c != '#'; }

int sf_prog_impl_ok_(const char *s) { return name_ok(s, SF_IMPL_MAX, impl_char); }
int sf_prog_sig_ok_(const char *s) { return name_ok(s, SF_SIG_MAX, sig_char); }

int sf_prog_set_impl(sf_prog *p, const char *impl) {
    if (impl == NULL || !sf_prog_impl_ok_(impl))
        return SF_PROG_EINVAL;
    strcpy(p->impl, impl);
    return SF_PROG_OK;
}

int sf_prog_set_expect(sf_prog *p, const char *fail_sig) {
    if (fail_sig == NULL || fail_sig[0] == '\0') {
        p->expect_fail = 0;
        p->expect_sig[0] = '\0';
        return SF_PROG_OK;
    }
    if (!sf_prog_sig_ok_(fail_sig))
        return SF_PROG_EINVAL;
    p->expect_fail = 1;
    strcpy(p->expect_sig, fail_sig);
    return SF_PROG_OK;
}

size_t sf_prog_nops(const sf_prog *p) {
    size_t n = 0;
    for (unsigned b = 0; b < p->nbodies && b < SF_MAX_TASKS; b++)
        n += p->bodies[b].nops;
    return n;
}
