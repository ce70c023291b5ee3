/* The Lua state's block pool: blocks keep their bytes when they move between
 * classes and to and from malloc, freed blocks are reused, and a whole Lua
 * state runs and closes on it. */
#include <lauxlib.h>
#include <lualib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lua_pool.h"

static int filled_with(const unsigned char *p, size_t n, unsigned char byte) {
  for (size_t i = 0; i < n; i++)
    if (p[i] != byte) return 0;
  return 1;
}

static void test_moves_keep_bytes(void) {
  struct lua_pool pool = {0};
  unsigned char *p = lua_pool_resize(&pool, NULL, 7 /* a type tag */, 10);
  CHECK(p != NULL);
  if (!p) return;
  CHECK((uintptr_t)p % POOL_GRAIN == 0);
  memset(p, 0xA5, 10);
  p = lua_pool_resize(&pool, p, 10, 300); /* to a larger class */
  CHECK(p && filled_with(p, 10, 0xA5));
  if (!p) return;
  memset(p, 0x5A, 300);
  p = lua_pool_resize(&pool, p, 300, 4000); /* to a power-of-two class */
  CHECK(p && filled_with(p, 300, 0x5A));
  if (!p) return;
  memset(p, 0x3C, 4000);
  p = lua_pool_resize(&pool, p, 4000, POOL_MAX_BLOCK + 9000); /* to malloc */
  CHECK(p && filled_with(p, 4000, 0x3C));
  if (!p) return;
  p = lua_pool_resize(&pool, p, POOL_MAX_BLOCK + 9000, 100); /* back into the pool */
  CHECK(p && filled_with(p, 100, 0x3C));
  CHECK((uintptr_t)p % POOL_GRAIN == 0);
  lua_pool_free(&pool, p, 100);
  lua_pool_free(&pool, NULL, 0);
  lua_pool_release(&pool);
}

static void test_reuse(void) {
  struct lua_pool pool = {0};
  void *a = lua_pool_resize(&pool, NULL, 0, 40);
  void *b = lua_pool_resize(&pool, NULL, 0, 40);
  void *c, *shrunk, *again;
  CHECK(a && b && a != b);
  lua_pool_free(&pool, a, 40);
  c = lua_pool_resize(&pool, NULL, 0, 33); /* the same class: a again */
  CHECK(c == a);
  shrunk = lua_pool_resize(&pool, b, 40, 20); /* shrinking stays in place */
  CHECK(shrunk == b);
  lua_pool_free(&pool, shrunk, 20); /* onto the smaller class's list */
  again = lua_pool_resize(&pool, NULL, 0, 20);
  CHECK(again == b);
  lua_pool_release(&pool);
  CHECK(pool.arenas == NULL && pool.next == NULL);
  /* Usable again after a release. */
  a = lua_pool_resize(&pool, NULL, 0, POOL_MAX_BLOCK);
  CHECK(a != NULL);
  lua_pool_release(&pool);
}

static void test_many_blocks(void) {
  struct lua_pool pool = {0};
  enum { COUNT = 5000 };
  unsigned char **blocks = calloc(COUNT, sizeof *blocks);
  int intact = 1;
  CHECK(blocks != NULL);
  if (!blocks) return;
  for (size_t i = 0; i < COUNT; i++) {
    size_t size = 1 + i % POOL_MAX_BLOCK;
    blocks[i] = lua_pool_resize(&pool, NULL, 0, size);
    if (blocks[i]) memset(blocks[i], (int)(i & 0xFF), size);
  }
  for (size_t i = 0; i < COUNT; i++)
    if (!blocks[i] || !filled_with(blocks[i], 1 + i % POOL_MAX_BLOCK, (unsigned char)(i & 0xFF)))
      intact = 0;
  CHECK(intact); /* no two blocks overlap */
  free(blocks);
  lua_pool_release(&pool);
}

/* Blocks of the power-of-two classes, more than one arena's worth: each
 * keeps its bytes, and a freed one is reused by the next of its class. */
static void test_large_classes_across_arenas(void) {
  struct lua_pool pool = {0};
  enum { COUNT = 300 };
  unsigned char *blocks[COUNT];
  size_t total = 0;
  int intact = 1;
  for (size_t i = 0; i < COUNT; i++) {
    size_t size = POOL_SMALL_MAX + 1 + (i * 7919) % (POOL_MAX_BLOCK - POOL_SMALL_MAX);
    blocks[i] = lua_pool_resize(&pool, NULL, 0, size);
    CHECK(blocks[i] != NULL);
    if (!blocks[i]) return;
    CHECK((uintptr_t)blocks[i] % POOL_GRAIN == 0);
    memset(blocks[i], (int)(i & 0xFF), size);
    total += size;
  }
  CHECK(total > POOL_ARENA_SIZE);
  CHECK(pool.arenas != NULL);
  for (size_t i = 0; i < COUNT; i++) {
    size_t size = POOL_SMALL_MAX + 1 + (i * 7919) % (POOL_MAX_BLOCK - POOL_SMALL_MAX);
    if (!filled_with(blocks[i], size, (unsigned char)(i & 0xFF))) intact = 0;
  }
  CHECK(intact);
  /* 3000 bytes live in the 4 KiB class: another 2049..4096 takes its place. */
  {
    unsigned char *a = lua_pool_resize(&pool, NULL, 0, 3000);
    unsigned char *b;
    CHECK(a != NULL);
    lua_pool_free(&pool, a, 3000);
    b = lua_pool_resize(&pool, NULL, 0, 4096);
    CHECK(b == a);
    /* Shrinking within the class stays put; out of it, the block moves. */
    CHECK(lua_pool_resize(&pool, b, 4096, 2049) == b);
    a = lua_pool_resize(&pool, b, 2049, 1500);
    CHECK(a != NULL && a != b);
    lua_pool_free(&pool, a, 1500);
  }
  lua_pool_release(&pool);
  CHECK(pool.arenas == NULL);
}

static void *pool_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  if (nsize == 0) {
    lua_pool_free(ud, ptr, ptr ? osize : 0);
    return NULL;
  }
  return lua_pool_resize(ud, ptr, ptr ? osize : 0, nsize);
}

static void test_lua_state(void) {
  struct lua_pool pool = {0};
  lua_State *L = lua_newstate(pool_alloc, &pool);
  const char *script =
      "local t = {}\n"
      "for i = 1, 20000 do t[i] = { i, tostring(i) .. string.rep('x', i % 700) } end\n"
      "for i = 1, 20000, 2 do t[i] = nil end\n"
      "collectgarbage()\n"
      "local sum = 0\n"
      "for i = 2, 20000, 2 do sum = sum + t[i][1] + #t[i][2] end\n"
      "return sum";
  CHECK(L != NULL);
  if (!L) return;
  luaL_openlibs(L);
  CHECK(luaL_dostring(L, script) == LUA_OK);
  CHECK(lua_tointeger(L, -1) == 10000 * 10001 + 3504849);
  lua_close(L);
  lua_pool_release(&pool);
}

/* lua_pool_new, the inline path of new blocks, takes what lua_pool_resize
 * would: a freed block of the class first, then the arena's next bytes, and
 * for a large block the same path as resize. */
static void test_new_blocks(void) {
  struct lua_pool pool = {0};
  unsigned char *a = lua_pool_new(&pool, 40), *b, *c, *big;
  CHECK(a != NULL);
  if (!a) return;
  CHECK((uintptr_t)a % POOL_GRAIN == 0);
  memset(a, 0x11, 40);
  b = lua_pool_new(&pool, 40);
  CHECK(b != NULL && b != a && (b >= a + 48 || b + 48 <= a));
  lua_pool_free(&pool, a, 40);
  c = lua_pool_new(&pool, 33); /* the same class: a again */
  CHECK(c == a);
  big = lua_pool_new(&pool, POOL_MAX_BLOCK + 1);
  CHECK(big != NULL && pool.large != NULL);
  if (big) memset(big, 0x22, POOL_MAX_BLOCK + 1);
  lua_pool_release(&pool);
  CHECK(pool.large == NULL && pool.arenas == NULL);
}

/* Blocks past POOL_MAX_BLOCK come from malloc, and the pool keeps them in
 * a list: resized or freed in any order, every one still held is freed by
 * the release (the sanitizers and valgrind see a leak otherwise). */
static void test_large_blocks_owned(void) {
  struct lua_pool pool = {0};
  size_t big = POOL_MAX_BLOCK + 1;
  unsigned char *a = lua_pool_resize(&pool, NULL, 0, big);
  unsigned char *b = lua_pool_resize(&pool, NULL, 0, big);
  unsigned char *c = lua_pool_resize(&pool, NULL, 0, big);
  CHECK(a && b && c);
  if (!a || !b || !c) return;
  CHECK((uintptr_t)a % POOL_GRAIN == 0 && (uintptr_t)b % POOL_GRAIN == 0);
  memset(b, 0x42, big);
  b = lua_pool_resize(&pool, b, big, 4 * big); /* the middle one moves */
  CHECK(b && filled_with(b, big, 0x42));
  lua_pool_free(&pool, a, big); /* the oldest, then the newest */
  c = lua_pool_resize(&pool, c, big, 100); /* back into the pool */
  CHECK(c != NULL);
  CHECK(pool.large != NULL); /* b is still held */
  lua_pool_release(&pool);
  CHECK(pool.large == NULL && pool.arenas == NULL);
}

/* A state need not be closed: releasing its pool frees all it held. */
static void test_state_released_unclosed(void) {
  struct lua_pool pool = {0};
  lua_State *L = lua_newstate(pool_alloc, &pool);
  CHECK(L != NULL);
  if (!L) return;
  luaL_openlibs(L);
  CHECK(luaL_dostring(L, "big = string.rep('x', 1 << 20); t = {} for i = 1, 70000 do t[i] = i end")
        == LUA_OK);
  lua_pool_release(&pool);
  CHECK(pool.large == NULL && pool.arenas == NULL);
}

int main(void) {
  test_moves_keep_bytes();
  test_reuse();
  test_many_blocks();
  test_large_classes_across_arenas();
  test_lua_state();
  test_new_blocks();
  test_large_blocks_owned();
  test_state_released_unclosed();
  return CHECK_DONE();
}
