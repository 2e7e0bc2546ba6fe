/*
 * rules.h - the rule each oracle failure checks, in one sentence, with its
 * rule id in docs/semantics.md: the report of every failed run states it
 * ("rule: ... (docs/semantics.md S8)").
 *
 * SF_ORACLE_RULES(X): X(SIGNATURE, RULE_ID, SENTENCE), one row per failure
 * signature the interpreter gives (interp.h lists them).  A signature
 * without its own row takes the row of its family ("conservation:*").
 * tests/interp/rules_test.py checks that every signature the interpreter's
 * sources can give has a row and every id is a rule of docs/semantics.md.
 */
#ifndef SF_RULES_H
#define SF_RULES_H

#ifdef __cplusplus
extern "C" {
#endif

/* clang-format off */
#define SF_ORACLE_RULES(X) \
    X("deadlock", "R2", "a program must never block forever: every blocked call returns when its peer, a close, a cancel or a deadline comes") \
    X("livelock", "R2", "tasks must make progress: a run of only yields and retries that never ends is a bug") \
    X("leak:task", "S14", "no task may outlive the run: every task started must have ended when the run ends") \
    X("budget:time", "R2", "a program must end within the runtime's budget of scheduling points") \
    X("budget:tasks", "R2", "a program must not start more tasks than the runtime allows") \
    X("nondeterministic", "R1", "the library must call only the platform interface, so that replaying a schedule repeats the run exactly") \
    X("runtime:exit", "R3", "the process must not exit while the run is in progress") \
    X("leak:fini", "L5", "fini() must find no task still running: every task must have been joined by its scope") \
    X("leak:shutdown", "L5", "shutdown must find no task still running at its deadline") \
    X("shutdown:early", "L3", "shutdown must cancel and join every task and run every pending cleanup before it returns") \
    X("driver:init", "L1", "init() must succeed on a fresh process") \
    X("driver:status", "G4", "every call must return one of the status codes its documentation allows") \
    X("sleep:early", "T2", "a sleep that returns SC_OK has slept its whole duration") \
    X("fault:status", "R6", "a call whose allocation or task start failed must return the out-of-memory error (SC_ENOMEM) and change nothing") \
    X("driver:error", "L1", "the library must not fail where nothing can go wrong (opening the run scope, fini)") \
    X("conservation:lost", "C6", "every value of a successful send must be received exactly once or destroyed by its channel") \
    X("conservation:dup", "C6", "a value must be received at most once, and never after its send failed") \
    X("conservation:bogus", "C6", "a receive must return only values that some send sent") \
    X("conservation:chan", "C6", "a value must be received from the channel it was sent on") \
    X("conservation", "C6", "every value of a successful send must be received exactly once or destroyed by its channel") \
    X("fifo", "C5", "values of one producer must be received in the order their sends completed") \
    X("defer:order", "S8", "deferred cleanups must run last-registered-first when their scope closes") \
    X("defer:missing", "S8", "every cleanup registered on a scope must run when that scope closes") \
    X("defer:twice", "S8", "every deferred cleanup must run exactly once") \
    X("defer:early", "S8", "cleanups must run only when their scope closes, after all its tasks have ended") \
    X("defer:failed", "S7", "a cleanup whose sc_defer failed must never run") \
    X("close:early", "S12", "closing a scope must wait until every task in it has ended before it returns") \
    X("close:send", "C7", "a send on a closed channel must fail with SC_ECLOSED, never succeed") \
    X("scope:zombie", "S14", "no task may run after the scope it belongs to was closed") \
    X("spawn:cleanup", "S3", "arg_cleanup must run exactly when spawn fails, never after a successful spawn") \
    X("spawn:ran", "S3", "a task whose spawn failed must never run") \
    X("spawn:twice", "S3", "a spawned task must start exactly once") \
    X("spawn:scope", "S3", "a task must run in the scope it was spawned into") \
    X("spawn:lost", "S3", "a task spawned successfully must run and end before its scope finishes closing") \
    X("wake:close", "C7", "closing a channel must wake every task blocked on it") \
    X("wake:destroy", "C8", "destroying a channel must wake every task blocked on it") \
    X("wake:cancel", "G5", "cancelling a scope must wake every call blocked in it with SC_ECANCELED") \
    X("wake:deadline", "G5", "a blocked call must return SC_ETIMEDOUT when its scope's deadline passes") \
    X("wake:rendezvous", "C2", "a send and a receive waiting on the same open channel must complete each other") \
    X("wake:space", "C2", "a send on an open channel whose buffer has room must append its value, not block") \
    X("wake:value", "C3", "a receive on a channel holding buffered values must take the oldest, not block") \
    X("wake:default", "X5", "a select with default must never block") \
    X("status:select", "X1", "a valid select must not fail with an error, its chosen case is SC_ECLOSED only on a closed channel, and it fails with SC_ETIMEDOUT only past a deadline and with SC_ECANCELED only after a cancellation") \
    X("status:send", "C2", "a send may fail with SC_ECLOSED only on a closed channel, with SC_ETIMEDOUT only past a deadline and with SC_ECANCELED only after a cancellation") \
    X("status:recv", "C3", "a receive may fail with SC_ECLOSED only on a closed channel, with SC_ETIMEDOUT only past a deadline and with SC_ECANCELED only after a cancellation") \
    X("status:sleep", "T2", "a sleep may return SC_ETIMEDOUT only in a scope with a deadline and SC_ECANCELED only after a cancellation") \
    X("status:try_send", "C4", "a try_send may fail with SC_ECLOSED only on a channel that was closed") \
    X("status:try_recv", "C4", "a try_recv may fail with SC_ECLOSED only on a channel that was closed") \
    X("cancel:ignored", "G5", "a blocking call in a cancelled scope must fail with SC_ECANCELED, not go on") \
    X("deadline:ignored", "G5", "a blocking call past its scope's deadline must fail with SC_ETIMEDOUT, not go on") \
    X("select:index", "X4", "select must return the index of a case it was given") \
    X("select:status", "X4", "the case select commits must complete exactly like the plain send or receive") \
    X("select:double", "X8", "at most one case of a select may commit") \
    X("select:unfair", "X3", "select must choose uniformly among its ready cases, not always the first") \
    X("error:lost", "S4", "a task error (any nonzero result but SC_ECANCELED or SC_ETIMEDOUT while the scope is cancelled or expired) must be kept: close must report a first error, not none") \
    X("error:first", "S4", "close must report the scope's first error: one a task of it returned, not one returned after another error was recorded") \
    X("error:failfast", "S5", "a task error in a fail-fast scope must cancel the scope: every blocked call in it wakes with SC_ECANCELED and later ones fail with it") \
    X("error:supervisor", "S6", "a task error in a supervisor scope must cancel nothing")
/* clang-format on */

/* The rule sentence of failure signature `sig` (its own row, else the row
 * of its family: the part before the first ':'), and its docs/semantics.md
 * rule id in *id (id may be NULL).  NULL (and *id NULL) when the signature
 * has no rule (a sanitizer's, or unknown). */
const char *sf_interp_rule(const char *sig, const char **id);

#ifdef __cplusplus
}
#endif
#endif
