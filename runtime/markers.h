/* Marker values that cross the C<->Lua boundary: null, empty list, empty map.
 *
 * fsgen.null is a full userdata singleton tagged with the "fsgen.null"
 * metatable.  fsgen.list{...} / fsgen.map{...} return their table with the
 * shared "fsgen.list" / "fsgen.map" metatable set, so the emitter knows how to
 * write an empty table and the checks know the author's intent. */
#ifndef FSGEN_MARKERS_H
#define FSGEN_MARKERS_H

#include <lua.h>

#define FSGEN_NULL_MT "fsgen.null"
#define FSGEN_LIST_MT "fsgen.list"
#define FSGEN_MAP_MT "fsgen.map"

enum marker_kind { MARKER_NONE, MARKER_NULL, MARKER_LIST, MARKER_MAP };

/* Creates the registry entries (idempotent) and sets null, list, map,
 * is_null, is_list, is_map in the table at index `module`. */
void markers_register(lua_State *L, int module);

/* Pushes the fsgen.null singleton. */
void markers_push_null(lua_State *L);

/* Sets the list or map metatable on the table at idx. */
void markers_tag(lua_State *L, int idx, enum marker_kind kind);

/* What the value at idx is marked as. */
enum marker_kind markers_kind(lua_State *L, int idx);

#endif
