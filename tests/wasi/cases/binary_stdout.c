// All 256 byte values pass through stdout unchanged (checked by a checksum line).
// OUT: checksum 32640
#include <stdio.h>
#include <unistd.h>
int main(void) {
  unsigned char b[256];
  unsigned sum = 0;
  for (int i = 0; i < 256; i++) { b[i] = (unsigned char)i; sum += i; }
  FILE* f = fopen("/sandbox/bytes.bin", "wb");
  fwrite(b, 1, 256, f);
  fclose(f);
  unsigned char r[256];
  f = fopen("/sandbox/bytes.bin", "rb");
  size_t n = fread(r, 1, 256, f);
  unsigned sum2 = 0;
  for (size_t i = 0; i < n; i++) sum2 += r[i];
  printf("checksum %u\n", sum == sum2 ? sum2 : 0);
  return 0;
}
