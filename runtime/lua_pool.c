#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, madvise */
#include "lua_pool.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* The huge page size arenas are aligned to (x86-64 and arm64 with 4 KiB
 * pages); elsewhere the advice is ignored and the arena works the same. */
#define HUGE_PAGE ((size_t)2 * 1024 * 1024)

struct pool_arena {
  struct pool_arena *next;
  /* blocks follow, from the first POOL_GRAIN boundary */
};

#define ARENA_HEADER \
  ((sizeof(struct pool_arena) + POOL_GRAIN - 1) / POOL_GRAIN * POOL_GRAIN)

/* A block larger than POOL_MAX_BLOCK: malloc's, with this in front. */
struct pool_large {
  struct pool_large *prev, *next;
};

#define LARGE_HEADER \
  ((sizeof(struct pool_large) + POOL_GRAIN - 1) / POOL_GRAIN * POOL_GRAIN)

static struct pool_large *large_of(void *block) {
  return (struct pool_large *)(void *)((char *)block - LARGE_HEADER);
}

static void *large_link(struct lua_pool *pool, struct pool_large *h) {
  h->prev = NULL;
  h->next = pool->large;
  if (pool->large) pool->large->prev = h;
  pool->large = h;
  return (char *)h + LARGE_HEADER;
}

static void large_unlink(struct lua_pool *pool, struct pool_large *h) {
  if (h->prev)
    h->prev->next = h->next;
  else
    pool->large = h->next;
  if (h->next) h->next->prev = h->prev;
}

static void *large_take(struct lua_pool *pool, size_t size) {
  struct pool_large *h = malloc(LARGE_HEADER + size);
  return h ? large_link(pool, h) : NULL;
}

/* realloc may move the block, so it leaves the list while it is resized. */
static void *large_resize(struct lua_pool *pool, void *block, size_t size) {
  struct pool_large *h = large_of(block), *moved;
  large_unlink(pool, h);
  moved = realloc(h, LARGE_HEADER + size);
  if (!moved) {
    large_link(pool, h); /* untouched, and still the pool's */
    return NULL;
  }
  return large_link(pool, moved);
}

static size_t class_of(size_t size) {
  size_t cls = POOL_SMALL_CLASSES, bytes = (size_t)2 * POOL_SMALL_MAX;
  if (size <= POOL_SMALL_MAX) return (size - 1) / POOL_GRAIN;
  while (bytes < size) {
    bytes <<= 1;
    cls++;
  }
  return cls;
}

static size_t class_size(size_t cls) {
  if (cls < POOL_SMALL_CLASSES) return (cls + 1) * POOL_GRAIN;
  return (size_t)2 * POOL_SMALL_MAX << (cls - POOL_SMALL_CLASSES);
}

/* POOL_ARENA_SIZE bytes at a HUGE_PAGE boundary: more is mapped and the
 * ends trimmed.  NULL when the system refuses. */
static struct pool_arena *map_arena(void) {
  size_t span = POOL_ARENA_SIZE + HUGE_PAGE;
  char *raw = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *start;
  size_t head;
  if (raw == MAP_FAILED) return NULL;
  head = (HUGE_PAGE - (uintptr_t)raw % HUGE_PAGE) % HUGE_PAGE;
  start = raw + head;
  if (head) munmap(raw, head);
  if (span - head > POOL_ARENA_SIZE)
    munmap(start + POOL_ARENA_SIZE, span - head - POOL_ARENA_SIZE);
#ifdef MADV_HUGEPAGE
  /* Advice only: without transparent huge pages the arena is plain memory. */
  (void)madvise(start, POOL_ARENA_SIZE, MADV_HUGEPAGE);
#endif
  return (struct pool_arena *)(void *)start;
}

static void *pool_take(struct lua_pool *pool, size_t size) {
  size_t cls = class_of(size), block = class_size(cls);
  void *p = lua_pool_take_near(pool, cls, block);
  struct pool_arena *arena;
  if (p) return p;
  /* What is left of the old arena (less than this block) stays unused. */
  arena = map_arena();
  if (!arena) return NULL;
  arena->next = pool->arenas;
  pool->arenas = arena;
  pool->next = (char *)arena + ARENA_HEADER;
  pool->end = (char *)arena + POOL_ARENA_SIZE;
  return lua_pool_take_near(pool, cls, block);
}

static void pool_give(struct lua_pool *pool, void *p, size_t size) {
  size_t cls = class_of(size);
  memcpy(p, &pool->free_list[cls], sizeof(void *));
  pool->free_list[cls] = p;
}

void lua_pool_free(struct lua_pool *pool, void *ptr, size_t old) {
  if (!ptr) return;
  if (old <= POOL_MAX_BLOCK) {
    pool_give(pool, ptr, old);
  } else {
    struct pool_large *h = large_of(ptr);
    large_unlink(pool, h);
    free(h);
  }
}

/* Whether a block of old bytes can hold nsize where it is.  A small block
 * shrinks in place and, freed with the smaller size, joins a smaller class's
 * list (wasteful, never wrong); a large one only keeps its own class, so that
 * shrinking tables do not strand most of their old room. */
static int fits_in_place(size_t old, size_t nsize) {
  size_t from, to;
  if (!old || old > POOL_MAX_BLOCK || nsize > POOL_MAX_BLOCK) return 0;
  from = class_of(old);
  to = class_of(nsize);
  return from < POOL_SMALL_CLASSES ? to <= from : to == from;
}

void *lua_pool_resize(struct lua_pool *pool, void *ptr, size_t old, size_t nsize) {
  void *p;
  if (!ptr) old = 0; /* Lua passes the object's type in old then */
  if (old > POOL_MAX_BLOCK && nsize > POOL_MAX_BLOCK) return large_resize(pool, ptr, nsize);
  if (fits_in_place(old, nsize)) return ptr;
  p = nsize <= POOL_MAX_BLOCK ? pool_take(pool, nsize) : large_take(pool, nsize);
  if (!p) return NULL;
  if (old) {
    memcpy(p, ptr, old < nsize ? old : nsize);
    lua_pool_free(pool, ptr, old);
  }
  return p;
}

void lua_pool_release(struct lua_pool *pool) {
  struct pool_arena *arena = pool->arenas;
  struct pool_large *large = pool->large;
  while (large) {
    struct pool_large *next = large->next;
    free(large);
    large = next;
  }
  while (arena) {
    struct pool_arena *next = arena->next;
    munmap(arena, POOL_ARENA_SIZE);
    arena = next;
  }
  memset(pool, 0, sizeof *pool);
}
