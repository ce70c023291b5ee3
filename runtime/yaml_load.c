/* YAML text -> Lua tables.  libyaml's parser events drive an explicit stack
 * of open collections (no C recursion over the document), so nesting costs
 * heap, not C stack, and is bounded by MAX_DEPTH.
 *
 * Decisions:
 * - An alias yields a deep copy of its anchored value: later merging can
 *   mutate what it loaded without changing another path.  Every node made
 *   counts against a budget of BUDGET_MIN nodes or BUDGET_FACTOR times the
 *   nodes written so far, whichever is larger; an alias is checked before
 *   it is copied, so a "billion laughs" file fails after at most one
 *   budget's worth of work (about 0.1 s and 30 MB with marks).  An alias
 *   also counts toward the nesting limit at the depth where it is used.
 * - Map keys are the scalar's text: `80: http` gives key "80", `true: x`
 *   gives "true".  So `1` and "1" as keys of one map are duplicates.
 * - `<<` merges are applied when their mapping ends; explicit keys win, then
 *   earlier merged maps over later ones (YAML 1.1 merge key).
 * - Empty collections come back tagged fsgen.list{} / fsgen.map{} so they
 *   are written back as [] / {}.  An empty document is an empty map; an
 *   explicit `~` document is fsgen.null.
 * - marks: a map entry is marked where its key starts (the line a reader
 *   looks for), a sequence item where the item starts.  Entries that come
 *   from an alias or a merge are marked where the anchored text is.  With
 *   opts.multi, marks is a list: one table per document.  Empty documents
 *   in a multi-document stream are skipped (as kubectl does).
 *
 * All C-side memory (parser, event, frames, path buffers) hangs off a
 * userdata; the parse runs inside lua_pcall and the caller frees it all
 * before re-raising, with __gc as a backstop. */
#include "yaml_load.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <yaml.h>

#include "markers.h"
#include "yaml_resolve.h"

#define MAX_DEPTH 512
#define BUDGET_MIN 250000   /* nodes any document may produce */
#define BUDGET_FACTOR 10    /* ... or this many times its own node count */
#define LOADER_MT "fsgen.yaml_loader"

/* Fixed slots of the protected parse; open collections sit above them. */
enum { SLOT_LOADER = 1, SLOT_ANCHORS, SLOT_MARKS, SLOT_RESULT, SLOT_MARKS_LIST, SLOT_FIRST };

/* Each open collection holds FRAME_SLOTS Lua stack slots from `base`: the
 * table, the value of its `<<` key (or nil), its anchor name (or nil); a
 * mapping whose key awaits its value has the key string just above. */
enum { FRAME_TABLE, FRAME_MERGE, FRAME_ANCHOR, FRAME_SLOTS };

enum node_kind { NODE_SCALAR, NODE_SEQ, NODE_MAP };

/* Fields of an anchor's record in the anchors table. */
enum { ANCHOR_VALUE = 1, ANCHOR_PATH, ANCHOR_COUNT, ANCHOR_HEIGHT, ANCHOR_KIND, ANCHOR_TEXT };

struct frame {
  enum node_kind kind;
  int base;
  lua_Integer items;       /* sequence: items so far */
  int have_key;            /* mapping: a key awaits its value */
  int key_is_merge;        /* ... and it is `<<` */
  yaml_mark_t key_mark;
  yaml_mark_t merge_mark;  /* where the `<<` key is */
  size_t path_len;         /* length of this collection's own path */
  lua_Integer made_before; /* nodes made before this one (anchor sizes) */
  int height;              /* height of the tallest child */
};

struct buf {
  char *data;
  size_t len, cap;
};

struct loader {
  yaml_parser_t parser;
  yaml_event_t event;
  int parser_ready, event_ready;
  const char *filename;
  const char *text;
  size_t text_len;
  int multi, want_marks;
  struct frame *frames;
  int depth, frames_cap;
  struct buf path;     /* path of the node being built */
  struct buf src_path; /* path of the text a copied or merged node came from */
  lua_Integer own_nodes; /* nodes written in the text */
  lua_Integer made;      /* nodes produced, aliases expanded */
  lua_Integer spent;     /* made plus merge work: what the budget limits */
  int documents;
  int root_empty; /* the document's root is an empty untagged scalar */
};

static void loader_release(struct loader *ld) {
  if (ld->event_ready) yaml_event_delete(&ld->event);
  if (ld->parser_ready) yaml_parser_delete(&ld->parser);
  ld->event_ready = ld->parser_ready = 0;
  free(ld->frames);
  free(ld->path.data);
  free(ld->src_path.data);
  ld->frames = NULL;
  ld->path.data = ld->src_path.data = NULL;
}

static int loader_gc(lua_State *L) {
  loader_release(luaL_checkudata(L, 1, LOADER_MT));
  return 0;
}

/* ---- errors ---------------------------------------------------------- */

static void raise_at_position(lua_State *L, const struct loader *ld, size_t line, size_t column,
                              const char *fmt, ...) {
  va_list ap;
  lua_pushfstring(L, "%s:%I:%I: ", ld->filename, (lua_Integer)line, (lua_Integer)column);
  va_start(ap, fmt);
  lua_pushvfstring(L, fmt, ap);
  va_end(ap);
  lua_concat(L, 2);
  lua_error(L);
}

#define raise_at(L, ld, mark, ...) \
  raise_at_position((L), (ld), (mark).line + 1, (mark).column + 1, __VA_ARGS__)

/* Pushes text fit for a one-line message: control characters replaced,
 * long text cut.  For keys, anchors and tags only, never values. */
static const char *push_printable(lua_State *L, const char *s, size_t n) {
  luaL_Buffer b;
  size_t i, shown = n;
  if (shown > 64) shown = 64;
  luaL_buffinit(L, &b);
  for (i = 0; i < shown; i++) {
    unsigned char c = (unsigned char)s[i];
    luaL_addchar(&b, c < 0x20 || c == 0x7f ? '?' : (char)c);
  }
  if (shown < n) luaL_addstring(&b, "...");
  luaL_pushresult(&b);
  return lua_tostring(L, -1);
}

static int is_line_break_at(const struct loader *ld, size_t i) {
  return ld->text[i] == '\n' ||
         (ld->text[i] == '\r' && (i + 1 >= ld->text_len || ld->text[i + 1] != '\n'));
}

static int is_continuation_byte(char c) { return ((unsigned char)c & 0xC0) == 0x80; }

/* Line and column (1-based, columns in characters) of a byte offset. */
static void position_of(const struct loader *ld, size_t offset, size_t *line, size_t *column) {
  size_t i;
  *line = *column = 1;
  for (i = 0; i < offset && i < ld->text_len; i++) {
    if (is_line_break_at(ld, i)) {
      (*line)++;
      *column = 1;
    } else if (ld->text[i] != '\r' && !is_continuation_byte(ld->text[i])) {
      (*column)++;
    }
  }
}

/* Whether the character at a libyaml mark (0-based line, column in
 * characters) is a tab: the commonest cause of "cannot start any token". */
static int is_tab_at(const struct loader *ld, yaml_mark_t mark) {
  size_t i = 0, line = 0, column = 0;
  for (; i < ld->text_len && line < mark.line; i++)
    if (is_line_break_at(ld, i)) line++;
  for (; i < ld->text_len && column < mark.column; i++)
    if (!is_continuation_byte(ld->text[i])) column++;
  while (i < ld->text_len && is_continuation_byte(ld->text[i])) i++;
  return i < ld->text_len && ld->text[i] == '\t';
}

static void raise_parser_error(lua_State *L, struct loader *ld) {
  const yaml_parser_t *p = &ld->parser;
  const char *problem = p->problem ? p->problem : "cannot parse";
  size_t line, column;
  if (p->error == YAML_MEMORY_ERROR)
    luaL_error(L, "%s: out of memory while reading YAML", ld->filename);
  if (p->error == YAML_READER_ERROR) {
    char code[16] = "";
    size_t at = p->problem_offset;
    /* A bad continuation byte: point at the character it was to finish. */
    if (strstr(problem, "trailing")) {
      while (at > 0 && is_continuation_byte(ld->text[at - 1])) at--;
      if (at > 0) at--;
    }
    position_of(ld, at, &line, &column);
    if (p->problem_value != -1) snprintf(code, sizeof code, "#x%X", (unsigned)p->problem_value);
    if (strstr(problem, "UTF") || strstr(problem, "Unicode"))
      raise_at_position(L, ld, line, column, "not valid UTF-8 (%s%s%s); save the file as UTF-8",
                        problem, *code ? " " : "", code);
    raise_at_position(L, ld, line, column, "%s%s%s%s", problem, *code ? " (" : "", code,
                      *code ? ")" : "");
  }
  if (is_tab_at(ld, p->problem_mark))
    raise_at(L, ld, p->problem_mark, "%s: a tab; indent YAML with spaces", problem);
  if (p->context)
    raise_at(L, ld, p->problem_mark, "%s (%s at %I:%I)", problem, p->context,
             (lua_Integer)p->context_mark.line + 1, (lua_Integer)p->context_mark.column + 1);
  raise_at(L, ld, p->problem_mark, "%s", problem);
}

static void raise_tag(lua_State *L, struct loader *ld, yaml_mark_t mark, const char *tag,
                      const char *what) {
  const char *core = "tag:yaml.org,2002:";
  const char *shown;
  if (strncmp(tag, core, strlen(core)) == 0) {
    lua_pushfstring(L, "!!%s", tag + strlen(core));
    shown = push_printable(L, lua_tostring(L, -1), lua_rawlen(L, -1));
  } else {
    shown = push_printable(L, tag, strlen(tag));
  }
  raise_at(L, ld, mark, "%s '%s' (fsgen reads !!str, !!int, !!float, !!bool, !!null, !!map, !!seq)",
           what, shown);
}

/* ---- growable buffers and paths ------------------------------------- */

static void buf_add(lua_State *L, struct buf *b, const char *s, size_t n) {
  if (n == 0) return; /* s may be the NULL of a buffer never grown */
  if (b->cap - b->len < n) {
    size_t cap = b->cap ? b->cap : 256;
    char *grown;
    while (cap - b->len < n) cap *= 2;
    grown = realloc(b->data, cap);
    if (!grown) {
      luaL_error(L, "out of memory");
      return;
    }
    b->data = grown;
    b->cap = cap;
  }
  memcpy(b->data + b->len, s, n);
  b->len += n;
}

/* Path syntax as lua/fsgen/path.lua formats it, so that
 * marks[path.format(segments)] finds an entry: a.b[0].c, where a key that
 * is not identifier-like ([A-Za-z_][A-Za-z0-9_-]*) is written ["key"] with
 * \" \\ \n \t \r and \xHH escapes for other control characters. */
static int is_ascii_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

static int is_identifier(const char *key, size_t n) {
  size_t i;
  if (n == 0 || !(is_ascii_letter(key[0]) || key[0] == '_')) return 0;
  for (i = 1; i < n; i++)
    if (!(is_ascii_letter(key[i]) || (key[i] >= '0' && key[i] <= '9') || key[i] == '_' ||
          key[i] == '-'))
      return 0;
  return 1;
}

static void path_add_key(lua_State *L, struct buf *b, const char *key, size_t n) {
  size_t i;
  if (is_identifier(key, n)) {
    if (b->len) buf_add(L, b, ".", 1);
    buf_add(L, b, key, n);
    return;
  }
  buf_add(L, b, "[\"", 2);
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)key[i];
    switch (c) {
    case '"': buf_add(L, b, "\\\"", 2); break;
    case '\\': buf_add(L, b, "\\\\", 2); break;
    case '\n': buf_add(L, b, "\\n", 2); break;
    case '\t': buf_add(L, b, "\\t", 2); break;
    case '\r': buf_add(L, b, "\\r", 2); break;
    default:
      if (c < 0x20 || c == 0x7f) {
        char esc[8];
        snprintf(esc, sizeof esc, "\\x%02X", c);
        buf_add(L, b, esc, 4);
      } else {
        buf_add(L, b, key + i, 1);
      }
    }
  }
  buf_add(L, b, "\"]", 2);
}

static void path_add_index(lua_State *L, struct buf *b, lua_Integer index) {
  char text[32];
  int n = snprintf(text, sizeof text, "[%lld]", (long long)index);
  buf_add(L, b, text, (size_t)n);
}

/* A merge value's temporary place: "a..<<" (".<<" at the top) is no real
 * path: after a path comes "." and an identifier, or "[". */
static void path_add_merge(lua_State *L, struct buf *b) {
  if (b->len) buf_add(L, b, "..<<", 4);
  else buf_add(L, b, ".<<", 3);
}

/* Adds the segment for table key at index `key` (integer i -> [i-1]). */
static void path_add_table_key(lua_State *L, struct buf *b, int key) {
  if (lua_type(L, key) == LUA_TNUMBER) {
    path_add_index(L, b, lua_tointeger(L, key) - 1);
  } else {
    size_t n;
    const char *s = lua_tolstring(L, key, &n);
    path_add_key(L, b, s, n);
  }
}

static void set_mark(lua_State *L, struct loader *ld, yaml_mark_t mark) {
  lua_pushlstring(L, ld->path.data, ld->path.len);
  lua_pushfstring(L, "%I:%I", (lua_Integer)mark.line + 1, (lua_Integer)mark.column + 1);
  lua_rawset(L, SLOT_MARKS);
}

/* ---- budget ---------------------------------------------------------- */

static void spend(lua_State *L, struct loader *ld, lua_Integer n, yaml_mark_t mark) {
  lua_Integer limit = BUDGET_FACTOR * ld->own_nodes;
  if (limit < BUDGET_MIN) limit = BUDGET_MIN;
  if (n > limit - ld->spent)
    raise_at(L, ld, mark, "alias expansion exceeds the budget (a \"billion laughs\" document?)");
  ld->spent += n;
}

static void count_own_node(struct loader *ld) {
  ld->own_nodes++;
  ld->made++;
  ld->spent++;
}

/* ---- copying and re-marking subtrees -------------------------------- */

/* Pushes a deep copy of the value at `src`.  With marks, each copied node
 * gets the mark of its original under src_path, or the mark at `fallback`. */
static void copy_value(lua_State *L, struct loader *ld, int src, int fallback) {
  int copy;
  if (lua_type(L, src) != LUA_TTABLE) {
    lua_pushvalue(L, src);
    return;
  }
  luaL_checkstack(L, 8, "YAML nesting");
  lua_createtable(L, (int)lua_rawlen(L, src), 0);
  copy = lua_gettop(L);
  if (markers_kind(L, src) != MARKER_NONE) markers_tag(L, copy, markers_kind(L, src));
  lua_pushnil(L);
  while (lua_next(L, src)) {
    int key = lua_gettop(L) - 1;
    size_t path_len = ld->path.len, src_len = ld->src_path.len;
    if (ld->want_marks) {
      path_add_table_key(L, &ld->path, key);
      path_add_table_key(L, &ld->src_path, key);
      lua_pushlstring(L, ld->path.data, ld->path.len);
      lua_pushlstring(L, ld->src_path.data, ld->src_path.len);
      if (lua_rawget(L, SLOT_MARKS) == LUA_TNIL) {
        lua_pop(L, 1);
        lua_pushvalue(L, fallback);
      }
      lua_rawset(L, SLOT_MARKS);
    }
    lua_pushvalue(L, key);
    copy_value(L, ld, key + 1, fallback);
    lua_rawset(L, copy);
    lua_pop(L, 1);
    ld->path.len = path_len;
    ld->src_path.len = src_len;
  }
}

/* Moves the marks of the subtree at `value` from under src_path to under
 * path (or only drops them when !keep).  Each node costs one budget unit. */
static void move_marks(lua_State *L, struct loader *ld, int value, int keep, yaml_mark_t mark) {
  if (lua_type(L, value) != LUA_TTABLE) return;
  luaL_checkstack(L, 8, "YAML nesting");
  lua_pushnil(L);
  while (lua_next(L, value)) {
    int key = lua_gettop(L) - 1;
    size_t path_len = ld->path.len, src_len = ld->src_path.len;
    spend(L, ld, 1, mark);
    path_add_table_key(L, &ld->src_path, key);
    if (keep) {
      path_add_table_key(L, &ld->path, key);
      lua_pushlstring(L, ld->path.data, ld->path.len);
      lua_pushlstring(L, ld->src_path.data, ld->src_path.len);
      lua_rawget(L, SLOT_MARKS);
      lua_rawset(L, SLOT_MARKS);
    }
    lua_pushlstring(L, ld->src_path.data, ld->src_path.len);
    lua_pushnil(L);
    lua_rawset(L, SLOT_MARKS);
    move_marks(L, ld, key + 1, keep, mark);
    lua_pop(L, 1);
    ld->path.len = path_len;
    ld->src_path.len = src_len;
  }
}

/* ---- merge keys ------------------------------------------------------ */

static int is_map_table(lua_State *L, int idx) {
  int string_key;
  idx = lua_absindex(L, idx);
  if (lua_type(L, idx) != LUA_TTABLE) return 0;
  switch (markers_kind(L, idx)) {
  case MARKER_MAP: return 1;
  case MARKER_LIST: return 0;
  default: break;
  }
  lua_pushnil(L);
  if (!lua_next(L, idx)) return 0;
  string_key = lua_type(L, -2) == LUA_TSTRING;
  lua_pop(L, 2);
  return string_key;
}

/* Adds the entries of the map at `src` that `f`'s table lacks.  src_path
 * holds the map's temporary path; path holds the mapping's own. */
static void merge_one(lua_State *L, struct loader *ld, struct frame *f, int src) {
  int table = f->base + FRAME_TABLE;
  luaL_checkstack(L, 8, "YAML nesting");
  lua_pushnil(L);
  while (lua_next(L, src)) {
    int key = lua_gettop(L) - 1, keep;
    size_t path_len = ld->path.len, src_len = ld->src_path.len;
    spend(L, ld, 1, f->merge_mark);
    lua_pushvalue(L, key);
    keep = lua_rawget(L, table) == LUA_TNIL;
    lua_pop(L, 1);
    if (keep) {
      lua_pushvalue(L, key);
      lua_pushvalue(L, key + 1);
      lua_rawset(L, table);
    }
    if (ld->want_marks) {
      /* The entry itself, then everything under it. */
      path_add_table_key(L, &ld->path, key);
      path_add_table_key(L, &ld->src_path, key);
      if (keep) {
        lua_pushlstring(L, ld->path.data, ld->path.len);
        lua_pushlstring(L, ld->src_path.data, ld->src_path.len);
        lua_rawget(L, SLOT_MARKS);
        lua_rawset(L, SLOT_MARKS);
      }
      lua_pushlstring(L, ld->src_path.data, ld->src_path.len);
      lua_pushnil(L);
      lua_rawset(L, SLOT_MARKS);
      move_marks(L, ld, key + 1, keep, f->merge_mark);
      ld->path.len = path_len;
      ld->src_path.len = src_len;
    }
    lua_pop(L, 1);
  }
}

static void drop_src_mark(lua_State *L, struct loader *ld) {
  lua_pushlstring(L, ld->src_path.data, ld->src_path.len);
  lua_pushnil(L);
  lua_rawset(L, SLOT_MARKS);
}

static void apply_merge(lua_State *L, struct loader *ld, struct frame *f) {
  int merge = f->base + FRAME_MERGE;
  ld->src_path.len = 0;
  if (ld->want_marks) {
    buf_add(L, &ld->src_path, ld->path.data, ld->path.len);
    path_add_merge(L, &ld->src_path);
  }
  if (is_map_table(L, merge)) {
    merge_one(L, ld, f, merge);
    if (ld->want_marks) drop_src_mark(L, ld);
  } else if (lua_type(L, merge) == LUA_TTABLE && markers_kind(L, merge) != MARKER_MAP) {
    lua_Integer i, n = (lua_Integer)lua_rawlen(L, merge);
    size_t merge_len = ld->src_path.len;
    for (i = 1; i <= n; i++) {
      lua_rawgeti(L, merge, i);
      if (!is_map_table(L, -1))
        raise_at(L, ld, f->merge_mark,
                 "'<<' merges mappings: each item of its list must be a mapping");
      if (ld->want_marks) {
        path_add_index(L, &ld->src_path, i - 1);
        drop_src_mark(L, ld);
      }
      merge_one(L, ld, f, lua_gettop(L));
      ld->src_path.len = merge_len;
      lua_pop(L, 1);
    }
    if (ld->want_marks) drop_src_mark(L, ld);
  } else {
    raise_at(L, ld, f->merge_mark, "'<<' merges a mapping or a list of mappings, not a scalar");
  }
}

/* ---- the stack of open collections ---------------------------------- */

static struct frame *top_frame(struct loader *ld) {
  return ld->depth ? &ld->frames[ld->depth - 1] : NULL;
}

static int next_is_key(struct loader *ld) {
  struct frame *f = top_frame(ld);
  return f && f->kind == NODE_MAP && !f->have_key;
}

/* Extends the path to the node about to be built and marks it. */
static void enter_child(lua_State *L, struct loader *ld, yaml_mark_t start) {
  struct frame *f = top_frame(ld);
  if (!ld->want_marks || !f) return;
  if (f->kind == NODE_SEQ) {
    path_add_index(L, &ld->path, f->items);
    set_mark(L, ld, start);
  } else if (f->key_is_merge) {
    path_add_merge(L, &ld->path);
    set_mark(L, ld, f->key_mark);
  } else {
    size_t n;
    const char *key = lua_tolstring(L, f->base + FRAME_SLOTS, &n);
    path_add_key(L, &ld->path, key, n);
    set_mark(L, ld, f->key_mark);
  }
}

static void leave_child(struct loader *ld) {
  struct frame *f = top_frame(ld);
  ld->path.len = f ? f->path_len : 0;
}

/* Puts the finished node on top of the stack into its parent (the root
 * stays where it is for the document's end). */
static void attach(lua_State *L, struct loader *ld, int height) {
  struct frame *f = top_frame(ld);
  if (!f) return;
  if (height > f->height) f->height = height;
  if (f->kind == NODE_SEQ) {
    lua_rawseti(L, f->base + FRAME_TABLE, ++f->items);
  } else if (f->key_is_merge) {
    lua_replace(L, f->base + FRAME_MERGE);
    lua_pop(L, 1); /* the "<<" key */
  } else {
    lua_rawset(L, f->base + FRAME_TABLE);
  }
  f->have_key = f->key_is_merge = 0;
}

/* A scalar in key position: its text is the key. */
static void take_key(lua_State *L, struct loader *ld, const char *text, size_t n, int is_merge,
                     yaml_mark_t mark) {
  struct frame *f = top_frame(ld);
  luaL_checkstack(L, 4, "YAML nesting");
  if (is_merge) {
    if (!lua_isnil(L, f->base + FRAME_MERGE))
      raise_at(L, ld, mark, "duplicate key '<<'");
    f->merge_mark = mark;
  } else {
    lua_pushlstring(L, text, n);
    if (lua_rawget(L, f->base + FRAME_TABLE) != LUA_TNIL)
      raise_at(L, ld, mark, "duplicate key '%s'", push_printable(L, text, n));
    lua_pop(L, 1);
  }
  lua_pushlstring(L, text, n);
  f->have_key = 1;
  f->key_is_merge = is_merge;
  f->key_mark = mark;
}

static void register_anchor(lua_State *L, struct loader *ld, const char *name, int value,
                            lua_Integer count, int height, enum node_kind kind,
                            const char *text, size_t text_len) {
  value = lua_absindex(L, value);
  luaL_checkstack(L, 4, "YAML nesting");
  lua_createtable(L, 6, 0);
  lua_pushvalue(L, value);
  lua_rawseti(L, -2, ANCHOR_VALUE);
  if (ld->want_marks) {
    lua_pushlstring(L, ld->path.data, ld->path.len);
    lua_rawseti(L, -2, ANCHOR_PATH);
  }
  lua_pushinteger(L, count);
  lua_rawseti(L, -2, ANCHOR_COUNT);
  lua_pushinteger(L, height);
  lua_rawseti(L, -2, ANCHOR_HEIGHT);
  lua_pushinteger(L, kind);
  lua_rawseti(L, -2, ANCHOR_KIND);
  if (text) {
    lua_pushlstring(L, text, text_len);
    lua_rawseti(L, -2, ANCHOR_TEXT);
  }
  lua_setfield(L, SLOT_ANCHORS, name);
}

static lua_Integer anchor_field(lua_State *L, int anchor, int field) {
  lua_Integer v;
  lua_rawgeti(L, anchor, field);
  v = lua_tointeger(L, -1);
  lua_pop(L, 1);
  return v;
}

/* ---- events ---------------------------------------------------------- */

static void on_scalar(lua_State *L, struct loader *ld) {
  const yaml_event_t *ev = &ld->event;
  const char *text = (const char *)ev->data.scalar.value;
  size_t n = ev->data.scalar.length;
  const char *anchor = (const char *)ev->data.scalar.anchor;
  const char *tag_text = (const char *)ev->data.scalar.tag;
  enum yaml_tag tag = yaml_tag_of(tag_text);
  int plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
  const char *problem;
  if (tag == YTAG_UNKNOWN) raise_tag(L, ld, ev->start_mark, tag_text, "unknown tag");
  if (tag == YTAG_MAP || tag == YTAG_SEQ)
    raise_tag(L, ld, ev->start_mark, tag_text, "a scalar cannot have the tag");
  if (tag == YTAG_NONE && !plain) tag = YTAG_STR;
  luaL_checkstack(L, 4, "YAML nesting");
  if (next_is_key(ld)) {
    /* Resolved only to check it against its tag; the key is the text. */
    if ((problem = yaml_resolve_push(L, text, n, tag)))
      raise_at(L, ld, ev->start_mark, "%s", problem);
    if (anchor) register_anchor(L, ld, anchor, -1, 1, 0, NODE_SCALAR, text, n);
    lua_pop(L, 1);
    take_key(L, ld, text, n, tag == YTAG_NONE && n == 2 && memcmp(text, "<<", 2) == 0,
             ev->start_mark);
    return;
  }
  count_own_node(ld);
  enter_child(L, ld, ev->start_mark);
  if ((problem = yaml_resolve_push(L, text, n, tag)))
    raise_at(L, ld, ev->start_mark, "%s", problem);
  if (anchor) register_anchor(L, ld, anchor, -1, 1, 0, NODE_SCALAR, text, n);
  if (!ld->depth) ld->root_empty = n == 0 && plain && !tag_text && !anchor;
  leave_child(ld);
  attach(L, ld, 0);
}

static void on_alias(lua_State *L, struct loader *ld) {
  const yaml_event_t *ev = &ld->event;
  const char *name = (const char *)ev->data.alias.anchor;
  enum node_kind kind;
  int anchor, height;
  luaL_checkstack(L, 8, "YAML nesting");
  if (lua_getfield(L, SLOT_ANCHORS, name) == LUA_TNIL) {
    const char *shown = push_printable(L, name, strlen(name));
    raise_at(L, ld, ev->start_mark, "undefined alias '*%s' (define the anchor '&%s' before it)",
             shown, shown);
  }
  anchor = lua_gettop(L);
  kind = (enum node_kind)anchor_field(L, anchor, ANCHOR_KIND);
  height = (int)anchor_field(L, anchor, ANCHOR_HEIGHT);
  if (next_is_key(ld)) {
    size_t n;
    const char *text;
    if (kind != NODE_SCALAR)
      raise_at(L, ld, ev->start_mark, "a key must be a scalar, not a %s",
               kind == NODE_MAP ? "mapping" : "sequence");
    lua_rawgeti(L, anchor, ANCHOR_TEXT);
    text = lua_tolstring(L, -1, &n);
    lua_replace(L, anchor);
    take_key(L, ld, text, n, 0, ev->start_mark);
    lua_remove(L, anchor); /* under the key just pushed */
    return;
  }
  ld->own_nodes++;
  if (ld->depth + height > MAX_DEPTH)
    raise_at(L, ld, ev->start_mark, "nesting deeper than %d levels", MAX_DEPTH);
  spend(L, ld, anchor_field(L, anchor, ANCHOR_COUNT), ev->start_mark);
  ld->made += anchor_field(L, anchor, ANCHOR_COUNT);
  enter_child(L, ld, ev->start_mark);
  lua_rawgeti(L, anchor, ANCHOR_VALUE);
  if (kind == NODE_SCALAR) {
    lua_replace(L, anchor);
  } else {
    size_t path_len = ld->path.len;
    int fallback = 0;
    ld->src_path.len = 0;
    if (ld->want_marks) {
      lua_rawgeti(L, anchor, ANCHOR_PATH);
      buf_add(L, &ld->src_path, lua_tostring(L, -1), lua_rawlen(L, -1));
      lua_pop(L, 1);
      lua_pushfstring(L, "%I:%I", (lua_Integer)ev->start_mark.line + 1,
                      (lua_Integer)ev->start_mark.column + 1);
      fallback = lua_gettop(L);
    }
    copy_value(L, ld, anchor + 1, fallback);
    ld->path.len = path_len;
    lua_replace(L, anchor);
    lua_settop(L, anchor);
  }
  leave_child(ld);
  attach(L, ld, height);
}

static void open_collection(lua_State *L, struct loader *ld, enum node_kind kind) {
  const yaml_event_t *ev = &ld->event;
  const char *tag_text, *anchor;
  enum yaml_tag tag, want = kind == NODE_MAP ? YTAG_MAP : YTAG_SEQ;
  struct frame *f;
  if (kind == NODE_MAP) {
    tag_text = (const char *)ev->data.mapping_start.tag;
    anchor = (const char *)ev->data.mapping_start.anchor;
  } else {
    tag_text = (const char *)ev->data.sequence_start.tag;
    anchor = (const char *)ev->data.sequence_start.anchor;
  }
  tag = yaml_tag_of(tag_text);
  if (tag == YTAG_UNKNOWN) raise_tag(L, ld, ev->start_mark, tag_text, "unknown tag");
  if (tag != YTAG_NONE && tag != want && !(tag == YTAG_STR && strcmp(tag_text, "!") == 0))
    raise_tag(L, ld, ev->start_mark, tag_text,
              kind == NODE_MAP ? "a mapping cannot have the tag"
                               : "a sequence cannot have the tag");
  if (next_is_key(ld))
    raise_at(L, ld, ev->start_mark, "a key must be a scalar, not a %s",
             kind == NODE_MAP ? "mapping" : "sequence");
  if (ld->depth >= MAX_DEPTH)
    raise_at(L, ld, ev->start_mark, "nesting deeper than %d levels", MAX_DEPTH);
  if (ld->depth == ld->frames_cap) {
    int cap = ld->frames_cap ? ld->frames_cap * 2 : 16;
    struct frame *grown = realloc(ld->frames, (size_t)cap * sizeof *grown);
    if (!grown) {
      luaL_error(L, "out of memory");
      return;
    }
    memset(grown + ld->frames_cap, 0, (size_t)(cap - ld->frames_cap) * sizeof *grown);
    ld->frames = grown;
    ld->frames_cap = cap;
  }
  luaL_checkstack(L, FRAME_SLOTS + 8, "YAML nesting");
  count_own_node(ld);
  enter_child(L, ld, ev->start_mark);
  f = &ld->frames[ld->depth++];
  memset(f, 0, sizeof *f);
  f->kind = kind;
  f->base = lua_gettop(L) + 1;
  f->path_len = ld->path.len;
  f->made_before = ld->made - 1;
  lua_newtable(L);
  lua_pushnil(L);
  if (anchor) lua_pushstring(L, anchor);
  else lua_pushnil(L);
}

static void close_collection(lua_State *L, struct loader *ld) {
  struct frame *f = top_frame(ld);
  int table = f->base + FRAME_TABLE, height = f->height + 1;
  enum node_kind kind = f->kind;
  if (kind == NODE_MAP && !lua_isnil(L, f->base + FRAME_MERGE)) apply_merge(L, ld, f);
  lua_pushnil(L);
  if (lua_next(L, table)) lua_pop(L, 2);
  else markers_tag(L, table, kind == NODE_MAP ? MARKER_MAP : MARKER_LIST);
  if (!lua_isnil(L, f->base + FRAME_ANCHOR))
    register_anchor(L, ld, lua_tostring(L, f->base + FRAME_ANCHOR), table,
                    ld->made - f->made_before, height, kind, NULL, 0);
  lua_settop(L, table);
  ld->depth--;
  leave_child(ld);
  attach(L, ld, height);
}

static void on_document_start(lua_State *L, struct loader *ld) {
  if (ld->documents && !ld->multi)
    raise_at(L, ld, ld->event.start_mark,
             "more than one document; fsgen reads one values document per file");
  ld->documents++;
  ld->root_empty = 0;
  lua_newtable(L);
  lua_replace(L, SLOT_ANCHORS);
  if (ld->want_marks) {
    lua_newtable(L);
    lua_replace(L, SLOT_MARKS);
  }
}

static void on_document_end(lua_State *L, struct loader *ld) {
  if (ld->root_empty) {
    lua_pop(L, 1);
    if (ld->multi) return; /* an empty document in a stream is no object */
    lua_newtable(L);
    markers_tag(L, -1, MARKER_MAP);
  }
  if (!ld->multi) {
    lua_replace(L, SLOT_RESULT);
    return;
  }
  lua_rawseti(L, SLOT_RESULT, (lua_Integer)lua_rawlen(L, SLOT_RESULT) + 1);
  if (ld->want_marks) {
    lua_pushvalue(L, SLOT_MARKS);
    lua_rawseti(L, SLOT_MARKS_LIST, (lua_Integer)lua_rawlen(L, SLOT_MARKS_LIST) + 1);
  }
}

/* Runs the parse; the loader (light userdata) is the only argument. */
static int load_protected(lua_State *L) {
  struct loader *ld = lua_touserdata(L, SLOT_LOADER);
  lua_settop(L, SLOT_FIRST - 1);
  if (ld->multi) {
    lua_newtable(L);
    lua_replace(L, SLOT_RESULT);
    lua_newtable(L);
    lua_replace(L, SLOT_MARKS_LIST);
  }
  for (;;) {
    yaml_event_type_t type;
    if (!yaml_parser_parse(&ld->parser, &ld->event)) raise_parser_error(L, ld);
    ld->event_ready = 1;
    type = ld->event.type;
    switch (type) {
    case YAML_DOCUMENT_START_EVENT: on_document_start(L, ld); break;
    case YAML_DOCUMENT_END_EVENT: on_document_end(L, ld); break;
    case YAML_SCALAR_EVENT: on_scalar(L, ld); break;
    case YAML_ALIAS_EVENT: on_alias(L, ld); break;
    case YAML_SEQUENCE_START_EVENT: open_collection(L, ld, NODE_SEQ); break;
    case YAML_MAPPING_START_EVENT: open_collection(L, ld, NODE_MAP); break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: close_collection(L, ld); break;
    default: break;
    }
    yaml_event_delete(&ld->event);
    ld->event_ready = 0;
    if (type == YAML_STREAM_END_EVENT) break;
  }
  if (ld->multi) {
    if (lua_rawlen(L, SLOT_RESULT) == 0) markers_tag(L, SLOT_RESULT, MARKER_LIST);
    lua_pushvalue(L, SLOT_RESULT);
    if (ld->want_marks) lua_pushvalue(L, SLOT_MARKS_LIST);
    else lua_pushnil(L);
    return 2;
  }
  if (!ld->documents) {
    lua_newtable(L);
    markers_tag(L, -1, MARKER_MAP);
    lua_replace(L, SLOT_RESULT);
    lua_newtable(L);
    lua_replace(L, SLOT_MARKS);
  }
  lua_pushvalue(L, SLOT_RESULT);
  lua_pushvalue(L, SLOT_MARKS);
  return 2;
}

static int opt_flag(lua_State *L, int opts, const char *name, int fallback) {
  int value = fallback;
  if (lua_getfield(L, opts, name) != LUA_TNIL) value = lua_toboolean(L, -1);
  lua_pop(L, 1);
  return value;
}

int yaml_load_lua(lua_State *L) {
  size_t len;
  const char *text = luaL_checklstring(L, 1, &len);
  const char *filename = luaL_checkstring(L, 2);
  const char *nul = memchr(text, '\0', len);
  struct loader *ld;
  int multi = 0, want_marks = 1, status;
  if (!lua_isnoneornil(L, 3)) {
    luaL_checktype(L, 3, LUA_TTABLE);
    multi = opt_flag(L, 3, "multi", 0);
    want_marks = opt_flag(L, 3, "marks", 1);
  }
  lua_settop(L, 3);
  ld = lua_newuserdatauv(L, sizeof *ld, 0);
  memset(ld, 0, sizeof *ld);
  if (luaL_newmetatable(L, LOADER_MT)) {
    lua_pushcfunction(L, loader_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  ld->filename = filename;
  ld->text = text;
  ld->text_len = len;
  ld->multi = multi;
  ld->want_marks = want_marks;
  if (len >= 2 && ((text[0] == '\xff' && text[1] == '\xfe') ||
                   (text[0] == '\xfe' && text[1] == '\xff')))
    raise_at_position(L, ld, 1, 1,
                      "UTF-16 text (a UTF-16 byte order mark); save the file as UTF-8");
  if (nul) {
    size_t line, column;
    position_of(ld, (size_t)(nul - text), &line, &column);
    raise_at_position(L, ld, line, column,
                      "NUL byte in the file; YAML must be UTF-8 text (is it UTF-16 or binary?)");
  }
  if (!yaml_parser_initialize(&ld->parser))
    return luaL_error(L, "%s: out of memory while reading YAML", filename);
  ld->parser_ready = 1;
  yaml_parser_set_input_string(&ld->parser, (const unsigned char *)text, len);

  lua_pushcfunction(L, load_protected);
  lua_pushlightuserdata(L, ld);
  status = lua_pcall(L, 1, 2, 0);
  loader_release(ld);
  if (status != LUA_OK) return lua_error(L);
  if (!want_marks) {
    lua_pop(L, 1);
    lua_pushnil(L);
  }
  return 2;
}
