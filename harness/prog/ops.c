/* ops.c - the operation table: keyword, operands, capability per kind. */
#include "prog.h"

static const sf_op_info op_table[SF_OP_NKINDS] = {
    [SF_OP_OPEN] = {"open", SF_ARG_SLOT, SF_KW_IN | SF_KW_DEADLINE, 0, SF_CAP_SCOPES},
    [SF_OP_CLOSE] = {"close", SF_ARG_SCOPE, 0, 0, SF_CAP_SCOPES},
    [SF_OP_CANCEL] = {"cancel", SF_ARG_SCOPE, 0, 1, SF_CAP_CANCEL},
    [SF_OP_SPAWN] = {"spawn", SF_ARG_BODY, SF_KW_IN, 1, 0},
    [SF_OP_CHAN] = {"chan", SF_ARG_CHAN, SF_KW_CAP | SF_KW_IN, 0, 0},
    [SF_OP_CHCLOSE] = {"close", SF_ARG_CHAN, 0, 1, 0},
    [SF_OP_DESTROY] = {"destroy", SF_ARG_CHAN, 0, 0, SF_CAP_DESTROY},
    [SF_OP_SEND] = {"send", SF_ARG_CHAN, 0, 1, 0},
    [SF_OP_RECV] = {"recv", SF_ARG_CHAN, 0, 0, 0},
    [SF_OP_TRY_SEND] = {"try_send", SF_ARG_CHAN, 0, 0, SF_CAP_TRY},
    [SF_OP_TRY_RECV] = {"try_recv", SF_ARG_CHAN, 0, 0, SF_CAP_TRY},
    [SF_OP_SELECT] = {"select", SF_ARG_CASES, 0, 0, SF_CAP_SELECT},
    [SF_OP_SLEEP] = {"sleep", SF_ARG_TIME, 0, 0, SF_CAP_SLEEP},
    [SF_OP_YIELD] = {"yield", SF_ARG_NONE, 0, 0, 0},
    [SF_OP_RETURN] = {"return", SF_ARG_RET, 0, 0, 0},
    [SF_OP_SHUTDOWN] = {"shutdown", SF_ARG_NONE, 0, 0, SF_CAP_SHUTDOWN},
    [SF_OP_ALLOC] = {"alloc", SF_ARG_RES, 0, 0, 0},
    [SF_OP_FREE] = {"free", SF_ARG_RES, 0, 1, 0},
};

static const char *const cap_names[] = {"scopes", "cancel", "deadline", "defer",  "select",
                                        "try",    "sleep",  "shutdown", "destroy"};

const sf_op_info *sf_op_info_of(unsigned kind) {
    if (kind == SF_OP_NONE || kind >= SF_OP_NKINDS)
        return NULL;
    return &op_table[kind];
}

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
    return caps;
}

const char *sf_cap_name(unsigned cap_bit) {
    for (unsigned i = 0; i < sizeof cap_names / sizeof cap_names[0]; i++) {
        if (cap_bit == (1u << i))
            return cap_names[i];
    }
    return NULL;
}
