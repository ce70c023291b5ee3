/* Lua tables -> YAML text through libyaml's emitter (DESIGN.md, "YAML out"). */
#ifndef FSGEN_YAML_EMIT_H
#define FSGEN_YAML_EMIT_H

#include <lua.h>

/* core.emit(docs) -> string
 *
 * docs is a sequence of documents; each is a table
 *   { object = <table>, source = "<module path>" (optional) }.
 * Documents are separated by "---"; a document with a source is preceded by
 * "# Source: <source>".  Raises a Lua error "<where>: <path>: <problem>" where
 * <where> is "Kind/name" of the object (or "document N") and <path> is the
 * field path (spec.template.spec.containers[0].env[3].value). */
int yaml_emit_lua(lua_State *L);

#endif
