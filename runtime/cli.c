#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "exit_codes.h"

enum long_only {
  OPT_SET = 256, OPT_SET_STRING, OPT_NAME, OPT_CHART, OPT_DEPFILE, OPT_ROOT,
  OPT_TRACE, OPT_VERSION, OPT_ALLOW_UNKNOWN, OPT_MAX_INSTRUCTIONS, OPT_MAX_MEMORY,
  OPT_CRD, OPT_STRICT_KINDS, OPT_CHECK, OPT_SHOW_ORIGIN, OPT_EACH, OPT_STREAM, OPT_TESTS
};

static const struct option long_options[] = {
  {"output", required_argument, NULL, 'o'},
  {"values", required_argument, NULL, 'f'},
  {"namespace", required_argument, NULL, 'n'},
  {"help", no_argument, NULL, 'h'},
  {"set", required_argument, NULL, OPT_SET},
  {"set-string", required_argument, NULL, OPT_SET_STRING},
  {"name", required_argument, NULL, OPT_NAME},
  {"chart", required_argument, NULL, OPT_CHART},
  {"depfile", required_argument, NULL, OPT_DEPFILE},
  {"root", required_argument, NULL, OPT_ROOT},
  {"trace", no_argument, NULL, OPT_TRACE},
  {"version", no_argument, NULL, OPT_VERSION},
  {"allow-unknown", no_argument, NULL, OPT_ALLOW_UNKNOWN},
  {"max-instructions", required_argument, NULL, OPT_MAX_INSTRUCTIONS},
  {"max-memory", required_argument, NULL, OPT_MAX_MEMORY},
  {"crd", required_argument, NULL, OPT_CRD},
  {"strict-kinds", no_argument, NULL, OPT_STRICT_KINDS},
  {"check", no_argument, NULL, OPT_CHECK},
  {"show-origin", no_argument, NULL, OPT_SHOW_ORIGIN},
  {"each", no_argument, NULL, OPT_EACH},
  {"stream", no_argument, NULL, OPT_STREAM},
  {"tests", no_argument, NULL, OPT_TESTS},
  {NULL, 0, NULL, 0}};

static void usage_error(lua_State *L, const char *fmt, const char *arg) {
  lua_createtable(L, 0, 2);
  lua_pushinteger(L, FSGEN_EXIT_USAGE);
  lua_setfield(L, -2, "code");
  lua_pushfstring(L, fmt, arg);
  lua_pushliteral(L, " (see fsgen --help)");
  lua_concat(L, 2);
  lua_setfield(L, -2, "message");
  lua_error(L);
}

static void flag(lua_State *L, const char *field) {
  lua_pushboolean(L, 1);
  lua_setfield(L, -2, field);
}

static void append(lua_State *L, const char *field, const char *value) {
  lua_getfield(L, -1, field);
  lua_pushstring(L, value);
  lua_seti(L, -2, (lua_Integer)luaL_len(L, -2) + 1);
  lua_pop(L, 1);
}

static void append_set(lua_State *L, const char *expr, int as_string) {
  lua_getfield(L, -1, "sets");
  lua_createtable(L, 0, 2);
  lua_pushstring(L, expr);
  lua_setfield(L, -2, "expr");
  lua_pushboolean(L, as_string);
  lua_setfield(L, -2, "string");
  lua_seti(L, -2, (lua_Integer)luaL_len(L, -2) + 1);
  lua_pop(L, 1);
}

static long long positive_number(lua_State *L, const char *option, const char *arg) {
  char *end;
  long long n;
  errno = 0;
  n = strtoll(arg, &end, 10);
  if (errno || *end || end == arg || n <= 0) usage_error(L, option, arg);
  return n;
}

void cli_push_options(lua_State *L, int argc, char **argv,
                      struct host_limits *limits) {
  int c;
  lua_newtable(L);
  lua_newtable(L);
  lua_setfield(L, -2, "overlays");
  lua_newtable(L);
  lua_setfield(L, -2, "values_files");
  lua_newtable(L);
  lua_setfield(L, -2, "sets");
  lua_newtable(L);
  lua_setfield(L, -2, "crds");
  opterr = 0; /* our own one-line messages */
  optind = 1;
  while ((c = getopt_long(argc, argv, ":o:f:n:h", long_options, NULL)) != -1) {
    const char *scalar = NULL, *shown = NULL;
    switch (c) {
    case 'o': scalar = "output"; shown = "-o/--output"; break;
    case 'n': scalar = "namespace"; shown = "-n/--namespace"; break;
    case OPT_NAME: scalar = "name"; shown = "--name"; break;
    case OPT_CHART: scalar = "chart"; shown = "--chart"; break;
    case OPT_DEPFILE: scalar = "depfile"; shown = "--depfile"; break;
    case OPT_ROOT: scalar = "root"; shown = "--root"; break;
    case 'f': append(L, "values_files", optarg); break;
    case OPT_CRD: append(L, "crds", optarg); break;
    case OPT_SET: append_set(L, optarg, 0); break;
    case OPT_SET_STRING: append_set(L, optarg, 1); break;
    case 'h':
      lua_pushboolean(L, 1);
      lua_setfield(L, -2, "help");
      break;
    case OPT_VERSION:
      lua_pushboolean(L, 1);
      lua_setfield(L, -2, "version");
      break;
    case OPT_TRACE:
      lua_pushboolean(L, 1);
      lua_setfield(L, -2, "trace");
      break;
    case OPT_STRICT_KINDS: flag(L, "strict_kinds"); break;
    case OPT_CHECK: flag(L, "check"); break;
    case OPT_SHOW_ORIGIN: flag(L, "show_origin"); break;
    case OPT_EACH: flag(L, "each"); break;
    case OPT_STREAM: flag(L, "stream"); break;
    case OPT_TESTS: flag(L, "tests"); break;
    case OPT_ALLOW_UNKNOWN:
      lua_pushboolean(L, 1);
      lua_setfield(L, -2, "allow_unknown");
      break;
    case OPT_MAX_INSTRUCTIONS:
      limits->instruction_limit =
        positive_number(L, "--max-instructions wants a positive number, not '%s'", optarg);
      break;
    case OPT_MAX_MEMORY: {
      unsigned long long mb = (unsigned long long)positive_number(
        L, "--max-memory wants a positive number of megabytes, not '%s'", optarg);
      /* More than the address space is no limit, but must not wrap to 0
       * (which would mean none) or to a small cap. */
      limits->memory_limit = mb > (SIZE_MAX >> 20) ? SIZE_MAX : (size_t)mb << 20;
      break;
    }
    case ':':
      usage_error(L, "option '%s' needs an argument", argv[optind - 1]);
      break;
    default:
      if (optopt) {
        char opt[3] = {'-', (char)optopt, '\0'};
        usage_error(L, "unknown option '%s'", opt);
      }
      usage_error(L, "unknown option '%s'", argv[optind - 1]);
    }
    if (scalar) {
      lua_getfield(L, -1, scalar);
      if (!lua_isnil(L, -1)) usage_error(L, "option %s given twice", shown);
      lua_pop(L, 1);
      lua_pushstring(L, optarg);
      lua_setfield(L, -2, scalar);
    }
  }
  for (int i = optind; i < argc; i++) append(L, "overlays", argv[i]);
}
