/* How one scalar is written: the style a string needs so that every YAML 1.1
 * and 1.2 reader reads it back as the same string, and the text of numbers.
 * Pure functions of their input: no locale, no allocation. */
#ifndef FSGEN_YAML_SCALAR_H
#define FSGEN_YAML_SCALAR_H

#include <stddef.h>

enum yaml_scalar_style {
  YAML_SCALAR_PLAIN,
  YAML_SCALAR_DOUBLE_QUOTED,
  YAML_SCALAR_LITERAL,
  YAML_SCALAR_INVALID_UTF8 /* not a style: the string cannot be written */
};

/* The style for the len bytes at s.  Plain only where no reader could take
 * the text for another type or for syntax; literal block for multi-line text
 * that a block scalar holds exactly (never for a mapping key); double-quoted
 * otherwise. */
enum yaml_scalar_style yaml_scalar_style(const char *s, size_t len, int is_key);

/* Length of the well-formed UTF-8 character at s (at most len bytes), or 0
 * when the bytes there are not one (overlong, surrogate, out of range, cut). */
size_t yaml_scalar_utf8_char(const unsigned char *s, size_t len);

/* Longest text the formatters below write, with its terminating NUL. */
#define YAML_SCALAR_NUMBER_MAX 40

/* Writes a finite double in the shortest form that reads back exactly and
 * always reads as a float ("3.0", "0.1", "1.0e+300", "-0.0").  Returns the
 * length written to out (YAML_SCALAR_NUMBER_MAX bytes). */
size_t yaml_scalar_format_float(double value, char *out);

/* Writes an integer in decimal.  Returns the length written to out. */
size_t yaml_scalar_format_integer(long long value, char *out);

#endif
