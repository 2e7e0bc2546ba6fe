/* sig.c - failure signatures of runs that killed the process: sanitizer
 * reports (ASan, TSan, LSan, UBSan) read from the child's stderr. */
#include <ctype.h>
#include <string.h>

#include "cli.h"

int cli_sig_is_crash(const char *sig) {
    static const char *const prefixes[] = {"asan:", "tsan:", "lsan:", "ubsan:", "signal:", "exit:"};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(sig, prefixes[i], strlen(prefixes[i])) == 0)
            return 1;
    return 0;
}

/* Appends the token at s (up to a space or end of line, at most max
 * words) to sig, mapping characters a signature cannot hold to '-'. */
static void append(char *sig, const char *s, int words) {
    size_t n = strlen(sig);
    for (; *s != '\0' && *s != '\n' && n < SF_INTERP_SIG_MAX; s++) {
        if (*s == ' ' && --words == 0)
            break;
        if (*s == '(' || *s == ',')
            break;
        sig[n++] = isgraph((unsigned char)*s) && *s != '#' ? *s : '-';
    }
    while (n > 0 && sig[n - 1] == '-')
        n--;
    sig[n] = '\0';
}

/* 1 if function name f is a runtime or libc frame, not the code at fault. */
static int runtime_frame(const char *f) {
    static const char *const skip[] = {"__", "free", "malloc", "calloc", "realloc", "mem", "str"};
    for (size_t i = 0; i < sizeof skip / sizeof skip[0]; i++)
        if (strncmp(f, skip[i], strlen(skip[i])) == 0)
            return 1;
    return 0;
}

/* Appends ":function" of the first frame after `from` not in the runtime.
 * ASan frames: "#0 0xADDR in func file"; TSan: "#0 func file". */
static void append_frame(char *sig, const char *from) {
    for (const char *f = strstr(from, "#"); f != NULL; f = strstr(f + 1, "\n    #")) {
        const char *s = strchr(f, '#');
        s = s ? strchr(s, ' ') : NULL;
        if (s == NULL)
            return;
        s++;
        if (strncmp(s, "0x", 2) == 0) {
            s = strstr(s, " in ");
            if (s == NULL)
                return;
            s += 4;
        }
        if (!runtime_frame(s)) {
            if (strlen(sig) + 2 > SF_INTERP_SIG_MAX)
                return;
            strcat(sig, ":");
            append(sig, s, 1);
            return;
        }
    }
}

int cli_sig_from_text(const char *text, char *sig) {
    static const struct {
        const char *marker, *prefix;
        int words, frame;
    } kinds[] = {{"LeakSanitizer: detected memory leaks", "lsan:leak", 0, 0},
                 {"AddressSanitizer: ", "asan:", 1, 1},
                 {"ThreadSanitizer: ", "tsan:", 2, 1},
                 {"runtime error: ", "ubsan:", 3, 0}};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        const char *m = strstr(text, kinds[i].marker);
        if (m == NULL)
            continue;
        strcpy(sig, kinds[i].prefix);
        if (i == 0)
            return 1;
        const char *what = m + strlen(kinds[i].marker);
        if (strncmp(what, "attempting ", 11) == 0)
            what += 11;
        append(sig, what, kinds[i].words);
        for (char *c = sig; *c; c++)
            if (*c == ' ')
                *c = '-';
        if (kinds[i].frame)
            append_frame(sig, m);
        return 1;
    }
    return 0;
}
