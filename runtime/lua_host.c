#include "lua_host.h"

#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lualib.h>

#include "core_module.h"
#include "embedded_lua.h"
#include "parallel.h"

/* Debian's lua-filesystem exports this from the library we link. */
int luaopen_lfs(lua_State *L);

#define HOOK_STEP 10000 /* instructions between budget checks */

/* A render keeps nearly all it allocates until its output is written (a
 * prod render: 1.2 MB, of which collecting frees 4%), so every collection
 * before that size is pure cost: about 6% of a whole run.  The collector
 * starts stopped and is switched on at the first safe point past this size
 * (or half the memory cap): the instruction hook, and each entry to and
 * return from sandboxed code, which every environment of --each passes. */
#define GC_HOLD_BYTES ((size_t)4 << 20)

struct host_limits *host_limits_of(lua_State *L) {
  return *(struct host_limits **)lua_getextraspace(L);
}

/* The sanitizer build gives every Lua block to malloc, so that
 * AddressSanitizer watches each one's bounds. */
#ifdef FSGEN_SANITIZE
#define block_new(pool, nsize) ((void)(pool), malloc(nsize))
#define block_resize(pool, ptr, old, nsize) ((void)(pool), (void)(old), realloc((ptr), (nsize)))
#define block_free(pool, ptr, old) ((void)(pool), (void)(old), free(ptr))
#else
#define block_new lua_pool_new
#define block_resize lua_pool_resize
#define block_free lua_pool_free
#endif

/* lua_Alloc with accounting: refuses growth past the cap, so runaway overlay
 * code ends in a Lua memory error instead of the OOM killer. */
static void *capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  struct host_limits *lim = ud;
  size_t old = ptr ? osize : 0;
  void *p;
  if (nsize == 0) {
    block_free(&lim->pool, ptr, old);
    lim->memory_used -= old;
    return NULL;
  }
  if (lim->memory_limit && nsize > old &&
      lim->memory_used + (nsize - old) > lim->memory_limit) {
    lim->memory_exceeded = 1;
    return NULL;
  }
  p = ptr ? block_resize(&lim->pool, ptr, old, nsize) : block_new(&lim->pool, nsize);
  if (p) lim->memory_used = lim->memory_used - old + nsize;
  return p;
}

/* Allocation cannot call the collector, hence the safe points. */
static void end_gc_hold(lua_State *L, struct host_limits *lim) {
  size_t hold = GC_HOLD_BYTES;
  if (lim->memory_limit && lim->memory_limit / 2 < hold) hold = lim->memory_limit / 2;
  if (lim->gc_held && lim->memory_used > hold) {
    lim->gc_held = 0;
    lua_gc(L, LUA_GCRESTART);
  }
}

static void count_hook(lua_State *L, lua_Debug *ar) {
  struct host_limits *lim = host_limits_of(L);
  (void)ar;
  end_gc_hold(L, lim);
  lim->instructions += HOOK_STEP;
  if (lim->instruction_limit && lim->instructions > lim->instruction_limit) {
    luaL_where(L, 0); /* the Lua code that was running: the loop */
    lua_pushfstring(L, "instruction budget of %I exceeded (an endless loop? raise it with "
                       "--max-instructions)", (lua_Integer)lim->instruction_limit);
    lua_concat(L, 2);
    lua_error(L);
  }
}

/* fsgen.host.limit_exceeded(): true once a limit stopped the run, so the
 * sandbox can keep pcall from swallowing that error. */
static int l_limit_exceeded(lua_State *L) {
  struct host_limits *lim = host_limits_of(L);
  lua_pushboolean(L, lim->memory_exceeded ||
                       (lim->instruction_limit && lim->instructions > lim->instruction_limit));
  return 1;
}

/* fsgen.host.sandboxed(fn, ...): calls fn under the instruction budget.
 * Only overlay and chart code runs with the count hook (which takes every
 * Lua instruction off the VM's fast path); the engine's own work is bounded
 * by its input.  Nests: the hook state is saved and put back, also when fn
 * raises.
 *
 * fsgen.host.trusted(fn, ...): the same call without the hook, for the
 * shipped chart running as built (every module precompiled from the very
 * text on disk): fsgen's own code, bounded by its input like the engine.
 * fsgen.host.distrust(): a module from elsewhere is about to run inside a
 * trusted call.  Its functions may be called from trusted code later, so
 * the hook goes on at once and trusted calls are sandboxed from then on. */
static int sandboxed_handler(lua_State *L) {
  /* With --trace, the traceback is taken here, where the stack still holds
   * the overlay's frames. */
  if (host_limits_of(L)->trace && lua_type(L, 1) == LUA_TSTRING &&
      !strstr(lua_tostring(L, 1), "\nstack traceback:"))
    luaL_traceback(L, L, lua_tostring(L, 1), 1);
  return 1;
}

static int guarded_call(lua_State *L, int trusted) {
  struct host_limits *lim = host_limits_of(L);
  int status, base;
  lua_Hook hook = lua_gethook(L);
  int mask = lua_gethookmask(L), count = lua_gethookcount(L);
  luaL_checktype(L, 1, LUA_TFUNCTION);
  end_gc_hold(L, lim);
  lua_pushcfunction(L, sandboxed_handler);
  lua_insert(L, 1);
  base = 1;
  trusted = trusted && !lim->distrusted;
  if (trusted)
    lua_sethook(L, NULL, 0, 0);
  else if (lim->instruction_limit > 0)
    lua_sethook(L, count_hook, LUA_MASKCOUNT, HOOK_STEP);
  lim->trusted_depth += trusted;
  status = lua_pcall(L, lua_gettop(L) - 2, LUA_MULTRET, base);
  lim->trusted_depth -= trusted;
  /* A module distrusted inside this call may be called by the trusted code
   * around it, which then has to be counted too: the hook stays on. */
  if (lim->distrusted && lim->instruction_limit > 0)
    lua_sethook(L, count_hook, LUA_MASKCOUNT, HOOK_STEP);
  else
    lua_sethook(L, hook, mask, count);
  end_gc_hold(L, lim);
  if (status != LUA_OK) return lua_error(L);
  return lua_gettop(L) - base;
}

static int l_sandboxed(lua_State *L) { return guarded_call(L, 0); }

static int l_trusted(lua_State *L) { return guarded_call(L, 1); }

static int l_distrust(lua_State *L) {
  struct host_limits *lim = host_limits_of(L);
  if (lim->trusted_depth > 0) {
    lim->distrusted = 1;
    if (lim->instruction_limit > 0) lua_sethook(L, count_hook, LUA_MASKCOUNT, HOOK_STEP);
  }
  return 0;
}

/* fsgen.host.traceback(message): message plus the Lua traceback (--trace). */
static int l_traceback(lua_State *L) {
  luaL_traceback(L, L, luaL_optstring(L, 1, ""), 2);
  return 1;
}

/* fsgen.host.precompiled(name, text, env) -> the chunk compiled from text,
 * with env as its _ENV, or nil.  A shipped chart's module is parsed at build
 * time; it is used only while the file on disk is exactly that text. */
static int l_precompiled(lua_State *L) {
  const char *name = luaL_checkstring(L, 1);
  size_t len;
  const char *text = luaL_checklstring(L, 2, &len);
  luaL_checktype(L, 3, LUA_TTABLE);
  for (const struct embedded_chunk *c = embedded_charts; c->module; c++) {
    /* The text's length first: it tells most modules apart without a
     * string comparison. */
    if (c->source_size != len || strcmp(c->module, name) != 0) continue;
    if (memcmp(c->source, text, len) != 0) break;
    if (luaL_loadbufferx(L, (const char *)c->code, c->code_size, name, "b") != LUA_OK)
      return lua_error(L);
    lua_pushvalue(L, 3);
    lua_setupvalue(L, -2, 1); /* a main chunk's only upvalue is _ENV */
    return 1;
  }
  lua_pushnil(L);
  return 1;
}

static int open_host_module(lua_State *L) {
  lua_createtable(L, 0, 8);
  lua_pushcfunction(L, parallel_lua);
  lua_setfield(L, -2, "parallel");
  lua_pushcfunction(L, parallel_cpus_lua);
  lua_setfield(L, -2, "cpus");
  lua_pushcfunction(L, l_precompiled);
  lua_setfield(L, -2, "precompiled");
  lua_pushcfunction(L, l_sandboxed);
  lua_setfield(L, -2, "sandboxed");
  lua_pushcfunction(L, l_trusted);
  lua_setfield(L, -2, "trusted");
  lua_pushcfunction(L, l_distrust);
  lua_setfield(L, -2, "distrust");
  lua_pushcfunction(L, l_limit_exceeded);
  lua_setfield(L, -2, "limit_exceeded");
  lua_pushcfunction(L, l_traceback);
  lua_setfield(L, -2, "traceback");
  return 1;
}


/* package.preload loader of an embedded engine module (upvalue: its index). */
static int load_embedded(lua_State *L) {
  const struct embedded_chunk *chunk =
    &embedded_lua[lua_tointeger(L, lua_upvalueindex(1))];
  if (luaL_loadbufferx(L, (const char *)chunk->code, chunk->code_size, chunk->module, "b") != LUA_OK)
    return lua_error(L);
  lua_pushstring(L, chunk->module);
  lua_call(L, 1, 1);
  return 1;
}

/* The libraries fsgen opens, one by one (no io, os, debug). */
static const luaL_Reg chosen_libs[] = {
  {LUA_GNAME, luaopen_base},          {LUA_LOADLIBNAME, luaopen_package},
  {LUA_COLIBNAME, luaopen_coroutine}, {LUA_TABLIBNAME, luaopen_table},
  {LUA_STRLIBNAME, luaopen_string},   {LUA_MATHLIBNAME, luaopen_math},
  {LUA_UTF8LIBNAME, luaopen_utf8},    {NULL, NULL}};

/* Globals of the base library that touch files or the host. */
static const char *const removed_globals[] = {"dofile", "loadfile", "print", NULL};

/* setmetatable without finalizers.  Lua runs __gc metamethods with hooks
 * off, so a finalizer would be overlay code outside the instruction budget:
 * an endless loop in one hangs the run, or its end at lua_close.  Otherwise
 * the base library's setmetatable, errors and all. */
static int l_setmetatable(lua_State *L) {
  int type = lua_type(L, 2);
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_argexpected(L, type == LUA_TNIL || type == LUA_TTABLE, 2, "nil or table");
  if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
    return luaL_error(L, "cannot change a protected metatable");
  if (type == LUA_TTABLE) {
    lua_pushliteral(L, "__gc");
    if (lua_rawget(L, 2) != LUA_TNIL)
      return luaL_error(L, "setmetatable: __gc is not allowed (a finalizer would run outside "
                           "the instruction budget)");
    lua_pop(L, 1);
  }
  lua_settop(L, 2);
  lua_setmetatable(L, 1);
  return 1;
}

static void set_field_nil(lua_State *L, int table, const char *name) {
  table = lua_absindex(L, table);
  lua_pushnil(L);
  lua_setfield(L, table, name);
}

static int open_state(lua_State *L) {
  for (const luaL_Reg *lib = chosen_libs; lib->func; lib++) {
    luaL_requiref(L, lib->name, lib->func, 1);
    lua_pop(L, 1);
  }
  lua_pushglobaltable(L);
  for (const char *const *name = removed_globals; *name; name++)
    set_field_nil(L, -1, *name);
  lua_pushcfunction(L, l_setmetatable);
  lua_setfield(L, -2, "setmetatable");
  lua_pop(L, 1);
  /* No randomness: output must not depend on a seed. */
  lua_getglobal(L, LUA_MATHLIBNAME);
  set_field_nil(L, -1, "random");
  set_field_nil(L, -1, "randomseed");
  lua_pop(L, 1);
  /* Strings share one metatable; keep overlays from reaching it. */
  lua_pushliteral(L, "");
  lua_getmetatable(L, -1);
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 2);
  /* require: Lua files from the lua dir and the preloaded C parts only. */
  lua_getglobal(L, LUA_LOADLIBNAME);
  set_field_nil(L, -1, "loadlib");
  lua_pushliteral(L, "");
  lua_setfield(L, -2, "cpath");
  lua_getfield(L, -1, "searchers");
  lua_pushnil(L);
  lua_seti(L, -2, 4);
  lua_pushnil(L);
  lua_seti(L, -2, 3);
  lua_pop(L, 1);
  lua_getfield(L, -1, "preload");
  lua_pushcfunction(L, fsgen_core_open);
  lua_setfield(L, -2, "fsgen.core");
  lua_pushcfunction(L, open_host_module);
  lua_setfield(L, -2, "fsgen.host");
  lua_pushcfunction(L, luaopen_lfs);
  lua_setfield(L, -2, "lfs");
  for (lua_Integer i = 0; embedded_lua[i].module; i++) {
    lua_pushinteger(L, i);
    lua_pushcclosure(L, load_embedded, 1);
    lua_setfield(L, -2, embedded_lua[i].module);
  }
  lua_pop(L, 2);
  return 0;
}

lua_State *host_new_state(struct host_limits *limits) {
  lua_State *L = lua_newstate(capped_alloc, limits);
  if (!L) {
    lua_pool_release(&limits->pool);
    return NULL;
  }
  *(struct host_limits **)lua_getextraspace(L) = limits;
  lua_gc(L, LUA_GCSTOP);
  limits->gc_held = 1;
  lua_pushcfunction(L, open_state);
  if (lua_pcall(L, 0, 0, 0) != LUA_OK) {
    host_close_state(L);
    return NULL;
  }
  return L;
}

void host_close_state(lua_State *L) {
  struct host_limits *limits = host_limits_of(L);
  lua_close(L);
  lua_pool_release(&limits->pool);
}

/* lua_close frees every object one by one: 5% of a prod render's
 * instructions, spent on memory the pool gives back whole anyway. */
void host_drop_state(lua_State *L) {
#ifdef FSGEN_SANITIZE
  host_close_state(L);
#else
  lua_pool_release(&host_limits_of(L)->pool);
#endif
}

void host_set_lua_dir(lua_State *L, const char *lua_dir) {
  lua_getglobal(L, LUA_LOADLIBNAME);
  lua_pushfstring(L, "%s/?.lua;%s/?/init.lua", lua_dir, lua_dir);
  lua_setfield(L, -2, "path");
  lua_pop(L, 1);
}
