/* fuzz_random.c - a main for fuzz_queue.c where libFuzzer is not available
 * (a gcc build): feeds it N pseudo-random inputs (fixed seed, so every run
 * tries the same inputs).  `fuzz_queue_random N`. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv) {
    long runs = argc > 1 ? atol(argv[1]) : 1000;
    uint64_t x = 0x9e3779b97f4a7c15u;
    uint8_t buf[64];
    for (long r = 0; r < runs; r++) {
        size_t n = 2 + (size_t)(r % 40);
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17; /* xorshift64 */
            buf[i] = (uint8_t)x;
        }
        LLVMFuzzerTestOneInput(buf, n);
    }
    printf("%ld inputs, no failure\n", runs);
    return 0;
}
