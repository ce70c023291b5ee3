#include "yaml_scalar.h"

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t yaml_scalar_utf8_char(const unsigned char *s, size_t len) {
  unsigned char lead = s[0];
  unsigned char second_min = 0x80, second_max = 0xBF;
  size_t width;
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) {
    width = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    width = 3;
    if (lead == 0xE0) second_min = 0xA0;      /* overlong */
    else if (lead == 0xED) second_max = 0x9F; /* UTF-16 surrogates */
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    width = 4;
    if (lead == 0xF0) second_min = 0x90;      /* overlong */
    else if (lead == 0xF4) second_max = 0x8F; /* above U+10FFFF */
  } else {
    return 0;
  }
  if (len < width || s[1] < second_min || s[1] > second_max) return 0;
  for (size_t i = 2; i < width; i++)
    if ((s[i] & 0xC0) != 0x80) return 0;
  return width;
}

static unsigned long utf8_code_point(const unsigned char *s, size_t width) {
  unsigned long cp = s[0] & (width == 2 ? 0x1F : width == 3 ? 0x0F : 0x07);
  for (size_t i = 1; i < width; i++) cp = (cp << 6) | (s[i] & 0x3F);
  return cp;
}

/* A non-ASCII character libyaml writes as itself.  libyaml 0.2 counts
 * nothing above U+FFFF as printable (it escapes emoji in double quotes), and
 * U+2028/U+2029 are line breaks to YAML 1.1: none of these may be plain. */
static bool printable_beyond_ascii(unsigned long cp) {
  if (cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF) return false;
  return (cp >= 0xA0 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD);
}

/* Words some YAML 1.1 or 1.2 schema resolves to null, a boolean, the merge
 * key or the 1.1 value key. */
static bool is_reserved_word(const unsigned char *s, size_t len) {
  static const char *const words[6][8] = {
    [1] = {"~", "y", "Y", "n", "N", "="},
    [2] = {"no", "No", "NO", "on", "On", "ON", "<<"},
    [3] = {"yes", "Yes", "YES", "off", "Off", "OFF"},
    [4] = {"null", "Null", "NULL", "true", "True", "TRUE"},
    [5] = {"false", "False", "FALSE"}};
  if (len == 0 || len > 5) return false;
  for (int i = 0; i < 8 && words[len][i]; i++)
    if (memcmp(words[len][i], s, len) == 0) return true;
  return false;
}

static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* Characters of any number any schema knows: digits of every base, the
 * base prefixes, signs, exponents, "_" separators, ":" of YAML 1.1's base 60. */
static bool is_number_char(unsigned char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
         c == '_' || c == '.' || c == ':' || c == '+' || c == '-' ||
         c == 'x' || c == 'X' || c == 'o' || c == 'O';
}

/* Deliberately wider than any one schema: "1.2.3" and "10.0.0.1" match YAML
 * 1.1's float pattern, "0o17" and "1e3" only 1.2's, "1:30" only 1.1's. */
static bool looks_numeric(const unsigned char *s, size_t len) {
  static const char *const special[] = {".inf", ".Inf", ".INF",
                                        ".nan", ".NaN", ".NAN"};
  size_t start = (s[0] == '+' || s[0] == '-') ? 1 : 0;
  if (start == len) return true; /* a lone sign */
  for (size_t i = 0; i < sizeof special / sizeof special[0]; i++)
    if (len - start == 4 && memcmp(s + start, special[i], 4) == 0) return true;
  if (!is_digit(s[start]) && s[start] != '.') return false;
  for (size_t i = start; i < len; i++)
    if (!is_number_char(s[i])) return false;
  return true;
}

/* YAML 1.1 timestamps begin yyyy-m-d, whatever follows. */
static bool looks_like_date(const unsigned char *s, size_t len) {
  size_t i = 0;
  for (; i < 4; i++)
    if (i >= len || !is_digit(s[i])) return false;
  for (int part = 0; part < 2; part++) {
    size_t digits = 0;
    if (i >= len || s[i] != '-') return false;
    for (i++; i < len && is_digit(s[i]) && digits < 2; i++) digits++;
    if (digits == 0) return false;
  }
  return true;
}

/* The checks on the whole text for a one-line string of printable
 * characters without ": ", " #" or a final ":". */
static bool plain_is_safe(const unsigned char *s, size_t len) {
  if (s[0] == ' ' || s[len - 1] == ' ') return false;
  static const char indicators[] = "-?:,[]{}#&*!|>'\"%@`";
  if (memchr(indicators, s[0], sizeof indicators - 1)) {
    /* "-x" is common in command lines and unambiguous everywhere. */
    if (s[0] != '-' || len == 1 || s[1] == ' ') return false;
  }
  if (len >= 3 && (memcmp(s, "---", 3) == 0 || memcmp(s, "...", 3) == 0))
    return false; /* document markers */
  return !is_reserved_word(s, len) && !looks_numeric(s, len) &&
         !looks_like_date(s, len);
}

/* A literal block keeps the text exactly when its first line is not
 * indented or empty (which needs an indentation indicator) and it ends in
 * at most one line break (more needs "|+" and a "..." marker after it). */
static bool literal_fits(const unsigned char *s, size_t len) {
  if (s[0] == ' ' || s[0] == '\n') return false;
  return !(len >= 2 && s[len - 1] == '\n' && s[len - 2] == '\n');
}

enum yaml_scalar_style yaml_scalar_style(const char *text, size_t len,
                                         int is_key) {
  const unsigned char *s = (const unsigned char *)text;
  bool plain = len > 0, literal = !is_key, multi_line = false;
  size_t i = 0;
  while (i < len) {
    unsigned char c = s[i];
    if (c >= 0x20 && c < 0x7F) {
      if (c == ':') {
        if (i + 1 == len || s[i + 1] == ' ') plain = false;
      } else if (c == '#') {
        if (i > 0 && s[i - 1] == ' ') plain = false;
      } else if (c == ' ') {
        if (i + 1 == len || s[i + 1] == '\n') literal = false; /* trailing */
      }
      i++;
    } else if (c == '\n') {
      multi_line = true;
      i++;
    } else if (c < 0x80) { /* tab, CR, other controls, DEL */
      plain = literal = false;
      i++;
    } else {
      size_t width = yaml_scalar_utf8_char(s + i, len - i);
      if (width == 0) return YAML_SCALAR_INVALID_UTF8;
      if (!printable_beyond_ascii(utf8_code_point(s + i, width)))
        plain = literal = false;
      i += width;
    }
  }
  if (multi_line) {
    if (literal && literal_fits(s, len)) return YAML_SCALAR_LITERAL;
    return YAML_SCALAR_DOUBLE_QUOTED;
  }
  if (plain && plain_is_safe(s, len)) return YAML_SCALAR_PLAIN;
  return YAML_SCALAR_DOUBLE_QUOTED;
}

/* The fewest significant digits that read back as value.  Any decimal of up
 * to 15 digits survives a trip through a double, so when the shortest form
 * is that short, %.15g prints exactly it (%g drops trailing zeros); else 16
 * or 17 digits.  Subnormals keep fewer digits: for them, a search. */
static void shortest_digits(double value, char *text, size_t size) {
  int low = 1, high = 17; /* 17 significant digits always read back exactly */
  if (value == 0 || value >= DBL_MIN || value <= -DBL_MIN) {
    for (int digits = 15; digits <= 17; digits++) {
      snprintf(text, size, "%.*g", digits, value);
      if (digits == 17 || strtod(text, NULL) == value) return;
    }
  }
  while (low < high) {
    int mid = (low + high) / 2;
    snprintf(text, size, "%.*g", mid, value);
    if (strtod(text, NULL) == value) high = mid;
    else low = mid + 1;
  }
  snprintf(text, size, "%.*g", low, value);
}

size_t yaml_scalar_format_float(double value, char *out) {
  char text[320]; /* what %g could write for any precision; ours uses < 30 */
  bool has_point = false;
  size_t len = 0;
  if (value > -1e15 && value < 1e15 && value == (double)(long long)value) {
    /* integral: the common case, and exact without printf */
    len = yaml_scalar_format_integer((long long)value, out);
    if (signbit(value) && value == 0) {
      memmove(out + 1, out, len + 1);
      out[0] = '-';
      len++;
    }
    memcpy(out + len, ".0", 3);
    return len + 2;
  }
  shortest_digits(value, text, sizeof text);
  /* Both calls above follow the C locale's decimal separator, whatever it
   * is; the output always has ".". */
  for (const char *p = text; *p; p++) {
    if (is_digit((unsigned char)*p) || *p == '-' || *p == '+' || *p == 'e') {
      if (*p == 'e' && !has_point) {
        /* YAML 1.1 reads 1e+300 as a string: it wants 1.0e+300. */
        memcpy(out + len, ".0", 2);
        len += 2;
        has_point = true;
      }
      out[len++] = *p;
    } else if (!has_point) {
      out[len++] = '.';
      has_point = true;
    }
  }
  if (!has_point) {
    memcpy(out + len, ".0", 2);
    len += 2;
  }
  out[len] = '\0';
  return len;
}

size_t yaml_scalar_format_integer(long long value, char *out) {
  char digits[24];
  size_t count = 0, len = 0;
  unsigned long long magnitude =
      value < 0 ? 0ULL - (unsigned long long)value : (unsigned long long)value;
  do {
    digits[count++] = (char)('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude);
  if (value < 0) out[len++] = '-';
  while (count) out[len++] = digits[--count];
  out[len] = '\0';
  return len;
}
