/* sig.c - the one implementation of failure signatures for text reports:
 * sanitizer reports (ASan, LSan, TSan, UBSan), libFuzzer's own errors and
 * the fuzz targets' SCOPEFUZZ-SIGNATURE lines.  The CLI uses it for forked
 * runs that died; `scopefuzz sig` prints it for log files (the campaign's
 * ci/campaign.d/signature.py asks that verb).  Real logs and the signature
 * each must give: tests/sig/table.tsv. */
#include <ctype.h>
#include <string.h>
#include <sys/wait.h>

#include "cli.h"

int cli_sig_is_crash(const char *sig) {
    static const char *const prefixes[] = {
        "asan:", "tsan:", "lsan:", "ubsan:", "libfuzzer:", "signal:", "exit:", "hang"};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(sig, prefixes[i], strlen(prefixes[i])) == 0)
            return 1;
    return 0;
}

/* --------------------------------------------------------------- text */

/* The start of the line after the one s is on, or NULL at the end. */
static const char *next_line(const char *s) {
    const char *nl = strchr(s, '\n');
    return nl != NULL ? nl + 1 : NULL;
}

/* Appends c to sig (length *n) if there is room, as a character a
 * signature can hold ([!-~] except '#'; others become '-'). */
static void put(char *sig, size_t *n, char c) {
    if (*n < SF_INTERP_SIG_MAX) {
        sig[(*n)++] = isgraph((unsigned char)c) && c != '#' ? c : '-';
        sig[*n] = '\0';
    }
}

/* 1 if the word at s (up to a blank or end of line) may be part of a
 * report's kind: letters and '-' only, optionally ending in ':'. */
static int kind_word(const char *s, size_t len) {
    if (len == 0)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!isalpha((unsigned char)s[i]) && s[i] != '-' && !(s[i] == ':' && i == len - 1))
            return 0;
    return 1;
}

/* Appends the kind of a report that starts at s: up to max words made of
 * letters and '-', joined by '-', ending before the first other word, the
 * word `stop` or after a word ending in ':'. */
static void append_kind(char *sig, const char *s, int max, const char *stop) {
    size_t n = strlen(sig);
    for (int w = 0; w < max; w++) {
        while (*s == ' ')
            s++;
        size_t len = strcspn(s, " \t\r\n(");
        if (!kind_word(s, len) || (stop != NULL && strlen(stop) == len && !strncmp(s, stop, len)))
            break;
        if (w > 0)
            put(sig, &n, '-');
        int last = s[len - 1] == ':';
        for (size_t i = 0; i < len - (size_t)last; i++)
            put(sig, &n, s[i]);
        if (last || s[len] != ' ')
            break;
        s += len;
    }
}

/* -------------------------------------------------------------- frames */

/* One stack frame line: "#N 0xADDR in FUNC LOC" (ASan, LSan, UBSan,
 * libFuzzer), "#N 0xADDR  (MODULE+0xOFF)" (ASan, no name), or
 * "#N FUNC LOC (MODULE+0xOFF)" (TSan; FUNC "<null>" when unknown). */
typedef struct frame {
    const char *func; /* NULL: no name */
    size_t func_len;
    const char *module; /* nameless frames: after the line's first '(', or NULL */
} frame;

/* Parses the frame line at s; 0, or -1 if s is not a frame line. */
static int parse_frame(const char *s, frame *f) {
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s != '#' || !isdigit((unsigned char)s[1]))
        return -1;
    s++;
    while (isdigit((unsigned char)*s))
        s++;
    if (*s != ' ')
        return -1;
    s++;
    size_t eol = strcspn(s, "\n");
    memset(f, 0, sizeof *f);
    const char *paren = memchr(s, '(', eol);
    f->module = paren != NULL ? paren + 1 : NULL;
    if (strncmp(s, "0x", 2) == 0) {
        const char *in = strstr(s, " in ");
        if (in == NULL || in > s + eol)
            return 0; /* no name */
        s = in + 4;
    }
    f->func = s;
    f->func_len = strcspn(s, " (\n");
    if (f->func_len == 6 && strncmp(s, "<null>", 6) == 0)
        f->func = NULL;
    return 0;
}

/* 1 if the frame's module is a shared library of the system (libc,
 * libstdc++, the dynamic loader): nameless frames there are expected. */
static int system_module(const frame *f) {
    if (f->module == NULL)
        return 0;
    return strncmp(f->module, "/lib", 4) == 0 || strncmp(f->module, "/usr/lib", 8) == 0 ||
           strncmp(f->module, "lib", 3) == 0 || strncmp(f->module, "ld-linux", 8) == 0;
}

/* 1 if the function is a sanitizer, libFuzzer or C library frame, not the
 * code at fault. */
static int runtime_func(const char *f, size_t len) {
    static const char *const prefixes[] = {"__", "fuzzer::", "operator", "std::"};
    static const char *const names[] = {"malloc",
                                        "calloc",
                                        "realloc",
                                        "free",
                                        "aligned_alloc",
                                        "posix_memalign",
                                        "memalign",
                                        "valloc",
                                        "sfp_malloc", /* the platform's allocator (platform.h) */
                                        "sfp_calloc",
                                        "sfp_realloc",
                                        "sf_malloc", /* the interposed ones (interpose.h) */
                                        "sf_calloc",
                                        "sf_realloc",
                                        "memcpy",
                                        "memmove",
                                        "memset",
                                        "memcmp",
                                        "memchr",
                                        "strlen",
                                        "strnlen",
                                        "strcpy",
                                        "strncpy",
                                        "strcmp",
                                        "strncmp",
                                        "strdup",
                                        "strndup",
                                        "strchr",
                                        "strrchr",
                                        "strstr",
                                        "abort",
                                        "raise",
                                        "gsignal",
                                        "_start",
                                        "pthread_create",
                                        "pthread_join",
                                        "pthread_mutex_lock",
                                        "pthread_mutex_unlock",
                                        "pthread_cond_wait",
                                        "pthread_kill",
                                        "pthread_cond_signal",
                                        "pthread_cond_broadcast",
                                        "pthread_cond_timedwait"};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(f, prefixes[i], strlen(prefixes[i])) == 0)
            return 1;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == len && strncmp(f, names[i], len) == 0)
            return 1;
    return 0;
}

/* Appends ":function" of the first frame at fault of the first stack after
 * `from`.  0 (also when there is no stack or every frame is the runtime's),
 * or -1 when the frame at fault has no name: the report was not symbolized. */
static int append_frame(char *sig, const char *from) {
    frame f;
    const char *s = from;
    while (s != NULL && parse_frame(s, &f) != 0)
        s = next_line(s);
    for (; s != NULL && parse_frame(s, &f) == 0; s = next_line(s)) {
        if (f.func == NULL) {
            if (system_module(&f))
                continue;
            return -1;
        }
        if (runtime_func(f.func, f.func_len))
            continue;
        size_t n = strlen(sig);
        put(sig, &n, ':');
        for (size_t i = 0; i < f.func_len; i++)
            put(sig, &n, f.func[i]);
        return 0;
    }
    return 0;
}

/* ------------------------------------------------------------- reports */

/* What a symbolizer that could not run makes the sanitizers print. */
static const char *const symbolizer_failures[] = {"invalid path to external symbolizer",
                                                  "Failed to use and restart external symbolizer"};

void cli_sig_symbolizer_words(const char *text, char *out, size_t n) {
    size_t len = 0;
    out[0] = '\0';
    for (const char *s = text; s != NULL && *s != '\0'; s = next_line(s)) {
        size_t eol = strcspn(s, "\n");
        int take = 0;
        for (size_t i = 0; i < 2; i++) {
            const char *m = strstr(s, symbolizer_failures[i]);
            take |= m != NULL && m < s + eol;
        }
        frame f;
        if (!take && parse_frame(s, &f) == 0 && f.func == NULL && !system_module(&f))
            take = 2;
        if (take && len + eol + 2 < n) {
            memcpy(out + len, s, eol);
            len += eol;
            out[len++] = '\n';
            out[len] = '\0';
        }
        if (take == 2)
            break; /* one nameless frame says it */
    }
}

enum { K_ORACLE, K_ASAN, K_LSAN, K_TSAN, K_TSAN_ERR, K_UBSAN, K_LIBFUZZER, K_COUNT };

int cli_sig_from_text(const char *text, char *sig) {
    static const char *const markers[K_COUNT] = {"SCOPEFUZZ-SIGNATURE:",
                                                 "ERROR: AddressSanitizer: ",
                                                 "ERROR: LeakSanitizer: detected memory leaks",
                                                 "WARNING: ThreadSanitizer: ",
                                                 "ERROR: ThreadSanitizer: ",
                                                 ": runtime error: ",
                                                 "ERROR: libFuzzer: "};
    const char *at = NULL;
    int kind = -1;
    for (int k = 0; k < K_COUNT; k++) {
        const char *m = strstr(text, markers[k]);
        if (m != NULL && (at == NULL || m < at || k == K_ORACLE))
            at = m, kind = k;
        if (kind == K_ORACLE)
            break; /* the interpreter's own verdict comes first */
    }
    sig[0] = '\0';
    if (kind < 0)
        return 0;
    const char *what = at + strlen(markers[kind]);
    size_t n = 0;
    int frame = 1;
    switch (kind) {
        case K_ORACLE:
            while (*what == ' ')
                what++;
            for (; *what != '\0' && !isspace((unsigned char)*what); what++)
                put(sig, &n, *what);
            return n > 0 ? 1 : 0;
        case K_ASAN:
            strcpy(sig, "asan:");
            if (strncmp(what, "attempting ", 11) == 0)
                what += 11;
            append_kind(sig, what, 1, NULL);
            break;
        case K_LSAN:
            strcpy(sig, "lsan:leak");
            break;
        case K_TSAN:
        case K_TSAN_ERR:
            strcpy(sig, "tsan:");
            append_kind(sig, what, 5, NULL);
            break;
        case K_UBSAN: {
            /* the check's name (report_error_type=1), else the message */
            const char *sum = strstr(at, "SUMMARY: UndefinedBehaviorSanitizer: ");
            strcpy(sig, "ubsan:");
            if (sum != NULL && strncmp(sum + 37, "undefined-behavior", 18) != 0)
                append_kind(sig, sum + 37, 1, NULL);
            else
                append_kind(sig, what, 4, NULL);
            break;
        }
        case K_LIBFUZZER:
            strcpy(sig, "libfuzzer:");
            append_kind(sig, what, 3, "after");
            frame = strcmp(sig, "libfuzzer:out-of-memory") != 0 &&
                    strcmp(sig, "libfuzzer:fuzz-target-exited") != 0;
            break;
    }
    for (size_t i = 0; i < 2; i++)
        if (strstr(text, symbolizer_failures[i]) != NULL)
            return -1;
    if (frame && append_frame(sig, at) != 0)
        return -1;
    return 1;
}

int cli_crash_sig(const char *text, int status, char *sig) {
    int found = text != NULL ? cli_sig_from_text(text, sig) : 0;
    if (found != 0)
        return found < 0 ? -1 : 0;
    if (WIFSIGNALED(status))
        snprintf(sig, SF_INTERP_SIG_MAX + 1, "signal:%s", sigabbrev_np(WTERMSIG(status)));
    else
        snprintf(sig, SF_INTERP_SIG_MAX + 1, "exit:%d", WEXITSTATUS(status));
    return 0;
}

int cli_sig_unsymbolized(const char *text) {
    char words[1024];
    cli_sig_symbolizer_words(text, words, sizeof words);
    fprintf(stderr,
            "scopefuzz: the sanitizer could not symbolize its report, so its failure signature "
            "would be meaningless (no function names); it said:\n%s"
            "scopefuzz: install the llvm-symbolizer matching the compiler (ci/deps, "
            "ci/fresh-check) or fix external_symbolizer_path in the *SAN_OPTIONS variables "
            "(this build uses %s)\n",
            words[0] ? words : "(no symbolizer message)\n", cli_symbolizer_path());
    return CLI_USAGE;
}
