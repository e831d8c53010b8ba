// Checkpoint test program: reads /data/input.txt a line at a time and appends a
// line per input line to /data/out.txt as it goes (both files stay open across
// checkpoints), then reads the output back and prints its checksum.
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  FILE* in = fopen("/data/input.txt", "r");
  FILE* out = fopen("/data/out.txt", "w");
  if (!in || !out) {
    printf("cannot open files\n");
    return 1;
  }
  char line[256];
  int n = 0;
  uint32_t acc = 7;
  while (fgets(line, sizeof line, in)) {
    size_t len = strlen(line);
    // Some work per line, so checkpoints fall between reads and writes.
    for (int r = 0; r < 200; r++)
      for (size_t i = 0; i < len; i++) acc = acc * 31u + (uint8_t)line[i] + (uint32_t)r;
    fprintf(out, "%04d %08x %s", n, acc, line);
    fflush(out);
    if (n % 50 == 0) printf("line %d acc %08x\n", n, acc);
    n++;
  }
  fclose(in);
  fclose(out);
  FILE* back = fopen("/data/out.txt", "r");
  uint64_t h = 1469598103934665603ull;
  size_t bytes = 0;
  int c;
  while ((c = fgetc(back)) != EOF) {
    h = (h ^ (uint8_t)c) * 1099511628211ull;
    bytes++;
  }
  fclose(back);
  printf("lines %d bytes %zu hash %016llx\n", n, bytes, (unsigned long long)h);
  return 0;
}
