/* Fuzz target: the YAML loader (core.load_yaml), then a round trip through the
 * emitter.
 * The oracles are in fuzz/lua/check_yaml_load.lua. */
#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return harness_run("check_yaml_load", HARNESS_C_ONLY, data, size);
}
