/* sf_interp_mask_kinds(): the op set of a fuzz target. */
#include "interp.h"

size_t sf_interp_mask_kinds(sf_prog *p, uint32_t kinds) {
    size_t dropped = 0;
    for (int b = 0; b < p->nbodies; b++) {
        sf_body *body = &p->bodies[b];
        int k = 0;
        for (int i = 0; i < body->nops; i++) {
            if (body->ops[i].kind < 32 && (kinds & (1u << body->ops[i].kind)))
                body->ops[k++] = body->ops[i];
            else
                dropped++;
        }
        body->nops = (uint8_t)k;
    }
    return dropped;
}
