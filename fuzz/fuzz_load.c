/* fuzz_load - libFuzzer/AFL++ target for persistence: chdr_load and chdr_load_newest.

   Input: 3 control bytes, then the payload.
     byte 0  bit 0: recompute the CRC-32 of each blob before loading, so mutations reach the
                    entry checks behind it (a hand-edited blob with a good CRC: docs/behaviour.md section 4)
             bit 1: split the payload in two at bytes 1-2 (mod length + 1) and call
                    chdr_load_newest on the halves; else chdr_load on the whole payload
             bit 2: reset the table to the Axis defaults first (else it keeps the last state)
   Oracles:
   - a reference model of blob format 1 (README.md "Persistence"; its own CRC-32 and the wire
     rules of wire_check.h) says whether the blob must load, and for the head-level faults which
     reason: too short, magic, format, length, CRC; chdr_load agrees;
   - a refused blob leaves the table unchanged (block, count, change counter);
   - an accepted blob gives a block with the wire grammar and the blob's header count, *seq gets
     the blob's sequence number, and chdr_save of the loaded table gives back the blob's bytes
     exactly (format 1 is canonical); that save loads again into an identical table;
   - chdr_load_newest loads the valid slot, or of two valid ones the newer by serial-number
     arithmetic (either when RFC 1982 leaves it undefined), ends in the same table as chdr_load
     of that slot, and when neither is valid returns slot a's reason and changes nothing. */
#define CUSTOMHDR_IMPLEMENTATION
#include "customhdr.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire_check.h"

#define PAYLOAD_MAX (2 * CHDR_BLOB_MAX + 64)

static chdr_table table, before, scratch;
static unsigned char bufa[PAYLOAD_MAX], bufb[PAYLOAD_MAX], saved[CHDR_BLOB_MAX + 16];
static int started;
static const chdr_pair defaults[] = CHDR_AXIS_DEFAULTS;

#define FAIL(...)                                                                       \
    do {                                                                                \
        fprintf(stderr, "fuzz_load oracle violated: ");                                 \
        fprintf(stderr, __VA_ARGS__);                                                   \
        fputc('\n', stderr);                                                            \
        abort();                                                                        \
    } while (0)

static uint32_t crc32_ieee(const unsigned char *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    while (n--) {
        c ^= *p++;
        for (int k = 0; k < 8; k++) c = c & 1 ? (c >> 1) ^ 0xEDB88320u : c >> 1;
    }
    return c ^ 0xFFFFFFFFu;
}

static uint32_t le32(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }

static void fix_crc(unsigned char *p, size_t len)
{
    if (len < 16) return;
    size_t used = (size_t)p[6] | (size_t)p[7] << 8;
    if (used > len - 16) return;
    uint32_t c = crc32_ieee(p, 12 + used);
    for (int k = 0; k < 4; k++) p[12 + used + (size_t)k] = (unsigned char)(c >> (8 * k));
}

static int same_state(const chdr_table *a, const chdr_table *b)
{
    size_t al, bl;
    const char *ab = chdr_block(a, &al), *bb = chdr_block(b, &bl);
    return al == bl && memcmp(ab, bb, al) == 0 && chdr_count(a) == chdr_count(b) &&
           chdr_changes(a) == chdr_changes(b);
}

static int same_headers(const chdr_table *a, const chdr_table *b)
{
    size_t al, bl;
    const char *ab = chdr_block(a, &al), *bb = chdr_block(b, &bl);
    return al == bl && memcmp(ab, bb, al) == 0 && chdr_count(a) == chdr_count(b);
}

static size_t check_table(const chdr_table *t)
{
    wire_hdr h[CHDR_MAX_HEADERS + 1];
    size_t len, n = 0, k = 0;
    const char *b = chdr_block(t, &len);
    const char *why = wire_parse(b, len, h, &n);
    if (why) FAIL("header block broken: %s", why);
    if (chdr_count(t) != n) FAIL("chdr_count %zu, block has %zu lines", chdr_count(t), n);
    chdr_header e;
    for (size_t p = 0; (p = chdr_next(t, p, &e)) != 0; k++)
        if (k == n || e.name != h[k].name || e.name_len != h[k].name_len || e.value_len != h[k].value_len ||
            memcmp(e.value, h[k].value, e.value_len))
            FAIL("chdr_next header %zu differs from the block", k);
    if (k != n) FAIL("chdr_next yields %zu headers, the block has %zu", k, n);
    return n;
}

/* The model: 0 when the blob must load, a CHDR_LOAD_* reason where the head decides it, or 1
   for "refused for an entry or a limit" (ENTRY or LIMIT: which one is the library's choice). */
static int model(const unsigned char *p, size_t len)
{
    if (len < 16) return CHDR_LOAD_TRUNCATED;
    if (memcmp(p, "CHDR", 4) != 0) return CHDR_LOAD_MAGIC;
    if (p[4] != 1) return CHDR_LOAD_FORMAT;
    size_t used = (size_t)p[6] | (size_t)p[7] << 8;
    if (used > len - 16) return CHDR_LOAD_TRUNCATED;
    if (crc32_ieee(p, 12 + used) != le32(p + 12 + used)) return CHDR_LOAD_CHECK;
    wire_hdr h[CHDR_MAX_HEADERS + 1];
    size_t n = 0;
    if (wire_parse((const char *)p + 12, used, h, &n) != NULL || n != p[5]) return 1;
    return 0;
}

static void check_verdict(int rc, int want, const char *what)
{
    if (want == 1 ? (rc != CHDR_LOAD_ENTRY && rc != CHDR_LOAD_LIMIT) : rc != want)
        FAIL("%s returned %d (%s), the model expects %d", what, rc, chdr_load_reason(rc), want);
    const char *r = chdr_load_reason(rc);
    if (!r || !r[0] || strcmp(r, chdr_load_reason(12345)) == 0) FAIL("reason %d has no words", rc);
}

/* After a successful load of blob p: the table is p's content and saves back to p. */
static void check_loaded(const chdr_table *t, const unsigned char *p, uint32_t seq)
{
    size_t n = check_table(t);
    if (n != p[5]) FAIL("loaded %zu headers, the blob says %u", n, p[5]);
    if (seq != le32(p + 8)) FAIL("*seq is %u, the blob's is %u", (unsigned)seq, (unsigned)le32(p + 8));
    size_t len = chdr_save(t, seq, saved, sizeof saved);
    size_t want = 16 + ((size_t)p[6] | (size_t)p[7] << 8);
    if (len != want || memcmp(saved, p, len) != 0) FAIL("chdr_save does not give the loaded blob back");
    chdr_init(&scratch);
    uint32_t s2 = 0;
    if (chdr_load(&scratch, saved, len, &s2) != CHDR_OK || !same_headers(&scratch, t) || s2 != seq)
        FAIL("the saved blob does not load back to the same table");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3 || size - 3 > PAYLOAD_MAX) return 0;
    unsigned mode = data[0], split = (unsigned)data[1] << 8 | data[2];
    const unsigned char *pay = data + 3;
    size_t len = size - 3;
    if (!started || (mode & 4)) {
        chdr_init(&table);
        if (chdr_install(&table, defaults, CHDR_AXIS_DEFAULTS_COUNT) != CHDR_OK) FAIL("defaults refused");
        started = 1;
    }
    before = table;
    check_table(&before);

    if (!(mode & 2)) {
        memcpy(bufa, pay, len);
        if (mode & 1) fix_crc(bufa, len);
        int want = model(bufa, len);
        uint32_t seq = 0x5EC5EC5Eu;
        int rc = chdr_load(&table, bufa, len, &seq);
        check_verdict(rc, want, "chdr_load");
        if (rc != CHDR_OK) {
            if (!same_state(&table, &before)) FAIL("a refused blob changed the table");
            return 0;
        }
        check_loaded(&table, bufa, seq);
        return 0;
    }

    size_t la = split % (len + 1), lb = len - la;
    memcpy(bufa, pay, la);
    memcpy(bufb, pay + la, lb);
    if (mode & 1) {
        fix_crc(bufa, la);
        fix_crc(bufb, lb);
    }
    int wa = model(bufa, la), wb = model(bufb, lb);
    uint32_t seq = 0x5EC5EC5Eu;
    int rc = chdr_load_newest(&table, bufa, la, bufb, lb, &seq);
    if (wa != 0 && wb != 0) {
        check_verdict(rc, wa, "chdr_load_newest with two bad slots");
        if (!same_state(&table, &before)) FAIL("two refused slots changed the table");
        return 0;
    }
    if (rc != 0 && rc != 1) FAIL("chdr_load_newest returned %d with a valid slot", rc);
    int expect = -1; /* -1: either */
    if (wa != 0) expect = 1;
    else if (wb != 0) expect = 0;
    else {
        uint32_t d = le32(bufb + 8) - le32(bufa + 8);
        if (d != 0 && d != 0x80000000u) expect = d < 0x80000000u ? 1 : 0;
    }
    if (expect >= 0 && rc != expect)
        FAIL("chdr_load_newest picked slot %d, the model slot %d (seq a %u, b %u)", rc, expect,
             (unsigned)le32(bufa + 8), (unsigned)le32(bufb + 8));
    const unsigned char *picked = rc ? bufb : bufa;
    check_loaded(&table, picked, seq);
    /* the same as loading that slot alone */
    scratch = before;
    uint32_t s1 = 0;
    if (chdr_load(&scratch, picked, rc ? lb : la, &s1) != CHDR_OK || !same_state(&scratch, &table))
        FAIL("chdr_load_newest ends differently from chdr_load of the slot it picked");
    return 0;
}
