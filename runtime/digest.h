/* core.sha256(string) -> lower-case hex digest (nettle). */
#ifndef FSGEN_DIGEST_H
#define FSGEN_DIGEST_H

#include <lua.h>

int digest_sha256_lua(lua_State *L);

#endif
