#include "core_module.h"

#include <lauxlib.h>

#include "cut_last.h"
#include "digest.h"
#include "file_io.h"
#include "markers.h"
#include "schema_defs.h"
#include "values_copy.h"
#include "yaml_emit.h"
#include "yaml_load.h"

static const luaL_Reg core_funcs[] = {
  {"emit", yaml_emit_lua},
  {"load_yaml", yaml_load_lua},
  {"sha256", digest_sha256_lua},
  {"cut_last", cut_last_lua},
  {"schema_defs", schema_defs_lua},
  {NULL, NULL}};

int fsgen_core_open(lua_State *L) {
  luaL_newlib(L, core_funcs);
  markers_register(L, -1);
  file_io_register(L, -1);
  values_copy_register(L, -1);
  return 1;
}
