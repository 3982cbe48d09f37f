/* EVA harness: jsmn_parse on any N bytes (N = PROOF_N), any length up to N, any token count
   up to the array's N + 1 entries, then resumed as the API allows after PART or NOMEM (a longer
   text, at least as many tokens, the same token contents); the same in counting mode; and a
   NULL text of length 0. Build with and without JSMN_PARENT_LINKS. */
#include "__fc_builtin.h"
#define JSMN_STATIC
#include "jsmn/jsmn.h"

#ifndef PROOF_N
#define PROOF_N 64
#endif
/* N bytes hold at most N tokens: with N + 1 entries every count is covered, too few included */
#define PROOF_TOKENS (PROOF_N + 1)

int main(void)
{
    char js[PROOF_N];
    jsmntok_t tok[PROOF_TOKENS] = {{0}};
    jsmn_parser parser;
    size_t len = Frama_C_size_t_interval(0, PROOF_N), more;
    unsigned int n = Frama_C_unsigned_int_interval(0, PROOF_TOKENS);
    int r;
    Frama_C_make_unknown(js, PROOF_N);

    jsmn_init(&parser);
    r = jsmn_parse(&parser, js, len, tok, n);
    if (r == JSMN_ERROR_PART || r == JSMN_ERROR_NOMEM) {
        more = Frama_C_size_t_interval(len, PROOF_N);
        n = Frama_C_unsigned_int_interval(n, PROOF_TOKENS);
        jsmn_parse(&parser, js, more, tok, n);
    }

    jsmn_init(&parser);
    r = jsmn_parse(&parser, js, len, NULL, 0);
    if (r == JSMN_ERROR_PART) {
        more = Frama_C_size_t_interval(len, PROOF_N);
        jsmn_parse(&parser, js, more, NULL, 0);
    }

    jsmn_init(&parser);
    return jsmn_parse(&parser, NULL, 0, tok, PROOF_TOKENS);
}
