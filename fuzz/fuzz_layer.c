/* Fuzz target: overlay layering (fsgen.merge.layer) and the values check
 * (fsgen.values.check) on tables built from the input.
 * The oracles are in fuzz/lua/check_layer.lua. */
#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return harness_run("check_layer", HARNESS_LUA_LINES, data, size);
}
