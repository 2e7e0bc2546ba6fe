/* The run's random numbers (xoshiro256**, seeded by splitmix64). */
#include "internal.h"

uint64_t sim_mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static uint64_t splitmix64(uint64_t *x) { return sim_mix64(*x += 0x9e3779b97f4a7c15ull); }

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

void sim_rng_seed(sim_rng *r, uint64_t seed) {
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

uint64_t sim_rng_next(sim_rng *r) {
    uint64_t *s = r->s;
    uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

/* Multiply-shift; bias below 2^-32 for n < 2^32. */
uint32_t sim_rng_below(sim_rng *r, uint64_t n) {
    return (uint32_t)(((sim_rng_next(r) >> 32) * n) >> 32);
}

uint64_t sim_rng_below64(sim_rng *r, uint64_t n) {
    /* 128-bit multiply-shift: bias below n / 2^64 */
    return (uint64_t)(((unsigned __int128)sim_rng_next(r) * n) >> 64);
}
