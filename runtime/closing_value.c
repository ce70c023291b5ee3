#include "closing_value.h"

#include <string.h>

#include <lauxlib.h>

void *closing_value_push(lua_State *L, size_t size, const char *mt, lua_CFunction release) {
  void *p = lua_newuserdatauv(L, size, 0);
  memset(p, 0, size);
  if (luaL_newmetatable(L, mt)) {
    lua_pushcfunction(L, release);
    lua_setfield(L, -2, "__close");
    lua_pushcfunction(L, release);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  lua_toclose(L, -1);
  return p;
}
