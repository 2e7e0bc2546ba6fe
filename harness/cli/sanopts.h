/* sanopts.h - the sanitizer options built into scopefuzz and the fuzz
 * targets (sanopts.c, object library sf_sanopts). */
#ifndef SF_CLI_SANOPTS_H
#define SF_CLI_SANOPTS_H

/* The llvm-symbolizer this build's sanitizer runtimes are pointed at
 * (external_symbolizer_path), or a description of the default when the
 * compiler's runtime symbolizes by itself.  Never NULL. */
const char *cli_symbolizer_path(void);

#endif
