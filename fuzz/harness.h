/* The shared body of the fuzz targets: a Lua state with fsgen.core and the
 * engine modules, and a Lua check (fuzz/lua/<target>.lua) that feeds the
 * input to the code under test and raises "BUG: ..." when an oracle fails. */
#ifndef FSGEN_FUZZ_HARNESS_H
#define FSGEN_FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>

enum harness_coverage {
  HARNESS_C_ONLY,   /* the code under test is C: sanitizer coverage suffices */
  HARNESS_LUA_LINES /* the code under test is Lua: feed its line edges too */
};

/* Runs fuzz/lua/<target>.lua's function on the input; aborts on a finding. */
int harness_run(const char *target, enum harness_coverage coverage,
                const uint8_t *data, size_t size);

/* libFuzzer's entry points, declared for -Wmissing-prototypes. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
