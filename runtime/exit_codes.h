/* Process exit codes, in one place (as jq keeps them). */
#ifndef FSGEN_EXIT_CODES_H
#define FSGEN_EXIT_CODES_H

enum fsgen_exit {
  FSGEN_EXIT_OK = 0,        /* rendered and written */
  FSGEN_EXIT_BAD_INPUT = 1, /* an overlay, values file or object is wrong */
  FSGEN_EXIT_USAGE = 2      /* the command line is wrong */
};

#endif
