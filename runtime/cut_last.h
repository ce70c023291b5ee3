/* core.cut_last(s, sep) -> the parts of s before and after the last byte
 * sep (a one-byte string), or nil when s holds none.
 *
 * Paths and dotted names are split at their last separator in every module
 * load and schema lookup; the pattern "^(.*)/" does it by expanding to the
 * end and backtracking, some two thousand instructions a call. */
#ifndef FSGEN_CUT_LAST_H
#define FSGEN_CUT_LAST_H

#include <lua.h>

int cut_last_lua(lua_State *L);

#endif
