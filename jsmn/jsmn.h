/* jsmn.h - v1.0 - customhdr's strict RFC 8259 JSON tokenizer with the API of jsmn 1.1.0

   Same types, fields, error values and macros as upstream jsmn (JSMN_STATIC, JSMN_HEADER,
   JSMN_PARENT_LINKS), same token conventions: a string token spans its text without the quotes,
   an object's size is its number of keys, a key's size is 1, an array's size is its number of
   elements, a primitive (number, true, false, null) spans its text, a container spans its
   brackets. Unlike upstream it is always strict: it accepts exactly one RFC 8259 JSON text
   (one value, surrounding whitespace allowed) and nothing else. See jsmn/README.md for every
   difference from upstream. Needs only <stddef.h>; no heap, no globals, no recursion.

   int jsmn_parse(parser, js, len, tokens, num_tokens)
     returns the number of tokens of the document (tokens == NULL: only counts, still strict),
     JSMN_ERROR_INVAL  not JSON: syntax, escape, number, literal, UTF-8, trailing bytes;
                       parser->pos is the offset of the offending byte
     JSMN_ERROR_PART   the text ends before the value is complete (also: empty input)
     JSMN_ERROR_NOMEM  more than num_tokens tokens; or (tokens == NULL) closing brackets
                       lead back more than JSMN_COUNT_DEPTH levels below the deepest
                       nesting, to a container whose kind counting mode no longer knows
   After PART, or NOMEM for want of tokens, the parser can be called again with a longer text or
   a larger token array (same tokens contents) and continues where it stopped; after INVAL or
   counting mode's NOMEM, jsmn_init it.
   A top-level number that reaches the end of the text is complete, so "12" then "123" is INVAL.
   While a container is open its token's `end` holds its parent's index (not -1). */
#ifndef JSMN_H
#define JSMN_H

#include <stddef.h>

#define JSMN_STRICT_RFC8259 1

/* Counting mode (tokens == NULL) remembers whether each of the innermost JSMN_COUNT_DEPTH open
   containers is an object or an array, one bit each in an unsigned long; nesting itself is
   unlimited. With a token array the tokens remember, and nothing is limited but num_tokens. */
#define JSMN_COUNT_DEPTH 32

#ifdef __cplusplus
extern "C" {
#endif

#ifdef JSMN_STATIC
#define JSMN_API static
#else
#define JSMN_API extern
#endif

typedef enum {
  JSMN_UNDEFINED = 0,
  JSMN_OBJECT = 1,
  JSMN_ARRAY = 2,
  JSMN_STRING = 3,
  JSMN_PRIMITIVE = 4
} jsmntype_t;

enum jsmnerr {
  JSMN_ERROR_NOMEM = -1, /* not enough tokens (or nesting too deep to count) */
  JSMN_ERROR_INVAL = -2, /* the text is not JSON */
  JSMN_ERROR_PART = -3   /* the text ends before the JSON value does */
};

typedef struct {
  jsmntype_t type;
  int start; /* offset of the first byte (strings: after the opening quote) */
  int end;   /* offset after the last byte (strings: of the closing quote) */
  int size;  /* object: keys, key: 1, array: elements, else 0 */
#ifdef JSMN_PARENT_LINKS
  int parent; /* index of the enclosing container, or of the key for a member value; -1 */
#endif
} jsmntok_t;

typedef struct {
  unsigned int pos;     /* offset in the JSON text */
  unsigned int toknext; /* tokens found so far */
  int toksuper;         /* innermost open container's token, -1 at the top level */
  unsigned int depth;   /* counting mode: open containers */
  unsigned long nest;   /* counting mode: a bit per open container, 1 = object, innermost low */
  unsigned char known;  /* counting mode: how many bits of nest are still valid */
  unsigned char expect; /* where parsing stands (JSMN__VALUE...); 0 before jsmn_init */
  unsigned char kind;   /* innermost open container: JSMN_OBJECT, JSMN_ARRAY, or 0 */
} jsmn_parser;

JSMN_API void jsmn_init(jsmn_parser *parser);

JSMN_API int jsmn_parse(jsmn_parser *parser, const char *js, const size_t len,
                        jsmntok_t *tokens, const unsigned int num_tokens);

#ifndef JSMN_HEADER

/* Where parsing stands between tokens; kept in parser->expect so a call can resume. */
enum {
  JSMN__FAILED = 0, /* after INVAL, or before jsmn_init: nothing is accepted */
  JSMN__VALUE,      /* a value must come: at the top level or after a colon */
  JSMN__OPENED,     /* after '{' or '[': the first member or element, or the closing bracket */
  JSMN__NEXT,       /* after a comma: a member name in an object, a value in an array */
  JSMN__COLON,
  JSMN__AFTER       /* after a value: ',' or the closing bracket; at the top level (kind 0)
                       the text is complete and only whitespace may follow */
};

/* The byte that closes a container of this kind: '}' (0x7D) for JSMN_OBJECT (1), ']' (0x5D)
   for JSMN_ARRAY (2). */
#define JSMN__CLOSER(kind) (0x9Du - 0x20u * (kind))

/* Offsets are ints in jsmntok_t, so longer texts are refused (as NOMEM, a fixed limit). */
#define JSMN__MAXLEN ((size_t)((unsigned int)-1 >> 1))

/* Every scan stops at p < end rather than p != end: the same test, since p never passes end,
   but one from which a static analyser bounds each read on its own (proof/README.md). */

/* The first byte at p that is not whitespace, or end. */
static const unsigned char *jsmn__ws(const unsigned char *p, const unsigned char *end) {
  while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
    p++;
  return p;
}

/* One or more digits at p: the byte after them; p itself when there is none. */
static const unsigned char *jsmn__digits(const unsigned char *p,
                                                    const unsigned char *end) {
  while (p < end && (unsigned int)(*p - '0') < 10u)
    p++;
  return p;
}

/* The string, number or literal whose first byte is at p. Sets *type to its type and returns
   the byte after it; or sets JSMN_ERROR_INVAL and returns the offending byte; or sets
   JSMN_ERROR_PART when the text ends inside it, or when a number inside a container (nested
   is nonzero) reaches the end: a longer text may hold more of its digits. */
static const unsigned char *jsmn__scalar(const unsigned char *p,
                                                   const unsigned char *end, unsigned int nested,
                                                   int *type) {
  const unsigned char *q;
  unsigned int c = *p;

  if (c == '"') {
    p++;
    for (;;) {
      /* Printable ASCII other than '"' and '\\' is by far the most common byte. */
      while (p < end && (c = *p, c - 0x20u < 0x60u) && c != '"' && c != '\\')
        p++;
      if (p >= end)
        goto part;
      if (c == '"') {
        *type = JSMN_STRING;
        return p + 1;
      }
      if (c == '\\') {
        if (++p >= end)
          goto part;
        if (*p == 'u') {
          for (c = 0; c < 4; c++) {
            if (++p >= end)
              goto part;
            if ((unsigned int)(*p - '0') >= 10u && (unsigned int)((*p | 0x20) - 'a') >= 6u)
              goto inval;
          }
        } else {
          const char *e = "\"\\/bfnrt";
          while (*e && (unsigned char)*e != *p)
            e++;
          if (!*e)
            goto inval;
        }
        p++;
        continue;
      }
      /* UTF-8 per RFC 3629: no overlongs (C0, C1, E0 80..9F, F0 80..8F), no surrogates
         (ED A0..BF), nothing above U+10FFFF (F4 90.., F5..FF); no control characters. */
      if (c < 0xC2u || c > 0xF4u)
        goto inval;
      {
        unsigned int lo = c == 0xE0u ? 0xA0u : c == 0xF0u ? 0x90u : 0x80u;
        unsigned int hi = c == 0xEDu ? 0x9Fu : c == 0xF4u ? 0x8Fu : 0xBFu;
        c = c >= 0xF0u ? 3u : c >= 0xE0u ? 2u : 1u; /* continuation bytes */
        do {
          if (++p >= end)
            goto part;
          if (*p < lo || *p > hi)
            goto inval;
          lo = 0x80;
          hi = 0xBF;
        } while (--c);
      }
      p++;
    }
  }

  if (c == 't' || c == 'f' || c == 'n') {
    const char *lit = c == 't' ? "true" : c == 'f' ? "false" : "null";
    while (*++lit) {
      if (++p >= end)
        goto part;
      if (*p != (unsigned char)*lit)
        goto inval;
    }
    *type = JSMN_PRIMITIVE;
    return p + 1;
  }

  /* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
  if (c == '-')
    p++;
  q = p;
  if (q < end && *q == '0')
    p++;
  else if ((p = jsmn__digits(q, end)) == q)
    goto digit;
  if (p < end && *p == '.') {
    q = ++p;
    if ((p = jsmn__digits(q, end)) == q)
      goto digit;
  }
  if (p < end && (*p | 0x20) == 'e') {
    if (++p < end && (*p == '+' || *p == '-'))
      p++;
    q = p;
    if ((p = jsmn__digits(q, end)) == q)
      goto digit;
  }
  if (p >= end && nested)
    goto part;
  *type = JSMN_PRIMITIVE;
  return p;

digit: /* the grammar wants a digit at p */
  if (p >= end) {
  part:
    *type = JSMN_ERROR_PART;
    return p;
  }
inval:
  *type = JSMN_ERROR_INVAL;
  return p;
}

JSMN_API void jsmn_init(jsmn_parser *parser) {
  parser->pos = 0;
  parser->toknext = 0;
  parser->toksuper = -1;
  parser->depth = 0;
  parser->nest = 0;
  parser->known = 0;
  parser->expect = JSMN__VALUE;
  parser->kind = 0;
}

/* One token a turn: skip whitespace, then take what the state (expect) allows there. */
JSMN_API int jsmn_parse(jsmn_parser *parser, const char *js, const size_t len,
                        jsmntok_t *tokens, const unsigned int num_tokens) {
  /* js may be NULL when len is 0; pointer arithmetic on NULL is undefined, "" is not */
  const unsigned char *const s = (const unsigned char *)(js ? js : ""), *end, *p, *q;
  unsigned int n = parser->toknext, kind = parser->kind, expect = parser->expect, c, key = 0;
  int sup = parser->toksuper, r;
  jsmntok_t *t;

  if (len > JSMN__MAXLEN)
    return JSMN_ERROR_NOMEM;
  if (parser->pos > len || expect == JSMN__FAILED || expect > JSMN__AFTER)
    return JSMN_ERROR_INVAL;
  end = s + len;
  p = s + parser->pos;
  /* For the analyser: states at the top level (sup -1) stay apart from those inside a
     container, where sup indexes a token. */
  /*@ dynamic_split sup < 0; */
#ifdef JSMN_PROOF_TOKENS
  /* a count of tokens then stays within the caller's array for the analyser, as it does */
  /*@ widen_hints n, JSMN_PROOF_TOKENS; */
#endif
  for (;;) {
    p = jsmn__ws(p, end);
    if (p >= end) { /* the text ends between tokens */
      r = expect == JSMN__AFTER && !kind ? (int)n : JSMN_ERROR_PART;
      goto save;
    }
    c = *p;
    key = 0;
    if (expect == JSMN__COLON) {
      if (c != ':')
        goto inval;
      p++;
      expect = JSMN__VALUE;
      continue;
    }
    if (expect == JSMN__AFTER) {
      if (!kind)
        goto inval; /* something after the top-level value */
      if (c == ',') {
        p++;
        expect = JSMN__NEXT;
        continue;
      }
      if (c != JSMN__CLOSER(kind))
        goto inval;
    }
    if (expect == JSMN__AFTER || (expect == JSMN__OPENED && c == JSMN__CLOSER(kind))) {
      if (tokens) {
        t = &tokens[sup];
        sup = t->end; /* the parent, kept there while the container was open */
        t->end = (int)(p - s) + 1;
        kind = sup < 0 ? 0u : (unsigned int)tokens[sup].type;
      } else {
        parser->nest >>= 1;
        parser->known--;
        if (!--parser->depth)
          kind = 0;
        else if (!parser->known)
          goto forgotten;
        else /* bit 1 = object (JSMN_OBJECT == 1), bit 0 = array (JSMN_ARRAY == 2) */
          kind = 2u - (unsigned int)(parser->nest & 1u);
      }
      p++;
      expect = JSMN__AFTER;
      continue;
    }
    /* a value, or in an object after '{' or ',' a member name */
    if (expect != JSMN__VALUE && kind == JSMN_OBJECT) {
      if (c != '"')
        goto inval;
      key = 1;
    }
    if (c == '{' || c == '[') {
      r = c == '{' ? JSMN_OBJECT : JSMN_ARRAY;
      q = p + 1;
    } else {
      q = jsmn__scalar(p, end, kind, &r);
      if (r == JSMN_ERROR_PART)
        goto part;
      if (r < 0) {
        p = q;
        goto inval;
      }
    }
    if (tokens) {
      if (n >= num_tokens)
        goto nomem;
      t = &tokens[n];
      t->type = (jsmntype_t)r;
      /* a string's token leaves out its quotes; an open container's end holds its parent */
      t->start = (int)(p - s) + (r == JSMN_STRING);
      t->end = r <= JSMN_ARRAY ? sup : (int)(q - s) - (r == JSMN_STRING);
      t->size = (int)key;
#ifdef JSMN_PARENT_LINKS
      t->parent = kind == JSMN_OBJECT && !key ? (int)n - 1 : sup;
#endif
      /* unsigned: a count of tokens cannot reach INT_MAX, and so no analysis need show it */
      if (key || kind == JSMN_ARRAY)
        tokens[sup].size = (int)((unsigned int)tokens[sup].size + 1u);
      if (r <= JSMN_ARRAY)
        sup = (int)n;
    } else if (r <= JSMN_ARRAY) {
      parser->nest = parser->nest << 1 | (r == JSMN_OBJECT);
      if (parser->known < JSMN_COUNT_DEPTH)
        parser->known++;
      parser->depth++;
    }
    n++;
    p = q;
    if (r <= JSMN_ARRAY) {
      kind = (unsigned int)r;
      expect = JSMN__OPENED;
    } else {
      expect = key ? JSMN__COLON : JSMN__AFTER;
    }
  }

inval:
  r = JSMN_ERROR_INVAL;
  expect = JSMN__FAILED;
  goto save;
forgotten: /* counting mode: the enclosing container's kind fell off the bit stack */
  r = JSMN_ERROR_NOMEM;
  expect = JSMN__FAILED;
  goto save;
nomem:
  r = JSMN_ERROR_NOMEM;
  goto restart;
part: /* the text ends inside the token at p */
  r = JSMN_ERROR_PART;
restart: /* a later call starts again at p, with the token that did not fit or end */
  expect = key ? JSMN__NEXT : JSMN__VALUE;
save:
  parser->pos = (unsigned int)(p - s);
  parser->toknext = n;
  parser->toksuper = sup;
  parser->expect = (unsigned char)expect;
  parser->kind = (unsigned char)kind;
  return r;
}

#endif /* JSMN_HEADER */

#ifdef __cplusplus
}
#endif

#endif /* JSMN_H */
