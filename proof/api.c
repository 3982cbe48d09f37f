/* EVA harness: the C API on an empty table or (PROOF_DEFAULTS) the AXIS defaults: chdr_set of a
   name and a value of any bytes and any lengths up to PROOF_N, chdr_remove and chdr_find of such
   a name, chdr_next at any position, chdr_block, and chdr_save into a buffer of any capacity
   (common.h, PROOF_BUFFER), each on whatever table the calls before it left. */
#include "common.h"

int main(void)
{
    static chdr_table t;
    static char blob[CHDR_BLOB_MAX];
    char name[PROOF_N], value[PROOF_N], *buf;
    size_t name_len = Frama_C_size_t_interval(0, PROOF_N), value_len, cap, len;
    const char *v;
    chdr_header h;
    Frama_C_make_unknown(name, PROOF_N);
    Frama_C_make_unknown(value, PROOF_N);
    value_len = Frama_C_size_t_interval(0, PROOF_N);

    proof_table(&t);
    chdr_set(&t, name, name_len, value, value_len);
    chdr_find(&t, name, name_len, &v, &len);
    chdr_next(&t, Frama_C_size_t_interval(0, CHDR_MAX_HEADERS + 1), &h);
    chdr_block(&t, &len);
    buf = PROOF_BUFFER(blob, cap);
    chdr_save(&t, Frama_C_unsigned_int_interval(0, 0xffffffffu), buf, cap);
    chdr_remove(&t, name, name_len);
    chdr_find(&t, name, name_len, NULL, NULL);
    return (int)chdr_count(&t);
}
