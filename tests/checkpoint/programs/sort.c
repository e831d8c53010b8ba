// Checkpoint test program: sorts pseudo-random arrays with a recursive quicksort and
// a merge sort (deep call stacks at safepoints), printing progress as it goes.
// argv[1]: the number of rounds (default 8).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint32_t seed = 12345;
static uint32_t next(void) {
  seed = seed * 1664525u + 1013904223u;
  return seed >> 8;
}

static void quicksort(int32_t* a, int lo, int hi) {
  while (lo < hi) {
    int32_t p = a[(lo + hi) / 2];
    int i = lo, j = hi;
    while (i <= j) {
      while (a[i] < p) i++;
      while (a[j] > p) j--;
      if (i <= j) {
        int32_t t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (j - lo < hi - i) {
      quicksort(a, lo, j);
      lo = i;
    } else {
      quicksort(a, i, hi);
      hi = j;
    }
  }
}

static void merge_sort(int32_t* a, int32_t* tmp, int n) {
  if (n < 2) return;
  int m = n / 2;
  merge_sort(a, tmp, m);
  merge_sort(a + m, tmp, n - m);
  int i = 0, j = m, k = 0;
  while (i < m && j < n) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
  while (i < m) tmp[k++] = a[i++];
  while (j < n) tmp[k++] = a[j++];
  for (k = 0; k < n; k++) a[k] = tmp[k];
}

int main(int argc, char** argv) {
  const int n = 6000;
  const int rounds = argc > 1 ? atoi(argv[1]) : 8;
  int32_t* a = malloc(sizeof(int32_t) * n);
  int32_t* b = malloc(sizeof(int32_t) * n);
  int32_t* tmp = malloc(sizeof(int32_t) * n);
  uint64_t total = 0;
  for (int round = 0; round < rounds; round++) {
    for (int i = 0; i < n; i++) a[i] = b[i] = (int32_t)(next() % 100000) - 50000;
    quicksort(a, 0, n - 1);
    merge_sort(b, tmp, n);
    uint64_t h = 1469598103934665603ull;
    int sorted = 1;
    for (int i = 0; i < n; i++) {
      if (a[i] != b[i] || (i && a[i - 1] > a[i])) sorted = 0;
      h = (h ^ (uint32_t)a[i]) * 1099511628211ull;
    }
    total += h;
    printf("round %d: sorted=%d min=%d max=%d hash=%016llx\n", round, sorted, a[0], a[n - 1],
           (unsigned long long)h);
  }
  printf("total %016llx\n", (unsigned long long)total);
  return 0;
}
