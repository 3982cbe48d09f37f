/* jsmn_diff.c - differential test: our strict tokenizer against upstream jsmn 1.1.0 (strict).
 *
 *   jsmn_diff [DIR]   DIR: JSONTestSuite's test_parsing; its y_ files join the corpus
 *
 * The corpus is valid JSON from a deterministic generator (nested objects and arrays, strings
 * with every escape and UTF-8 of every length, numbers of every shape, all four whitespace
 * characters). Ours must accept every document. On every document upstream also tokenizes
 * (upstream's strict mode refuses e.g. a number alone), both must produce identical tokens and
 * identical counts in counting mode. */
#include "jsmn/jsmn.h"
#include "tests/jsmn_upstream.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DOCS 20000
#define DOC_MAX 4096

static unsigned long long rng = 0x9e3779b97f4a7c15ull;
static unsigned int rnd(unsigned int n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned int)((rng >> 32) % n);
}

static char doc[DOC_MAX + 64];
static size_t len;
static void put(const char *s)
{
    size_t n = strlen(s);
    memcpy(doc + len, s, n);
    len += n;
}
static void putc_(int c) { doc[len++] = (char)c; }

static void ws(void)
{
    static const char *const w[] = {"", "", "", " ", "\n", "\t", "\r\n", "  ", "\n    ", " \t"};
    put(w[rnd(10)]);
}

static void utf8(unsigned long cp)
{
    if (cp < 0x80) putc_((int)cp);
    else if (cp < 0x800) {
        putc_((int)(0xC0 | (cp >> 6)));
        putc_((int)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        putc_((int)(0xE0 | (cp >> 12)));
        putc_((int)(0x80 | ((cp >> 6) & 0x3F)));
        putc_((int)(0x80 | (cp & 0x3F)));
    } else {
        putc_((int)(0xF0 | (cp >> 18)));
        putc_((int)(0x80 | ((cp >> 12) & 0x3F)));
        putc_((int)(0x80 | ((cp >> 6) & 0x3F)));
        putc_((int)(0x80 | (cp & 0x3F)));
    }
}

static void string(void)
{
    static const char hex[] = "0123456789abcdefABCDEF";
    unsigned int n = rnd(14), k, j;
    putc_('"');
    for (k = 0; k < n; k++) {
        switch (rnd(8)) {
        case 0: {
            static const char esc[] = "\"\\/bfnrt";
            putc_('\\');
            putc_(esc[rnd(8)]);
            break;
        }
        case 1:
            put("\\u");
            for (j = 0; j < 4; j++) putc_(hex[rnd(22)]);
            break;
        case 2: /* 2-, 3- and 4-byte UTF-8, no surrogates, at the edges too */
            switch (rnd(6)) {
            case 0: utf8(0x80 + rnd(0x780)); break;
            case 1: utf8(0x800 + rnd(0xD000)); break;
            case 2: utf8(0xE000 + rnd(0x2000)); break;
            case 3: utf8(0x10000 + rnd(0x100000)); break;
            case 4: utf8(rnd(2) ? 0x10FFFF : 0xFFFF); break;
            default: utf8(rnd(2) ? 0xD7FF : 0x80); break;
            }
            break;
        default: { /* printable ASCII, DEL included */
            int c = 0x20 + (int)rnd(0x60);
            putc_(c == '"' || c == '\\' ? 'x' : c);
        }
        }
    }
    putc_('"');
}

static void digits(unsigned int min)
{
    unsigned int n = min + rnd(6), k;
    for (k = 0; k < n; k++) putc_('0' + (int)rnd(10));
}

static void number(void)
{
    if (rnd(3) == 0) putc_('-');
    if (rnd(4) == 0) putc_('0');
    else {
        putc_('1' + (int)rnd(9));
        digits(0);
    }
    if (rnd(3) == 0) {
        putc_('.');
        digits(1);
    }
    if (rnd(3) == 0) {
        static const char *const e[] = {"e", "E", "e+", "e-", "E+", "E-"};
        put(e[rnd(6)]);
        digits(1);
    }
}

/* container: only an object or an array */
static void value(int depth, int container)
{
    unsigned int pick = container ? 5 + rnd(4) : rnd(depth < 6 && len < DOC_MAX - 600 ? 9 : 5);
    unsigned int n, k;
    static const char *const lit[] = {"true", "false", "null"};
    switch (pick) {
    case 0: case 1: string(); break;
    case 2: case 3: number(); break;
    case 4: put(lit[rnd(3)]); break;
    case 5: case 6:
        putc_('{');
        ws();
        n = rnd(6);
        for (k = 0; k < n && len < DOC_MAX - 600; k++) {
            if (k) {
                putc_(',');
                ws();
            }
            string();
            ws();
            putc_(':');
            ws();
            value(depth + 1, 0);
            ws();
        }
        putc_('}');
        break;
    default:
        putc_('[');
        ws();
        n = rnd(6);
        for (k = 0; k < n && len < DOC_MAX - 600; k++) {
            if (k) {
                putc_(',');
                ws();
            }
            value(depth + 1, 0);
            ws();
        }
        putc_(']');
    }
}

static jsmntok_t ours[UPSTREAM_MAX_TOKENS];
static int theirs[UPSTREAM_MAX_TOKENS * UPSTREAM_INTS];
static long compared, upstream_refused, failed;

static void compare(const char *what, const char *js, size_t n)
{
    jsmn_parser p;
    int r, u, uc, c, k;
    jsmn_init(&p);
    r = jsmn_parse(&p, js, n, ours, UPSTREAM_MAX_TOKENS);
    jsmn_init(&p);
    c = jsmn_parse(&p, js, n, NULL, 0);
    if (r < 0 || c != r) {
        failed++;
        fprintf(stderr, "FAIL %s: ours %d, counting %d, on valid JSON <%.*s>\n", what, r, c,
                (int)n, js);
        return;
    }
    u = upstream_parse(js, n, theirs, UPSTREAM_MAX_TOKENS);
    if (u < 0) {
        upstream_refused++;
        return;
    }
    uc = upstream_parse(js, n, NULL, 0);
    compared++;
    if (u != r || uc != c) {
        failed++;
        fprintf(stderr, "FAIL %s: %d tokens (count %d), upstream %d (count %d) <%.*s>\n", what, r,
                c, u, uc, (int)n, js);
        return;
    }
    for (k = 0; k < r; k++) {
        const int *t = &theirs[UPSTREAM_INTS * k];
#ifdef JSMN_PARENT_LINKS
        int parent = ours[k].parent;
#else
        int parent = -2;
#endif
        if ((int)ours[k].type != t[0] || ours[k].start != t[1] || ours[k].end != t[2] ||
            ours[k].size != t[3] || parent != t[4]) {
            failed++;
            fprintf(stderr,
                    "FAIL %s token %d: type %d [%d,%d) size %d parent %d; upstream type %d "
                    "[%d,%d) size %d parent %d <%.*s>\n",
                    what, k, ours[k].type, ours[k].start, ours[k].end, ours[k].size, parent, t[0],
                    t[1], t[2], t[3], t[4], (int)n, js);
            return;
        }
    }
}

static void suite(const char *dir)
{
    static char buf[1 << 16];
    char path[4096];
    struct dirent *e;
    DIR *d = opendir(dir);
    long files = 0;
    if (!d) {
        printf("no %s: JSONTestSuite y_ files not compared\n", dir);
        return;
    }
    while ((e = readdir(d)) != NULL) {
        FILE *f;
        size_t n;
        if (strncmp(e->d_name, "y_", 2) != 0) continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        f = fopen(path, "rb");
        if (!f) continue;
        n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        compare(e->d_name, buf, n);
        files++;
    }
    closedir(d);
    printf("JSONTestSuite: %ld y_ files\n", files);
}

int main(int argc, char **argv)
{
    long k;
    char name[32];
    for (k = 0; k < DOCS; k++) {
        len = 0;
        ws();
        /* mostly containers: upstream's strict mode refuses a top-level primitive */
        value(0, rnd(10) != 0);
        ws();
        snprintf(name, sizeof name, "generated #%ld", k);
        compare(name, doc, len);
    }
    if (argc > 1) suite(argv[1]);
    printf("compared %ld documents with upstream jsmn (%ld refused by upstream only)\n", compared,
           upstream_refused);
    printf("%ld passed, %ld failed\n", compared + upstream_refused - failed, failed);
    return failed ? 1 : 0;
}
