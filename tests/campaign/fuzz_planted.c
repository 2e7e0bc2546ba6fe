/*
 * fuzz_planted.c - a libFuzzer target with two planted failures, used only
 * by the campaign tests (never by the campaign itself).
 *
 * "SIG!" prefix: an oracle failure, reported the way the real targets do
 * (a SCOPEFUZZ-SIGNATURE line, then abort).  "HEAP" prefix: a heap buffer
 * overflow that ASan reports, with planted_overflow as the top frame.
 * Every other input is accepted.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile char sink;

static void planted_oracle(void) {
    fprintf(stderr, "SCOPEFUZZ-SIGNATURE: planted:oracle\n");
    abort();
}

__attribute__((noinline)) static void planted_overflow(const uint8_t *data, size_t size) {
    char *copy = malloc(size);
    if (copy == NULL)
        return;
    memcpy(copy, data, size);
    sink = copy[size]; /* one past the end */
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size >= 4 && data[0] == 'S' && data[1] == 'I' && data[2] == 'G' && data[3] == '!')
        planted_oracle();
    if (size >= 4 && data[0] == 'H' && data[1] == 'E' && data[2] == 'A' && data[3] == 'P')
        planted_overflow(data, size);
    return 0;
}
