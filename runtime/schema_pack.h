/* The built-in Kubernetes schema as constant data: the generated modules
 * of lua/fsgen/schema/data packed by cmake/schema_pack.lua, so that a run
 * pays only for the definitions it looks at (runtime/schema_defs.c).
 *
 * A value is a tag byte and its body; n is unsigned LEB128:
 *   FALSE, TRUE
 *   INT n        zigzag-encoded integer
 *   FLOAT        8 bytes, IEEE 754 little-endian
 *   STR n        string n of the text
 *   TABLE a h r  a array items (values), then h pairs (key value, value);
 *                r: hash slots to leave free beyond the h (the validator
 *                adds its notes to node tables)
 *   SHARED n     shared node n: one table, however often it is reached */
#ifndef FSGEN_SCHEMA_PACK_H
#define FSGEN_SCHEMA_PACK_H

#include <stddef.h>
#include <stdint.h>

enum schema_pack_tag {
  SCHEMA_PACK_FALSE = 1,
  SCHEMA_PACK_TRUE,
  SCHEMA_PACK_INT,
  SCHEMA_PACK_FLOAT,
  SCHEMA_PACK_STR,
  SCHEMA_PACK_TABLE,
  SCHEMA_PACK_SHARED
};

struct schema_pack_def {
  uint32_t name; /* string number */
  uint32_t at;   /* offset of its value in code */
};

struct schema_pack {
  const unsigned char *code;
  uint32_t code_size;
  const unsigned char *text;
  const uint32_t *string_at; /* nstrings + 1 offsets into text */
  uint32_t nstrings;
  const uint32_t *shared_at; /* offsets into code */
  uint32_t nshared;
  const struct schema_pack_def *defs; /* sorted by name, byte order */
  uint32_t ndefs;
};

extern const struct schema_pack schema_pack;

#endif
