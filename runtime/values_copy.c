#include "values_copy.h"

#include <lauxlib.h>

#include "markers.h"

/* Deeper than layering lets values nest (merge.MAX_DEPTH), with room to spare;
 * a chart's defaults are not checked by layering, so a cycle in them ends
 * here with an error instead of exhausting the C stack. */
#define MAX_COPY_DEPTH 1100

/* merge.is_list in C: tagged fsgen.list (kind is the table's marker), or
 * keys exactly 1..n with n > 0.  *count receives the number of entries
 * either way. */
static int is_list(lua_State *L, int idx, enum marker_kind kind, lua_Integer *count) {
  lua_Integer n = 0;
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    n++;
    lua_pop(L, 1);
  }
  *count = n;
  if (kind == MARKER_LIST) return 1;
  if (kind == MARKER_MAP || n == 0) return 0;
  for (lua_Integer i = 1; i <= n; i++) {
    int present = lua_rawgeti(L, idx, i) != LUA_TNIL;
    lua_pop(L, 1);
    if (!present) return 0;
  }
  return 1;
}

/* A table of at most this many pairs is copied with one traversal: its
 * pairs are gathered on the stack, counted (to presize the copy, and to
 * see whether it is a list) and copied from there.  A larger one is
 * traversed twice, once to count, once to copy: gathered pairs stay on the
 * stack while the copy descends, so their number is bounded per level. */
#define GATHER_MAX 256

/* Pushes the pairs of the table at idx, key then value, and returns how
 * many; *list_shaped: the keys are exactly 1..n, n > 0.  -1, with nothing
 * pushed, past GATHER_MAX pairs or when the stack cannot hold them. */
static lua_Integer gather_pairs(lua_State *L, int idx, int *list_shaped) {
  int base = lua_gettop(L), positive = 1;
  lua_Integer n = 0, max_key = 0;
  if (!lua_checkstack(L, 2 * GATHER_MAX + 8)) return -1;
  lua_pushnil(L);
  while (lua_next(L, idx)) { /* key value */
    if (n == GATHER_MAX) {
      lua_settop(L, base);
      return -1;
    }
    n++;
    if (positive) {
      lua_Integer k = lua_isinteger(L, -2) ? lua_tointeger(L, -2) : 0;
      if (k < 1)
        positive = 0;
      else if (k > max_key)
        max_key = k;
    }
    lua_pushvalue(L, -2); /* the key again, for the next lua_next */
  }
  *list_shaped = positive && n > 0 && max_key == n; /* distinct keys in 1..n */
  return n;
}

static void strip_table(lua_State *L, int idx, int depth);
static void copy_value(lua_State *L, int idx, int seen, int depth);

/* One table being copied: by strip_nulls (seen 0) or deepcopy (seen: the
 * index of the table of copies made so far). */
struct copy_job {
  int seen, depth, list;
};

/* Sets the copy of the pair at k, v into the table at out. */
static void copy_pair(lua_State *L, int out, int k, int v, const struct copy_job *job) {
  if (job->seen) {
    copy_value(L, v, job->seen, job->depth + 1); /* value' */
    copy_value(L, k, job->seen, job->depth + 1); /* value' key' */
    lua_insert(L, -2);
  } else if (lua_type(L, v) == LUA_TTABLE) {
    lua_pushvalue(L, k);
    strip_table(L, v, job->depth + 1);
  } else if (!job->list && markers_kind(L, v) == MARKER_NULL) {
    return;
  } else {
    lua_pushvalue(L, k);
    lua_pushvalue(L, v);
  }
  lua_rawset(L, out);
}

/* Pushes the copy of the table at idx (its tag kept), presized; for
 * deepcopy it is entered in seen before its contents are copied. */
static void copy_table(lua_State *L, int idx, int seen, int depth) {
  struct copy_job job = {seen, depth, 0};
  lua_Integer count;
  int out, shaped, base = lua_gettop(L);
  enum marker_kind kind = markers_kind(L, idx);
  count = gather_pairs(L, idx, &shaped);
  if (count >= 0) {
    job.list = kind == MARKER_LIST || (kind != MARKER_MAP && shaped);
  } else {
    job.list = is_list(L, idx, kind, &count);
  }
  /* Presized: growing a table key by key rehashes it at every power of two. */
  lua_createtable(L, job.list ? (int)count : 0, job.list ? 0 : (int)count);
  out = lua_gettop(L);
  if (seen) {
    lua_pushvalue(L, idx);
    lua_pushvalue(L, out);
    lua_rawset(L, seen);
  }
  if (out > base + 1) { /* gathered */
    for (int i = base + 1; i < out; i += 2) copy_pair(L, out, i, i + 1, &job);
    lua_replace(L, base + 1);
    lua_settop(L, base + 1);
  } else {
    lua_pushnil(L);
    while (lua_next(L, idx)) {
      copy_pair(L, out, out + 1, out + 2, &job);
      lua_pop(L, 1);
    }
  }
  if (kind == MARKER_LIST || kind == MARKER_MAP) markers_tag(L, base + 1, kind);
}

/* Pushes the copy of the table at idx without fsgen.null map entries. */
static void strip_table(lua_State *L, int idx, int depth) {
  if (depth > MAX_COPY_DEPTH)
    luaL_error(L, "values nested deeper than %d levels (a table that contains itself?)",
               MAX_COPY_DEPTH);
  luaL_checkstack(L, 6, "values nested too deep");
  copy_table(L, idx, 0, depth);
}

/* core.list_shaped(v): merge.is_list, the engine's most asked question,
 * without a Lua loop over the keys. */
static int l_list_shaped(lua_State *L) {
  lua_Integer count;
  int list = 0;
  if (lua_type(L, 1) == LUA_TTABLE) {
    enum marker_kind kind;
    lua_settop(L, 1);
    kind = markers_kind(L, 1);
    if (kind == MARKER_LIST)
      list = 1;
    else if (kind != MARKER_MAP && lua_rawgeti(L, 1, 1) != LUA_TNIL)
      list = is_list(L, 1, kind, &count);
  }
  lua_pushboolean(L, list);
  return 1;
}

/* core.value_kind(v): what values.check calls v in its messages and
 * compares with the default: "null", "empty" (an untagged empty table),
 * "list", "map", or type(v).  One call where it asked four. */
static int l_value_kind(lua_State *L) {
  int type = lua_type(L, 1);
  const char *kind = lua_typename(L, type);
  if (type == LUA_TTABLE) {
    enum marker_kind tag = markers_kind(L, 1);
    lua_settop(L, 1);
    if (tag == MARKER_LIST) {
      kind = "list";
    } else if (tag == MARKER_MAP) {
      kind = "map";
    } else {
      lua_pushnil(L);
      if (!lua_next(L, 1)) {
        kind = "empty";
      } else {
        lua_Integer count;
        int present;
        lua_settop(L, 1);
        present = lua_rawgeti(L, 1, 1) != LUA_TNIL;
        lua_pop(L, 1);
        kind = present && is_list(L, 1, tag, &count) ? "list" : "map";
      }
    }
  } else if (type == LUA_TUSERDATA && markers_kind(L, 1) == MARKER_NULL) {
    kind = "null";
  }
  lua_pushstring(L, kind);
  return 1;
}

/* Pushes the copy of the value at idx (tables deep, with their tags); seen,
 * at index `seen`, maps each table met to its copy, so a table shared (or
 * met again on its own path) is copied once and stays shared. */
static void copy_value(lua_State *L, int idx, int seen, int depth) {
  if (lua_type(L, idx) != LUA_TTABLE) {
    lua_pushvalue(L, idx);
    return;
  }
  lua_pushvalue(L, idx);
  if (lua_rawget(L, seen) != LUA_TNIL) return;
  lua_pop(L, 1);
  if (depth > MAX_COPY_DEPTH)
    luaL_error(L, "deepcopy: tables nested deeper than %d levels", MAX_COPY_DEPTH);
  luaL_checkstack(L, 6, "tables nested too deep");
  copy_table(L, idx, seen, depth);
}

/* core.deepcopy(v): merge.deepcopy, presizing each copy. */
static int l_deepcopy(lua_State *L) {
  luaL_checkany(L, 1);
  lua_settop(L, 1);
  lua_newtable(L); /* seen */
  copy_value(L, 1, 2, 0);
  return 1;
}

/* core.strip_nulls(v): a deep copy of v without fsgen.null map entries (what
 * a chart's render sees).  In lists fsgen.null stays: removing it would shift
 * later elements.  Shared subtables are copied apart, as a tree. */
static int l_strip_nulls(lua_State *L) {
  luaL_checkany(L, 1);
  lua_settop(L, 1);
  if (lua_type(L, 1) == LUA_TTABLE) strip_table(L, 1, 0);
  return 1;
}

static const luaL_Reg values_copy_funcs[] = {{"strip_nulls", l_strip_nulls},
                                             {"deepcopy", l_deepcopy},
                                             {"list_shaped", l_list_shaped},
                                             {"value_kind", l_value_kind},
                                             {NULL, NULL}};

void values_copy_register(lua_State *L, int module) {
  module = lua_absindex(L, module);
  lua_pushvalue(L, module);
  luaL_setfuncs(L, values_copy_funcs, 0);
  lua_pop(L, 1);
}
