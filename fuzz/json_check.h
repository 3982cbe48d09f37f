/* json_check.h - an independent strict RFC 8259 validator for the fuzz oracles.

   Written from the RFC's grammar (sections 2-8) and RFC 3629 (UTF-8), not from jsmn/jsmn.h,
   so that a mistake in the tokenizer does not repeat itself here. It is a plain state machine
   over an explicit stack; speed and size do not matter, only being obviously right.

   jc_check returns JC_VALID, JC_INVALID, or JC_UNSURE where RFC 8259 leaves the answer to the
   implementation (an escaped lone surrogate, section 8.2) or the nesting is deeper than
   JC_DEPTH: oracles skip those inputs instead of guessing. *top receives the first byte of the
   top-level value ('{', '[', '"', a digit, '-', 't', 'f', 'n'), or 0. */
#ifndef FUZZ_JSON_CHECK_H
#define FUZZ_JSON_CHECK_H

#include <stddef.h>

enum { JC_INVALID = 0, JC_VALID = 1, JC_UNSURE = 2 };

#ifndef JC_DEPTH
#define JC_DEPTH 512
#endif

typedef struct {
    const unsigned char *s;
    size_t n, i;
    int utf8;   /* check the bytes >= 0x80 inside strings as UTF-8 */
    int unsure; /* a lone surrogate escape was seen */
} jc_in;

static int jc_is_ws(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static void jc_skip_ws(jc_in *in)
{
    while (in->i < in->n && jc_is_ws(in->s[in->i])) in->i++;
}

static int jc_hex(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* One UTF-8 sequence starting at s[i] >= 0x80 (RFC 3629 section 4: no overlongs, no
   surrogates, nothing past U+10FFFF). */
static int jc_utf8_seq(jc_in *in)
{
    const unsigned char *s = in->s;
    unsigned char c = s[in->i];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) need = 1;
    else if (c == 0xE0) { need = 2; lo = 0xA0; }
    else if (c >= 0xE1 && c <= 0xEC) need = 2;
    else if (c == 0xED) { need = 2; hi = 0x9F; }
    else if (c >= 0xEE && c <= 0xEF) need = 2;
    else if (c == 0xF0) { need = 3; lo = 0x90; }
    else if (c >= 0xF1 && c <= 0xF3) need = 3;
    else if (c == 0xF4) { need = 3; hi = 0x8F; }
    else return 0;
    if (in->n - in->i <= need) return 0;
    if (s[in->i + 1] < lo || s[in->i + 1] > hi) return 0;
    for (size_t k = 2; k <= need; k++)
        if (s[in->i + k] < 0x80 || s[in->i + k] > 0xBF) return 0;
    in->i += need + 1;
    return 1;
}

/* \uXXXX at s[i] == 'u'; stores the code unit. */
static int jc_u4(jc_in *in, unsigned *cu)
{
    if (in->n - in->i < 5) return 0;
    unsigned v = 0;
    for (size_t k = 1; k <= 4; k++) {
        int h = jc_hex(in->s[in->i + k]);
        if (h < 0) return 0;
        v = v * 16 + (unsigned)h;
    }
    *cu = v;
    in->i += 5;
    return 1;
}

/* A string starting at s[i] == '"'. */
static int jc_string(jc_in *in)
{
    in->i++;
    for (;;) {
        if (in->i >= in->n) return 0;
        unsigned char c = in->s[in->i];
        if (c == '"') {
            in->i++;
            return 1;
        }
        if (c < 0x20) return 0;
        if (c >= 0x80) {
            if (!in->utf8) {
                in->i++;
                continue;
            }
            if (!jc_utf8_seq(in)) return 0;
            continue;
        }
        if (c != '\\') {
            in->i++;
            continue;
        }
        in->i++;
        if (in->i >= in->n) return 0;
        c = in->s[in->i];
        switch (c) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
            in->i++;
            break;
        case 'u': {
            unsigned cu, cu2;
            if (!jc_u4(in, &cu)) return 0;
            if (cu >= 0xDC00 && cu <= 0xDFFF) in->unsure = 1;
            if (cu >= 0xD800 && cu <= 0xDBFF) {
                /* a high surrogate is only unquestionable with a low one right after it */
                if (in->n - in->i >= 2 && in->s[in->i] == '\\' && in->s[in->i + 1] == 'u') {
                    in->i++;
                    if (!jc_u4(in, &cu2)) return 0;
                    if (!(cu2 >= 0xDC00 && cu2 <= 0xDFFF)) in->unsure = 1;
                } else {
                    in->unsure = 1;
                }
            }
            break;
        }
        default:
            return 0;
        }
    }
}

static int jc_digits(jc_in *in)
{
    size_t from = in->i;
    while (in->i < in->n && in->s[in->i] >= '0' && in->s[in->i] <= '9') in->i++;
    return in->i > from;
}

/* number = [ minus ] int [ frac ] [ exp ] (RFC 8259 section 6) */
static int jc_number(jc_in *in)
{
    if (in->s[in->i] == '-') in->i++;
    if (in->i >= in->n) return 0;
    if (in->s[in->i] == '0') in->i++;
    else if (!(in->s[in->i] >= '1' && in->s[in->i] <= '9') || !jc_digits(in)) return 0;
    if (in->i < in->n && in->s[in->i] == '.') {
        in->i++;
        if (!jc_digits(in)) return 0;
    }
    if (in->i < in->n && (in->s[in->i] == 'e' || in->s[in->i] == 'E')) {
        in->i++;
        if (in->i < in->n && (in->s[in->i] == '+' || in->s[in->i] == '-')) in->i++;
        if (!jc_digits(in)) return 0;
    }
    return 1;
}

static int jc_word(jc_in *in, const char *w)
{
    size_t k = 0;
    for (; w[k]; k++)
        if (in->i + k >= in->n || in->s[in->i + k] != (unsigned char)w[k]) return 0;
    in->i += k;
    return 1;
}

static int jc_check(const void *data, size_t n, int utf8, int *top)
{
    jc_in in = {(const unsigned char *)data, n, 0, utf8, 0};
    char stack[JC_DEPTH];
    size_t depth = 0;
    enum { VALUE, AFTER, KEY } st = VALUE;
    if (top) *top = 0;
    jc_skip_ws(&in);
    if (in.i < n && top) *top = in.s[in.i];
    for (;;) {
        jc_skip_ws(&in);
        if (st == VALUE || st == KEY) {
            if (in.i >= n) return JC_INVALID;
            unsigned char c = in.s[in.i];
            if (st == KEY) {
                if (c != '"' || !jc_string(&in)) return JC_INVALID;
                jc_skip_ws(&in);
                if (in.i >= n || in.s[in.i] != ':') return JC_INVALID;
                in.i++;
                st = VALUE;
                continue;
            }
            if (c == '{' || c == '[') {
                if (depth == JC_DEPTH) return JC_UNSURE;
                stack[depth++] = (char)c;
                in.i++;
                jc_skip_ws(&in);
                if (in.i < n && in.s[in.i] == (c == '{' ? '}' : ']')) {
                    in.i++;
                    depth--;
                    st = AFTER;
                } else {
                    st = c == '{' ? KEY : VALUE;
                }
                continue;
            }
            int ok;
            if (c == '"') ok = jc_string(&in);
            else if (c == '-' || (c >= '0' && c <= '9')) ok = jc_number(&in);
            else if (c == 't') ok = jc_word(&in, "true");
            else if (c == 'f') ok = jc_word(&in, "false");
            else if (c == 'n') ok = jc_word(&in, "null");
            else ok = 0;
            if (!ok) return JC_INVALID;
            st = AFTER;
            continue;
        }
        /* AFTER a value */
        if (depth == 0) break;
        if (in.i >= n) return JC_INVALID;
        unsigned char c = in.s[in.i++];
        char open = stack[depth - 1];
        if (c == ',') st = open == '{' ? KEY : VALUE;
        else if ((c == '}' && open == '{') || (c == ']' && open == '[')) depth--;
        else return JC_INVALID;
    }
    if (in.i != n) return JC_INVALID;
    return in.unsure ? JC_UNSURE : JC_VALID;
}

#endif
