// Checkpoint test program: a growing open-addressing hash map under inserts,
// lookups and deletes, printing statistics as it goes; exits with status 3.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
  uint64_t key;
  uint64_t val;
  uint8_t used;
} Slot;

static Slot* slots;
static size_t cap = 16, count = 0;

static uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  return x;
}

static void put(uint64_t k, uint64_t v);

static void grow(void) {
  Slot* old = slots;
  size_t oc = cap;
  cap *= 2;
  slots = calloc(cap, sizeof(Slot));
  count = 0;
  for (size_t i = 0; i < oc; i++)
    if (old[i].used == 1) put(old[i].key, old[i].val);
  free(old);
}

static void put(uint64_t k, uint64_t v) {
  if ((count + 1) * 4 > cap * 3) grow();
  size_t i = mix(k) & (cap - 1);
  while (slots[i].used == 1 && slots[i].key != k) i = (i + 1) & (cap - 1);
  if (slots[i].used != 1) count++;
  slots[i].key = k;
  slots[i].val = v;
  slots[i].used = 1;
}

static Slot* find(uint64_t k) {
  size_t i = mix(k) & (cap - 1);
  while (slots[i].used) {
    if (slots[i].used == 1 && slots[i].key == k) return &slots[i];
    i = (i + 1) & (cap - 1);
  }
  return NULL;
}

int main(void) {
  slots = calloc(cap, sizeof(Slot));
  uint64_t x = 42, hits = 0, sum = 0;
  for (int step = 0; step < 60000; step++) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    uint64_t k = (x >> 40) % 20000;
    Slot* s = find(k);
    if (s) {
      hits++;
      sum += s->val;
      if ((x >> 20) % 3 == 0) s->used = 2;  // tombstone
      else s->val += step;
    } else {
      put(k, step);
    }
    if (step % 6000 == 0)
      printf("step %d: count=%zu cap=%zu hits=%llu sum=%llu\n", step, count, cap,
             (unsigned long long)hits, (unsigned long long)sum);
  }
  printf("final: count=%zu hits=%llu sum=%llu\n", count, (unsigned long long)hits,
         (unsigned long long)sum);
  return 3;
}
