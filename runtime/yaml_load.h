/* YAML text -> Lua tables through libyaml's parser (DESIGN.md, "YAML in"). */
#ifndef FSGEN_YAML_LOAD_H
#define FSGEN_YAML_LOAD_H

#include <lua.h>

/* core.load_yaml(text, filename [, opts]) -> value, marks
 *
 * Loads the first (or only) document.  A YAML null becomes fsgen.null; an
 * empty file gives an empty map.  marks maps each value path
 * ("a.b[0].c") to "line:column" (1-based) where that value starts, so errors
 * about values can name the file position.  Raises "filename:line:column:
 * message" on any error (syntax, duplicate key, alias budget, depth). */
int yaml_load_lua(lua_State *L);

#endif
