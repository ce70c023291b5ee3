/* Fuzz target: --set parsing (fsgen.setpath.parse) on the lines of the input.
 * The oracles are in fuzz/lua/check_setpath.lua. */
#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return harness_run("check_setpath", HARNESS_LUA_LINES, data, size);
}
