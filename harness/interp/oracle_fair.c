/* Fairness oracle of select (docs/semantics.md X3: a uniform choice among
 * the ready cases), a statistic: select:unfair when the selects of one run
 * that had several cases surely ready, the first of them included, all
 * committed the first case, and a fair choice would have done so with
 * probability below 2^-30 (about 9.3e-10).
 *
 * Surely ready for the whole call (so also at the library's snapshot,
 * whenever it is taken): a case on a channel whose close returned before
 * the call started (C7, X2), or a recv case on a channel holding more
 * values than the receiving calls of others that may have taken one
 * meanwhile (values of sends that returned SF_OK and were not received
 * yet, minus the receives, try_recvs and select recv cases of others in
 * progress when the call started or started before it returned).
 *
 * A counted select: returned SF_OK, k >= 2 cases surely ready, case 0
 * among them, and its choice is one a fair library draws at random here:
 * - the program's strategy draws the runtime's decisions from its seeded
 *   generator (random, pct, pos: SIM_SF_SEED), so sfp_choose() (X3) or any
 *   other draw of the library is uniform; or
 * - the task made no sfp_choose() decision during the call (under the
 *   bytes and replay strategies the decisions are the input's: a schedule
 *   of zeros, as the minimizer leaves them, makes a fair library take the
 *   first ready case every time, so such selects are not counted; one that
 *   drew nothing did not choose with the runtime's randomness at all).
 * Under the hypothesis H0 that the library commits each ready case with
 * probability 1/|ready| (ready >= k cases), the counted select commits case
 * 0 with probability at most 1/k, whatever happened before.  The oracle
 * multiplies the k of the counted selects (fair_odds) while every one of
 * them committed case 0, and stops counting at the first that did not; it
 * fires when the product reaches 2^30.  The product times "all case 0" is
 * a nonnegative supermartingale of mean <= 1 under H0, so by Ville's
 * inequality a fair library fails a run with probability <= 2^-30 under
 * every strategy (about 1 false alarm per 10^9 runs that reach 30 bits of
 * evidence at all: 15 four-case or 30 two-case selects). */
#include "internal.h"

#define FAIR_ODDS ((uint64_t)1 << 30)

void interp_fair_recv(int c, int delta) {
    interp->chans[c].recv_active = (uint16_t)(interp->chans[c].recv_active + delta);
    if (delta > 0)
        interp->chans[c].recv_starts++;
}

void interp_fair_begin(interp_fair_snap *f, const int *ci, const uint8_t *recv, size_t n) {
    f->n = n, f->ci = ci, f->recv = recv;
    for (size_t i = 0; i < n; i++) {
        const interp_chan *ch = &interp->chans[ci[i]];
        f->closed[i] = ch->closed_at != 0 && !ch->destroyed;
        f->buffered[i] = recv[i] ? interp_model_buffered(ci[i]) : 0;
        f->active[i] = ch->recv_active;
        f->starts[i] = ch->recv_starts;
    }
    for (size_t i = 0; i < n; i++)
        if (recv[i])
            interp_fair_recv(ci[i], +1);
    f->chooses = sim_current_chooses();
}

/* Case i was ready throughout the call (just returned). */
static int surely_ready(const interp_fair_snap *f, size_t i) {
    if (f->closed[i])
        return 1;
    if (!f->recv[i])
        return 0;
    uint32_t own = 0;
    for (size_t j = 0; j < f->n; j++)
        own += f->recv[j] && f->ci[j] == f->ci[i];
    uint32_t others = f->active[i] + (interp->chans[f->ci[i]].recv_starts - f->starts[i] - own);
    return f->buffered[i] > others;
}

void interp_fair_end(const interp_fair_snap *f, int st, size_t chosen) {
    for (size_t i = 0; i < f->n; i++)
        if (f->recv[i])
            interp_fair_recv(f->ci[i], -1);
    if (st != SF_OK || interp->fair_off || interp->failed || f->n < 2 || !surely_ready(f, 0))
        return;
    unsigned k = 0;
    for (size_t i = 0; i < f->n; i++)
        k += (unsigned)surely_ready(f, i);
    int random = (sim_strategy_flags(interp->prog->strategy) & SIM_SF_SEED) != 0;
    if (k < 2 || (!random && sim_current_chooses() != f->chooses))
        return;
    if (chosen != 0) {
        interp->fair_off = 1;
        return;
    }
    interp->fair_odds = (interp->fair_odds ? interp->fair_odds : 1) * k;
    interp->fair_n++;
    if (interp->fair_odds >= FAIR_ODDS)
        interp_fail("select:unfair",
                    "%u selects with 2 to 4 cases surely ready, the first among them, all chose "
                    "the first: a uniform choice does that with probability 1/%llu (< 2^-30)",
                    interp->fair_n, (unsigned long long)interp->fair_odds);
}
