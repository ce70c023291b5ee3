/* The machine's floor for writing a manifest: the bytes are already in
 * memory (assembled into the binary from PAYLOAD), one loop of write(2). */
#include <unistd.h>

#ifndef PAYLOAD
#error "build with -DPAYLOAD='\"path/to/file.yaml\"'"
#endif

__asm__(".section .rodata\n"
        ".global payload_start\n"
        "payload_start:\n"
        ".incbin \"" PAYLOAD "\"\n"
        ".global payload_end\n"
        "payload_end:\n"
        ".previous\n");

extern const char payload_start[];
extern const char payload_end[];

int main(void) {
  const char *p = payload_start;
  while (p < payload_end) {
    ssize_t n = write(STDOUT_FILENO, p, (size_t)(payload_end - p));
    if (n <= 0) return 1;
    p += n;
  }
  return 0;
}
