#include "lua_pool.h"

#include <stdlib.h>
#include <string.h>

#define SLAB_SIZE ((size_t)64 * 1024)

struct pool_slab {
  struct pool_slab *next;
  /* blocks follow, from the first POOL_GRAIN boundary */
};

/* Where a slab's blocks start: past the header, at a POOL_GRAIN boundary
 * (malloc's blocks are aligned at least that much). */
#define SLAB_HEADER \
  ((sizeof(struct pool_slab) + POOL_GRAIN - 1) / POOL_GRAIN * POOL_GRAIN)

static size_t class_of(size_t size) { return (size - 1) / POOL_GRAIN; }

static void *pool_take(struct lua_pool *pool, size_t size) {
  size_t cls = class_of(size), block = (cls + 1) * POOL_GRAIN;
  void *p = pool->free_list[cls];
  struct pool_slab *slab;
  if (p) {
    memcpy(&pool->free_list[cls], p, sizeof(void *)); /* the link it held */
    return p;
  }
  if ((size_t)(pool->end - pool->next) < block) {
    /* What is left of the old slab (less than one block) stays unused. */
    slab = malloc(SLAB_SIZE);
    if (!slab) return NULL;
    slab->next = pool->slabs;
    pool->slabs = slab;
    pool->next = (char *)slab + SLAB_HEADER;
    pool->end = (char *)slab + SLAB_SIZE;
  }
  p = pool->next;
  pool->next += block;
  return p;
}

static void pool_give(struct lua_pool *pool, void *p, size_t size) {
  size_t cls = class_of(size);
  memcpy(p, &pool->free_list[cls], sizeof(void *));
  pool->free_list[cls] = p;
}

void lua_pool_free(struct lua_pool *pool, void *ptr, size_t old) {
  if (!ptr) return;
  if (old <= POOL_MAX_BLOCK) pool_give(pool, ptr, old);
  else free(ptr);
}

void *lua_pool_resize(struct lua_pool *pool, void *ptr, size_t old, size_t nsize) {
  void *p;
  if (!ptr) old = 0; /* Lua passes the object's type in old then */
  if (old > POOL_MAX_BLOCK && nsize > POOL_MAX_BLOCK) return realloc(ptr, nsize);
  if (old && old <= POOL_MAX_BLOCK && nsize <= POOL_MAX_BLOCK &&
      class_of(nsize) <= class_of(old)) {
    /* Fits where it is.  When Lua frees it with the smaller size, it joins
     * a smaller class's list: wasteful, never wrong. */
    return ptr;
  }
  p = nsize <= POOL_MAX_BLOCK ? pool_take(pool, nsize) : malloc(nsize);
  if (!p) return NULL;
  if (old) {
    memcpy(p, ptr, old < nsize ? old : nsize);
    lua_pool_free(pool, ptr, old);
  }
  return p;
}

void lua_pool_release(struct lua_pool *pool) {
  struct pool_slab *slab = pool->slabs;
  while (slab) {
    struct pool_slab *next = slab->next;
    free(slab);
    slab = next;
  }
  memset(pool, 0, sizeof *pool);
}
