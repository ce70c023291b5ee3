/* fsgen: the process.  Everything runs inside one protected call (pmain), so
 * every error, out-of-memory included, unwinds to one reporter. */
#define _DEFAULT_SOURCE /* readlink, PATH_MAX */

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lualib.h>

#include "cli.h"
#include "exit_codes.h"
#include "lua_host.h"

#define DEFAULT_MEMORY_LIMIT ((size_t)1 << 30)  /* 1 GiB */
#define DEFAULT_INSTRUCTION_LIMIT 2000000000LL  /* a few seconds of Lua */

struct run {
  int argc;
  char **argv;
  int trace;
};

/* The installed layout is <prefix>/bin/fsgen and <prefix>/share/fsgen/; a
 * binary elsewhere (the build tree) uses the source tree it was built from. */
static void push_data_dir(lua_State *L) {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    char *slash;
    struct stat st;
    exe[n] = '\0';
    slash = strrchr(exe, '/');
    if (slash) {
      *slash = '\0';
      lua_pushfstring(L, "%s/../" FSGEN_INSTALL_SUBDIR, exe);
      lua_pushfstring(L, "%s/lua/fsgen/main.lua", lua_tostring(L, -1));
      if (stat(lua_tostring(L, -1), &st) == 0) {
        lua_pop(L, 1);
        return;
      }
      lua_pop(L, 2);
    }
  }
  lua_pushliteral(L, FSGEN_SOURCE_DIR);
}

static int message_handler(lua_State *L) {
  struct run *run = lua_touserdata(L, lua_upvalueindex(1));
  if (lua_type(L, 1) == LUA_TSTRING && run->trace &&
      !strstr(lua_tostring(L, 1), "\nstack traceback:")) /* taken deeper already */
    luaL_traceback(L, L, lua_tostring(L, 1), 1);
  return 1; /* tables ({code, message}) and plain messages pass through */
}

static int pmain(lua_State *L) {
  struct run *run = lua_touserdata(L, 1);
  struct host_limits *limits = host_limits_of(L);
  cli_push_options(L, run->argc, run->argv, limits);
  lua_getfield(L, -1, "trace");
  run->trace = lua_toboolean(L, -1);
  limits->trace = run->trace;
  lua_pop(L, 1);
  lua_pushliteral(L, FSGEN_VERSION);
  lua_setfield(L, -2, "fsgen_version");
  push_data_dir(L);
  lua_pushvalue(L, -1);
  lua_setfield(L, -3, "data_dir");
  lua_pushfstring(L, "%s/lua", lua_tostring(L, -1));
  host_set_lua_dir(L, lua_tostring(L, -1));
  lua_pop(L, 2);
  lua_getglobal(L, "require");
  lua_pushliteral(L, "fsgen.main");
  lua_call(L, 1, 1);
  lua_getfield(L, -1, "run");
  lua_pushvalue(L, -3);
  lua_call(L, 1, 0);
  return 0;
}

/* One reporter: "fsgen: <message>" on stderr, and the exit code.  An error
 * is never a success: a table raised by overlay code cannot choose exit 0. */
static int report(lua_State *L, const struct host_limits *limits) {
  int code = FSGEN_EXIT_BAD_INPUT;
  const char *msg;
  if (lua_istable(L, -1)) {
    /* Raw reads: this runs outside the protected call, and an error table
     * made by overlay code may have an __index that raises or loops. */
    lua_pushliteral(L, "code");
    if (lua_rawget(L, -2) == LUA_TNUMBER && lua_isinteger(L, -1) &&
        lua_tointeger(L, -1) == FSGEN_EXIT_USAGE)
      code = FSGEN_EXIT_USAGE;
    lua_pushliteral(L, "message");
    lua_rawget(L, -3);
    lua_replace(L, -3);
    lua_pop(L, 1);
  }
  if (limits->memory_exceeded) {
    fprintf(stderr, "fsgen: memory limit of %zu MB exceeded (raise it with --max-memory)\n",
            limits->memory_limit >> 20);
    return FSGEN_EXIT_BAD_INPUT;
  }
  msg = lua_tostring(L, -1);
  fprintf(stderr, "fsgen: %s\n", msg ? msg : "error object is not a string");
  return code;
}

int main(int argc, char **argv) {
  struct host_limits limits = {.memory_limit = DEFAULT_MEMORY_LIMIT,
                               .instruction_limit = DEFAULT_INSTRUCTION_LIMIT};
  struct run run = {argc, argv, 0};
  int status;
  lua_State *L = host_new_state(&limits);
  if (!L) {
    fputs("fsgen: cannot create the Lua state: not enough memory\n", stderr);
    return FSGEN_EXIT_BAD_INPUT;
  }
  lua_pushlightuserdata(L, &run);
  lua_pushcclosure(L, message_handler, 1);
  lua_pushcfunction(L, pmain);
  lua_pushlightuserdata(L, &run);
  status = lua_pcall(L, 1, 0, 1);
  if (status == LUA_OK) {
    /* Everything is written and closed: nothing is left to finalize. */
    host_drop_state(L);
    return FSGEN_EXIT_OK;
  }
  status = report(L, &limits);
  host_close_state(L);
  return status;
}
