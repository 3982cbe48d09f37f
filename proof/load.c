/* EVA harness: chdr_load and chdr_load_newest on blobs of any PROOF_N bytes, any length up to
   PROOF_N each, into an empty table or (PROOF_DEFAULTS) the AXIS defaults. */
#include "common.h"

int main(void)
{
    static chdr_table t;
    unsigned char a[PROOF_N], b[PROOF_N];
    size_t a_len = Frama_C_size_t_interval(0, PROOF_N), b_len = Frama_C_size_t_interval(0, PROOF_N);
    uint32_t seq;
    Frama_C_make_unknown((char *)a, PROOF_N);
    Frama_C_make_unknown((char *)b, PROOF_N);

    proof_table(&t);
    chdr_load(&t, a, a_len, &seq);
    proof_table(&t);
    chdr_load_newest(&t, a, a_len, b, b_len, &seq);
    return 0;
}
