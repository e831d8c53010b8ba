/* hashmap.c - an open-addressing hash map (64-bit keys and values, linear probing,
 * power-of-two capacity grown at 70% load, deletion by backward shift: no tombstones)
 * under a mixed workload on millions of keys: inserts (some of them updates), lookups
 * that hit and miss, deletes of half the keys, more lookups and re-inserts.
 * Stresses 64-bit multiply and shifts, cache-missing loads and data-dependent branches.
 * usage: hashmap [keys]   (default keys = 1500000)
 * Prints the operation counts and a checksum that must match across engines. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The i-th key: the splitmix64 finaliser of (i + 1) * golden ratio, a bijection, so
 * distinct indices give distinct keys. */
static uint64_t key_of(uint64_t i) {
    uint64_t z = (i + 1) * 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Key 0 marks an empty slot; a key 0 is stored as 1. */
typedef struct { uint64_t key, value; } slot;
typedef struct { slot *slots; uint32_t mask, size, shift; } map;

static uint32_t home(const map *m, uint64_t key) {
    return (uint32_t)((key * 0x9e3779b97f4a7c15ull) >> m->shift);
}

static void map_init(map *m, uint32_t log2cap) {
    m->slots = calloc((size_t)1 << log2cap, sizeof(slot));
    if (!m->slots) { fprintf(stderr, "out of memory\n"); exit(1); }
    m->mask = (1u << log2cap) - 1; m->size = 0; m->shift = 64 - log2cap;
}

static void map_put(map *m, uint64_t key, uint64_t value);

static void grow(map *m) {
    slot *old = m->slots; uint32_t oldcap = m->mask + 1;
    map_init(m, 64 - m->shift + 1);
    for (uint32_t i = 0; i < oldcap; i++)
        if (old[i].key) map_put(m, old[i].key, old[i].value);
    free(old);
}

/* Inserts or updates; returns nothing (the caller counts with map_get). */
static void map_put(map *m, uint64_t key, uint64_t value) {
    if (!key) key = 1;
    if ((uint64_t)(m->size + 1) * 10 > (uint64_t)(m->mask + 1) * 7) grow(m);
    uint32_t i = home(m, key);
    for (;;) {
        slot *s = &m->slots[i];
        if (s->key == key) { s->value = value; return; }
        if (!s->key) { s->key = key; s->value = value; m->size++; return; }
        i = (i + 1) & m->mask;
    }
}

static slot *map_find(const map *m, uint64_t key) {
    if (!key) key = 1;
    uint32_t i = home(m, key);
    for (;;) {
        slot *s = &m->slots[i];
        if (s->key == key) return s;
        if (!s->key) return 0;
        i = (i + 1) & m->mask;
    }
}

/* Removes key if present (backward-shift deletion); returns 1 if it was there. */
static int map_del(map *m, uint64_t key) {
    slot *s = map_find(m, key);
    if (!s) return 0;
    uint32_t i = (uint32_t)(s - m->slots), j = i;
    for (;;) { /* the hole is at i: pull back the next entry that may live there */
        j = (j + 1) & m->mask;
        slot *n = &m->slots[j];
        if (!n->key) break;
        uint32_t h = home(m, n->key);
        if (((j - h) & m->mask) >= ((j - i) & m->mask)) { m->slots[i] = *n; i = j; }
    }
    m->slots[i].key = 0; m->slots[i].value = 0;
    m->size--;
    return 1;
}

int main(int argc, char **argv) {
    long nkeys = argc > 1 ? strtol(argv[1], NULL, 10) : 1500000;
    if (nkeys < 8) nkeys = 8;
    uint32_t n = (uint32_t)nkeys;
    map m;
    map_init(&m, 10);
    uint64_t check = 0, hits = 0, misses = 0, deleted = 0;

    /* 1. insert keys 0..n-1, except that every 8th step updates the key of a recent step
     *    (positions i % 8 == 7 hold no key of their own) */
    for (uint32_t i = 0; i < n; i++) {
        if ((i & 7) == 7) {
            uint32_t back = 1 + ((i * 2654435761u) >> 20) % (i < 4096 ? i : 4096);
            uint32_t j = i - back;
            if ((j & 7) == 7) j--;
            map_put(&m, key_of(j), (uint64_t)i * 3 + 1);
        } else {
            map_put(&m, key_of(i), (uint64_t)i * 3 + 1);
        }
    }
    uint32_t size1 = m.size;

    /* 2. twice: look up every key (hits), each followed by a key never inserted (a miss) */
    for (uint32_t round = 0; round < 2; round++) {
        for (uint32_t i = 0; i < n; i++) {
            if ((i & 7) != 7) {
                slot *s = map_find(&m, key_of(i));
                if (s) { hits++; check = check * 31 + s->value; } else misses++;
            }
            if (map_find(&m, key_of((uint64_t)n * (round + 2) + i))) hits++; else misses++;
        }
    }

    /* 3. delete the keys of even steps */
    for (uint32_t i = 0; i < n; i += 2)
        if ((i & 7) != 7) deleted += (uint64_t)map_del(&m, key_of(i));
    uint32_t size2 = m.size;

    /* 4. look everything up again: deleted keys must miss, the others hit */
    for (uint32_t i = 0; i < n; i++) {
        if ((i & 7) == 7) continue;
        slot *s = map_find(&m, key_of(i));
        if ((i & 1) == 0 && s) { fprintf(stderr, "hashmap: deleted key %u found\n", i); return 1; }
        if ((i & 1) == 1 && !s) { fprintf(stderr, "hashmap: key %u lost\n", i); return 1; }
        if (s) { hits++; check = check * 31 + s->value; } else misses++;
    }

    /* 5. re-insert the deleted keys with new values, then fold the whole table */
    for (uint32_t i = 0; i < n; i += 2)
        if ((i & 7) != 7) map_put(&m, key_of(i), key_of(i) >> 40);
    uint64_t sum = 0;
    for (uint32_t i = 0; i <= m.mask; i++)
        if (m.slots[i].key) sum += m.slots[i].value ^ (m.slots[i].key * (i + 1));

    printf("hashmap keys=%u size=%u after_delete=%u final=%u capacity=%u hits=%llu misses=%llu "
           "deleted=%llu check=%016llx sum=%016llx\n",
           n, size1, size2, m.size, m.mask + 1, (unsigned long long)hits,
           (unsigned long long)misses, (unsigned long long)deleted, (unsigned long long)check,
           (unsigned long long)sum);
    free(m.slots);
    return 0;
}
