/* The YAML emitter: scalar styles, number text, whole documents, errors. */
#include <lauxlib.h>
#include <lualib.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core_module.h"
#include "yaml_scalar.h"

static const char *style_name(enum yaml_scalar_style style) {
  switch (style) {
    case YAML_SCALAR_PLAIN: return "plain";
    case YAML_SCALAR_DOUBLE_QUOTED: return "double";
    case YAML_SCALAR_LITERAL: return "literal";
    case YAML_SCALAR_INVALID_UTF8: return "invalid";
  }
  return "?";
}

struct style_case {
  const char *text;
  size_t len; /* 0: strlen */
  const char *value_style, *key_style;
};

static void check_styles(void) {
  static const struct style_case cases[] = {
    {"hello", 0, "plain", "plain"},
    {"app.kubernetes.io/name", 0, "plain", "plain"},
    {"http://example.com:8080/x#y", 0, "plain", "plain"},
    {"-Xmx512m", 0, "plain", "plain"},
    {"--port=8080", 0, "plain", "plain"},
    {"512Mi", 0, "plain", "plain"},
    {"100m", 0, "plain", "plain"},
    {"caf\xC3\xA9", 0, "plain", "plain"},
    {"it's", 0, "plain", "plain"},
    {"a#b", 0, "plain", "plain"},
    {"a:b", 0, "plain", "plain"},
    {"v1.2", 0, "plain", "plain"},
    {"", 0, "double", "double"},
    {"yes", 0, "double", "double"},
    {"y", 0, "double", "double"},
    {"Off", 0, "double", "double"},
    {"~", 0, "double", "double"},
    {"NULL", 0, "double", "double"},
    {"<<", 0, "double", "double"},
    {"=", 0, "double", "double"},
    {"8080", 0, "double", "double"},
    {"0x1F", 0, "double", "double"},
    {"0o17", 0, "double", "double"},
    {"1e3", 0, "double", "double"},
    {"1_000", 0, "double", "double"},
    {"1:30", 0, "double", "double"},
    {"1.2.3", 0, "double", "double"},
    {"-.inf", 0, "double", "double"},
    {".NaN", 0, "double", "double"},
    {"+", 0, "double", "double"},
    {"2001-12-14t21:59:43.10-05:00", 0, "double", "double"},
    {"-", 0, "double", "double"},
    {"- a", 0, "double", "double"},
    {"---x", 0, "double", "double"},
    {"...", 0, "double", "double"},
    {":x", 0, "double", "double"},
    {"?x", 0, "double", "double"},
    {"a: b", 0, "double", "double"},
    {"a:", 0, "double", "double"},
    {"a #b", 0, "double", "double"},
    {"*x", 0, "double", "double"},
    {"!x", 0, "double", "double"},
    {" a", 0, "double", "double"},
    {"a ", 0, "double", "double"},
    {"a\tb", 0, "double", "double"},
    {"a\0b", 3, "double", "double"},
    {"\xEF\xBB\xBFx", 0, "double", "double"},               /* BOM */
    {"\xF0\x9F\x98\x80", 0, "double", "double"},            /* libyaml escapes */
    {"a\xE2\x80\xA8" "b", 0, "double", "double"},           /* U+2028 */
    {"a\nb", 0, "literal", "double"},
    {"a\nb\n", 0, "literal", "double"},
    {"a\n  b\n", 0, "literal", "double"},
    {"a\nb\n\n", 0, "double", "double"},  /* would need |+ */
    {" a\nb", 0, "double", "double"},     /* needs an indentation indicator */
    {"\na", 0, "double", "double"},
    {"a \nb", 0, "double", "double"},     /* trailing space on a line */
    {"a\r\nb", 0, "double", "double"},
    {"a\n\tb", 0, "double", "double"},
    {"\xFF", 0, "invalid", "invalid"},
    {"\xC0\xAF", 0, "invalid", "invalid"},                  /* overlong */
    {"\xED\xA0\x80", 0, "invalid", "invalid"},              /* surrogate */
    {"\xF4\x90\x80\x80", 0, "invalid", "invalid"},          /* > U+10FFFF */
    {"\xE2\x82", 0, "invalid", "invalid"},                  /* cut short */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const struct style_case *c = &cases[i];
    size_t len = c->len ? c->len : strlen(c->text);
    const char *value = style_name(yaml_scalar_style(c->text, len, 0));
    const char *key = style_name(yaml_scalar_style(c->text, len, 1));
    if (strcmp(value, c->value_style) || strcmp(key, c->key_style)) {
      fprintf(stderr, "case %zu: value %s (want %s), key %s (want %s)\n", i,
              value, c->value_style, key, c->key_style);
      check_failures++;
    }
  }
}

static void check_numbers(void) {
  static const struct {
    double value;
    const char *text;
  } floats[] = {
    {3.0, "3.0"},          {-2.0, "-2.0"},       {0.1, "0.1"},
    {1.0 / 3, "0.3333333333333333"},             {1e300, "1.0e+300"},
    {5e-324, "5.0e-324"},  {2.5e-308, "2.5e-308"},
    {9007199254740992.0, "9007199254740992.0"},  {1e15, "1.0e+15"},
    {123456789012345.0, "123456789012345.0"},    {1.5, "1.5"},
    {-1e-5, "-1.0e-05"},   {0.30000000000000004, "0.30000000000000004"},
    {1.7976931348623157e308, "1.7976931348623157e+308"}};
  char text[YAML_SCALAR_NUMBER_MAX];
  for (size_t i = 0; i < sizeof floats / sizeof floats[0]; i++) {
    size_t len = yaml_scalar_format_float(floats[i].value, text);
    CHECK_STR(text, floats[i].text);
    CHECK(len == strlen(floats[i].text));
  }
  yaml_scalar_format_float(-0.0, text);
  CHECK_STR(text, "-0.0");
  yaml_scalar_format_float(0.0, text);
  CHECK_STR(text, "0.0");
  yaml_scalar_format_integer(0, text);
  CHECK_STR(text, "0");
  yaml_scalar_format_integer(-42, text);
  CHECK_STR(text, "-42");
  yaml_scalar_format_integer(LUA_MININTEGER, text);
  CHECK_STR(text, "-9223372036854775808");
  yaml_scalar_format_integer(LUA_MAXINTEGER, text);
  CHECK_STR(text, "9223372036854775807");
}

/* Runs a Lua chunk that returns the docs and emits them: the YAML, or
 * "error: <message>".  The result stays on the stack until the next call. */
static const char *emit(lua_State *L, const char *docs_chunk) {
  lua_settop(L, 0);
  lua_getglobal(L, "core");
  lua_getfield(L, -1, "emit");
  if (luaL_loadstring(L, docs_chunk) != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK) {
    fprintf(stderr, "bad test chunk: %s\n", lua_tostring(L, -1));
    check_failures++;
    return "(bad chunk)";
  }
  if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
    lua_pushfstring(L, "error: %s", lua_tostring(L, -1));
  }
  return lua_tostring(L, -1);
}

static void check_documents(lua_State *L) {
  CHECK_STR(emit(L,
    "return {{source = 'charts/flagsmith/api.lua', object = {"
    "  zeta = 1, spec = {replicas = 2, selector = {matchLabels = {app = 'api'}}},"
    "  metadata = {name = 'flagsmith-api', labels = {['app.kubernetes.io/name'] = 'flagsmith',"
    "    tier = 'on', version = '1.0'}},"
    "  kind = 'Deployment', apiVersion = 'apps/v1', alpha = core.null}},"
    " {object = {kind = 'ConfigMap', apiVersion = 'v1', metadata = {name = 'cfg'},"
    "   data = {['settings.py'] = 'DEBUG = False\\nHOSTS = [\"*\"]\\n', empty = '',"
    "           list = core.list{}, map = core.map{}, plain = {}}}}}"),
    "---\n"
    "# Source: charts/flagsmith/api.lua\n"
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "metadata:\n"
    "  labels:\n"
    "    app.kubernetes.io/name: flagsmith\n"
    "    tier: \"on\"\n"
    "    version: \"1.0\"\n"
    "  name: flagsmith-api\n"
    "spec:\n"
    "  replicas: 2\n"
    "  selector:\n"
    "    matchLabels:\n"
    "      app: api\n"
    "alpha: null\n"
    "zeta: 1\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: ConfigMap\n"
    "metadata:\n"
    "  name: cfg\n"
    "data:\n"
    "  empty: \"\"\n"
    "  list: []\n"
    "  map: {}\n"
    "  plain: {}\n"
    "  settings.py: |\n"
    "    DEBUG = False\n"
    "    HOSTS = [\"*\"]\n");

  /* Leaders come first only at the top of an object; below, plain order. */
  CHECK_STR(emit(L,
    "return {{object = {spec = {template = {spec = {b = 1, apiVersion = 'x', kind = 'k',"
    " B = true, ['a b'] = false, ['\\xC3\\xA9'] = 0.5}}}}}}"),
    "---\n"
    "spec:\n"
    "  template:\n"
    "    spec:\n"
    "      B: true\n"
    "      a b: false\n"
    "      apiVersion: x\n"
    "      b: 1\n"
    "      kind: k\n"
    "      \xC3\xA9: 0.5\n");

  CHECK_STR(emit(L,
    "return {{object = {args = {'--port', '8080', '-v', 'yes', 1, 2.0, -0.0,"
    " {name = 'x', value = 'a\\tb'}, {}, core.list{}}}}}"),
    "---\n"
    "args:\n"
    "- --port\n"
    "- \"8080\"\n"
    "- -v\n"
    "- \"yes\"\n"
    "- 1\n"
    "- 2.0\n"
    "- -0.0\n"
    "- name: x\n"
    "  value: \"a\\tb\"\n"
    "- {}\n"
    "- []\n");

  /* The same table twice is written twice, never as an anchor. */
  CHECK_STR(emit(L,
    "local shared = {k = 'v'}\n"
    "return {{object = {a = shared, b = {shared}}}}"),
    "---\na:\n  k: v\nb:\n- k: v\n");

  CHECK_STR(emit(L, "return {}"), "");
  CHECK_STR(emit(L, "return {{object = 'text'}, {object = 42}}"),
            "---\ntext\n---\n42\n");
}

static void check_errors(lua_State *L) {
  static const struct {
    const char *docs, *message;
  } cases[] = {
    {"return {{object = {kind = 'Deployment', metadata = {name = 'flagsmith-api'},"
     " spec = {template = {spec = {containers = {{env = {{}, {}, {},"
     " {name = 'X', value = print}}}}}}}}}}",
     "error: Deployment/flagsmith-api: "
     "spec.template.spec.containers[0].env[3].value: cannot write a function"},
    {"return {{object = {a = 0/0}}}", "error: document 1: a: cannot write NaN"},
    {"return {{object = {}}, {object = {a = {b = math.huge}}}}",
     "error: document 2: a.b: cannot write infinity"},
    {"return {{object = {a = -math.huge}}}",
     "error: document 1: a: cannot write -infinity"},
    {"return {{object = {kind = 'Service', metadata = {name = 's'}, spec = {1, x = 2}}}}",
     "error: Service/s: spec: table is both a list and a map (keys 1 and \"x\")"},
    {"return {{object = {a = {1, nil, 3}}}}",
     "error: document 1: a: list has a hole at [1] (Lua index 2 is nil)"},
    {"return {{object = {a = {[1] = 1, [3] = 3}}}}",
     "error: document 1: a: list has a hole at [1] (Lua index 2 is nil)"},
    {"return {{object = {a = {[3.5] = 1}}}}",
     "error: document 1: a: non-string key 3.5 (keys are strings, or 1..n for a list)"},
    {"return {{object = {a = {[0] = 1}}}}",
     "error: document 1: a: non-string key 0 (keys are strings, or 1..n for a list)"},
    {"return {{object = {a = {[true] = 1, x = 1}}}}",
     "error: document 1: a: non-string key true"},
    {"return {{object = {a = {[{}] = 1}}}}",
     "error: document 1: a: non-string key of type table"},
    {"return {{object = {a = core.list{x = 1}}}}",
     "error: document 1: a: fsgen.list table has string key \"x\""},
    {"return {{object = {a = core.map{1}}}}",
     "error: document 1: a: fsgen.map table has list key 1"},
    {"local t = {}; t.x = {y = {t}}; return {{object = {root = t}}}",
     "error: document 1: root.x.y[0]: cycle: table contains itself (first met at root)"},
    {"local t = {}; t[1] = t; return {{object = t}}",
     "error: document 1: [0]: cycle: table contains itself (first met at (root))"},
    {"return {{object = {['app.kubernetes.io/name'] = {'\\xFF'}}}}",
     "error: document 1: [\"app.kubernetes.io/name\"][0]: invalid UTF-8 in string"},
    {"return {{object = {a = {['b\\xFF\"'] = 1}}}}",
     "error: document 1: a[\"b\\xFF\\\"\"]: invalid UTF-8 in key"},
    {"return {{object = {a = coroutine.create(print)}}}",
     "error: document 1: a: cannot write a thread (coroutine)"},
    {"return {{object = {a = io.stdout}}}",
     "error: document 1: a: cannot write a userdata (FILE*); only fsgen.null is allowed"},
    {"return {{object = {kind = 'Secret', metadata = {name = {}}, data = {x = print}}}}",
     "error: document 1: data.x: cannot write a function"},
    {"return {{object = {}}, 'x'}",
     "error: document 2: not a table (each document is {object = ..., source = ...})"},
    {"return {{source = 'x'}}",
     "error: document 1: no object (each document is {object = ..., source = ...})"},
    {"return {{object = {}, source = 'a\\nb'}}",
     "error: document 1: source must be one line of UTF-8 text"},
    {"local t = {} local c = t for i = 1, 1000 do c.x = {} c = c.x end return {{object = t}}",
     "error: document 1: x.x.x.x.x.x.x.x.x.x.(980 more).x.x.x.x.x.x.x.x.x.x: "
     "nesting deeper than 1000 levels"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    CHECK_STR(emit(L, cases[i].docs), cases[i].message);

  /* Values only C can make. */
  lua_settop(L, 0);
  lua_getglobal(L, "core");
  lua_getfield(L, -1, "emit");
  lua_createtable(L, 1, 0);
  lua_createtable(L, 0, 1);
  lua_createtable(L, 0, 1);
  lua_pushlightuserdata(L, &check_failures);
  lua_setfield(L, -2, "handle");
  lua_setfield(L, -2, "object");
  lua_rawseti(L, -2, 1);
  CHECK(lua_pcall(L, 1, 1, 0) != LUA_OK);
  CHECK_STR(lua_tostring(L, -1), "document 1: handle: cannot write a light userdata");

  /* 1000 levels is the limit, not an error. */
  CHECK(strncmp(emit(L, "local t = {} local c = t for i = 1, 999 do c.x = {} c = c.x end"
                        " return {{object = t}}"), "---\nx:\n", 7) == 0);

  /* A secret value never reaches the message. */
  CHECK(strstr(emit(L, "return {{object = {a = {'hunter2\\xFF'}}}}"), "hunter2") == NULL);
}

/* An allocator with a ceiling, as a memory cap on the Lua state would be. */
struct capped {
  size_t used, limit;
};

static void *capped_alloc(void *ud, void *ptr, size_t old_size, size_t new_size) {
  struct capped *cap = ud;
  size_t old = ptr ? old_size : 0;
  void *grown;
  if (new_size == 0) {
    free(ptr);
    cap->used -= old;
    return NULL;
  }
  if (new_size > old && cap->used - old + new_size > cap->limit) return NULL;
  grown = realloc(ptr, new_size);
  if (grown) cap->used = cap->used - old + new_size;
  return grown;
}

/* Running out of memory half way is an error that frees everything (the
 * valgrind run checks the freeing). */
static void check_out_of_memory(void) {
  struct capped cap = {0, (size_t)-1};
  lua_State *L = lua_newstate(capped_alloc, &cap);
  luaL_openlibs(L);
  fsgen_core_open(L);
  lua_setglobal(L, "core");
  CHECK(luaL_dostring(L, "docs = {{object = {}}}\n"
                         "for i = 1, 20000 do docs[1].object['key' .. i] = 'value ' .. i end")
        == LUA_OK);
  lua_getglobal(L, "core");
  lua_getfield(L, -1, "emit");
  lua_getglobal(L, "docs");
  cap.limit = cap.used + 64 * 1024;
  CHECK(lua_pcall(L, 1, 1, 0) != LUA_OK);
  CHECK_STR(lua_tostring(L, -1), "document 1: out of memory while writing YAML");
  cap.limit = (size_t)-1;
  lua_close(L);
  CHECK(cap.used == 0);
}

int main(void) {
  lua_State *L = luaL_newstate();
  luaL_openlibs(L);
  fsgen_core_open(L);
  lua_setglobal(L, "core");
  check_styles();
  check_numbers();
  check_documents(L);
  check_errors(L);
  lua_close(L);
  check_out_of_memory();
  return CHECK_DONE();
}
