/* EVA harness: a request of any PROOF_N bytes, any length up to PROOF_N, answered by
   chdr_handle into a buffer of any capacity (exactly that capacity), and by chdr_run and
   chdr_write at any offset into a window of any capacity; on an empty table or (PROOF_DEFAULTS)
   on the AXIS defaults. */
#include "common.h"

int main(void)
{
    static chdr_table t;
    chdr_call call;
    char req[PROOF_N], *out;
    size_t len = Frama_C_size_t_interval(0, PROOF_N), cap, total, off, n;
    Frama_C_make_unknown(req, PROOF_N);

    proof_table(&t);
    out = proof_buffer(CHDR_RESPONSE_MAX, &cap);
    if (!out) return 0;
    chdr_handle(&t, req, len, out, cap);
    free(out);

    proof_table(&t);
    total = chdr_run(&t, &call, req, len);
    off = Frama_C_size_t_interval(0, total + 1);
    out = proof_buffer(CHDR_RESPONSE_MAX, &cap);
    if (!out) return 0;
    chdr_write(&call, off, out, cap, &n);
    free(out);
    return 0;
}
