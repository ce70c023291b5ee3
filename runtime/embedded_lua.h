/* The engine's Lua modules, precompiled at build time (cmake/embed_lua.cmake). */
#ifndef FSGEN_EMBEDDED_LUA_H
#define FSGEN_EMBEDDED_LUA_H

#include <stddef.h>

struct embedded_chunk {
  const char *module;        /* "fsgen.engine" */
  const unsigned char *code; /* luac output */
  size_t size;
};

/* Terminated by an entry whose module is NULL. */
extern const struct embedded_chunk embedded_lua[];

#endif
