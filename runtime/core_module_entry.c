/* Entry point of the core as a loadable Lua module, for busted specs. */
#include <lua.h>

#include "core_module.h"

LUAMOD_API int luaopen_fsgen_core(lua_State *L);

LUAMOD_API int luaopen_fsgen_core(lua_State *L) { return fsgen_core_open(L); }
