#include "schema_defs.h"

#include <limits.h>
#include <string.h>

#include <lauxlib.h>

#include "schema_pack.h"

#define STRINGS lua_upvalueindex(1) /* string number + 1 -> Lua string */
#define SHARED lua_upvalueindex(2)  /* shared node number + 1 -> table */

/* Nesting of tables inside one node; the data nests about ten deep (a ref
 * by name ends each branch), so anything deeper is a broken pack. */
#define MAX_DEPTH 100

struct reader {
  lua_State *L;
  const unsigned char *at, *end;
  int depth;
};

/* The pack is built with fsgen; this only stops a broken build from
 * reading past its arrays. */
static int corrupt(lua_State *L) {
  return luaL_error(L, "the built-in schema data is corrupt (rebuild fsgen)");
}

static uint64_t read_n(struct reader *r) {
  uint64_t n = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    unsigned b;
    if (r->at >= r->end) corrupt(r->L);
    b = *r->at++;
    n |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) return n;
  }
  corrupt(r->L);
  return 0;
}

/* Strings are interned once per def function: most nodes repeat the same
 * few field names and type words. */
static void push_string(struct reader *r, uint64_t i) {
  lua_State *L = r->L;
  uint32_t from, to;
  if (i >= schema_pack.nstrings) corrupt(L);
  if (lua_rawgeti(L, STRINGS, (lua_Integer)i + 1) != LUA_TNIL) return;
  lua_pop(L, 1);
  from = schema_pack.string_at[i];
  to = schema_pack.string_at[i + 1];
  lua_pushlstring(L, (const char *)schema_pack.text + from, to - from);
  lua_pushvalue(L, -1);
  lua_rawseti(L, STRINGS, (lua_Integer)i + 1);
}

static void push_value(struct reader *r);

static void push_table(struct reader *r) {
  lua_State *L = r->L;
  uint64_t narr = read_n(r), nhash = read_n(r), room = read_n(r);
  if (narr > INT_MAX || nhash > INT_MAX / 2 || room > INT_MAX / 2) corrupt(L);
  luaL_checkstack(L, 4, "schema data nested too deep");
  lua_createtable(L, (int)narr, (int)(nhash + room));
  for (lua_Integer i = 1; i <= (lua_Integer)narr; i++) {
    push_value(r);
    lua_rawseti(L, -2, i);
  }
  for (uint64_t i = 0; i < nhash; i++) {
    push_value(r);
    push_value(r);
    lua_rawset(L, -3);
  }
}

static void push_shared(struct reader *r, uint64_t n) {
  lua_State *L = r->L;
  struct reader node;
  if (n >= schema_pack.nshared || schema_pack.shared_at[n] >= schema_pack.code_size) corrupt(L);
  if (lua_rawgeti(L, SHARED, (lua_Integer)n + 1) != LUA_TNIL) return;
  lua_pop(L, 1);
  node.L = L;
  node.at = schema_pack.code + schema_pack.shared_at[n];
  node.end = schema_pack.code + schema_pack.code_size;
  node.depth = r->depth;
  push_value(&node);
  lua_pushvalue(L, -1);
  lua_rawseti(L, SHARED, (lua_Integer)n + 1);
}

static void push_value(struct reader *r) {
  lua_State *L = r->L;
  if (r->at >= r->end || ++r->depth > MAX_DEPTH) corrupt(L);
  switch (*r->at++) {
  case SCHEMA_PACK_FALSE:
    lua_pushboolean(L, 0);
    break;
  case SCHEMA_PACK_TRUE:
    lua_pushboolean(L, 1);
    break;
  case SCHEMA_PACK_INT: {
    uint64_t z = read_n(r);
    lua_pushinteger(L, (lua_Integer)((z >> 1) ^ (0 - (z & 1))));
    break;
  }
  case SCHEMA_PACK_FLOAT: {
    uint64_t bits = 0;
    double d;
    if (r->end - r->at < 8) corrupt(L);
    for (int i = 7; i >= 0; i--) bits = bits << 8 | r->at[i];
    r->at += 8;
    memcpy(&d, &bits, sizeof d);
    lua_pushnumber(L, d);
    break;
  }
  case SCHEMA_PACK_STR:
    push_string(r, read_n(r));
    break;
  case SCHEMA_PACK_TABLE:
    push_table(r);
    break;
  case SCHEMA_PACK_SHARED:
    push_shared(r, read_n(r));
    break;
  default:
    corrupt(L);
  }
  r->depth--;
}

static int compare_name(const char *name, size_t len, uint32_t string) {
  uint32_t from = schema_pack.string_at[string], to = schema_pack.string_at[string + 1];
  size_t other = to - from;
  int c = memcmp(name, schema_pack.text + from, len < other ? len : other);
  if (c != 0) return c;
  return len < other ? -1 : len > other;
}

static int schema_def_lua(lua_State *L) {
  size_t len;
  const char *name = luaL_checklstring(L, 1, &len);
  uint32_t lo = 0, hi = schema_pack.ndefs;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    const struct schema_pack_def *d = &schema_pack.defs[mid];
    int c = compare_name(name, len, d->name);
    if (c == 0) {
      struct reader r = {L, schema_pack.code + d->at, schema_pack.code + schema_pack.code_size, 0};
      push_value(&r);
      return 1;
    }
    if (c < 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  lua_pushnil(L);
  return 1;
}

int schema_defs_lua(lua_State *L) {
  lua_createtable(L, (int)schema_pack.nstrings, 0);
  lua_createtable(L, (int)schema_pack.nshared, 0);
  lua_pushcclosure(L, schema_def_lua, 2);
  return 1;
}
