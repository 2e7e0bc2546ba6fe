/* ops.c - the operation table (generated from SF_OP_MAP, prog.h): keyword,
 * operands, capabilities per kind. */
#include "prog.h"

static const sf_op_info kinds[SF_OP_NKINDS] = {
#define SF_OP_INFO_(id, name, arg, kw, deferrable, caps, syntax)                                   \
    [SF_OP_##id] = {name, arg, kw, deferrable, caps, syntax},
    SF_OP_MAP(SF_OP_INFO_)
#undef SF_OP_INFO_
};

static const char *const cap_names[SF_NCAPS] = {
#define SF_CAP_NAME_(id, name, calls) [SF_CAP_BIT_##id] = name,
    SF_CAP_MAP(SF_CAP_NAME_)
#undef SF_CAP_NAME_
};

static const char *const ret_names[SF_NRET] = {"ok", "error", "cancelled", "timeout"};

const sf_op_info *sf_op_info_of(unsigned kind) {
    if (kind == SF_OP_NONE || kind >= SF_OP_NKINDS)
        return NULL;
    return &kinds[kind];
}

const char *sf_ret_name(unsigned flag) { return flag < SF_NRET ? ret_names[flag] : "?"; }

const char *sf_op_name(unsigned kind) {
    const sf_op_info *info = sf_op_info_of(kind);
    return info ? info->name : "?";
}

/* 1 if the op's scope field holds a scope reference. */
static int uses_scope_ref(const sf_op_info *info) {
    return info->arg == SF_ARG_SCOPE || (info->kw & SF_KW_IN) != 0;
}

unsigned sf_op_caps(const sf_op *op) {
    const sf_op_info *info = sf_op_info_of(op->kind);
    if (info == NULL)
        return 0;
    unsigned caps = info->caps;
    if (op->deferred)
        caps |= SF_CAP_DEFER;
    if (op->deferred && op->dscope != 0)
        caps |= SF_CAP_SCOPES;
    if (uses_scope_ref(info) && op->scope != 0)
        caps |= SF_CAP_SCOPES;
    if (op->kind == SF_OP_OPEN && op->num != 0)
        caps |= SF_CAP_DEADLINE;
    if (op->kind == SF_OP_OPEN && op->flag != 0)
        caps |= SF_CAP_SUPERVISOR;
    return caps;
}

const char *sf_cap_name(unsigned cap_bit) {
    for (unsigned i = 0; i < SF_NCAPS; i++) {
        if (cap_bit == (1u << i))
            return cap_names[i];
    }
    return NULL;
}
