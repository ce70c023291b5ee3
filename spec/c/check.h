/* A minimal assertion harness for the C unit tests: each failed CHECK prints
 * file:line and the expression, and the test exits 1 at the end. */
#ifndef FSGEN_CHECK_H
#define FSGEN_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures;

#define CHECK(expr)                                                        \
  do {                                                                     \
    if (!(expr)) {                                                         \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__,     \
              #expr);                                                      \
      check_failures++;                                                    \
    }                                                                      \
  } while (0)

#define CHECK_STR(got, want)                                               \
  do {                                                                     \
    const char *check_got_ = (got), *check_want_ = (want);                 \
    if (!check_got_ || strcmp(check_got_, check_want_) != 0) {             \
      fprintf(stderr, "%s:%d: got  <%s>\n%*swant <%s>\n", __FILE__,        \
              __LINE__, check_got_ ? check_got_ : "(null)",                \
              (int)strlen(__FILE__) + 8, "", check_want_);                 \
      check_failures++;                                                    \
    }                                                                      \
  } while (0)

#define CHECK_DONE()                                                       \
  (check_failures ? (fprintf(stderr, "%d check(s) failed\n",               \
                             check_failures), 1) : 0)

#endif
