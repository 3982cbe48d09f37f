/* jsmn_suite.c - runs the tokenizer over JSONTestSuite's test_parsing folder.
 *
 *   jsmn_suite DIR [-q]     -q: leave out the i_ information lines
 *
 * Per the folder's README: a file is accepted when it holds exactly one JSON value spanning the
 * whole file, surrounding whitespace aside, i.e. jsmn_parse returns a token count. y_ files must
 * be accepted and n_ files rejected, in token mode and in counting mode alike; i_ outcomes are
 * printed for information. */
#include "jsmn/jsmn.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKENS 4096

static const char *outcome(int r)
{
    switch (r) {
    case JSMN_ERROR_NOMEM: return "rejected (NOMEM)";
    case JSMN_ERROR_INVAL: return "rejected (INVAL)";
    case JSMN_ERROR_PART: return "rejected (PART)";
    default: return "accepted";
    }
}

static int by_name(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

int main(int argc, char **argv)
{
    static char buf[1 << 20];
    static jsmntok_t toks[MAX_TOKENS];
    static char names[1024][256];
    int nnames = 0, k, y = 0, y_ok = 0, n = 0, n_ok = 0, i = 0, i_acc = 0, failed = 0;
    struct dirent *e;
    DIR *d;
    int quiet = argc == 3 && strcmp(argv[2], "-q") == 0;
    if (argc < 2 || argc > 2 + quiet || (d = opendir(argv[1])) == NULL) {
        fprintf(stderr, "usage: jsmn_suite DIR [-q] (DIR: JSONTestSuite/test_parsing)\n");
        return 2;
    }
    while ((e = readdir(d)) != NULL && nnames < 1024) {
        size_t nl = strlen(e->d_name);
        if (nl > 5 && nl < sizeof names[0] && strcmp(e->d_name + nl - 5, ".json") == 0)
            memcpy(names[nnames++], e->d_name, nl + 1);
    }
    closedir(d);
    qsort(names, (size_t)nnames, sizeof names[0], by_name);

    for (k = 0; k < nnames; k++) {
        char path[8192];
        FILE *f;
        size_t len;
        jsmn_parser p;
        int r, c, accepted;
        if (snprintf(path, sizeof path, "%s/%s", argv[1], names[k]) >= (int)sizeof path)
            continue;
        f = fopen(path, "rb");
        if (!f) {
            fprintf(stderr, "FAIL cannot read %s\n", path);
            failed++;
            continue;
        }
        len = fread(buf, 1, sizeof buf, f);
        fclose(f);
        jsmn_init(&p);
        r = jsmn_parse(&p, buf, len, toks, MAX_TOKENS);
        jsmn_init(&p);
        c = jsmn_parse(&p, buf, len, NULL, 0);
        accepted = r >= 0;
        switch (names[k][0]) {
        case 'y':
            y++;
            if (accepted && c == r) y_ok++;
            else {
                failed++;
                fprintf(stderr, "FAIL %s must be accepted: %s, counting mode %d\n", names[k],
                        outcome(r), c);
            }
            break;
        case 'n':
            n++;
            if (!accepted && c < 0) n_ok++;
            else {
                failed++;
                fprintf(stderr, "FAIL %s must be rejected: %s, counting mode %d\n", names[k],
                        outcome(r), c);
            }
            break;
        default:
            i++;
            i_acc += accepted;
            if (!quiet)
                printf("info %-50s %s%s\n", names[k], outcome(r),
                       (c >= 0) != accepted ? " (counting mode: depth limit)" : "");
        }
    }
    printf("y_: %d/%d accepted, n_: %d/%d rejected, i_: %d of %d accepted\n", y_ok, y, n_ok, n,
           i_acc, i);
    if (y + n == 0) {
        fprintf(stderr, "FAIL no y_/n_ files in %s\n", argv[1]);
        failed++;
    }
    printf("%d passed, %d failed\n", y_ok + n_ok, failed);
    return failed ? 1 : 0;
}
