/* The Lua state fsgen runs in: chosen libraries only, a memory cap and an
 * instruction budget (DESIGN.md, "Lua sandbox"). */
#ifndef FSGEN_LUA_HOST_H
#define FSGEN_LUA_HOST_H

#include <stddef.h>

#include <lua.h>

#include "lua_pool.h"

struct host_limits {
  size_t memory_limit;            /* bytes; 0 = none */
  size_t memory_used;             /* bytes held by the state now */
  long long instruction_limit;    /* VM instructions; 0 = none */
  long long instructions;         /* executed so far (in steps of the hook) */
  int memory_exceeded;            /* set when an allocation was refused */
  int trace;                      /* --trace: errors keep their Lua traceback */
  int gc_held;                    /* the collector waits for the heap to grow */
  int trusted_depth;              /* host.trusted calls running (no count hook) */
  int distrusted;                 /* foreign code ran inside one: hook them all */
  struct lua_pool pool;           /* the state's small blocks */
};

/* A new state with the libraries fsgen uses and fsgen.core / lfs preloadable.
 * The limits struct must outlive the state.  NULL when out of memory. */
lua_State *host_new_state(struct host_limits *limits);

/* Closes a state made by host_new_state and frees its memory pool. */
void host_close_state(lua_State *L);

/* Frees a state made by host_new_state without closing it: its pool holds
 * every block, so releasing the pool frees them all at once.  Only for a
 * run that ended well: no finalizer or pending to-be-closed variable runs.
 * (The sanitizer build closes the state: its blocks are malloc's.) */
void host_drop_state(lua_State *L);

/* Points require at <lua_dir>/?.lua;<lua_dir>/?/init.lua, nothing else. */
void host_set_lua_dir(lua_State *L, const char *lua_dir);


struct host_limits *host_limits_of(lua_State *L);

#endif
