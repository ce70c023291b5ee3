/* The Lua state's small blocks: size classes carved from 64 KiB slabs.
 *
 * A render allocates tens of thousands of small objects (tables, strings,
 * closures) and frees most of them only at exit; through malloc each costs
 * a general-purpose allocation and free.  Lua passes every block's size back
 * when it frees or resizes it, so the pool needs no headers: a block of up
 * to POOL_MAX_BLOCK bytes is taken from its class's free list or bumped off
 * the current slab, and goes back onto the free list.  Larger blocks go to
 * malloc.  All slabs are released together when the state is closed. */
#ifndef FSGEN_LUA_POOL_H
#define FSGEN_LUA_POOL_H

#include <stddef.h>

#define POOL_GRAIN 16 /* every block is a multiple: Lua's maximal alignment */
#define POOL_MAX_BLOCK 512
#define POOL_CLASSES (POOL_MAX_BLOCK / POOL_GRAIN)

struct pool_slab;

struct lua_pool {
  void *free_list[POOL_CLASSES]; /* freed blocks of each class, linked */
  char *next, *end;              /* what is left of the newest slab */
  struct pool_slab *slabs;       /* every slab, newest first */
};

/* lua_Alloc's contract for nsize > 0: the block ptr of old bytes (ptr NULL:
 * none) moved or resized to nsize bytes; NULL, with ptr untouched, when no
 * memory is left. */
void *lua_pool_resize(struct lua_pool *pool, void *ptr, size_t old, size_t nsize);

/* Gives back a block of `old` bytes (NULL: nothing). */
void lua_pool_free(struct lua_pool *pool, void *ptr, size_t old);

/* Frees every slab; the pool is empty and usable again afterwards. */
void lua_pool_release(struct lua_pool *pool);

#endif
