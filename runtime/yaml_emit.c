#include "yaml_emit.h"

#include <lauxlib.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "closing_value.h"
#include "markers.h"
#include "yaml_scalar.h"

#define EMIT_MAX_DEPTH 1000
#define EMIT_STATE_MT "fsgen.emit_state"

/* One level of the path being written: its table (to find cycles) and its
 * step, a map key or a list index when key is NULL. */
struct path_step {
  const void *table;
  const char *key;
  size_t key_len;
  lua_Integer index;
};

/* A string key of a map being written.  The bytes belong to the key string,
 * which its table keeps alive.  The value waits on the Lua stack at
 * value_slot (0 when the map was too large for that): looking the key up
 * again would cost two cache misses per key in a large object. */
struct key_ref {
  const char *bytes;
  size_t len;
  int value_slot;
};

/* Maps with more keys than this look their values up by key instead. */
#define EMIT_STACKED_VALUES 64

/* The quoting decisions of strings met before in this call: the same keys
 * (name, image, ...) and many of the values come back in every object.
 * Keyed by the Lua string's address: every string of the documents stays
 * alive while they are written (no Lua code runs, nothing is collected),
 * so one address is one text. */
#define STYLE_MEMO_SIZE 256
struct style_memo {
  const char *text;
  int is_key;
  enum yaml_scalar_style style;
};

/* Everything one emit call owns, in a to-be-closed userdata so that a Lua
 * error anywhere releases the libyaml emitter and both buffers. */
struct emit_state {
  lua_State *L;
  lua_Alloc alloc;
  void *alloc_ud;
  yaml_emitter_t emitter;
  int emitter_live;
  int out_of_memory;
  char *out;
  size_t out_len, out_cap;
  struct key_ref *keys; /* the keys of every map on the current path */
  size_t keys_len, keys_cap;
  lua_Integer document;  /* 1-based, for messages */
  int object_index;      /* stack index of the document's object */
  /* Grown with the depth: most objects nest about ten levels, and a state
   * sized for the deepest would cost every call tens of kilobytes. */
  struct path_step *path;
  size_t path_cap;
  struct style_memo memo[STYLE_MEMO_SIZE];
};

/* ---- memory ---------------------------------------------------------- */

/* Grows *buf (Lua's allocator, so a memory cap on the state applies) to hold
 * at least need elements of size bytes.  Returns 0 when out of memory. */
static int grow(struct emit_state *st, void **buf, size_t *cap, size_t need,
                size_t size) {
  size_t new_cap = *cap ? *cap : 64;
  void *grown;
  if (need <= *cap) return 1;
  while (new_cap < need) {
    if (new_cap > SIZE_MAX / 2 / size) return 0;
    new_cap *= 2;
  }
  grown = st->alloc(st->alloc_ud, *buf, *cap * size, new_cap * size);
  if (!grown) return 0;
  *buf = grown;
  *cap = new_cap;
  return 1;
}

static int append(struct emit_state *st, const void *bytes, size_t len) {
  void *out = st->out;
  if (len > SIZE_MAX - st->out_len ||
      !grow(st, &out, &st->out_cap, st->out_len + len, 1)) {
    st->out_of_memory = 1;
    return 0;
  }
  st->out = out;
  memcpy(st->out + st->out_len, bytes, len);
  st->out_len += len;
  return 1;
}

static int write_handler(void *data, unsigned char *bytes, size_t len) {
  return append(data, bytes, len);
}

static void release(struct emit_state *st) {
  if (st->emitter_live) yaml_emitter_delete(&st->emitter);
  st->emitter_live = 0;
  if (st->out) st->alloc(st->alloc_ud, st->out, st->out_cap, 0);
  st->out = NULL;
  st->out_cap = st->out_len = 0;
  if (st->keys) st->alloc(st->alloc_ud, st->keys, st->keys_cap * sizeof *st->keys, 0);
  st->keys = NULL;
  st->keys_cap = st->keys_len = 0;
  if (st->path) st->alloc(st->alloc_ud, st->path, st->path_cap * sizeof *st->path, 0);
  st->path = NULL;
  st->path_cap = 0;
}

static int state_close(lua_State *L) {
  release(luaL_checkudata(L, 1, EMIT_STATE_MT));
  return 0;
}

/* ---- error messages ---------------------------------------------------- */

static int is_identifier(const char *s, size_t len) {
  if (len == 0 || !(s[0] == '_' || (s[0] >= 'a' && s[0] <= 'z') ||
                    (s[0] >= 'A' && s[0] <= 'Z')))
    return 0;
  for (size_t i = 1; i < len; i++) {
    char c = s[i];
    if (!(c == '_' || c == '-' || (c >= 'a' && c <= 'z') ||
          (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
      return 0;
  }
  return 1;
}

/* Adds a key as "key" with escapes, cut short when long: a message stays
 * one readable line whatever bytes the key holds. */
static void add_quoted(luaL_Buffer *b, const char *s, size_t len) {
  size_t shown = len, i = 0;
  if (shown > 80) shown = 80;
  luaL_addchar(b, '"');
  while (i < shown) {
    unsigned char c = (unsigned char)s[i];
    size_t width = yaml_scalar_utf8_char((const unsigned char *)s + i, len - i);
    if (c == '"' || c == '\\') {
      luaL_addchar(b, '\\');
      luaL_addchar(b, (char)c);
    } else if (c < 0x20 || c == 0x7F || width == 0) {
      static const char hex[] = "0123456789ABCDEF";
      luaL_addstring(b, "\\x");
      luaL_addchar(b, hex[c >> 4]);
      luaL_addchar(b, hex[c & 15]);
      width = 1;
    } else {
      luaL_addlstring(b, s + i, width);
    }
    i += width ? width : 1;
  }
  if (shown < len) luaL_addstring(b, "...");
  luaL_addchar(b, '"');
}

static void add_step(luaL_Buffer *b, const struct path_step *step, int first) {
  if (!step->key) {
    lua_pushfstring(b->L, "[%I]", (LUAI_UACINT)step->index);
    luaL_addvalue(b);
  } else if (is_identifier(step->key, step->key_len)) {
    if (!first) luaL_addchar(b, '.');
    luaL_addlstring(b, step->key, step->key_len);
  } else {
    luaL_addchar(b, '[');
    add_quoted(b, step->key, step->key_len);
    luaL_addchar(b, ']');
  }
}

/* Pushes the path of the first `steps` steps: spec.containers[0].name. */
static void push_path(struct emit_state *st, int steps) {
  luaL_Buffer b;
  enum { EDGE = 10 }; /* a very deep path keeps its ends */
  if (steps == 0) {
    lua_pushliteral(st->L, "(root)");
    return;
  }
  luaL_buffinit(st->L, &b);
  for (int i = 0; i < steps; i++) {
    if (steps > 3 * EDGE && i == EDGE) {
      lua_pushfstring(st->L, ".(%d more)", steps - 2 * EDGE);
      luaL_addvalue(&b);
      i = steps - EDGE;
    }
    add_step(&b, &st->path[i], i == 0);
  }
  luaL_pushresult(&b);
}

static int is_display_text(const char *s, size_t len) {
  if (len == 0 || len > 253) return 0;
  for (size_t i = 0; i < len;) {
    unsigned char c = (unsigned char)s[i];
    size_t width = yaml_scalar_utf8_char((const unsigned char *)s + i, len - i);
    if (width == 0 || c < 0x20 || c == 0x7F) return 0;
    i += width;
  }
  return 1;
}

/* Pushes "Kind/name" of the document's object, or "document N". */
static void push_where(struct emit_state *st) {
  lua_State *L = st->L;
  int top = lua_gettop(L);
  if (st->object_index && lua_type(L, st->object_index) == LUA_TTABLE) {
    size_t kind_len, name_len;
    lua_pushliteral(L, "kind");
    lua_rawget(L, st->object_index);
    lua_pushliteral(L, "metadata");
    lua_rawget(L, st->object_index);
    if (lua_type(L, -1) == LUA_TTABLE) {
      lua_pushliteral(L, "name");
      lua_rawget(L, -2);
    } else {
      lua_pushnil(L);
    }
    if (lua_type(L, top + 1) == LUA_TSTRING && lua_type(L, top + 3) == LUA_TSTRING) {
      const char *kind = lua_tolstring(L, top + 1, &kind_len);
      const char *name = lua_tolstring(L, top + 3, &name_len);
      if (is_display_text(kind, kind_len) && is_display_text(name, name_len)) {
        lua_pushfstring(L, "%s/%s", kind, name);
        lua_replace(L, top + 1);
        lua_settop(L, top + 1);
        return;
      }
    }
    lua_settop(L, top);
  }
  lua_pushfstring(L, "document %I", (LUAI_UACINT)st->document);
}

/* Raises "<where>: <path>: <problem>" for the node `steps` deep.  The
 * problem names keys and types, never a string value (it may be secret). */
static int fail_at(struct emit_state *st, int steps, const char *fmt, ...) {
  lua_State *L = st->L;
  va_list args;
  luaL_checkstack(L, 8, "emit: error message");
  va_start(args, fmt);
  lua_pushvfstring(L, fmt, args);
  va_end(args);
  push_where(st);
  push_path(st, steps);
  lua_pushfstring(L, "%s: %s: %s", lua_tostring(L, -2), lua_tostring(L, -1),
                  lua_tostring(L, -3));
  return lua_error(L);
}

/* Raises "<where>: <problem>" for a document as a whole. */
static int fail_document(struct emit_state *st, const char *problem) {
  push_where(st);
  lua_pushfstring(st->L, "%s: %s", lua_tostring(st->L, -1), problem);
  return lua_error(st->L);
}

static int fail_out_of_memory(struct emit_state *st) {
  return fail_document(st, "out of memory while writing YAML");
}

/* ---- events ------------------------------------------------------------ */

static void emit_event(struct emit_state *st, int steps, yaml_event_t *event) {
  if (yaml_emitter_emit(&st->emitter, event)) return;
  if (st->out_of_memory || st->emitter.error == YAML_MEMORY_ERROR)
    fail_out_of_memory(st);
  fail_at(st, steps, "YAML emitter: %s",
          st->emitter.problem ? st->emitter.problem : "unknown error");
}

static void emit_scalar(struct emit_state *st, int steps, const char *text,
                        size_t len, yaml_scalar_style_t style) {
  yaml_event_t event;
  if (len > INT_MAX) fail_at(st, steps, "string longer than 2 GiB");
  if (!yaml_scalar_event_initialize(&event, NULL, NULL, (yaml_char_t *)text,
                                    (int)len, 1, 1, style))
    fail_out_of_memory(st);
  emit_event(st, steps, &event);
}

/* text: the bytes of a Lua string of the documents (see struct style_memo). */
static void emit_string(struct emit_state *st, int steps, const char *text,
                        size_t len, int is_key) {
  static const yaml_scalar_style_t styles[] = {
    [YAML_SCALAR_PLAIN] = YAML_PLAIN_SCALAR_STYLE,
    [YAML_SCALAR_DOUBLE_QUOTED] = YAML_DOUBLE_QUOTED_SCALAR_STYLE,
    [YAML_SCALAR_LITERAL] = YAML_LITERAL_SCALAR_STYLE};
  struct style_memo *memo = &st->memo[((uintptr_t)text >> 4) % STYLE_MEMO_SIZE];
  enum yaml_scalar_style style;
  if (memo->text == text && memo->is_key == is_key) {
    style = memo->style;
  } else {
    style = yaml_scalar_style(text, len, is_key);
    memo->text = text;
    memo->is_key = is_key;
    memo->style = style;
  }
  if (style == YAML_SCALAR_INVALID_UTF8) {
    fail_at(st, steps, is_key ? "invalid UTF-8 in key" : "invalid UTF-8 in string");
    return; /* not reached: fail_at raises */
  }
  emit_scalar(st, steps, text, len, styles[style]);
}

static void emit_collection_start(struct emit_state *st, int steps, int is_map) {
  yaml_event_t event;
  int ok = is_map ? yaml_mapping_start_event_initialize(
                        &event, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE)
                  : yaml_sequence_start_event_initialize(
                        &event, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
  if (!ok) fail_out_of_memory(st);
  emit_event(st, steps, &event);
}

static void emit_collection_end(struct emit_state *st, int steps, int is_map) {
  yaml_event_t event;
  if (is_map) yaml_mapping_end_event_initialize(&event);
  else yaml_sequence_end_event_initialize(&event);
  emit_event(st, steps, &event);
}

/* ---- tables ------------------------------------------------------------ */

static int compare_keys(const void *a, const void *b) {
  const struct key_ref *x = a, *y = b;
  int order = memcmp(x->bytes, y->bytes, x->len < y->len ? x->len : y->len);
  if (order) return order;
  return (x->len > y->len) - (x->len < y->len);
}

/* Where a key goes at the top of an object: these lead, in this order. */
static int lead_rank(const struct key_ref *key) {
  static const char *const leaders[] = {"apiVersion", "kind", "metadata", "spec"};
  for (int i = 0; i < 4; i++)
    if (strlen(leaders[i]) == key->len && memcmp(leaders[i], key->bytes, key->len) == 0)
      return i;
  return 4;
}

static int compare_top_keys(const void *a, const void *b) {
  int rank_a = lead_rank(a), rank_b = lead_rank(b);
  if (rank_a != rank_b) return rank_a - rank_b;
  return compare_keys(a, b);
}

/* Most maps have a handful of keys: insertion sort is cheaper for them
 * than qsort's calls through a pointer and merge buffers. */
#define INSERTION_SORT_MAX 16

static void sort_keys(struct key_ref *keys, size_t count,
                      int (*compare)(const void *, const void *)) {
  if (count > INSERTION_SORT_MAX) {
    qsort(keys, count, sizeof *keys, compare);
    return;
  }
  for (size_t i = 1; i < count; i++) {
    struct key_ref key = keys[i];
    size_t j = i;
    while (j > 0 && compare(&keys[j - 1], &key) > 0) {
      keys[j] = keys[j - 1];
      j--;
    }
    keys[j] = key;
  }
}

/* What a scan of a table's keys found. */
struct key_census {
  size_t strings;         /* string keys, recorded in st->keys */
  size_t integers;        /* integer keys >= 1 */
  lua_Integer min_integer, max_integer;
  int bad_type;           /* type of the first other key, or LUA_TNONE */
  int bad_rank;           /* which other key to report, for a stable message */
  lua_Number bad_number;
  int bad_boolean;
  int bad_is_integer;
  lua_Integer bad_integer;
};

/* Ranks the keys that cannot be written so that the message names the same
 * one on every run, whatever order the hash part yields them in. */
static void note_bad_key(lua_State *L, struct key_census *census) {
  int type = lua_type(L, -1);
  int rank = type == LUA_TNUMBER ? 0 : type == LUA_TBOOLEAN ? 1 : 2 + type;
  if (census->bad_type != LUA_TNONE && rank > census->bad_rank) return;
  if (type == LUA_TNUMBER) {
    int is_integer = lua_isinteger(L, -1);
    lua_Number value = lua_tonumber(L, -1);
    if (census->bad_type == LUA_TNUMBER && value >= census->bad_number) return;
    census->bad_is_integer = is_integer;
    census->bad_integer = is_integer ? lua_tointeger(L, -1) : 0;
    census->bad_number = value;
  } else if (type == LUA_TBOOLEAN) {
    if (census->bad_type == LUA_TBOOLEAN && !census->bad_boolean) return;
    census->bad_boolean = lua_toboolean(L, -1);
  } else if (census->bad_type == type) {
    return;
  }
  census->bad_type = type;
  census->bad_rank = rank;
}

static void take_census(struct emit_state *st, int table,
                        struct key_census *census) {
  lua_State *L = st->L;
  memset(census, 0, sizeof *census);
  census->bad_type = LUA_TNONE;
  /* Room for the stacked values and lua_next's key and value, asked once. */
  luaL_checkstack(L, EMIT_STACKED_VALUES + 3, "emit: map values");
  lua_pushnil(L);
  while (lua_next(L, table)) {
    if (lua_type(L, -2) == LUA_TSTRING) {
      struct key_ref *key;
      void *keys = st->keys;
      if (!grow(st, &keys, &st->keys_cap, st->keys_len + 1, sizeof *st->keys))
        fail_out_of_memory(st);
      st->keys = keys;
      key = &st->keys[st->keys_len++];
      key->bytes = lua_tolstring(L, -2, &key->len);
      key->value_slot = 0;
      if (census->strings < EMIT_STACKED_VALUES) {
        /* keep the value below the key that lua_next continues from */
        lua_insert(L, -2);
        key->value_slot = lua_gettop(L) - 1;
      } else {
        lua_pop(L, 1);
      }
      census->strings++;
      continue;
    }
    lua_pop(L, 1);
    if (lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1) {
      lua_Integer key = lua_tointeger(L, -1);
      if (census->integers == 0 || key < census->min_integer) census->min_integer = key;
      if (census->integers == 0 || key > census->max_integer) census->max_integer = key;
      census->integers++;
    } else {
      note_bad_key(L, census);
    }
  }
}

static const struct key_ref *smallest_key(struct emit_state *st, size_t first) {
  const struct key_ref *best = &st->keys[first];
  for (size_t i = first + 1; i < st->keys_len; i++)
    if (compare_keys(&st->keys[i], best) < 0) best = &st->keys[i];
  return best;
}

static void push_quoted_key(lua_State *L, const struct key_ref *key) {
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  add_quoted(&b, key->bytes, key->len);
  luaL_pushresult(&b);
}

static void fail_bad_key(struct emit_state *st, int steps,
                         const struct key_census *census) {
  lua_State *L = st->L;
  if (census->bad_type == LUA_TNUMBER) {
    char text[YAML_SCALAR_NUMBER_MAX];
    if (census->bad_is_integer)
      yaml_scalar_format_integer(census->bad_integer, text);
    else if (isnan(census->bad_number))
      snprintf(text, sizeof text, "NaN");
    else if (isinf(census->bad_number))
      snprintf(text, sizeof text, "%s", census->bad_number > 0 ? "infinity" : "-infinity");
    else
      yaml_scalar_format_float(census->bad_number, text);
    fail_at(st, steps, "non-string key %s (keys are strings, or 1..n for a list)", text);
  }
  if (census->bad_type == LUA_TBOOLEAN)
    fail_at(st, steps, "non-string key %s", census->bad_boolean ? "true" : "false");
  fail_at(st, steps, "non-string key of type %s", lua_typename(L, census->bad_type));
}

/* Checks a table's keys and, for a list, that it has no holes.  Returns 1
 * for a map (its keys pushed on st->keys from key_base), 0 for a list. */
static int classify(struct emit_state *st, int table, int steps, size_t key_base,
                    size_t *count) {
  lua_State *L = st->L;
  struct key_census census;
  enum marker_kind marker = markers_kind(L, table);
  take_census(st, table, &census);
  if (census.bad_type != LUA_TNONE) fail_bad_key(st, steps, &census);
  if (census.strings && marker == MARKER_LIST) {
    push_quoted_key(L, smallest_key(st, key_base));
    fail_at(st, steps, "fsgen.list table has string key %s", lua_tostring(L, -1));
  }
  if (census.integers && marker == MARKER_MAP)
    fail_at(st, steps, "fsgen.map table has list key %I",
            (LUAI_UACINT)census.min_integer);
  if (census.strings && census.integers) {
    push_quoted_key(L, smallest_key(st, key_base));
    fail_at(st, steps, "table is both a list and a map (keys %I and %s)",
            (LUAI_UACINT)census.min_integer, lua_tostring(L, -1));
  }
  if (census.integers) {
    if ((lua_Unsigned)census.max_integer != census.integers) {
      lua_Integer hole = 1;
      while (lua_rawgeti(L, table, hole) != LUA_TNIL) {
        lua_pop(L, 1);
        hole++;
      }
      fail_at(st, steps, "list has a hole at [%I] (Lua index %I is nil)",
              (LUAI_UACINT)(hole - 1), (LUAI_UACINT)hole);
    }
    *count = census.integers;
    return 0;
  }
  *count = census.strings;
  return census.strings || marker != MARKER_LIST;
}

static void emit_value(struct emit_state *st, int steps);

static void emit_table(struct emit_state *st, int steps) {
  lua_State *L = st->L;
  int table = lua_gettop(L);
  const void *identity = lua_topointer(L, table);
  size_t key_base = st->keys_len, count;
  int is_map;
  for (int i = 0; i < steps; i++) {
    if (st->path[i].table == identity) {
      push_path(st, i);
      fail_at(st, steps, "cycle: table contains itself (first met at %s)",
              lua_tostring(L, -1));
    }
  }
  if (steps >= EMIT_MAX_DEPTH)
    fail_at(st, steps, "nesting deeper than %d levels", EMIT_MAX_DEPTH);
  luaL_checkstack(L, 4, "emit: nesting");
  if ((size_t)steps >= st->path_cap) {
    void *path = st->path;
    if (!grow(st, &path, &st->path_cap, (size_t)steps + 1, sizeof *st->path))
      fail_out_of_memory(st);
    st->path = path;
  }
  st->path[steps].table = identity;
  is_map = classify(st, table, steps, key_base, &count);
  emit_collection_start(st, steps, is_map);
  if (is_map) {
    if (count > 1) /* st->keys is NULL until a map has keys */
      sort_keys(st->keys + key_base, count, steps == 0 ? compare_top_keys : compare_keys);
    for (size_t i = 0; i < count; i++) {
      /* st->keys may move while children are written: copy the ref. */
      struct key_ref key = st->keys[key_base + i];
      st->path[steps].key = key.bytes;
      st->path[steps].key_len = key.len;
      emit_string(st, steps + 1, key.bytes, key.len, 1);
      if (key.value_slot) {
        lua_pushvalue(L, key.value_slot);
      } else {
        lua_pushlstring(L, key.bytes, key.len);
        lua_rawget(L, table);
      }
      emit_value(st, steps + 1);
      lua_pop(L, 1);
    }
  } else {
    st->path[steps].key = NULL;
    for (size_t i = 0; i < count; i++) {
      st->path[steps].index = (lua_Integer)i;
      lua_rawgeti(L, table, (lua_Integer)i + 1);
      emit_value(st, steps + 1);
      lua_pop(L, 1);
    }
  }
  emit_collection_end(st, steps, is_map);
  st->keys_len = key_base;
  lua_settop(L, table); /* drop the stacked values */
}

static void emit_number(struct emit_state *st, int steps) {
  lua_State *L = st->L;
  char text[YAML_SCALAR_NUMBER_MAX];
  size_t len;
  if (lua_isinteger(L, -1)) {
    len = yaml_scalar_format_integer(lua_tointeger(L, -1), text);
  } else {
    lua_Number value = lua_tonumber(L, -1);
    if (isnan(value)) fail_at(st, steps, "cannot write NaN");
    if (isinf(value))
      fail_at(st, steps, value > 0 ? "cannot write infinity" : "cannot write -infinity");
    len = yaml_scalar_format_float(value, text);
  }
  emit_scalar(st, steps, text, len, YAML_PLAIN_SCALAR_STYLE);
}

static void fail_userdata(struct emit_state *st, int steps) {
  lua_State *L = st->L;
  if (luaL_getmetafield(L, -1, "__name") == LUA_TSTRING)
    fail_at(st, steps, "cannot write a userdata (%s); only fsgen.null is allowed",
            lua_tostring(L, -1));
  fail_at(st, steps, "cannot write a userdata; only fsgen.null is allowed");
}

/* Writes the value on top of the stack, `steps` deep in the object. */
static void emit_value(struct emit_state *st, int steps) {
  lua_State *L = st->L;
  switch (lua_type(L, -1)) {
    case LUA_TSTRING: {
      size_t len;
      const char *text = lua_tolstring(L, -1, &len);
      emit_string(st, steps, text, len, 0);
      break;
    }
    case LUA_TNUMBER:
      emit_number(st, steps);
      break;
    case LUA_TBOOLEAN:
      if (lua_toboolean(L, -1)) emit_scalar(st, steps, "true", 4, YAML_PLAIN_SCALAR_STYLE);
      else emit_scalar(st, steps, "false", 5, YAML_PLAIN_SCALAR_STYLE);
      break;
    case LUA_TTABLE:
      emit_table(st, steps);
      break;
    case LUA_TUSERDATA:
      if (markers_kind(L, -1) != MARKER_NULL) fail_userdata(st, steps);
      emit_scalar(st, steps, "null", 4, YAML_PLAIN_SCALAR_STYLE);
      break;
    case LUA_TFUNCTION:
      fail_at(st, steps, "cannot write a function");
      break;
    case LUA_TTHREAD:
      fail_at(st, steps, "cannot write a thread (coroutine)");
      break;
    case LUA_TLIGHTUSERDATA:
      fail_at(st, steps, "cannot write a light userdata");
      break;
    default:
      fail_at(st, steps, "cannot write %s", luaL_typename(L, -1));
  }
}

/* ---- documents --------------------------------------------------------- */

static void check_source(struct emit_state *st, const char *source, size_t len) {
  for (size_t i = 0; i < len;) {
    unsigned char c = (unsigned char)source[i];
    size_t width = yaml_scalar_utf8_char((const unsigned char *)source + i, len - i);
    if (width == 0 || c < 0x20 || c == 0x7F)
      fail_document(st, "source must be one line of UTF-8 text");
    i += width;
  }
}

/* Writes one document with an emitter of its own: libyaml cannot write
 * comments, so the separator and "# Source:" line go in between. */
static void emit_document(struct emit_state *st) {
  lua_State *L = st->L;
  yaml_event_t event;
  lua_pushliteral(L, "source");
  lua_rawget(L, -2);
  lua_pushliteral(L, "object");
  lua_rawget(L, -3);
  st->object_index = lua_gettop(L);
  if (!lua_isnil(L, -2) && lua_type(L, -2) != LUA_TSTRING)
    fail_document(st, "source must be a string");
  if (lua_isnil(L, -1))
    fail_document(st, "no object (each document is {object = ..., source = ...})");
  if (!append(st, "---\n", 4)) fail_out_of_memory(st);
  if (lua_type(L, -2) == LUA_TSTRING) {
    size_t len;
    const char *source = lua_tolstring(L, -2, &len);
    check_source(st, source, len);
    if (!append(st, "# Source: ", 10) || !append(st, source, len) ||
        !append(st, "\n", 1))
      fail_out_of_memory(st);
  }

  if (!yaml_emitter_initialize(&st->emitter)) fail_out_of_memory(st);
  st->emitter_live = 1;
  yaml_emitter_set_output(&st->emitter, write_handler, st);
  yaml_emitter_set_encoding(&st->emitter, YAML_UTF8_ENCODING);
  yaml_emitter_set_unicode(&st->emitter, 1);
  yaml_emitter_set_width(&st->emitter, -1);
  yaml_emitter_set_indent(&st->emitter, 2);
  yaml_emitter_set_break(&st->emitter, YAML_LN_BREAK);

  yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING);
  emit_event(st, 0, &event);
  if (!yaml_document_start_event_initialize(&event, NULL, NULL, NULL, 1))
    fail_out_of_memory(st);
  emit_event(st, 0, &event);
  emit_value(st, 0);
  yaml_document_end_event_initialize(&event, 1);
  emit_event(st, 0, &event);
  yaml_stream_end_event_initialize(&event);
  emit_event(st, 0, &event);
  yaml_emitter_delete(&st->emitter);
  st->emitter_live = 0;
  lua_pop(L, 2);
  st->object_index = 0;
}

int yaml_emit_lua(lua_State *L) {
  struct emit_state *st;
  lua_Integer count;
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  st = closing_value_push(L, sizeof *st, EMIT_STATE_MT, state_close);
  st->L = L;
  st->alloc = lua_getallocf(L, &st->alloc_ud);

  count = (lua_Integer)lua_rawlen(L, 1);
  for (lua_Integer i = 1; i <= count; i++) {
    st->document = i;
    if (lua_rawgeti(L, 1, i) != LUA_TTABLE)
      fail_document(st, "not a table (each document is {object = ..., source = ...})");
    emit_document(st);
    lua_pop(L, 1);
  }
  lua_pushlstring(L, st->out ? st->out : "", st->out_len);
  return 1;
}
