/* Runs a Lua script (bench/emit_throughput.lua) in the runtime the fsgen
 * executable gives the emitter: Lua, libyaml, nettle and libc linked
 * statically, fsgen's block pool as the allocator, fsgen.core preloaded.
 * lua5.4 with the core module measures the emitter through the shared
 * liblua (every Lua API call through the PLT) and libc's allocator instead.
 *   emit-runner SCRIPT [ARGS...]      (arg[0] = SCRIPT, arg[1..] = ARGS) */
#include <stdio.h>

#include <lauxlib.h>
#include <lualib.h>

#include "core_module.h"
#include "lua_pool.h"

static void *pool_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  if (nsize == 0) {
    lua_pool_free(ud, ptr, ptr ? osize : 0);
    return NULL;
  }
  return lua_pool_resize(ud, ptr, ptr ? osize : 0, nsize);
}

int main(int argc, char **argv) {
  struct lua_pool pool = {0};
  lua_State *L;
  int status;
  if (argc < 2) {
    fputs("usage: emit-runner SCRIPT [ARGS...]\n", stderr);
    return 2;
  }
  L = lua_newstate(pool_alloc, &pool);
  if (!L) return 1;
  luaL_openlibs(L);
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  lua_pushcfunction(L, fsgen_core_open);
  lua_setfield(L, -2, "fsgen.core");
  lua_pop(L, 1);
  lua_createtable(L, argc, 0);
  for (int i = 1; i < argc; i++) {
    lua_pushstring(L, argv[i]);
    lua_rawseti(L, -2, i - 1);
  }
  lua_setglobal(L, "arg");
  status = luaL_dofile(L, argv[1]);
  if (status != LUA_OK) fprintf(stderr, "emit-runner: %s\n", lua_tostring(L, -1));
  lua_close(L);
  lua_pool_release(&pool);
  return status == LUA_OK ? 0 : 1;
}
