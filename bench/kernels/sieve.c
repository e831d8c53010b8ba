/* Sieve of Eratosthenes up to n (n <= 16M), repeated 4 times: byte loads/stores and
 * tight loops. Returns the number of primes plus a position checksum. */
#include "kernel.h"

#define MAXN (16u << 20)
static unsigned char composite[MAXN];

KERNEL {
  if (n > MAXN) n = MAXN;
  unsigned count = 0, check = 0;
  for (int rep = 0; rep < 4; rep++) {
    for (unsigned i = 0; i < n; i++) composite[i] = 0;
    count = 0;
    check = 0;
    for (unsigned i = 2; i < n; i++) {
      if (composite[i]) continue;
      count++;
      check = check * 31u + i;
      for (unsigned j = i + i; j < n; j += i) composite[j] = 1;
    }
  }
  return count ^ check;
}
