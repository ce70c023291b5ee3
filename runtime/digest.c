#include "digest.h"

#include <lauxlib.h>
#include <nettle/sha2.h>

int digest_sha256_lua(lua_State *L) {
  size_t len;
  const char *data = luaL_checklstring(L, 1, &len);
  struct sha256_ctx ctx;
  uint8_t md[SHA256_DIGEST_SIZE];
  static const char hex[] = "0123456789abcdef";
  char out[2 * SHA256_DIGEST_SIZE];
  sha256_init(&ctx);
  sha256_update(&ctx, len, (const uint8_t *)data);
  sha256_digest(&ctx, sizeof md, md);
  for (size_t i = 0; i < sizeof md; i++) {
    out[2 * i] = hex[md[i] >> 4];
    out[2 * i + 1] = hex[md[i] & 0xf];
  }
  lua_pushlstring(L, out, sizeof out);
  return 1;
}
