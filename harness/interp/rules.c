/* rules.c - the rule each oracle failure checks (rules.h). */
#include <string.h>

#include "rules.h"

static const struct {
    const char *sig, *id, *text;
} rules[] = {
#define SF_RULE_ROW_(sig, id, text) {sig, id, text},
    SF_ORACLE_RULES(SF_RULE_ROW_)
#undef SF_RULE_ROW_
};

static const char *find(const char *sig, size_t len, const char **id) {
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        if (strlen(rules[i].sig) == len && strncmp(rules[i].sig, sig, len) == 0) {
            if (id)
                *id = rules[i].id;
            return rules[i].text;
        }
    }
    return NULL;
}

const char *sf_interp_rule(const char *sig, const char **id) {
    if (id)
        *id = NULL;
    if (sig == NULL)
        return NULL;
    const char *text = find(sig, strlen(sig), id);
    const char *colon = strchr(sig, ':');
    return text || !colon ? text : find(sig, (size_t)(colon - sig), id);
}
