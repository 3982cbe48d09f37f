/* small_part.h - customhdr for a small part: the four AXIS OS defaults and one
   Access-Control-Allow-Origin of up to 60 bytes, a request of up to 512 bytes, a 256-byte
   response window. Include it (or copy its lines) before customhdr.h in every file that
   includes customhdr.h. make size counts what it needs (README: "RAM"); tests/test_config.c
   holds it to what it promises. */
#ifndef CUSTOMHDR_SMALL_PART_H
#define CUSTOMHDR_SMALL_PART_H
#define CHDR_MAX_HEADERS 5   /* the four defaults and one more */
#define CHDR_STORAGE 288     /* their names and values: 184 + 27 + 60 = 271 bytes, and room */
#define CHDR_NAME_MAX 32     /* Access-Control-Allow-Origin is 27 */
#define CHDR_VALUE_MAX 128   /* the CSP default is 61 */
#define CHDR_CONTEXT_MAX 64  /* a UUID is 36 */
#define CHDR_MAX_TOKENS 24   /* a set, list or remove of five headers needs 19 */
#define CHDR_REQUEST_MAX 512 /* a set of all five headers, context and all */
#endif
