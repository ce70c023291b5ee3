/* core.load_yaml: exact values, marks and error messages, and bounded cost
 * on hostile input (deep nesting, "billion laughs"). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>
#include <lualib.h>

#include "check.h"
#include "core_module.h"
#include "markers.h"

/* The time bounds are sanity checks, loosened under valgrind. */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif
#define TIME_BOUND (RUNNING_ON_VALGRIND ? 60.0 : 2.0)

static lua_State *L;

/* Lua memory in use and its high-water mark, to bound hostile inputs. */
static size_t mem_now, mem_peak;

static void *counting_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  size_t old = ptr ? osize : 0;
  void *p;
  (void)ud;
  if (nsize == 0) {
    free(ptr);
    mem_now -= old;
    return NULL;
  }
  p = realloc(ptr, nsize);
  if (p) {
    mem_now = mem_now - old + nsize;
    if (mem_now > mem_peak) mem_peak = mem_now;
  }
  return p;
}

static double now_seconds(void) {
  struct timespec ts;
  timespec_get(&ts, TIME_UTC);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- a canonical text for loaded values ------------------------------ */

static char out[1 << 16];
static size_t out_len;

static void put(const char *s, size_t n) {
  if (n > sizeof out - 1 - out_len) n = sizeof out - 1 - out_len;
  memcpy(out + out_len, s, n);
  out_len += n;
  out[out_len] = '\0';
}

static void puts_(const char *s) { put(s, strlen(s)); }

/* int 1, float 1.0, string "1", null, true, [..], {k=v} with sorted keys;
 * empty tables show their marker: {} map, [] list, <untagged> neither. */
static void describe(int idx) {
  char num[64];
  idx = lua_absindex(L, idx);
  switch (lua_type(L, idx)) {
  case LUA_TBOOLEAN:
    puts_(lua_toboolean(L, idx) ? "true" : "false");
    break;
  case LUA_TNUMBER:
    if (lua_isinteger(L, idx)) {
      snprintf(num, sizeof num, "%lld", (long long)lua_tointeger(L, idx));
    } else {
      double d = lua_tonumber(L, idx);
      if (isnan(d)) snprintf(num, sizeof num, "nan");
      else if (isinf(d)) snprintf(num, sizeof num, d < 0 ? "-inf" : "inf");
      else snprintf(num, sizeof num, "%.14g", d);
      if (!strpbrk(num, ".eni")) strcat(num, ".0");
    }
    puts_(num);
    break;
  case LUA_TSTRING: {
    size_t n, i;
    const char *s = lua_tolstring(L, idx, &n);
    puts_("\"");
    for (i = 0; i < n; i++) {
      if (s[i] == '\0') puts_("\\0");
      else if (s[i] == '\n') puts_("\\n");
      else put(s + i, 1);
    }
    puts_("\"");
    break;
  }
  case LUA_TUSERDATA:
    puts_(markers_kind(L, idx) == MARKER_NULL ? "null" : "<userdata>");
    break;
  case LUA_TTABLE: {
    lua_Integer n = (lua_Integer)lua_rawlen(L, idx), count = 0, i;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
      count++;
      lua_pop(L, 1);
    }
    if (count == 0) {
      enum marker_kind kind = markers_kind(L, idx);
      puts_(kind == MARKER_MAP ? "{}" : kind == MARKER_LIST ? "[]" : "<untagged>");
    } else if (n == count) {
      puts_("[");
      for (i = 1; i <= n; i++) {
        if (i > 1) puts_(",");
        lua_rawgeti(L, idx, i);
        describe(-1);
        lua_pop(L, 1);
      }
      puts_("]");
    } else {
      int keys;
      lua_newtable(L);
      keys = lua_gettop(L);
      i = 0;
      lua_pushnil(L);
      while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING) {
          puts_("<non-string key>");
          continue;
        }
        lua_pushvalue(L, -1);
        lua_rawseti(L, keys, ++i);
      }
      lua_getglobal(L, "table");
      lua_getfield(L, -1, "sort");
      lua_pushvalue(L, keys);
      lua_call(L, 1, 0);
      lua_pop(L, 1);
      puts_("{");
      for (i = 1; i <= count; i++) {
        if (i > 1) puts_(",");
        lua_rawgeti(L, keys, i);
        puts_(lua_tostring(L, -1));
        puts_("=");
        lua_rawget(L, idx);
        describe(-1);
        lua_pop(L, 1);
      }
      puts_("}");
      lua_pop(L, 1);
    }
    break;
  }
  default:
    puts_(lua_typename(L, lua_type(L, idx)));
  }
}

/* ---- calling core.load_yaml ------------------------------------------ */

/* Leaves value, marks (or the error message) from index 1; returns the
 * pcall status.  opts is a Lua table constructor or NULL. */
static int load(const char *text, size_t len, const char *opts) {
  int nargs = 2;
  lua_settop(L, 0);
  lua_getfield(L, LUA_REGISTRYINDEX, "test.core");
  lua_getfield(L, -1, "load_yaml");
  lua_remove(L, 1);
  lua_pushlstring(L, text, len);
  lua_pushliteral(L, "v.yaml");
  if (opts) {
    lua_pushfstring(L, "return %s", opts);
    if (luaL_dostring(L, lua_tostring(L, -1)) != LUA_OK) return -1;
    lua_remove(L, -2);
    nargs = 3;
  }
  return lua_pcall(L, nargs, 2, 0);
}

static int load_str(const char *text, const char *opts) { return load(text, strlen(text), opts); }

static const char *value_of_opts(const char *text, const char *opts) {
  out_len = 0;
  out[0] = '\0';
  if (load(text, strlen(text), opts) != LUA_OK) {
    puts_("ERROR ");
    puts_(lua_tostring(L, -1));
  } else {
    describe(1);
  }
  return out;
}

static const char *value_of(const char *text) { return value_of_opts(text, NULL); }

static const char *error_of_n(const char *text, size_t len) {
  if (load(text, len, NULL) == LUA_OK) return "(loaded without error)";
  return lua_tostring(L, -1);
}

static const char *error_of(const char *text) { return error_of_n(text, strlen(text)); }

/* The marks table at index idx as "path@line:col" words sorted by path. */
static const char *describe_marks(int idx) {
  lua_Integer i, n = 0;
  idx = lua_absindex(L, idx);
  out_len = 0;
  out[0] = '\0';
  lua_newtable(L);
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    lua_pop(L, 1);
    lua_pushvalue(L, -1);
    lua_rawseti(L, -3, ++n);
  }
  lua_getglobal(L, "table");
  lua_getfield(L, -1, "sort");
  lua_pushvalue(L, -3);
  lua_call(L, 1, 0);
  lua_pop(L, 1);
  for (i = 1; i <= n; i++) {
    lua_rawgeti(L, -1, i);
    if (i > 1) puts_(" ");
    puts_(lua_tostring(L, -1));
    puts_("@");
    lua_rawget(L, idx);
    puts_(lua_tostring(L, -1));
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  return out;
}

static const char *marks_of(const char *text) {
  if (load(text, strlen(text), NULL) != LUA_OK) return lua_tostring(L, -1);
  return describe_marks(2);
}

/* ---- cases ----------------------------------------------------------- */

static void test_scalars(void) {
  CHECK_STR(value_of("a: null\nb: Null\nc: NULL\nd: ~\ne:\nf: nULL\n"),
            "{a=null,b=null,c=null,d=null,e=null,f=\"nULL\"}");
  CHECK_STR(value_of("[true, True, TRUE, false, False, FALSE, tRUE, yes, no, on, off, y, n]"),
            "[true,true,true,false,false,false,\"tRUE\",\"yes\",\"no\",\"on\",\"off\",\"y\",\"n\"]");
  CHECK_STR(value_of("[0, -17, +5, 007, 0755, 0o17, 0x1F, 0xff, 0o, 0x, 0X1F, 0b101, -0x1, 1_000]"),
            "[0,-17,5,7,755,15,31,255,\"0o\",\"0x\",\"0X1F\",\"0b101\",\"-0x1\",\"1_000\"]");
  CHECK_STR(value_of("[9223372036854775807, -9223372036854775808, 9223372036854775808, "
                     "-9223372036854775809, 0x7fffffffffffffff]"),
            "[9223372036854775807,-9223372036854775808,9.2233720368548e+18,"
            "-9.2233720368548e+18,9223372036854775807]");
  CHECK_STR(value_of("[1.5, -.5, +1., 1e3, 1E-2, 6.02e+23, 0.0, -0.0, 1.2.3, ., e3, +, 1e, .e1]"),
            "[1.5,-0.5,1.0,1000.0,0.01,6.02e+23,0.0,-0.0,\"1.2.3\",\".\",\"e3\",\"+\",\"1e\",\".e1\"]");
  CHECK_STR(value_of("[.inf, -.Inf, +.INF, .nan, .NaN, .NAN, -.nan, .Nan, inf, nan]"),
            "[inf,-inf,inf,nan,nan,nan,\"-.nan\",\".Nan\",\"inf\",\"nan\"]");
  /* YAML 1.1 forms that 1.2 reads as strings. */
  CHECK_STR(value_of("[12:30, 2001-12-14, 0b1, 1_0.5]"),
            "[\"12:30\",\"2001-12-14\",\"0b1\",\"1_0.5\"]");
  /* Quoted and block scalars are strings, whatever their text. */
  CHECK_STR(value_of("a: '12'\nb: \"true\"\nc: ''\nd: \"~\"\ne: |\n  12\nf: >-\n  null\n  x\n"),
            "{a=\"12\",b=\"true\",c=\"\",d=\"~\",e=\"12\\n\",f=\"null x\"}");
  CHECK_STR(value_of("a: \"x\\0y\\u00e9\"\n"), "{a=\"x\\0y\xc3\xa9\"}");
  CHECK_STR(error_of("a: 0x8000000000000000\n"),
            "v.yaml:1:4: this integer does not fit in 64 bits (quote it to keep it as a string)");
  CHECK_STR(error_of("a: 0o1000000000000000000000\n"),
            "v.yaml:1:4: this integer does not fit in 64 bits (quote it to keep it as a string)");
  /* A scalar document is that scalar. */
  CHECK_STR(value_of("--- 'hello'\n"), "\"hello\"");
  CHECK_STR(value_of("42"), "42");
}

static void test_tags(void) {
  CHECK_STR(value_of("a: !!str 12\nb: !!int \"12\"\nc: !!int 0x10\nd: !!float 1\n"
                     "e: !!float \"2.5\"\nf: !!bool 'true'\ng: !!null ''\nh: !!map {x: 1}\n"
                     "i: !!seq [1]\nj: ! 12\nk: !!str\nl: !!float -.inf\n"),
            "{a=\"12\",b=12,c=16,d=1.0,e=2.5,f=true,g=null,h={x=1},i=[1],j=\"12\",k=\"\","
            "l=-inf}");
  CHECK_STR(value_of("%TAG !y! tag:yaml.org,2002:\n---\na: !y!int '7'\n"), "{a=7}");
  CHECK_STR(error_of("a: 1\nb: !!int x\n"),
            "v.yaml:2:4: a value tagged !!int must be an integer (decimal, 0o octal or 0x hex)");
  CHECK_STR(error_of("a: !!int 99999999999999999999\n"),
            "v.yaml:1:4: a value tagged !!int does not fit in 64 bits");
  CHECK_STR(error_of("a: !!float x\n"), "v.yaml:1:4: a value tagged !!float must be a number");
  CHECK_STR(error_of("a: !!float 0x10\n"), "v.yaml:1:4: a value tagged !!float must be a number");
  CHECK_STR(error_of("a: !!bool yes\n"), "v.yaml:1:4: a value tagged !!bool must be true or false");
  CHECK_STR(error_of("a: !!null x\n"), "v.yaml:1:4: a value tagged !!null must be empty, ~ or null");
  CHECK_STR(error_of("a: !!binary aGVsbG8=\n"),
            "v.yaml:1:4: unknown tag '!!binary' (fsgen reads !!str, !!int, !!float, !!bool, "
            "!!null, !!map, !!seq)");
  CHECK_STR(error_of("a: !vault secret/db\n"),
            "v.yaml:1:4: unknown tag '!vault' (fsgen reads !!str, !!int, !!float, !!bool, "
            "!!null, !!map, !!seq)");
  CHECK_STR(error_of("a: !<tag:example.com,2000:x> [1]\n"),
            "v.yaml:1:4: unknown tag 'tag:example.com,2000:x' (fsgen reads !!str, !!int, "
            "!!float, !!bool, !!null, !!map, !!seq)");
  CHECK_STR(error_of("a: !!map x\n"),
            "v.yaml:1:4: a scalar cannot have the tag '!!map' (fsgen reads !!str, !!int, "
            "!!float, !!bool, !!null, !!map, !!seq)");
  CHECK_STR(error_of("a: !!seq {x: 1}\n"),
            "v.yaml:1:4: a mapping cannot have the tag '!!seq' (fsgen reads !!str, !!int, "
            "!!float, !!bool, !!null, !!map, !!seq)");
  CHECK_STR(error_of("a: !!str [1]\n"),
            "v.yaml:1:4: a sequence cannot have the tag '!!str' (fsgen reads !!str, !!int, "
            "!!float, !!bool, !!null, !!map, !!seq)");
  /* A value never appears in a message: it may be a secret. */
  CHECK(strstr(error_of("password: !!int hunter2\n"), "hunter2") == NULL);
  CHECK(strstr(error_of("token: !!bool s3cr3t\n"), "s3cr3t") == NULL);
}

static void test_keys(void) {
  CHECK_STR(value_of("80: http\ntrue: x\n1.5: y\n~: z\nnull: w\n0x1F: v\n'quoted': q\n"),
            "{0x1F=\"v\",1.5=\"y\",80=\"http\",null=\"w\",quoted=\"q\",true=\"x\",~=\"z\"}");
  CHECK_STR(error_of("replicas: 1\nname: x\nreplicas: 2\n"),
            "v.yaml:3:1: duplicate key 'replicas'");
  CHECK_STR(error_of("a: {b: 1, b: 2}\n"), "v.yaml:1:11: duplicate key 'b'");
  CHECK_STR(error_of("1: a\n\"1\": b\n"), "v.yaml:2:1: duplicate key '1'");
  CHECK_STR(error_of("outer:\n  inner:\n    k: 1\n    k: 2\n"), "v.yaml:4:5: duplicate key 'k'");
  /* Same key in different maps is fine. */
  CHECK_STR(value_of("a: {k: 1}\nb: {k: 2}\n"), "{a={k=1},b={k=2}}");
  CHECK_STR(error_of("? [a]\n: 1\n"), "v.yaml:1:3: a key must be a scalar, not a sequence");
  CHECK_STR(error_of("? {a: 1}\n: 1\n"), "v.yaml:1:3: a key must be a scalar, not a mapping");
  CHECK_STR(error_of("m: &m {a: 1}\nx: {*m : 1}\n"), "v.yaml:2:5: a key must be a scalar, not a mapping");
  /* A long or multi-line key is shown on one line, cut. */
  CHECK_STR(error_of("\"a\\nb\": 1\n\"a\\nb\": 2\n"), "v.yaml:2:1: duplicate key 'a?b'");
  /* An aliased scalar as a key is its text. */
  CHECK_STR(value_of("a: &k 80\nb: {*k : x}\n"), "{a=80,b={80=\"x\"}}");
  CHECK_STR(error_of("&k name: 1\n*k : 2\n"), "v.yaml:2:1: duplicate key 'name'");
}

static void test_anchors(void) {
  CHECK_STR(value_of("a: &x {b: [1, 2]}\nc: *x\nd: &s str\ne: *s\n"),
            "{a={b=[1,2]},c={b=[1,2]},d=\"str\",e=\"str\"}");
  /* An alias is a deep copy: no table is shared between two paths. */
  CHECK(load_str("a: &x {b: [1, 2]}\nc: *x\n", NULL) == LUA_OK);
  lua_getfield(L, 1, "a");
  lua_getfield(L, 1, "c");
  CHECK(!lua_rawequal(L, -1, -2));
  lua_getfield(L, -2, "b");
  lua_getfield(L, -2, "b");
  CHECK(!lua_rawequal(L, -1, -2));
  /* A redefined anchor: later aliases see the newer value. */
  CHECK_STR(value_of("- &a 1\n- *a\n- &a 2\n- *a\n"), "[1,1,2,2]");
  /* Empty collections keep their marker through a copy. */
  CHECK_STR(value_of("a: &e {m: {}, l: []}\nb: *e\n"), "{a={l=[],m={}},b={l=[],m={}}}");
  CHECK_STR(error_of("a: 1\nb: *nope\n"),
            "v.yaml:2:4: undefined alias '*nope' (define the anchor '&nope' before it)");
  /* An anchor is defined once its node is complete: no self-reference. */
  CHECK_STR(error_of("a: &r [1, *r]\n"),
            "v.yaml:1:11: undefined alias '*r' (define the anchor '&r' before it)");
  /* Anchors belong to their document. */
  CHECK_STR(value_of_opts("a: &x 1\n---\nb: *x\n", "{multi = true}"),
            "ERROR v.yaml:3:4: undefined alias '*x' (define the anchor '&x' before it)");
}

static void test_merge_keys(void) {
  const char *base = "base: &b {x: 1, y: 2, n: {deep: 1}}\nover: &o {y: 3, z: 4}\n";
  char text[512];
  snprintf(text, sizeof text, "%sm:\n  <<: *b\n  y: 9\n", base);
  CHECK_STR(value_of(text), "{base={n={deep=1},x=1,y=2},m={n={deep=1},x=1,y=9},over={y=3,z=4}}");
  /* Explicit keys win wherever the merge key stands. */
  snprintf(text, sizeof text, "%sm:\n  y: 9\n  <<: *b\n", base);
  CHECK_STR(value_of(text), "{base={n={deep=1},x=1,y=2},m={n={deep=1},x=1,y=9},over={y=3,z=4}}");
  /* In a list, earlier maps win over later ones. */
  snprintf(text, sizeof text, "%sm: {<<: [*o, *b]}\nr: {<<: [*b, *o]}\n", base);
  CHECK_STR(value_of(text),
            "{base={n={deep=1},x=1,y=2},m={n={deep=1},x=1,y=3,z=4},"
            "over={y=3,z=4},r={n={deep=1},x=1,y=2,z=4}}");
  /* Inline maps, a list through an alias, nested merges. */
  CHECK_STR(value_of("m: {<<: {a: 1}, b: 2}\n"), "{m={a=1,b=2}}");
  CHECK_STR(value_of("l: &l [{a: 1}, {b: 2}]\nm: {<<: *l, c: 3}\n"),
            "{l=[{a=1},{b=2}],m={a=1,b=2,c=3}}");
  CHECK_STR(value_of("a: &m {x: 1}\nb:\n  <<: {<<: *m, y: 2}\n  z: 3\n"),
            "{a={x=1},b={x=1,y=2,z=3}}");
  CHECK_STR(value_of("m: {<<: {}, <<x: 1}\n"), "{m={<<x=1}}");
  CHECK_STR(value_of("m: {<<: []}\n"), "{m={}}");
  CHECK_STR(value_of("<<: {a: 1}\nb: 2\n"), "{a=1,b=2}");
  /* A quoted << is an ordinary key. */
  CHECK_STR(value_of("m: {\"<<\": {a: 1}}\n"), "{m={<<={a=1}}}");
  /* Merged values are copies, not the anchored tables. */
  CHECK(load_str("b: &b {n: {deep: 1}}\nm: {<<: *b}\n", NULL) == LUA_OK);
  lua_getfield(L, 1, "b");
  lua_getfield(L, -1, "n");
  lua_getfield(L, 1, "m");
  lua_getfield(L, -1, "n");
  CHECK(lua_istable(L, -1) && !lua_rawequal(L, -1, -3));
  CHECK_STR(error_of("m: {<<: 1}\n"),
            "v.yaml:1:5: '<<' merges a mapping or a list of mappings, not a scalar");
  CHECK_STR(error_of("m: {<<: ~}\n"),
            "v.yaml:1:5: '<<' merges a mapping or a list of mappings, not a scalar");
  CHECK_STR(error_of("m:\n  a: 1\n  <<: [{b: 1}, 2]\n"),
            "v.yaml:3:3: '<<' merges mappings: each item of its list must be a mapping");
  CHECK_STR(error_of("a: 1\n<<: {a: 2}\n<<: {c: 1}\n"), "v.yaml:3:1: duplicate key '<<'");
}

static void test_syntax_errors(void) {
  CHECK_STR(error_of("a: [1, 2\n"),
            "v.yaml:2:1: did not find expected ',' or ']' (while parsing a flow sequence at 1:4)");
  CHECK_STR(error_of("a: b: c\n"), "v.yaml:1:5: mapping values are not allowed in this context");
  CHECK_STR(error_of("a: 'open\n"),
            "v.yaml:2:1: found unexpected end of stream (while scanning a quoted scalar at 1:4)");
  CHECK_STR(error_of("a:\n\tb: 1\n"),
            "v.yaml:2:1: found character that cannot start any token: a tab; indent YAML "
            "with spaces");
  CHECK_STR(error_of("- a\nb: 1\n"),
            "v.yaml:2:1: did not find expected '-' indicator (while parsing a block collection "
            "at 1:1)");
}

static void test_encoding(void) {
  CHECK_STR(error_of("a: 1\nb: 2\nc: x\xff\n"),
            "v.yaml:3:5: not valid UTF-8 (invalid leading UTF-8 octet #xFF); save the file as UTF-8");
  /* Columns count characters, not bytes. */
  CHECK_STR(error_of("\xc3\xa9\xc3\xa9: \xc3\n"),
            "v.yaml:1:5: not valid UTF-8 (invalid trailing UTF-8 octet #xA); save the file as UTF-8");
  CHECK_STR(error_of("a: \xc3"),
            "v.yaml:1:4: not valid UTF-8 (incomplete UTF-8 octet sequence); save the file as UTF-8");
  CHECK_STR(error_of("a: 1\nb: \x07\n"), "v.yaml:2:4: control characters are not allowed (#x7)");
  CHECK_STR(error_of_n("a: 1\nb: x\0y\n", 11),
            "v.yaml:2:5: NUL byte in the file; YAML must be UTF-8 text (is it UTF-16 or binary?)");
  CHECK_STR(error_of_n("\xff\xfe" "a\0:\0 \0" "1\0", 10),
            "v.yaml:1:1: UTF-16 text (a UTF-16 byte order mark); save the file as UTF-8");
  CHECK_STR(error_of_n("\xfe\xff" "\0a\0:", 6),
            "v.yaml:1:1: UTF-16 text (a UTF-16 byte order mark); save the file as UTF-8");
  /* A UTF-8 byte order mark is accepted. */
  CHECK_STR(value_of("\xef\xbb\xbf" "a: 1\n"), "{a=1}");
}

static void test_documents(void) {
  CHECK_STR(value_of(""), "{}");
  CHECK_STR(value_of("# only a comment\n\n# another\n"), "{}");
  CHECK_STR(value_of("---\n"), "{}");
  CHECK_STR(value_of("--- ~\n"), "null");
  CHECK_STR(value_of("---\na: 1\n...\n"), "{a=1}");
  CHECK_STR(error_of("a: 1\n---\nb: 2\n"),
            "v.yaml:2:1: more than one document; fsgen reads one values document per file");
  CHECK_STR(error_of("a: 1\n...\n---\nb: 2\n"),
            "v.yaml:3:1: more than one document; fsgen reads one values document per file");
  CHECK_STR(value_of_opts("a: 1\n---\nb: 2\n", "{multi = true}"), "[{a=1},{b=2}]");
  /* Empty documents in a stream are no objects. */
  CHECK_STR(value_of_opts("---\n---\na: 1\n---\n# c\n", "{multi = true}"), "[{a=1}]");
  CHECK_STR(value_of_opts("", "{multi = true}"), "[]");
  CHECK(load_str("a: 1\n---\nb: 2\n", "{multi = true}") == LUA_OK);
  lua_rawgeti(L, 2, 2);
  CHECK_STR(describe_marks(-1), "b@3:1");
  /* Empty text has empty marks; marks = false returns none. */
  CHECK(load_str("", NULL) == LUA_OK && lua_istable(L, 2));
  CHECK(load_str("a: 1\n", "{marks = false}") == LUA_OK && lua_isnil(L, 2));
}

static void test_marks(void) {
  CHECK_STR(marks_of("image:\n  repository: flagsmith/flagsmith\n  tag: \"2.0\"\n"
                     "ports: [80, 443]\n\"a.b\": {c: 1}\n\"\": x\n\"x[0]\": 1\n"
                     "list:\n  - name: a\n    value: 1\n  - {name: b}\n"),
            "[\"\"]@6:1 [\"a.b\"]@5:1 [\"a.b\"].c@5:9 [\"x[0]\"]@7:1 image@1:1 "
            "image.repository@2:3 image.tag@3:3 list@8:1 list[0]@9:5 list[0].name@9:5 "
            "list[0].value@10:5 list[1]@11:5 list[1].name@11:6 ports@4:1 ports[0]@4:9 "
            "ports[1]@4:13");
  /* Keys that are not identifier-like are quoted, as lua/fsgen/path.lua
   * writes them. */
  CHECK_STR(marks_of("labels:\n  app.kubernetes.io/name: x\n  my-key: 1\n  _x: 2\n  9lives: 3\n"
                     "  80: http\n  \"say \\\"hi\\\"\\tnow\\\\\": 4\n  \"\\x01\\n\": 5\n"),
            "labels@1:1 labels._x@4:3 labels.my-key@3:3 labels[\"80\"]@6:3 "
            "labels[\"9lives\"]@5:3 labels[\"\\x01\\n\"]@8:3 "
            "labels[\"app.kubernetes.io/name\"]@2:3 labels[\"say \\\"hi\\\"\\tnow\\\\\"]@7:3");
  CHECK_STR(marks_of("top:\n  - [1, [2]]\n"),
            "top@1:1 top[0]@2:5 top[0][0]@2:6 top[0][1]@2:9 top[0][1][0]@2:10");
  /* Copied and merged entries point at the text they came from. */
  CHECK_STR(marks_of("defs:\n  base: &base\n    image: {repo: r}\n    port: 80\n"
                     "svc:\n  <<: *base\n  port: 81\nother: *base\n"),
            "defs@1:1 defs.base@2:3 defs.base.image@3:5 defs.base.image.repo@3:13 "
            "defs.base.port@4:5 other@8:1 other.image@3:5 other.image.repo@3:13 "
            "other.port@4:5 svc@5:1 svc.image@3:5 svc.image.repo@3:13 svc.port@7:3");
  CHECK_STR(marks_of("<<: {a: 1}\nb: 2\n"), "a@1:6 b@2:1");
  CHECK_STR(marks_of("l: [{a: 1}, {b: 2}]\nm: {<<: {<<: [{c: 3}], d: 4}, e: 5}\n"),
            "l@1:1 l[0]@1:5 l[0].a@1:6 l[1]@1:13 l[1].b@1:14 m@2:1 m.c@2:16 m.d@2:24 m.e@2:31");
}

static void test_depth(void) {
  size_t n = 100000, i;
  char *text = malloc(2 * n + 1);
  double start;
  memset(text, '[', n);
  memset(text + n, ']', n);
  text[2 * n] = '\0';
  start = now_seconds();
  CHECK_STR(error_of(text), "v.yaml:1:513: nesting deeper than 512 levels");
  memset(text, '{', n);
  for (i = 0; i < n; i++) text[i] = i % 4 == 3 ? '{' : "a: "[i % 4];
  CHECK_STR(error_of(text), "v.yaml:1:2048: nesting deeper than 512 levels");
  CHECK(now_seconds() - start < TIME_BOUND);
  /* 512 levels are fine. */
  memset(text, '[', 512);
  memset(text + 512, ']', 512);
  text[1024] = '\0';
  CHECK(load(text, 1024, NULL) == LUA_OK);
  text[0] = '-';
  text[1] = ' ';
  memset(text + 2, '[', 512);
  memset(text + 514, ']', 512);
  text[1026] = '\0';
  CHECK_STR(error_of(text), "v.yaml:1:514: nesting deeper than 512 levels");
  free(text);

  /* A deeply indented block map. */
  {
    size_t levels = 600, len = 0;
    char *map = malloc(levels * (2 * levels + 4) + 8);
    for (i = 0; i < levels; i++) {
      memset(map + len, ' ', 2 * i);
      len += 2 * i;
      memcpy(map + len, "a:\n", 3);
      len += 3;
    }
    map[len] = '\0';
    CHECK_STR(error_of(map), "v.yaml:513:1025: nesting deeper than 512 levels");
    free(map);
  }
  /* An alias adds its own depth where it is used: 1 + 11 + 500 is the
   * most, one more level fails. */
  {
    char deep[1200];
    size_t len = 0;
    len += (size_t)snprintf(deep, sizeof deep, "a: &d ");
    memset(deep + len, '[', 500);
    memset(deep + len + 500, ']', 500);
    len += 1000;
    len += (size_t)snprintf(deep + len, sizeof deep - len,
                            "\nb: *d\nc: [[[[[[[[[[[*d]]]]]]]]]]]\n");
    CHECK(load(deep, len, NULL) == LUA_OK);
    len += (size_t)snprintf(deep + len, sizeof deep - len, "e: [[[[[[[[[[[[*d]]]]]]]]]]]]\n");
    CHECK_STR(error_of(deep), "v.yaml:4:16: nesting deeper than 512 levels");
  }
}

/* a: [10 strings], b: [10 x *a], ... i: [10 x *h]: 10^9 nodes expanded. */
static char *billion_laughs(int levels) {
  char *text = malloc(4096);
  size_t len = 0;
  int level, i;
  len += (size_t)sprintf(text, "a: &a [\"lol\"");
  for (i = 1; i < 10; i++) len += (size_t)sprintf(text + len, ", \"lol\"");
  len += (size_t)sprintf(text + len, "]\n");
  for (level = 1; level < levels; level++) {
    char name = (char)('a' + level), prev = (char)('a' + level - 1);
    len += (size_t)sprintf(text + len, "%c: &%c [*%c", name, name, prev);
    for (i = 1; i < 10; i++) len += (size_t)sprintf(text + len, ", *%c", prev);
    len += (size_t)sprintf(text + len, "]\n");
  }
  return text;
}

static void test_budget(void) {
  char *text = billion_laughs(9);
  double start;
  size_t before;
  lua_settop(L, 0);
  lua_gc(L, LUA_GCCOLLECT);
  before = mem_now;
  mem_peak = mem_now;
  start = now_seconds();
  CHECK_STR(error_of(text),
            "v.yaml:6:12: alias expansion exceeds the budget (a \"billion laughs\" document?)");
  CHECK(now_seconds() - start < TIME_BOUND);
  CHECK(mem_peak - before < 64u * 1024 * 1024); /* about 23 MB today */
  free(text);
  /* 111,111 nodes from aliases are within the budget. */
  text = billion_laughs(5);
  CHECK(load(text, strlen(text), NULL) == LUA_OK);
  lua_getfield(L, 1, "e");
  lua_rawgeti(L, -1, 10);
  lua_rawgeti(L, -1, 10);
  lua_rawgeti(L, -1, 10);
  lua_rawgeti(L, -1, 10);
  lua_rawgeti(L, -1, 10);
  CHECK_STR(lua_tostring(L, -1), "lol");
  free(text);
  /* A big document may expand to ten times its own size. */
  {
    size_t items = 100000, len = 0, i;
    char *big = malloc(items * 3 + 256);
    len += (size_t)sprintf(big, "a: &a [");
    for (i = 0; i < items; i++) len += (size_t)sprintf(big + len, "0,");
    len += (size_t)sprintf(big + len, "0]\nb: [*a, *a, *a, *a, *a, *a, *a, *a]\n");
    CHECK(load(big, len, "{marks = false}") == LUA_OK);
    strcpy(big + len - 2, ", *a, *a, *a, *a]\n");
    CHECK_STR(error_of_n(big, strlen(big)),
              "v.yaml:2:41: alias expansion exceeds the budget (a \"billion laughs\" document?)");
    free(big);
  }
}

/* Every error path frees what it allocated; run under valgrind or ASan. */
static void test_errors_repeat(void) {
  static const char *const bad[] = {"a: [1, 2\n", "a: 1\na: 2\n", "a: *x\n", "a: !!int x\n",
                                    "a: \xff\n", "a: 1\n---\nb: 1\n", "m: {<<: 1}\n",
                                    "a: &a [1]\nb: {*a : 1}\n"};
  size_t i;
  int round;
  for (round = 0; round < 50; round++)
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
      CHECK(load(bad[i], strlen(bad[i]), NULL) != LUA_OK);
}

int main(void) {
  L = lua_newstate(counting_alloc, NULL);
  luaL_openlibs(L);
  fsgen_core_open(L);
  lua_setfield(L, LUA_REGISTRYINDEX, "test.core");

  test_scalars();
  test_tags();
  test_keys();
  test_anchors();
  test_merge_keys();
  test_syntax_errors();
  test_encoding();
  test_documents();
  test_marks();
  test_depth();
  test_budget();
  test_errors_repeat();

  lua_close(L);
  return CHECK_DONE();
}
