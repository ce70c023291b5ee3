/* What a YAML scalar means: tags and the YAML 1.2 core schema. */
#ifndef FSGEN_YAML_RESOLVE_H
#define FSGEN_YAML_RESOLVE_H

#include <stddef.h>

#include <lua.h>

enum yaml_tag {
  YTAG_NONE,    /* no tag: a plain scalar resolves by the core schema */
  YTAG_STR,     /* !!str, "!" (non-specific), or any quoted/block scalar */
  YTAG_INT,
  YTAG_FLOAT,
  YTAG_BOOL,
  YTAG_NULL,
  YTAG_MAP,
  YTAG_SEQ,
  YTAG_UNKNOWN  /* any other tag: fsgen refuses it */
};

/* Classifies a tag as libyaml reports it (NULL when the node has none). */
enum yaml_tag yaml_tag_of(const char *tag);

/* Pushes the value of a scalar: text[0..len) read as `tag` (YTAG_NONE for a
 * plain untagged scalar).  text[len] must be '\0', as libyaml guarantees.
 * Returns NULL, or (pushing nothing) a message that never repeats the text:
 * values can be secrets. */
const char *yaml_resolve_push(lua_State *L, const char *text, size_t len,
                              enum yaml_tag tag);

#endif
