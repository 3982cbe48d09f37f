/* EVA harness: a request of any PROOF_N bytes, any length up to PROOF_N, answered by
   chdr_handle into a buffer of any capacity (common.h, PROOF_BUFFER), and by chdr_run and
   chdr_write at any offset into a window of any capacity; on an empty table or (PROOF_DEFAULTS)
   on the AXIS defaults. */
#include "common.h"

int main(void)
{
    static chdr_table t;
    static char area[CHDR_RESPONSE_MAX];
    chdr_call call;
    char req[PROOF_N], *out;
    size_t len = Frama_C_size_t_interval(0, PROOF_N), cap, total, off, n;
    Frama_C_make_unknown(req, PROOF_N);

    proof_table(&t);
    out = PROOF_BUFFER(area, cap);
    chdr_handle(&t, req, len, out, cap);

    proof_table(&t);
    total = chdr_run(&t, &call, req, len);
    off = Frama_C_size_t_interval(0, total + 1);
    out = PROOF_BUFFER(area, cap);
    chdr_write(&call, off, out, cap, &n);
    return 0;
}
