/* prog_int.h - helpers shared by the files of harness/prog (not public). */
#ifndef SF_PROG_INT_H
#define SF_PROG_INT_H

#include "prog.h"

/* Fields of sf_op a kind uses (besides kind, deferred, dscope). */
#define SF_USE_SCOPE 1u
#define SF_USE_SLOT  2u
#define SF_USE_BODY  4u
#define SF_USE_CHAN  8u
#define SF_USE_RES   16u
#define SF_USE_FLAG  32u
#define SF_USE_NUM   64u
#define SF_USE_CASES 128u

/* The SF_USE_* mask of a table entry. */
unsigned sf_op_uses_(const sf_op_info *info);

/* The largest value of op->num for the kind (0 if num is unused). */
unsigned sf_op_num_max_(const sf_op_info *info);

/* 1 if s is a valid implementation name / failure signature. */
int sf_prog_impl_ok_(const char *s);
int sf_prog_sig_ok_(const char *s);

#endif
