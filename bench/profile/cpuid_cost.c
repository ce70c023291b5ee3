/* The price of one CPUID instruction on this machine, in nanoseconds: the
 * median of 21 batches of 200 (leaves 0 to 7 in turn, as a start-up probe
 * asks them).  On bare metal CPUID is an ordinary instruction of a few
 * hundred cycles; a virtual machine traps every CPUID to its hypervisor,
 * which costs microseconds.  (__cpuid_count is volatile asm: the loop stays.) */
#define _POSIX_C_SOURCE 199309L
#include <cpuid.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { BATCHES = 21, PER_BATCH = 200 };

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(void) {
  double batch[BATCHES];
  for (int b = 0; b < BATCHES; b++) {
    double start = now_ns();
    for (unsigned i = 0; i < PER_BATCH; i++) {
      unsigned eax, ebx, ecx, edx;
      __cpuid_count(i % 8, 0, eax, ebx, ecx, edx);
      (void)eax, (void)ebx, (void)ecx, (void)edx;
    }
    batch[b] = (now_ns() - start) / PER_BATCH;
  }
  qsort(batch, BATCHES, sizeof batch[0], by_value);
  printf("%.0f\n", batch[BATCHES / 2]);
  return 0;
}
