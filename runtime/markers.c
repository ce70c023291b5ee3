#include "markers.h"

#include <lauxlib.h>

static int null_tostring(lua_State *L) {
  lua_pushliteral(L, "fsgen.null");
  return 1;
}

void markers_push_null(lua_State *L) {
  lua_getfield(L, LUA_REGISTRYINDEX, "fsgen.null.value");
}

void markers_tag(lua_State *L, int idx, enum marker_kind kind) {
  idx = lua_absindex(L, idx);
  luaL_getmetatable(L, kind == MARKER_LIST ? FSGEN_LIST_MT : FSGEN_MAP_MT);
  lua_setmetatable(L, idx);
}

enum marker_kind markers_kind(lua_State *L, int idx) {
  enum marker_kind kind = MARKER_NONE;
  int type = lua_type(L, idx);
  if ((type != LUA_TTABLE && type != LUA_TUSERDATA) || !lua_getmetatable(L, idx))
    return MARKER_NONE;
  if (type == LUA_TUSERDATA) {
    luaL_getmetatable(L, FSGEN_NULL_MT);
    if (lua_rawequal(L, -1, -2)) kind = MARKER_NULL;
    lua_pop(L, 2);
    return kind;
  }
  luaL_getmetatable(L, FSGEN_LIST_MT);
  if (lua_rawequal(L, -1, -2)) kind = MARKER_LIST;
  lua_pop(L, 1);
  if (kind == MARKER_NONE) {
    luaL_getmetatable(L, FSGEN_MAP_MT);
    if (lua_rawequal(L, -1, -2)) kind = MARKER_MAP;
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  return kind;
}

/* fsgen.list(t) / fsgen.map(t): tag and return t (a new table when absent). */
static int tag_table(lua_State *L, enum marker_kind kind) {
  if (lua_isnoneornil(L, 1)) {
    lua_settop(L, 0);
    lua_newtable(L);
  } else {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
  }
  markers_tag(L, 1, kind);
  return 1;
}

static int l_list(lua_State *L) { return tag_table(L, MARKER_LIST); }
static int l_map(lua_State *L) { return tag_table(L, MARKER_MAP); }

static int is_kind(lua_State *L, enum marker_kind kind) {
  lua_pushboolean(L, markers_kind(L, 1) == kind);
  return 1;
}

static int l_is_null(lua_State *L) { return is_kind(L, MARKER_NULL); }
static int l_is_list(lua_State *L) { return is_kind(L, MARKER_LIST); }
static int l_is_map(lua_State *L) { return is_kind(L, MARKER_MAP); }

static const luaL_Reg marker_funcs[] = {
  {"list", l_list},       {"map", l_map},       {"is_null", l_is_null},
  {"is_list", l_is_list}, {"is_map", l_is_map}, {NULL, NULL}};

void markers_register(lua_State *L, int module) {
  module = lua_absindex(L, module);
  if (luaL_newmetatable(L, FSGEN_NULL_MT)) {
    lua_pushcfunction(L, null_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushliteral(L, "fsgen.null");
    lua_setfield(L, -2, "__name");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable"); /* overlays cannot reach or alter it */
  }
  lua_pop(L, 1);
  if (luaL_newmetatable(L, FSGEN_LIST_MT)) {
    lua_pushliteral(L, "fsgen.list");
    lua_setfield(L, -2, "__name");
    lua_pushliteral(L, "fsgen.list");
    lua_setfield(L, -2, "__metatable");
  }
  lua_pop(L, 1);
  if (luaL_newmetatable(L, FSGEN_MAP_MT)) {
    lua_pushliteral(L, "fsgen.map");
    lua_setfield(L, -2, "__name");
    lua_pushliteral(L, "fsgen.map");
    lua_setfield(L, -2, "__metatable");
  }
  lua_pop(L, 1);
  if (lua_getfield(L, LUA_REGISTRYINDEX, "fsgen.null.value") == LUA_TNIL) {
    lua_pop(L, 1);
    lua_newuserdatauv(L, 0, 0);
    luaL_setmetatable(L, FSGEN_NULL_MT);
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, "fsgen.null.value");
  }
  lua_setfield(L, module, "null");
  lua_pushvalue(L, module);
  luaL_setfuncs(L, marker_funcs, 0);
  lua_pop(L, 1);
}
