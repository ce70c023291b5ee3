/* A C resource owned by a Lua to-be-closed value: released when the C
 * function that made it returns or raises, and by the collector as a
 * backstop. */
#ifndef FSGEN_CLOSING_VALUE_H
#define FSGEN_CLOSING_VALUE_H

#include <stddef.h>

#include <lua.h>

/* Pushes a zeroed userdata of size bytes with the metatable mt (made on
 * first use, with release as __close and __gc), marked to be closed, and
 * returns its memory.  release must accept the zeroed state. */
void *closing_value_push(lua_State *L, size_t size, const char *mt, lua_CFunction release);

#endif
