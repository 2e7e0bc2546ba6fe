/* token.c - heap tokens with exact creation/destruction counts. */
#include "scenarios.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

static atomic_long tok_made;
static atomic_long tok_freed;
static atomic_long tok_dtored;

int *tok_new(int value) {
    int *t = malloc(sizeof *t);
    if (!t) {
        fputs("tok_new: out of memory\n", stderr);
        abort();
    }
    *t = value;
    atomic_fetch_add(&tok_made, 1);
    return t;
}

void tok_free(void *tok) {
    if (!tok)
        return;
    atomic_fetch_add(&tok_freed, 1);
    free(tok);
}

void tok_dtor(void *tok) {
    atomic_fetch_add(&tok_dtored, 1);
    tok_free(tok);
}

long tok_live(void) { return atomic_load(&tok_made) - atomic_load(&tok_freed); }

long tok_dtor_count(void) { return atomic_load(&tok_dtored); }

int tok_value(const void *tok) { return *(const int *)tok; }

void tok_reset(void) {
    atomic_store(&tok_made, 0);
    atomic_store(&tok_freed, 0);
    atomic_store(&tok_dtored, 0);
}
