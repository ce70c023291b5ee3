/* Lua precompiled at build time (cmake/embed_lua.cmake): the engine's
 * modules, and the shipped charts' modules with their source text. */
#ifndef FSGEN_EMBEDDED_LUA_H
#define FSGEN_EMBEDDED_LUA_H

#include <stddef.h>

struct embedded_chunk {
  const char *module;          /* "fsgen.engine", "charts/flagsmith/init.lua" */
  const unsigned char *code;   /* luac output */
  size_t code_size;
  const unsigned char *source; /* the text it was compiled from, or NULL */
  size_t source_size;
};

/* Each terminated by an entry whose module is NULL. */
extern const struct embedded_chunk embedded_lua[];
extern const struct embedded_chunk embedded_charts[];

#endif
