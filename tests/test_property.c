/* test_property.c - model-based property test of chdr_handle against docs/behaviour.md.
 *
 * Thousands of random request sequences (deterministic: the seed is printed and can be given
 * as the first argument; the second is the number of sequences per test) of set, remove, list and
 * getSupportedVersions, with names from a small pool in random casing, valid and invalid values
 * written with random JSON escapes, random batch sizes, random context and apiVersion. A plain
 * reference model (an array of name/value pairs, compared case-insensitively) predicts each
 * response code and the table; after every step the list output, chdr_block, chdr_count and
 * chdr_find are compared with the model, and every response must be at most
 * CHDR_RESPONSE_MAX bytes and parse as one JSON object of the shape docs/behaviour.md section 1 fixes. */
#define CUSTOMHDR_IMPLEMENTATION
#include "customhdr.h"
#include "tinytest.h"
#include "spec_util.h"

static chdr_table T;

/* ---- deterministic randomness --------------------------------------------------------------- */

static unsigned long long rng_state;
static unsigned rnd(unsigned n) /* 0..n-1 */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (unsigned)((rng_state * 2685821657736338717ULL) >> 33) % (n ? n : 1);
}
static int chance(unsigned pct) { return rnd(100) < pct; }

/* ---- the reference model -------------------------------------------------------------------- */

typedef struct m_hdr {
    char name[CHDR_NAME_MAX + 1];
    size_t nl;
    char value[CHDR_VALUE_MAX + 1];
    size_t vl;
} m_hdr;

static m_hdr model[CHDR_MAX_HEADERS];
static int model_n;

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static int same_name(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i;
    if (an != bn) return 0;
    for (i = 0; i < an; i++)
        if (lower((unsigned char)a[i]) != lower((unsigned char)b[i])) return 0;
    return 1;
}

static int model_find(const char *name, size_t nl)
{
    int i;
    for (i = 0; i < model_n; i++)
        if (same_name(model[i].name, model[i].nl, name, nl)) return i;
    return -1;
}

static size_t model_bytes(void)
{
    size_t b = 0;
    int i;
    for (i = 0; i < model_n; i++) b += model[i].nl + model[i].vl;
    return b;
}

/* section 2: RFC 9110 token */
static int is_tchar(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static int name_ok(const char *s, size_t n)
{
    size_t i;
    if (n < 1 || n > CHDR_NAME_MAX) return 0;
    for (i = 0; i < n; i++)
        if (!is_tchar((unsigned char)s[i])) return 0;
    return 1;
}

static const char *const forbidden[] = {
    "Content-Length", "Content-Type", "Content-Encoding", "Content-Range", "Transfer-Encoding",
    "Connection", "Keep-Alive", "Upgrade", "Trailer", "TE", "Proxy-Connection", "Host", "Date",
    "Status"};

static int is_forbidden(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < sizeof forbidden / sizeof forbidden[0]; i++)
        if (same_name(s, n, forbidden[i], strlen(forbidden[i]))) return 1;
    return 0;
}

static int value_ok(const char *s, size_t n)
{
    size_t i;
    if (n > CHDR_VALUE_MAX) return 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(c == '\t' || (c >= 0x20 && c <= 0x7e))) return 0;
    }
    if (n && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t')) return 0;
    return 1;
}

/* ---- building a request ------------------------------------------------------------------------ */

static char rq[8 * CHDR_REQUEST_MAX];
static size_t rn;

static void put(const char *s, size_t n)
{
    if (rn + n > sizeof rq) abort();
    memcpy(rq + rn, s, n);
    rn += n;
}
static void puts_(const char *s) { put(s, strlen(s)); }

/* Writes raw bytes as a JSON string, escaping at random where JSON allows a choice. */
static void put_string(const char *s, size_t n, unsigned esc_pct)
{
    size_t i;
    char tmp[8];
    put("\"", 1);
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int must = c < 0x20 || c == '"' || c == '\\';
        if (c >= 0x80) { put((const char *)&s[i], 1); continue; } /* raw UTF-8 stays raw */
        if (must || chance(esc_pct)) {
            unsigned how = rnd(3);
            if (how == 0 || (c != '"' && c != '\\' && c != '/' && c != '\t' && c != '\n' &&
                             c != '\r' && c != '\b' && c != '\f')) {
                snprintf(tmp, sizeof tmp, rnd(2) ? "\\u%04x" : "\\u%04X", c);
                puts_(tmp);
            } else {
                tmp[0] = '\\';
                tmp[1] = c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\b' ? 'b'
                       : c == '\f' ? 'f' : (char)c;
                put(tmp, 2);
            }
        } else {
            put((const char *)&s[i], 1);
        }
    }
    put("\"", 1);
}

/* the names the sequences draw from: few enough that sets replace, many enough to fill */
static const char *const pool[] = {
    "X-A", "X-B", "X-C", "X-D", "X-E", "X-F", "X-G", "X-H", "X-I", "X-J", "X-K", "X-L",
    "Access-Control-Allow-Origin", "Cache-Control", "Set-Cookie", "X-Frame-Options",
    "X-Content-Type-Options", "Referrer-Policy", "Content-Security-Policy",
    "Strict-Transport-Security", "x", "!#$%&'*+-.^_`|~09",
    "X-Sixty-Four-Bytes-Long-Name-0123456789-0123456789-0123456789-ab"};

/* names no header may have (decoded form) */
static const char *const bad_names[] = {"", "Bad Name", "X:Y", "X(Y)", "X\"Y", "X\\Y", "X/Y",
                                        " X-A", "X-A ", "X\tA", "X\r\nA", "caf\xc3\xa9", "X\x7f",
                                        "X-Sixty-Five-Bytes-Long-Name-0123456789-0123456789-0123456789-abc",
                                        "X@A", "X,A", "X;A", "X=A", "X{A}", "X?A", "X\x01\x41"};

typedef struct pair {
    char name[96];
    size_t nl;
    int name_good;      /* a header name by section 2 (token, length), forbidden or not */
    int forbidden;
    int is_string;
    char value[CHDR_VALUE_MAX + 64];
    size_t vl;
    int value_good;
    size_t raw_at, raw_len; /* the value as written in rq */
} pair;

#define MAX_BATCH 8
static pair pairs[MAX_BATCH];
static int npairs;

static void random_case(char *s, size_t n)
{
    size_t i;
    unsigned mode = rnd(4);
    for (i = 0; i < n; i++) {
        int c = (unsigned char)s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) continue;
        if (mode == 1 || (mode == 3 && rnd(2))) s[i] = (char)lower(c);
        else if (mode == 2 || (mode == 3 && rnd(2))) s[i] = (char)(lower(c) - 32);
    }
}

static void pick_name(pair *p, int allow_bad)
{
    const char *src;
    unsigned r = rnd(100);
    if (allow_bad && r < 4) src = bad_names[rnd(sizeof bad_names / sizeof bad_names[0])];
    else if (allow_bad && r < 7) src = forbidden[rnd(sizeof forbidden / sizeof forbidden[0])];
    else if (model_n > 0 && r < 40) src = model[rnd((unsigned)model_n)].name;
    else src = pool[rnd(sizeof pool / sizeof pool[0])];
    p->nl = strlen(src);
    memcpy(p->name, src, p->nl + 1);
    random_case(p->name, p->nl);
    p->name_good = name_ok(p->name, p->nl);
    p->forbidden = is_forbidden(p->name, p->nl);
}

/* lengths spread over the configured limit, with its edges (limit - 1, limit, limit + 1) */
static size_t random_length(void)
{
    unsigned r = rnd(100), v = CHDR_VALUE_MAX;
    if (r < 10) return 0;
    if (r < 60) return 1 + rnd(v / 50 + 20 < v ? v / 50 + 20 : v);
    if (r < 85) return 1 + rnd(v / 5 + 1);
    if (r < 97) return 1 + rnd(v);
    return v - 1 + rnd(3);
}

static void pick_value(pair *p, int allow_bad)
{
    static const char visible[] =
        " \t!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";
    size_t n = random_length(), i;
    for (i = 0; i < n; i++) p->value[i] = (i == 0 || i == n - 1) ? (char)('!' + rnd(94))
                                          : visible[rnd(sizeof visible - 1)];
    p->vl = n;
    if (allow_bad && chance(6)) {
        unsigned what = rnd(8);
        size_t at = n ? rnd((unsigned)n) : 0;
        if (n == 0) { p->value[0] = 'v'; p->vl = n = 1; at = 0; }
        switch (what) {
        case 0: p->value[0] = ' '; break;
        case 1: p->value[n - 1] = '\t'; break;
        case 2: p->value[at] = '\r'; break;
        case 3: p->value[at] = '\n'; break;
        case 4: p->value[at] = '\0'; break;
        case 5: p->value[at] = '\x7f'; break;
        case 6: /* é as raw UTF-8: two bytes */
            if (n + 1 <= CHDR_VALUE_MAX + 32) {
                memmove(p->value + at + 2, p->value + at + 1, n - at - 1);
                p->value[at] = '\xc3';
                p->value[at + 1] = '\xa9';
                p->vl = n + 1;
            }
            break;
        default: p->value[at] = '\x01'; break;
        }
    }
    p->value_good = value_ok(p->value, p->vl);
}

/* ---- one step ---------------------------------------------------------------------------------- */

enum { M_SET, M_REMOVE, M_LIST, M_VERSIONS, M_UNKNOWN };

static char ctx_raw[1024];
static size_t ctx_len;
static int ctx_kind; /* 0 none, 1 string, 2 non-string */
static int api_kind; /* 0 "1.0", 1 "1.1", 2 unsupported string, 3 missing, 4 non-string */
static int empty_params, params_wrong_type;

static unsigned long long base_seed = 20261129ULL;
static unsigned long long seq_seed;
static int seq_no, step_no, reported;

static void report(const char *what)
{
    tt_current_failed = 1;
    if (reported++ >= 12) return;
    fprintf(stderr, "FAIL %s: %s (sequence %d, step %d; base seed %llu)\n", tt_current, what, seq_no,
            step_no, base_seed);
    sp_show("request ", rq, rn);
    sp_show("response", sp_out, sp_len);
}

static int build_request(int *method)
{
    unsigned r = rnd(100);
    int i, k;
    *method = r < 45 ? M_SET : r < 75 ? M_REMOVE : r < 92 ? M_LIST : r < 97 ? M_VERSIONS : M_UNKNOWN;
    rn = 0;
    npairs = 0;
    empty_params = params_wrong_type = 0;
    r = rnd(100);
    api_kind = r < 55 ? 0 : r < 93 ? 1 : r < 96 ? 2 : r < 98 ? 3 : 4;
    r = rnd(100);
    ctx_kind = r < 55 ? 0 : r < 97 ? 1 : 2;
    puts_("{");
    k = 0;
    if (api_kind != 3) {
        puts_(api_kind == 0 ? "\"apiVersion\":\"1.0\"" : api_kind == 1 ? "\"apiVersion\":\"1.1\""
              : api_kind == 2 ? "\"apiVersion\":\"1.2\"" : "\"apiVersion\":1.0");
        k++;
    }
    if (ctx_kind) {
        size_t at;
        if (k++) puts_(",");
        puts_("\"context\":");
        at = rn;
        if (ctx_kind == 2) {
            puts_(rnd(2) ? "5" : "[\"c\"]");
        } else {
            char raw[CHDR_CONTEXT_MAX + 64];
            size_t n = chance(10) ? CHDR_CONTEXT_MAX - 16 + rnd(40) : rnd(40), j;
            for (j = 0; j < n; j++) raw[j] = (char)(' ' + rnd(95));
            put_string(raw, n, 10);
        }
        ctx_len = rn - at;
        memcpy(ctx_raw, rq + at, ctx_len < sizeof ctx_raw ? ctx_len : sizeof ctx_raw - 1);
    }
    if (k++) puts_(",");
    puts_(*method == M_SET ? "\"method\":\"set\"" : *method == M_REMOVE ? "\"method\":\"remove\""
          : *method == M_LIST ? "\"method\":\"list\"" : *method == M_VERSIONS ? "\"method\":\"getSupportedVersions\""
          : "\"method\":\"Set\"");
    if (*method == M_SET || *method == M_REMOVE) {
        int n = 1 + (int)rnd(chance(20) ? MAX_BATCH : 3);
        puts_(",\"params\":");
        if (chance(2)) {
            params_wrong_type = 1;
            puts_(rnd(2) ? "[]" : "\"X-A\"");
        } else if (chance(2)) {
            empty_params = 1;
            puts_("{}");
        } else {
            puts_("{");
            for (i = 0; i < n; i++) {
                pair *p = &pairs[npairs++];
                pick_name(p, 1);
                if (i > 0 && chance(5)) { /* the same name again, in another casing */
                    *p = pairs[rnd((unsigned)i)];
                    random_case(p->name, p->nl);
                }
                if (i) puts_(",");
                put_string(p->name, p->nl, 8);
                puts_(":");
                p->raw_at = rn;
                if (*method == M_SET) {
                    p->is_string = !chance(3);
                    if (p->is_string) {
                        pick_value(p, 1);
                        put_string(p->value, p->vl, chance(10) ? 60 : 4);
                    } else {
                        puts_(rnd(2) ? "null" : "42");
                        p->value_good = 0;
                    }
                } else {
                    static const char *const any[] = {"\"\"", "null", "5", "true", "{\"a\":[1]}", "[]", "\"old\""};
                    p->is_string = 1;
                    puts_(any[rnd(sizeof any / sizeof any[0])]);
                    p->value_good = 1;
                }
                p->raw_len = rn - p->raw_at;
            }
            puts_("}");
        }
    } else if (chance(10)) {
        puts_(",\"params\":{\"Host\":5}"); /* ignored for list and getSupportedVersions */
    }
    puts_("}");
    return 0;
}

static sj_doc req_doc;

/* What the model says: the code docs/behaviour.md section 1 gives, 0 for success. A bad pair
   comes before the batch's capacity; removing a forbidden name is no error and does nothing. */
static long predict(int method)
{
    int i, j, bad = 0, dup = 0;
    if (rn > CHDR_REQUEST_MAX) return 1100;
    /* one token per object, array, key and value, as jsmn counts */
    if (sj_parse(&req_doc, rq, rn) != 0) {
        report("the generator wrote a request that is not JSON");
        return -1;
    }
    if (req_doc.nn > CHDR_MAX_TOKENS) return 1100;
    if (method == M_UNKNOWN) return 2102;
    if (method != M_VERSIONS) {
        if (api_kind == 3) return 2103;
        if (api_kind == 4) return 2104;
        if (api_kind == 2) return 2100;
    }
    if (ctx_kind == 2 || (ctx_kind == 1 && ctx_len - 2 > CHDR_CONTEXT_MAX)) return 2104;
    if (method == M_LIST || method == M_VERSIONS) return 0;
    if (params_wrong_type || empty_params) return 2104;
    for (i = 0; i < npairs; i++) {
        pair *p = &pairs[i];
        int pair_bad = !p->name_good || (method == M_SET && (!p->value_good || p->forbidden));
        for (j = 0; j < i; j++)
            if (same_name(pairs[j].name, pairs[j].nl, p->name, p->nl)) dup = 1;
        if (pair_bad) bad = 1;
    }
    if (dup) return 2104;
    if (method == M_REMOVE) {
        if (bad) return 2104;
        return 0;
    }
    {
        /* room for the batch as a whole, counting the pairs whose names are headers */
        int count = model_n;
        size_t bytes = model_bytes();
        for (i = 0; i < npairs; i++) {
            pair *p = &pairs[i];
            int at;
            size_t vl = p->is_string ? p->vl : 0;
            if (!p->name_good || p->forbidden) continue;
            at = model_find(p->name, p->nl);
            if (at >= 0) bytes = bytes - model[at].nl - model[at].vl + p->nl + vl;
            else { count++; bytes += p->nl + vl; }
        }
        if (count > CHDR_MAX_HEADERS || bytes > CHDR_STORAGE) return bad ? 2104 : 1100;
    }
    return bad ? 2104 : 0;
}

static void apply(int method)
{
    int i, at;
    for (i = 0; i < npairs; i++) {
        pair *p = &pairs[i];
        at = model_find(p->name, p->nl);
        if (method == M_SET) {
            if (at < 0) at = model_n++;
            memcpy(model[at].name, p->name, p->nl);
            model[at].nl = p->nl;
            memcpy(model[at].value, p->value, p->vl);
            model[at].vl = p->vl;
        } else if (at >= 0) {
            memmove(&model[at], &model[at + 1], (size_t)(model_n - at - 1) * sizeof model[0]);
            model_n--;
        }
    }
}

static void check_echoes(int method)
{
    const char *api = api_kind == 1 ? "\"1.1\"" : "\"1.0\"";
    if (method == M_VERSIONS && api_kind != 1 && api_kind != 0) api = "\"1.0\"";
    if (rn > CHDR_REQUEST_MAX || req_doc.nn > CHDR_MAX_TOKENS) return; /* not tokenized: echoes optional */
    if (!sj_raweq(&sp_doc, sp_api, api)) report("response apiVersion is not the request's supported one, or 1.0");
    if (ctx_kind == 1) {
        if (!sj_raweq(&sp_doc, sp_ctx, sp_fmt("%.*s", (int)ctx_len, ctx_raw)))
            report("string context not echoed verbatim");
    } else if (sp_ctx >= 0) {
        report("context echoed although the request had no string context");
    }
    if (sp_meth < 0) report("method not echoed");
}

static void check_data(int method)
{
    int k;
    if (method == M_VERSIONS) {
        static const char want[] = "{\"apiVersions\":[\"1.0\",\"1.1\"]}";
        if (!sj_raweq(&sp_doc, sp_data, want)) report("getSupportedVersions data");
        return;
    }
    if (method == M_LIST) return; /* compared with the model below */
    if (sp_doc.node[sp_data].size != npairs) {
        report("data does not echo every pair of params");
        return;
    }
    for (k = 0; k < npairs; k++) {
        int key = sj_key(&sp_doc, sp_data, k);
        pair *p = &pairs[k];
        if (!sj_streq(&sp_doc, key, p->name, p->nl)) report("data echoes another name");
        if (method == M_SET) {
            if (!sj_streq(&sp_doc, key + 1, p->value, p->vl)) report("set data echoes another value");
        } else {
            const sj_node *v = &sp_doc.node[key + 1];
            int raw_same = v->end - v->start == p->raw_len &&
                           memcmp(sp_out + v->start, rq + p->raw_at, p->raw_len) == 0;
            if (!raw_same) report("remove data does not echo the value as given");
        }
    }
}

/* The table through list, the block, count and find, against the model. */
static void check_table(void)
{
    static const char list[] = "{\"apiVersion\":\"1.0\",\"method\":\"list\"}";
    char want[CHDR_BLOCK_MAX + 1];
    size_t wn = 0, len;
    const char *b;
    int i;
    if (!sp_run(__FILE__, __LINE__, &T, list, sizeof list - 1) || sp_data < 0) {
        report("list failed");
        return;
    }
    if (sp_doc.node[sp_data].size != model_n) report("list has another number of headers than the model");
    else
        for (i = 0; i < model_n; i++) {
            int key = sj_key(&sp_doc, sp_data, i);
            if (!sj_streq(&sp_doc, key, model[i].name, model[i].nl) ||
                !sj_streq(&sp_doc, key + 1, model[i].value, model[i].vl)) {
                report("list differs from the model");
                break;
            }
        }
    for (i = 0; i < model_n; i++) {
        memcpy(want + wn, model[i].name, model[i].nl);
        wn += model[i].nl;
        memcpy(want + wn, ": ", 2);
        wn += 2;
        memcpy(want + wn, model[i].value, model[i].vl);
        wn += model[i].vl;
        memcpy(want + wn, "\r\n", 2);
        wn += 2;
    }
    b = chdr_block(&T, &len);
    if (len != wn || (wn && memcmp(b, want, wn) != 0)) {
        report("chdr_block differs from the model");
        sp_show("block", b, len);
        sp_show("model", want, wn);
    }
    if (chdr_count(&T) != (size_t)model_n) report("chdr_count differs from the model");
    {
        const char *name = pool[rnd(sizeof pool / sizeof pool[0])];
        const char *v = NULL;
        size_t vl = 0;
        int at = model_find(name, strlen(name));
        int found = chdr_find(&T, name, strlen(name), &v, &vl);
        if (found != (at >= 0) || (at >= 0 && (vl != model[at].vl || (vl && memcmp(v, model[at].value, vl) != 0))))
            report("chdr_find differs from the model");
    }
}

/* what the runs covered, printed so a reader sees the test is not vacuous */
static long stat_code[6], stat_requests, stat_full_count, stat_full_bytes;
static void count(long code)
{
    static const long codes[6] = {0, 1100, 2100, 2102, 2103, 2104};
    int i;
    stat_requests++;
    for (i = 0; i < 6; i++)
        if (codes[i] == code) stat_code[i]++;
    if (model_n == CHDR_MAX_HEADERS) stat_full_count++;
    if (model_bytes() + 64 > CHDR_STORAGE) stat_full_bytes++;
}

static void step(void)
{
    int method;
    long want, got;
    build_request(&method);
    want = predict(method);
    if (!sp_run(__FILE__, __LINE__, &T, rq, rn)) {
        report("response is not a well-formed response");
        return;
    }
    got = sp_err >= 0 ? sp_code : 0;
    if (got != want) {
        char what[96];
        snprintf(what, sizeof what, "response code %ld, the model expects %ld", got, want);
        report(what);
        return;
    }
    count(got);
    check_echoes(method);
    if (got == 0) {
        check_data(method);
        if (method == M_SET || method == M_REMOVE) apply(method);
    }
    check_table();
}

static int per_test = 1000;

static void run_sequences(int count, int start_defaults, int near_full, unsigned long long salt)
{
    int s;
    for (s = 0; s < count && reported < 12; s++) {
        int steps, i;
        seq_no = s;
        seq_seed = base_seed * 1000003ULL + salt * 7919ULL + (unsigned long long)s;
        rng_state = seq_seed * 0x9E3779B97F4A7C15ULL + 1;
        chdr_init(&T);
        model_n = 0;
        if (start_defaults) {
            static const chdr_pair d[] = CHDR_AXIS_DEFAULTS;
            /* a build whose limits cannot hold the defaults starts empty instead */
            if (chdr_install(&T, d, CHDR_AXIS_DEFAULTS_COUNT) == CHDR_OK)
                model_n = CHDR_AXIS_DEFAULTS_COUNT;
            for (i = 0; i < model_n; i++) {
                model[i].nl = strlen(d[i].name);
                memcpy(model[i].name, d[i].name, model[i].nl);
                model[i].vl = strlen(d[i].value);
                memcpy(model[i].value, d[i].value, model[i].vl);
            }
        }
        if (near_full) {
            /* big values from the start, so the storage limit is met often */
            for (i = 0; model_n < CHDR_MAX_HEADERS - 3 && i < 3; i++) {
                char name[8];
                size_t vl = CHDR_VALUE_MAX / 2 + rnd(CHDR_VALUE_MAX / 10 + 1);
                snprintf(name, sizeof name, "X-%c", 'A' + i);
                memset(model[model_n].value, 'a' + i, vl);
                if (chdr_set(&T, name, 3, model[model_n].value, vl) != CHDR_OK) {
                    report("setup chdr_set refused");
                    return;
                }
                memcpy(model[model_n].name, name, 3);
                model[model_n].nl = 3;
                model[model_n].vl = vl;
                model_n++;
            }
        }
        steps = 1 + (int)rnd(80);
        for (step_no = 0; step_no < steps && !tt_current_failed; step_no++) step();
    }
}

TEST(test_model_from_empty_table) { run_sequences(per_test, 0, 0, 1); }
TEST(test_model_from_defaults) { run_sequences(per_test, 1, 0, 2); }
TEST(test_model_near_storage_limit) { run_sequences(per_test, 1, 1, 3); }

/* ---- the 2101 verdict against a reference reader ------------------------------------------- */
/* Random byte-level mutations of generated requests. Section 1: 2101 exactly when the body is not
   one valid JSON object or repeats a top-level member; this file's strict reader decides
   which. A body over CHDR_REQUEST_MAX, or with more tokens than CHDR_MAX_TOKENS, may get 1100
   instead; a refused request leaves the table alone. */

static sj_doc mut_doc;

static int repeats_top_level(const sj_doc *d)
{
    int i, j;
    for (i = 0; i < d->node[0].size; i++)
        for (j = 0; j < i; j++) {
            const sj_node *a = &d->node[sj_key(d, 0, i)], *b = &d->node[sj_key(d, 0, j)];
            if (a->dlen == b->dlen && memcmp(d->dec + a->dec, d->dec + b->dec, a->dlen) == 0) return 1;
        }
    return 0;
}

static void mutate(void)
{
    static const char interesting[] = "{}[]\",:\\u0123456789abcdefABCDEF.eE+-tfnrl \t\r\n/";
    unsigned k, edits = 1 + rnd(3);
    for (k = 0; k < edits && rn > 0; k++) {
        size_t at = rnd((unsigned)rn);
        unsigned how = rnd(6);
        char c = chance(20) ? (char)rnd(256) : interesting[rnd(sizeof interesting - 1)];
        if (how == 0) rq[at] = c;                            /* replace */
        else if (how == 1 && rn + 1 < sizeof rq) {           /* insert */
            memmove(rq + at + 1, rq + at, rn - at);
            rq[at] = c;
            rn++;
        } else if (how == 2) {                               /* delete */
            memmove(rq + at, rq + at + 1, rn - at - 1);
            rn--;
        } else if (how == 3) {                               /* truncate */
            rn = at;
        } else if (how == 4 && rn * 2 < sizeof rq) {         /* repeat a slice */
            size_t len = rnd((unsigned)(rn - at)) + 1;
            memmove(rq + at + len, rq + at, rn - at);
            rn += len;
        } else {                                             /* a raw UTF-8 sequence, maybe bad */
            static const char *const seq[] = {"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xc3",
                                              "\xed\xa0\x80", "\xc0\x80", "\xff", "\xf4\x90\x80\x80"};
            const char *q = seq[rnd(sizeof seq / sizeof seq[0])];
            size_t ql = strlen(q);
            if (rn + ql < sizeof rq) {
                memmove(rq + at + ql, rq + at, rn - at);
                memcpy(rq + at, q, ql);
                rn += ql;
            }
        }
    }
}

TEST(test_syntax_verdict_matches_reference_reader)
{
    int i, method;
    long got, mismatches = 0;
    static sp_snap before;
    long valid_objects = 0, invalid = 0;
    rng_state = base_seed * 0x9E3779B97F4A7C15ULL + 77;
    for (i = 0; i < per_test * 20 && reported < 12; i++) {
        int valid, unknown, want_syntax, may_limit;
        step_no = i;
        if (i % 50 == 0) {
            static const chdr_pair d[] = CHDR_AXIS_DEFAULTS;
            chdr_init(&T);
            model_n = 0;
            (void)chdr_install(&T, d, CHDR_AXIS_DEFAULTS_COUNT);
        }
        build_request(&method);
        mutate();
        valid = sj_parse(&mut_doc, rq, rn) == 0;
        unknown = !valid && mut_doc.err && strstr(mut_doc.err, "test reader") != NULL;
        if (unknown) continue;
        want_syntax = !valid || mut_doc.node[0].type != SJ_OBJ || repeats_top_level(&mut_doc);
        may_limit = rn > CHDR_REQUEST_MAX || (valid && mut_doc.nn > CHDR_MAX_TOKENS);
        if (valid && mut_doc.node[0].type == SJ_OBJ) valid_objects++;
        if (!valid) invalid++;
        sp_take(&T, &before);
        if (!sp_run(__FILE__, __LINE__, &T, rq, rn)) {
            report("response is not a well-formed response");
            continue;
        }
        got = sp_err >= 0 ? sp_code : 0;
        if ((want_syntax && got != 2101 && !(may_limit && got == 1100)) ||
            (!want_syntax && got == 2101)) {
            char what[128];
            snprintf(what, sizeof what, "code %ld, but the reference reader says the body is %s", got,
                     !valid ? "not JSON" : want_syntax ? "not one object with distinct members"
                                                       : "one JSON object with distinct members");
            report(what);
            mismatches++;
        }
        if (got != 0) sp_same(__FILE__, __LINE__, &T, &before);
    }
    printf("syntax: %d mutated requests, %ld invalid JSON, %ld valid objects\n", i, invalid, valid_objects);
    CHECK_EQ_INT(mismatches, 0);
}

int main(int argc, char **argv)
{
    if (argc > 1) base_seed = strtoull(argv[1], NULL, 10);
    if (argc > 2 && atoi(argv[2]) > 0) per_test = atoi(argv[2]);
    printf("property: seed %llu, %d sequences of 1..80 steps (rerun: %s %llu %d)\n", base_seed,
           3 * per_test, argv[0], base_seed, per_test);
    RUN(test_model_from_empty_table);
    RUN(test_model_from_defaults);
    RUN(test_model_near_storage_limit);
    RUN(test_syntax_verdict_matches_reference_reader);
    printf("property: %ld requests: %ld ok, %ld x 1100, %ld x 2100, %ld x 2102, %ld x 2103, "
           "%ld x 2104; %ld steps with a full table, %ld within 64 bytes of full storage\n",
           stat_requests, stat_code[0], stat_code[1], stat_code[2], stat_code[3], stat_code[4],
           stat_code[5], stat_full_count, stat_full_bytes);
    return tt_summary();
}
