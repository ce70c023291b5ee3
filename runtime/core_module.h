/* The fsgen.core table: every C primitive the Lua engine uses. */
#ifndef FSGEN_CORE_MODULE_H
#define FSGEN_CORE_MODULE_H

#include <lua.h>

int fsgen_core_open(lua_State *L);

#endif
