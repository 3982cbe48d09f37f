/* jsmn.h - customhdr's strict RFC 8259 JSON tokenizer with the API of jsmn 1.1.0

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
     JSMN_ERROR_NOMEM  more than num_tokens tokens, or (tokens == NULL) nesting deeper
                       than JSMN_COUNT_DEPTH
   After PART or NOMEM the parser can be called again with a longer text or a larger token
   array (same tokens contents) and continues where it stopped; after INVAL, jsmn_init it.
   A top-level number that reaches the end of the text is complete, so "12" then "123" is INVAL.
   While a container is open its token's `end` holds its parent's index (not -1). */
#ifndef JSMN_H
#define JSMN_H

#include <stddef.h>

#define JSMN_STRICT_RFC8259 1

/* Nesting depth the counting mode (tokens == NULL) can check; a multiple of 8. With a token
   array the depth is bounded only by num_tokens. Must be the same in every translation unit. */
#ifndef JSMN_COUNT_DEPTH
#define JSMN_COUNT_DEPTH 64
#endif

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
  unsigned int depth;   /* open containers (counting mode) */
  unsigned char expect; /* what may come next, a set of JSMN__ bits; 0 before jsmn_init */
  unsigned char kind;   /* innermost open container: JSMN_OBJECT, JSMN_ARRAY, or 0 */
  unsigned char nest[JSMN_COUNT_DEPTH / 8]; /* counting mode: 1 bit per level, 1 = object */
} jsmn_parser;

JSMN_API void jsmn_init(jsmn_parser *parser);

JSMN_API int jsmn_parse(jsmn_parser *parser, const char *js, const size_t len,
                        jsmntok_t *tokens, const unsigned int num_tokens);

#ifndef JSMN_HEADER

enum {
  JSMN__VALUE = 1,  /* a value may start */
  JSMN__KEY = 2,    /* a member name may start */
  JSMN__CLOSE = 4,  /* the innermost container may close */
  JSMN__COMMA = 8,  /* a comma may come */
  JSMN__COLON = 16, /* a colon must come */
  JSMN__DONE = 32   /* the top-level value is complete: only whitespace may follow */
};

/* Offsets are ints in jsmntok_t, so longer texts are refused (as NOMEM, a fixed limit). */
#define JSMN__MAXLEN ((size_t)((unsigned int)-1 >> 1))

static size_t jsmn__digits(const unsigned char *s, size_t i, size_t len) {
  while (i < len && (unsigned int)(s[i] - '0') < 10u)
    i++;
  return i;
}

JSMN_API void jsmn_init(jsmn_parser *parser) {
  unsigned int k;
  parser->pos = 0;
  parser->toknext = 0;
  parser->toksuper = -1;
  parser->depth = 0;
  parser->expect = JSMN__VALUE;
  parser->kind = 0;
  for (k = 0; k < sizeof parser->nest; k++)
    parser->nest[k] = 0;
}

JSMN_API int jsmn_parse(jsmn_parser *parser, const char *js, const size_t len,
                        jsmntok_t *tokens, const unsigned int num_tokens) {
  const unsigned char *s = (const unsigned char *)js;
  size_t i = parser->pos, start = i, ts, te;
  unsigned int n = parser->toknext, depth = parser->depth;
  unsigned int expect = parser->expect, kind = parser->kind;
  int sup = parser->toksuper, err = JSMN_ERROR_INVAL;
  jsmntype_t type;
  jsmntok_t *t;
  unsigned int c;

  if (len > JSMN__MAXLEN)
    return JSMN_ERROR_NOMEM;

  while (i < len) {
    c = s[i];
    start = i;
    switch (c) {
    case ' ':
    case '\n':
    case '\r':
    case '\t':
      i++;
      continue;

    case '"':
      if (!(expect & (JSMN__VALUE | JSMN__KEY)))
        goto fail;
      ts = ++i;
      for (;;) {
        /* Printable ASCII other than '"' and '\\' is by far the most common byte. */
        while (i < len && (c = s[i], c - 0x20u < 0x60u) && c != '"' && c != '\\')
          i++;
        if (i >= len)
          goto part;
        if (c == '"')
          break;
        if (c == '\\') {
          if (i + 1 >= len)
            goto part;
          switch (s[++i]) {
          case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
            i++;
            continue;
          case 'u':
            for (te = i + 5; ++i < te;) {
              if (i >= len)
                goto part;
              c = s[i];
              if ((c - '0') >= 10u && ((c | 0x20u) - 'a') >= 6u)
                goto fail;
            }
            continue;
          default:
            goto fail;
          }
        }
        if (c < 0x80u)
          goto fail; /* control character */
        {
          /* UTF-8 per RFC 3629: no overlongs (C0, C1, E0 80..9F, F0 80..8F), no surrogates
             (ED A0..BF), nothing above U+10FFFF (F4 90.., F5..FF). */
          unsigned int lo = 0x80, hi = 0xBF, more;
          if (c < 0xC2u || c > 0xF4u)
            goto fail;
          more = c >= 0xF0u ? 3u : c >= 0xE0u ? 2u : 1u;
          if (c == 0xE0u)
            lo = 0xA0;
          else if (c == 0xF0u)
            lo = 0x90;
          else if (c == 0xEDu)
            hi = 0x9F;
          else if (c == 0xF4u)
            hi = 0x8F;
          for (te = i + more; i++ < te; lo = 0x80, hi = 0xBF) {
            if (i >= len)
              goto part;
            if (s[i] < lo || s[i] > hi)
              goto fail;
          }
        }
      }
      te = i++;
      type = JSMN_STRING;
      break;

    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      if (!(expect & JSMN__VALUE))
        goto fail;
      ts = i;
      if (c == '-') {
        if (++i >= len)
          goto part;
        c = s[i];
      }
      if (c == '0')
        i++;
      else if (c - '1' < 9u)
        i = jsmn__digits(s, i + 1, len);
      else
        goto fail;
      if (i < len && s[i] == '.') {
        if (++i >= len)
          goto part;
        if ((unsigned int)(s[i] - '0') >= 10u)
          goto fail;
        i = jsmn__digits(s, i + 1, len);
      }
      if (i < len && (s[i] | 0x20u) == 'e') {
        if (++i < len && (s[i] == '+' || s[i] == '-'))
          i++;
        if (i >= len)
          goto part;
        if ((unsigned int)(s[i] - '0') >= 10u)
          goto fail;
        i = jsmn__digits(s, i + 1, len);
      }
      /* Inside a container more digits may follow in a longer text; at the top level the
         text ends here, so the number is complete. */
      if (i >= len && kind)
        goto part;
      te = i;
      type = JSMN_PRIMITIVE;
      break;

    case 't':
    case 'f':
    case 'n': {
      const char *lit = c == 't' ? "true" : c == 'f' ? "false" : "null";
      if (!(expect & JSMN__VALUE))
        goto fail;
      ts = i;
      while (*++lit) {
        if (++i >= len)
          goto part;
        if (s[i] != (unsigned char)*lit)
          goto fail;
      }
      te = ++i;
      type = JSMN_PRIMITIVE;
      break;
    }

    case '{':
    case '[':
      if (!(expect & JSMN__VALUE))
        goto fail;
      type = c == '{' ? JSMN_OBJECT : JSMN_ARRAY;
      if (tokens) {
        if (n >= num_tokens)
          goto nomem;
        t = &tokens[n];
        t->type = type;
        t->start = (int)i;
        t->end = sup; /* the parent, restored when this container closes */
        t->size = 0;
#ifdef JSMN_PARENT_LINKS
        t->parent = kind == JSMN_OBJECT ? (int)n - 1 : sup;
#endif
        if (kind == JSMN_ARRAY)
          tokens[sup].size++;
        sup = (int)n;
      } else {
        if (depth >= JSMN_COUNT_DEPTH)
          goto nomem;
        if (type == JSMN_OBJECT)
          parser->nest[depth >> 3] |= (unsigned char)(1u << (depth & 7));
        else
          parser->nest[depth >> 3] &= (unsigned char)~(1u << (depth & 7));
        depth++;
      }
      n++;
      kind = type;
      expect = type == JSMN_OBJECT ? JSMN__KEY | JSMN__CLOSE : JSMN__VALUE | JSMN__CLOSE;
      i++;
      continue;

    case '}':
    case ']':
      if (!(expect & JSMN__CLOSE) || kind != (c == '}' ? JSMN_OBJECT : JSMN_ARRAY))
        goto fail;
      if (tokens) {
        t = &tokens[sup];
        sup = t->end;
        t->end = (int)i + 1;
        kind = sup < 0 ? 0u : (unsigned int)tokens[sup].type;
      } else {
        depth--;
        /* bit 1 = object (JSMN_OBJECT == 1), bit 0 = array (JSMN_ARRAY == 2) */
        kind = depth ? 2u - (((unsigned int)parser->nest[(depth - 1) >> 3] >> ((depth - 1) & 7)) & 1u)
                     : 0u;
      }
      expect = kind ? JSMN__COMMA | JSMN__CLOSE : JSMN__DONE;
      i++;
      continue;

    case ',':
      if (!(expect & JSMN__COMMA))
        goto fail;
      expect = kind == JSMN_OBJECT ? JSMN__KEY : JSMN__VALUE;
      i++;
      continue;

    case ':':
      if (expect != JSMN__COLON)
        goto fail;
      expect = JSMN__VALUE;
      i++;
      continue;

    default:
      goto fail;
    }

    /* A string or primitive spans [ts, te). */
    if (tokens) {
      if (n >= num_tokens)
        goto nomem;
      t = &tokens[n];
      t->type = type;
      t->start = (int)ts;
      t->end = (int)te;
      t->size = (expect & JSMN__KEY) ? 1 : 0;
#ifdef JSMN_PARENT_LINKS
      t->parent = kind == JSMN_OBJECT && !(expect & JSMN__KEY) ? (int)n - 1 : sup;
#endif
      if (kind == JSMN_ARRAY || (expect & JSMN__KEY))
        tokens[sup].size++;
    }
    n++;
    expect = (expect & JSMN__KEY) ? JSMN__COLON : kind ? JSMN__COMMA | JSMN__CLOSE : JSMN__DONE;
  }
  start = i;
  err = expect == JSMN__DONE ? 0 : JSMN_ERROR_PART;
  goto out;

part:
  err = JSMN_ERROR_PART;
  i = start;
  goto out;
nomem:
  err = JSMN_ERROR_NOMEM;
  i = start;
fail:
out:
  parser->pos = (unsigned int)i;
  parser->toknext = n;
  parser->toksuper = sup;
  parser->depth = depth;
  parser->expect = (unsigned char)expect;
  parser->kind = (unsigned char)kind;
  return err ? err : (int)n;
}

#endif /* JSMN_HEADER */

#ifdef __cplusplus
}
#endif

#endif /* JSMN_H */
