/* Fuzz target: the YAML emitter (core.emit) on tables built from the input, then a
 * round trip through the loader.
 * The oracles are in fuzz/lua/check_emit.lua. */
#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return harness_run("check_emit", HARNESS_C_ONLY, data, size);
}
