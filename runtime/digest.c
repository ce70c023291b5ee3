#include "digest.h"

#include <lauxlib.h>
#include <openssl/evp.h>

int digest_sha256_lua(lua_State *L) {
  size_t len;
  const char *data = luaL_checklstring(L, 1, &len);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  static const char hex[] = "0123456789abcdef";
  char out[2 * EVP_MAX_MD_SIZE];
  if (!EVP_Digest(data, len, md, &md_len, EVP_sha256(), NULL))
    return luaL_error(L, "sha256 failed");
  for (unsigned int i = 0; i < md_len; i++) {
    out[2 * i] = hex[md[i] >> 4];
    out[2 * i + 1] = hex[md[i] & 0xf];
  }
  lua_pushlstring(L, out, 2 * (size_t)md_len);
  return 1;
}
