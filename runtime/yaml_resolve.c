/* Scalar resolution by the YAML 1.2 core schema: no yes/no/on/off booleans,
 * no sexagesimals, no 1.1 octals ("0755" is decimal 755; 0o755 is octal). */
#include "yaml_resolve.h"

#include <math.h>
#include <string.h>

#include "markers.h"

#define CORE_PREFIX "tag:yaml.org,2002:"

enum yaml_tag yaml_tag_of(const char *tag) {
  static const struct {
    const char *name;
    enum yaml_tag tag;
  } known[] = {{"str", YTAG_STR},     {"int", YTAG_INT},   {"float", YTAG_FLOAT},
               {"bool", YTAG_BOOL},   {"null", YTAG_NULL}, {"map", YTAG_MAP},
               {"seq", YTAG_SEQ}};
  size_t i;
  if (!tag) return YTAG_NONE;
  if (strcmp(tag, "!") == 0) return YTAG_STR;
  if (strncmp(tag, CORE_PREFIX, sizeof CORE_PREFIX - 1) != 0) return YTAG_UNKNOWN;
  tag += sizeof CORE_PREFIX - 1;
  for (i = 0; i < sizeof known / sizeof known[0]; i++)
    if (strcmp(tag, known[i].name) == 0) return known[i].tag;
  return YTAG_UNKNOWN;
}

static int is_one_of(const char *s, size_t n, const char *const *words) {
  for (; *words; words++)
    if (strlen(*words) == n && memcmp(s, *words, n) == 0) return 1;
  return 0;
}

static const char *const null_words[] = {"", "~", "null", "Null", "NULL", NULL};
static const char *const true_words[] = {"true", "True", "TRUE", NULL};
static const char *const false_words[] = {"false", "False", "FALSE", NULL};
static const char *const inf_words[] = {".inf", ".Inf", ".INF", NULL};
static const char *const nan_words[] = {".nan", ".NaN", ".NAN", NULL};

static int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 99;
}

enum int_read { INT_NOT, INT_OK, INT_TOO_BIG };

/* [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+ into a 64-bit integer. */
static enum int_read read_int(const char *s, size_t n, lua_Integer *out, int *decimal) {
  size_t i = 0;
  unsigned base = 10;
  int negative = 0, too_big = 0;
  lua_Unsigned limit, acc = 0;
  if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
    base = s[1] == 'x' ? 16 : 8;
    i = 2;
  } else if (n > 0 && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    i = 1;
  }
  if (i == n) return INT_NOT;
  limit = (lua_Unsigned)LUA_MAXINTEGER + (negative ? 1u : 0u);
  for (; i < n; i++) {
    unsigned d = (unsigned)digit_value(s[i]);
    if (d >= base) return INT_NOT;
    if (too_big) continue;
    if (acc > (limit - d) / base) too_big = 1;
    else acc = acc * base + d;
  }
  *decimal = base == 10;
  if (too_big) return INT_TOO_BIG;
  *out = negative ? (lua_Integer)(0u - acc) : (lua_Integer)acc;
  return INT_OK;
}

static size_t skip_digits(const char *s, size_t n, size_t i) {
  while (i < n && s[i] >= '0' && s[i] <= '9') i++;
  return i;
}

/* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
static int is_float_text(const char *s, size_t n) {
  size_t i = 0, j;
  if (i < n && (s[i] == '-' || s[i] == '+')) i++;
  if (i < n && s[i] == '.') {
    j = skip_digits(s, n, i + 1);
    if (j == i + 1) return 0;
  } else {
    j = skip_digits(s, n, i);
    if (j == i) return 0;
    if (j < n && s[j] == '.') j = skip_digits(s, n, j + 1);
  }
  i = j;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (i < n && (s[i] == '-' || s[i] == '+')) i++;
    j = skip_digits(s, n, i);
    if (j == i) return 0;
    i = j;
  }
  return i == n;
}

/* Pushes the float for text the core schema reads as a number (or an int
 * text given !!float); returns 0 when it is no such text. */
static int push_float(lua_State *L, const char *s, size_t n) {
  size_t sign = n > 0 && (s[0] == '-' || s[0] == '+');
  if (is_one_of(s + sign, n - sign, inf_words)) {
    lua_pushnumber(L, s[0] == '-' ? -HUGE_VAL : HUGE_VAL);
    return 1;
  }
  if (is_one_of(s, n, nan_words)) {
    lua_pushnumber(L, (lua_Number)NAN);
    return 1;
  }
  /* Lua's own conversion copes with the decimal point of any C locale. */
  if (!is_float_text(s, n) || lua_stringtonumber(L, s) == 0) return 0;
  if (lua_isinteger(L, -1)) {
    lua_Number d = (lua_Number)lua_tointeger(L, -1);
    lua_pop(L, 1);
    lua_pushnumber(L, d);
  }
  return 1;
}

static const char *push_plain(lua_State *L, const char *s, size_t n) {
  lua_Integer i;
  int decimal;
  if (is_one_of(s, n, null_words)) {
    markers_push_null(L);
    return NULL;
  }
  if (is_one_of(s, n, true_words) || is_one_of(s, n, false_words)) {
    lua_pushboolean(L, s[0] == 't' || s[0] == 'T');
    return NULL;
  }
  switch (read_int(s, n, &i, &decimal)) {
  case INT_OK:
    lua_pushinteger(L, i);
    return NULL;
  case INT_TOO_BIG:
    if (decimal && push_float(L, s, n)) return NULL;
    return "this integer does not fit in 64 bits (quote it to keep it as a string)";
  case INT_NOT:
    break;
  }
  if (push_float(L, s, n)) return NULL;
  lua_pushlstring(L, s, n);
  return NULL;
}

const char *yaml_resolve_push(lua_State *L, const char *text, size_t len,
                              enum yaml_tag tag) {
  lua_Integer i;
  int decimal;
  switch (tag) {
  case YTAG_NONE:
    return push_plain(L, text, len);
  case YTAG_STR:
    lua_pushlstring(L, text, len);
    return NULL;
  case YTAG_NULL:
    if (!is_one_of(text, len, null_words))
      return "a value tagged !!null must be empty, ~ or null";
    markers_push_null(L);
    return NULL;
  case YTAG_BOOL:
    if (is_one_of(text, len, true_words)) lua_pushboolean(L, 1);
    else if (is_one_of(text, len, false_words)) lua_pushboolean(L, 0);
    else return "a value tagged !!bool must be true or false";
    return NULL;
  case YTAG_INT:
    switch (read_int(text, len, &i, &decimal)) {
    case INT_OK:
      lua_pushinteger(L, i);
      return NULL;
    case INT_TOO_BIG:
      return "a value tagged !!int does not fit in 64 bits";
    case INT_NOT:
      break;
    }
    return "a value tagged !!int must be an integer (decimal, 0o octal or 0x hex)";
  case YTAG_FLOAT:
    if (push_float(L, text, len)) return NULL;
    return "a value tagged !!float must be a number";
  case YTAG_MAP:
  case YTAG_SEQ:
  case YTAG_UNKNOWN:
    break;
  }
  return "this tag cannot apply to a scalar";
}
