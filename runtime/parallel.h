/* Running one Lua function over many items in worker processes (--each). */
#ifndef FSGEN_PARALLEL_H
#define FSGEN_PARALLEL_H

#include <lua.h>

/* fsgen.host.parallel(jobs, count, fn) -> results
 *
 * Calls fn(i) for i = 1..count, spread over `jobs` forked workers that share
 * everything loaded so far; each call must return a string, collected into
 * results[i] in the parent.  An error in fn ends that worker's run with the
 * message as results[i] prefixed by "\1" (so callers can tell).  With one job
 * or one item, fn runs in this process. */
int parallel_lua(lua_State *L);

/* fsgen.host.cpus() -> online processors. */
int parallel_cpus_lua(lua_State *L);

#endif
