#define _GNU_SOURCE /* memrchr */
#include "cut_last.h"

#include <string.h>

#include <lauxlib.h>

int cut_last_lua(lua_State *L) {
  size_t len, sep_len;
  const char *s = luaL_checklstring(L, 1, &len);
  const char *sep = luaL_checklstring(L, 2, &sep_len);
  const char *at;
  luaL_argcheck(L, sep_len == 1, 2, "one byte expected");
  at = len ? memrchr(s, (unsigned char)sep[0], len) : NULL;
  if (!at) {
    lua_pushnil(L);
    return 1;
  }
  lua_pushlstring(L, s, (size_t)(at - s));
  lua_pushlstring(L, at + 1, len - (size_t)(at - s) - 1);
  return 2;
}
