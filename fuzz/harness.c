/* One Lua state per fuzzing process, reused across inputs: loading the
 * engine modules for every input would cost more than the input itself.
 *
 * Lua code is invisible to sanitizer coverage (the interpreter is Debian's,
 * not instrumented), so for targets written in Lua a line hook hashes each
 * line-to-line edge into libFuzzer's extra counters: the fuzzer then
 * steers by which engine lines ran, as it does by C edges.  The check
 * switches the hook on around the engine calls (fuzz_cover). */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lualib.h>

#include "core_module.h"

#define MEMORY_CAP ((size_t)384 << 20) /* a Lua memory error, not a fuzzer OOM */
#define EDGE_COUNTERS 65536u

struct harness {
  lua_State *L;
  int check_ref;
  int lua_coverage;
  size_t memory_used;
  uint32_t previous_line;
};

static struct harness harness;

/* libFuzzer reads this section as extra coverage counters. */
__attribute__((used, section("__libfuzzer_extra_counters")))
static uint8_t lua_edges[EDGE_COUNTERS];

static void *capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  struct harness *h = ud;
  size_t old = ptr ? osize : 0;
  void *p;
  if (nsize == 0) {
    free(ptr);
    h->memory_used -= old;
    return NULL;
  }
  if (nsize > old && h->memory_used + (nsize - old) > MEMORY_CAP) return NULL;
  p = realloc(ptr, nsize);
  if (p) h->memory_used = h->memory_used - old + nsize;
  return p;
}

static uint32_t mix(uint32_t x) {
  x ^= x >> 16;
  x *= 0x7feb352dU;
  x ^= x >> 15;
  x *= 0x846ca68bU;
  x ^= x >> 16;
  return x;
}

/* An edge is a pair of lines run one after the other.  Lines of different
 * files share numbers, but pairs rarely collide, and asking for the file
 * (lua_getinfo) would cost more than the rest of the hook. */
static void line_hook(lua_State *L, lua_Debug *ar) {
  uint32_t here = mix((uint32_t)ar->currentline * 2654435761U);
  (void)L;
  lua_edges[(here ^ harness.previous_line) % EDGE_COUNTERS]++;
  harness.previous_line = here >> 1;
}

/* fuzz_cover(on): the check turns line coverage on around the code under
 * test only, so that its own oracles neither steer the fuzzer nor slow it. */
static int l_fuzz_cover(lua_State *L) {
  if (harness.lua_coverage && lua_toboolean(L, 1)) lua_sethook(L, line_hook, LUA_MASKLINE, 0);
  else lua_sethook(L, NULL, 0, 0);
  return 0;
}

static const char *source_dir(void) {
  const char *dir = getenv("FSGEN_SOURCE_DIR");
  return dir && *dir ? dir : FSGEN_SOURCE_DIR;
}

static int open_harness(lua_State *L) {
  const char *target = lua_touserdata(L, 1);
  const char *src = source_dir();
  luaL_openlibs(L);
  lua_register(L, "fuzz_cover", l_fuzz_cover);
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  lua_pushcfunction(L, fsgen_core_open);
  lua_setfield(L, -2, "fsgen.core");
  lua_pop(L, 1);
  lua_getglobal(L, "package");
  lua_pushfstring(L, "%s/lua/?.lua;%s/lua/?/init.lua;%s/fuzz/lua/?.lua", src, src, src);
  lua_setfield(L, -2, "path");
  lua_pop(L, 1);
  lua_getglobal(L, "require");
  lua_pushstring(L, target);
  lua_call(L, 1, 1);
  luaL_checktype(L, -1, LUA_TFUNCTION);
  return 1;
}

static void start(const char *target, enum harness_coverage coverage) {
  lua_State *L = lua_newstate(capped_alloc, &harness);
  if (!L) {
    fputs("fuzz: cannot create a Lua state\n", stderr);
    abort();
  }
  lua_pushcfunction(L, open_harness);
  lua_pushlightuserdata(L, (void *)target);
  if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
    fprintf(stderr, "fuzz %s: cannot load the check: %s\n", target, lua_tostring(L, -1));
    abort();
  }
  harness.check_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  harness.lua_coverage = coverage == HARNESS_LUA_LINES;
  harness.L = L;
}

int harness_run(const char *target, enum harness_coverage coverage,
                const uint8_t *data, size_t size) {
  lua_State *L;
  int status;
  if (!harness.L) start(target, coverage);
  L = harness.L;
  harness.previous_line = 0;
  lua_rawgeti(L, LUA_REGISTRYINDEX, harness.check_ref);
  lua_pushlstring(L, (const char *)data, size);
  status = lua_pcall(L, 1, 0, 0);
  lua_sethook(L, NULL, 0, 0); /* in case the check raised with coverage on */
  if (status == LUA_ERRMEM) {
    /* The cap was reached outside the code under test: not a finding. */
  } else if (status != LUA_OK) {
    const char *message = lua_tostring(L, -1);
    fprintf(stderr, "fuzz %s: %s\n", target, message ? message : "(error object is not a string)");
    abort();
  }
  lua_settop(L, 0);
  /* A full collection after each input frees all it made: the next input
   * gets the whole memory cap, and libFuzzer's leak check (run whenever an
   * input mallocs more than it frees) sees a balanced run. */
  lua_gc(L, LUA_GCCOLLECT);
  return 0;
}
