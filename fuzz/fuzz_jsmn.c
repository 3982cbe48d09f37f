/* fuzz_jsmn - libFuzzer/AFL++ target for the strict tokenizer jsmn/jsmn.h.

   Oracles, each a reason to abort beyond "did not crash":
   1. acceptance agrees with an independent RFC 8259 validator (json_check.h): valid JSON is
      accepted (unless it needs more tokens than we give), invalid JSON is refused;
   2. the tokens of an accepted input form one well-nested tree: every token lies inside the
      input and inside its parent's span, after its previous sibling; object members are
      string keys of size 1 followed by one value; sizes equal the children counts; string
      tokens sit between quotes, containers between their brackets, primitives are whole
      RFC 8259 numbers or literals;
   3. re-tokenizing the span of any container or string (quotes included) yields the same
      subtree, shifted;
   4. counting mode (tokens == NULL) returns the same count, exactly that many tokens suffice,
      one fewer gives JSMN_ERROR_NOMEM;
   5. the JSMN_PARENT_LINKS build (links_jsmn.c) gives the same tokens and the right parents;
   6. differential: where upstream jsmn (Debian libjsmn-dev, JSMN_STRICT) accepts too, its
      tokens are identical. */
#define JSMN_STATIC
#include "jsmn/jsmn.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_check.h"
#include "links_jsmn.h"
#include "upstream_jsmn.h"

#define MAXLEN 8192
#define MAXTOK 2048
/* Oracle 3 re-tokenizes at most this many spans per input, spread over the token array, so
   deep inputs stay fast. */
#define RETOKENIZE_MAX 48

static jsmntok_t toks[MAXTOK + 1], sub[MAXTOK + 1];
static up_tok up[MAXTOK + 1];
static links_tok lk[MAXTOK + 1];
static int parent_of[MAXTOK], next_of[MAXTOK];
static int max_depth; /* containers nested, from check_tree */

#define FAIL(...)                                                                       \
    do {                                                                                \
        fprintf(stderr, "fuzz_jsmn oracle violated: ");                                 \
        fprintf(stderr, __VA_ARGS__);                                                   \
        fputc('\n', stderr);                                                            \
        abort();                                                                        \
    } while (0)

static int tokenize(const char *js, size_t len, jsmntok_t *t, unsigned n)
{
    jsmn_parser p;
    jsmn_init(&p);
    return jsmn_parse(&p, js, len, t, n);
}

static int prim_char(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
           c == '+' || c == '-';
}

/* The span a token covers in the text, quotes included for strings. */
static int outer_start(const jsmntok_t *t) { return t->type == JSMN_STRING ? t->start - 1 : t->start; }
static int outer_end(const jsmntok_t *t) { return t->type == JSMN_STRING ? t->end + 1 : t->end; }

/* Oracle 2; fills parent_of[] and next_of[] (index after each token's subtree). */
static void check_tree(const char *js, size_t len, int r)
{
    struct {
        int idx, left, last_end, containers; /* containers: nesting up to and including idx */
    } stack[MAXTOK + 1];
    int depth = 0;
    max_depth = 0;
    /* a virtual root holding exactly one value */
    stack[0].idx = -1;
    stack[0].left = r > 0 ? 1 : 0;
    stack[0].last_end = 0;
    stack[0].containers = 0;
    for (int i = 0; i < r; i++) {
        const jsmntok_t *t = &toks[i];
        if (depth == 0 && stack[0].left == 0) FAIL("token %d is a second top-level value", i);
        int p = stack[depth].idx;
        const jsmntok_t *pt = p >= 0 ? &toks[p] : NULL;
        parent_of[i] = p;
        if (t->start < 0 || t->end < t->start || (size_t)t->end > len)
            FAIL("token %d span [%d,%d) outside the input of %zu bytes", i, t->start, t->end, len);
        int os = outer_start(t), oe = outer_end(t);
        if (os < 0 || (size_t)oe > len) FAIL("token %d quotes outside the input", i);
        if (os < stack[depth].last_end) FAIL("token %d starts before its previous sibling ends", i);
        if (pt) {
            int ps = pt->type == JSMN_STRING ? pt->end + 1 : pt->start + 1;
            /* a key's value lies after the key and inside the key's object */
            int pe = pt->type == JSMN_STRING ? toks[parent_of[p]].end - 1 : pt->end - 1;
            if (os < ps || oe > pe) FAIL("token %d [%d,%d) not inside its parent %d", i, os, oe, p);
        }
        switch (t->type) {
        case JSMN_OBJECT:
        case JSMN_ARRAY:
            if (js[t->start] != (t->type == JSMN_OBJECT ? '{' : '[') ||
                js[t->end - 1] != (t->type == JSMN_OBJECT ? '}' : ']') || t->end - t->start < 2)
                FAIL("container token %d not between its brackets", i);
            if (t->size < 0) FAIL("token %d has negative size", i);
            break;
        case JSMN_STRING:
            if (js[t->start - 1] != '"' || js[t->end] != '"') FAIL("string token %d not between quotes", i);
            if (t->size != 0 && !(pt && pt->type == JSMN_OBJECT && t->size == 1))
                FAIL("string token %d has size %d outside a key position", i, t->size);
            break;
        case JSMN_PRIMITIVE:
            if (t->size != 0) FAIL("primitive token %d has size %d", i, t->size);
            if (jc_check(js + t->start, (size_t)(t->end - t->start), 1, NULL) != JC_VALID)
                FAIL("primitive token %d is no whole number or literal", i);
            if ((size_t)t->end < len && prim_char((unsigned char)js[t->end]))
                FAIL("primitive token %d stops inside a word", i);
            break;
        default:
            FAIL("token %d has type %d", i, (int)t->type);
        }
        if (pt && pt->type == JSMN_OBJECT && !(t->type == JSMN_STRING && t->size == 1))
            FAIL("member %d of object %d is not a string key of size 1", i, p);
        if (pt && pt->type == JSMN_STRING && pt->size != 1) FAIL("token %d under a non-key string", i);
        int is_container = t->type == JSMN_OBJECT || t->type == JSMN_ARRAY;
        if (stack[depth].containers + is_container > max_depth) max_depth = stack[depth].containers + is_container;
        stack[depth].left--;
        stack[depth].last_end = oe;
        if (t->size > 0) {
            if (depth == MAXTOK) FAIL("deeper than the token count");
            depth++;
            stack[depth].idx = i;

            stack[depth].left = t->size;
            stack[depth].last_end = t->type == JSMN_STRING ? oe : os + 1;
            stack[depth].containers = stack[depth - 1].containers + is_container;
        } else {
            next_of[i] = i + 1;
        }
        while (depth > 0 && stack[depth].left == 0) {
            next_of[stack[depth].idx] = i + 1;
            depth--;
        }
        if (depth > 0 && stack[depth].left < 0) FAIL("token %d has more children than its size", stack[depth].idx);
    }
    if (depth != 0 || stack[0].left != 0) FAIL("tokens end with %d containers still expecting children", depth);
}

/* Oracle 3 for token i. */
static void check_retokenize(const char *js, int i)
{
    const jsmntok_t *t = &toks[i];
    if (t->type == JSMN_STRING) {
        int r = tokenize(js + t->start - 1, (size_t)(t->end - t->start + 2), sub, MAXTOK);
        if (r != 1 || sub[0].type != JSMN_STRING || sub[0].start != 1 || sub[0].end != t->end - t->start + 1 ||
            sub[0].size != 0)
            FAIL("string token %d re-tokenized alone gives r=%d", i, r);
        return;
    }
    int want = next_of[i] - i;
    int r = tokenize(js + t->start, (size_t)(t->end - t->start), sub, MAXTOK);
    if (r != want) FAIL("container token %d re-tokenized gives %d tokens, its subtree has %d", i, r, want);
    for (int k = 0; k < r; k++) {
        const jsmntok_t *a = &toks[i + k], *b = &sub[k];
        if (a->type != b->type || a->start - t->start != b->start || a->end - t->start != b->end || a->size != b->size)
            FAIL("container token %d re-tokenized: token %d differs", i, k);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > MAXLEN) return 0;
    const char *js = (const char *)data;
    int top;
    int v = jc_check(data, size, 1, &top);
    int r = tokenize(js, size, toks, MAXTOK);

    if (r < 0) {
        if (r != JSMN_ERROR_NOMEM && r != JSMN_ERROR_INVAL && r != JSMN_ERROR_PART)
            FAIL("jsmn_parse returned %d", r);
        if (v == JC_VALID && r != JSMN_ERROR_NOMEM) FAIL("valid JSON refused with %d", r);
    } else {
        if (v == JC_INVALID) FAIL("invalid JSON accepted with %d tokens", r);
        check_tree(js, size, r);

        int step = r > RETOKENIZE_MAX ? r / RETOKENIZE_MAX : 1;
        for (int i = 0; i < r; i += step)
            if (toks[i].type != JSMN_PRIMITIVE) check_retokenize(js, i);

        /* counting mode keeps a fixed stack: deeper nesting is NOMEM, as documented */
        int c = tokenize(js, size, NULL, 0);
        if (c != r && !(c == JSMN_ERROR_NOMEM && max_depth > JSMN_COUNT_DEPTH))
            FAIL("counting mode returned %d, token mode %d (nesting %d)", c, r, max_depth);
        if (tokenize(js, size, sub, (unsigned)r) != r) FAIL("exactly %d tokens do not suffice", r);
        int s = tokenize(js, size, sub, (unsigned)r - 1);
        if (s != JSMN_ERROR_NOMEM) FAIL("%d tokens for a %d-token text gave %d, not NOMEM", r - 1, r, s);

        int l = links_jsmn_parse(js, size, lk, MAXTOK);
        if (l != r) FAIL("JSMN_PARENT_LINKS build returned %d, plain build %d", l, r);
        for (int i = 0; i < r; i++) {
            if (lk[i].type != (int)toks[i].type || lk[i].start != toks[i].start || lk[i].end != toks[i].end ||
                lk[i].size != toks[i].size)
                FAIL("JSMN_PARENT_LINKS build differs at token %d", i);
            if (lk[i].parent != parent_of[i])
                FAIL("token %d has parent %d, its tree parent is %d", i, lk[i].parent, parent_of[i]);
        }
    }

    int u = upstream_jsmn_parse(js, size, up, MAXTOK);
    if (r >= 0 && u >= 0) {
        if (u != r) FAIL("upstream jsmn returned %d tokens, ours %d", u, r);
        for (int i = 0; i < r; i++)
            if (up[i].type != (int)toks[i].type || up[i].start != toks[i].start || up[i].end != toks[i].end ||
                up[i].size != toks[i].size)
                FAIL("upstream jsmn differs at token %d", i);
    }
    (void)top;
    return 0;
}
