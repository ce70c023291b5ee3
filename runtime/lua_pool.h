/* The Lua state's blocks: size classes carved from large mapped arenas.
 *
 * A render allocates tens of thousands of small objects (tables, strings,
 * closures) and frees most of them only at exit; through malloc each costs
 * a general-purpose allocation and free.  Lua passes every block's size back
 * when it frees or resizes it, so the pool needs no headers: a block is
 * taken from its class's free list or bumped off the current arena, and goes
 * back onto the free list.  Classes are POOL_GRAIN apart up to
 * POOL_SMALL_MAX, then powers of two up to POOL_MAX_BLOCK; larger blocks go
 * to malloc, behind a header that links them into the pool's list of them.
 * The pool thus owns every block of the state, and releasing it frees all
 * of them, whether or not the state was closed first.
 *
 * The arenas are mapped in POOL_ARENA_SIZE pieces aligned for transparent
 * huge pages and advised to use them: a run's heap then costs a few page
 * faults instead of one per 4 KiB, which on virtual machines is most of a
 * short run's system time.  All arenas are unmapped together when the state
 * is closed. */
#ifndef FSGEN_LUA_POOL_H
#define FSGEN_LUA_POOL_H

#include <stddef.h>
#include <string.h>

#define POOL_GRAIN 16 /* every block is a multiple: Lua's maximal alignment */
#define POOL_SMALL_MAX 512
#define POOL_SMALL_CLASSES (POOL_SMALL_MAX / POOL_GRAIN)
#define POOL_MAX_BLOCK ((size_t)64 * 1024)
#define POOL_CLASSES (POOL_SMALL_CLASSES + 7) /* 1, 2, 4 ... 64 KiB */
#define POOL_ARENA_SIZE ((size_t)8 * 1024 * 1024)

struct pool_arena;
struct pool_large;

struct lua_pool {
  void *free_list[POOL_CLASSES]; /* freed blocks of each class, linked */
  char *next, *end;              /* what is left of the newest arena */
  struct pool_arena *arenas;     /* every arena, newest first */
  struct pool_large *large;      /* every block from malloc, newest first */
};

/* lua_Alloc's contract for nsize > 0: the block ptr of old bytes (ptr NULL:
 * none) moved or resized to nsize bytes; NULL, with ptr untouched, when no
 * memory is left. */
void *lua_pool_resize(struct lua_pool *pool, void *ptr, size_t old, size_t nsize);

/* A block of class cls (block bytes) without mapping an arena: the head of
 * the class's free list, else the next bytes of the current arena; NULL
 * when neither has one. */
static inline void *lua_pool_take_near(struct lua_pool *pool, size_t cls, size_t block) {
  void *p = pool->free_list[cls];
  if (p) {
    memcpy(&pool->free_list[cls], p, sizeof(void *)); /* the link it held */
    return p;
  }
  if ((size_t)(pool->end - pool->next) < block) return NULL;
  p = pool->next;
  pool->next += block;
  return p;
}

/* A new block of nsize > 0 bytes; NULL when no memory is left.  Most of
 * a render's allocations are new small blocks, so their path is inline. */
static inline void *lua_pool_new(struct lua_pool *pool, size_t nsize) {
  if (nsize <= POOL_SMALL_MAX) {
    size_t cls = (nsize - 1) / POOL_GRAIN;
    void *p = lua_pool_take_near(pool, cls, (cls + 1) * POOL_GRAIN);
    if (p) return p;
  }
  return lua_pool_resize(pool, NULL, 0, nsize);
}

/* Gives back a block of `old` bytes (NULL: nothing). */
void lua_pool_free(struct lua_pool *pool, void *ptr, size_t old);

/* Unmaps every arena and frees every large block; the pool is empty and
 * usable again afterwards. */
void lua_pool_release(struct lua_pool *pool);

#endif
