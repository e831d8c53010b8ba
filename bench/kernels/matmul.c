/* C = A * B for n x n f64 matrices (n <= 256), i-k-j order: f64 arithmetic, loads and
 * stores, loop overhead. Returns a checksum of C. */
#include "kernel.h"

#define MAXN 256
static double a[MAXN * MAXN], b[MAXN * MAXN], c[MAXN * MAXN];

KERNEL {
  if (n > MAXN) n = MAXN;
  unsigned s = 12345u;
  for (unsigned i = 0; i < n * n; i++) {
    s = s * 1664525u + 1013904223u;
    a[i] = (double)(s >> 8) / 8388608.0 - 1.0;
    s = s * 1664525u + 1013904223u;
    b[i] = (double)(s >> 8) / 8388608.0 - 1.0;
    c[i] = 0.0;
  }
  for (unsigned i = 0; i < n; i++)
    for (unsigned k = 0; k < n; k++) {
      double aik = a[i * n + k];
      for (unsigned j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j];
    }
  double sum = 0.0;
  for (unsigned i = 0; i < n * n; i++) sum += c[i] * (double)(i % 7 + 1);
  return (unsigned)(long long)(sum * 1000.0);
}
