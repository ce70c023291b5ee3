/* Copies of values trees, in C where Lua would grow every table key by key. */
#ifndef FSGEN_VALUES_COPY_H
#define FSGEN_VALUES_COPY_H

#include <lua.h>

/* Sets strip_nulls, deepcopy, list_shaped and value_kind in the table at
 * index `module`. */
void values_copy_register(lua_State *L, int module);

#endif
