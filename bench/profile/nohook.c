/* Measurement only (LD_PRELOAD): lua_sethook does nothing, so a run without
 * the instruction-count hook prices what the hook costs. */
typedef struct lua_State lua_State;
typedef struct lua_Debug lua_Debug;
typedef void (*lua_Hook)(lua_State *L, lua_Debug *ar);

void lua_sethook(lua_State *L, lua_Hook f, int mask, int count);

void lua_sethook(lua_State *L, lua_Hook f, int mask, int count) {
  (void)L;
  (void)f;
  (void)mask;
  (void)count;
}
