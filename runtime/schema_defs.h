/* core.schema_defs() -> def(name): a function giving the node table of a
 * built-in definition (as fsgen.schema.data's build would) or nil.  Each
 * def function keeps its own strings and shared nodes: tables it returns
 * are built once per def function and may be changed by the caller (the
 * validator caches its walkers in them). */
#ifndef FSGEN_SCHEMA_DEFS_H
#define FSGEN_SCHEMA_DEFS_H

#include <lua.h>

int schema_defs_lua(lua_State *L);

#endif
