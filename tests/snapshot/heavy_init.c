// A program whose initialisation is most of its run time: init reads a file and
// an environment variable and builds a large table (a sieve, a hash map of words,
// a table of function pointers). main() runs init itself unless a snapshot
// (`skiff snapshot`, which calls the exported `wizer.initialize`) already did.
// The output must be the same either way, under skiff and under node.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAP_SLOTS (1u << 16)

static int initialized;
static unsigned char* composite;  // malloc'd: lives in the heap the snapshot keeps
static uint32_t sieve_n;  // from the environment (SIEVE_N), read during init
static uint32_t prime_count;
static char config_line[128];
static char greeting[64];

struct entry {
  char key[16];
  uint32_t value;
};
static struct entry* map;  // open addressing, MAP_SLOTS slots

typedef uint32_t (*op_fn)(uint32_t);
static uint32_t op_double(uint32_t x) { return x * 2; }
static uint32_t op_square(uint32_t x) { return x * x; }
static uint32_t op_next_prime(uint32_t x) {
  for (uint32_t y = x + 1; y < sieve_n; ++y)
    if (!composite[y]) return y;
  return 0;
}
static op_fn ops[3];

static uint32_t hash(const char* s) {
  uint32_t h = 2166136261u;
  for (; *s; ++s) h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

static void map_put(const char* key, uint32_t value) {
  for (uint32_t i = hash(key) & (MAP_SLOTS - 1);; i = (i + 1) & (MAP_SLOTS - 1))
    if (map[i].key[0] == 0 || strcmp(map[i].key, key) == 0) {
      strncpy(map[i].key, key, sizeof map[i].key - 1);
      map[i].value = value;
      return;
    }
}

static int map_get(const char* key, uint32_t* value) {
  for (uint32_t i = hash(key) & (MAP_SLOTS - 1); map[i].key[0]; i = (i + 1) & (MAP_SLOTS - 1))
    if (strcmp(map[i].key, key) == 0) {
      *value = map[i].value;
      return 1;
    }
  return 0;
}

static void init(void) {
  FILE* f = fopen("/data/config.txt", "r");
  if (!f || !fgets(config_line, sizeof config_line, f)) {
    printf("init: cannot read /data/config.txt\n");
    exit(3);
  }
  fclose(f);
  config_line[strcspn(config_line, "\n")] = 0;
  const char* g = getenv("GREETING");
  snprintf(greeting, sizeof greeting, "%s", g ? g : "(no GREETING)");

  const char* n = getenv("SIEVE_N");
  sieve_n = n ? (uint32_t)strtoul(n, 0, 10) : 100000;
  if (sieve_n < 16) sieve_n = 16;
  composite = calloc(sieve_n, 1);
  for (uint32_t i = 2; (uint64_t)i * i < sieve_n; ++i)
    if (!composite[i])
      for (uint32_t j = i * i; j < sieve_n; j += i) composite[j] = 1;
  for (uint32_t i = 2; i < sieve_n; ++i) prime_count += !composite[i];

  map = calloc(MAP_SLOTS, sizeof *map);
  char key[16];
  for (uint32_t i = 0; i < 20000; ++i) {
    snprintf(key, sizeof key, "w%u", i * 7919u % 100003u);
    map_put(key, i);
  }
  ops[0] = op_double;
  ops[1] = op_square;
  ops[2] = op_next_prime;
  initialized = 1;
}

__attribute__((export_name("wizer.initialize"))) void wizer_initialize(void) { init(); }

int main(int argc, char** argv) {
  if (!initialized) init();
  printf("config: %s\n", config_line);
  printf("greeting: %s\n", greeting);
  printf("primes below %u: %u\n", sieve_n, prime_count);
  for (int i = 1; i < argc; ++i) {
    uint32_t v;
    if (map_get(argv[i], &v))
      printf("%s -> %u, ops: %u %u %u\n", argv[i], v, ops[0](v), ops[1](v), ops[2](v));
    else
      printf("%s -> missing\n", argv[i]);
  }
  return 0;
}
