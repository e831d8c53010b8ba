/* compress.c - LZ77 compression with hash chains (64 KiB window, greedy matching with a
 * one-step lazy check) and its decompressor, over generated semi-random data (words,
 * numbers, repeated phrases, runs and noise). The round trip is verified byte for byte.
 * Stresses hashing, unpredictable branches, byte compares and copies.
 * usage: compress [kib]   (default kib = 8192: the size of the input)
 * Prints the input and compressed sizes and a checksum of the compressed bytes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- deterministic input ---- */

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint32_t rnd(void) { /* splitmix64 */
    uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return (uint32_t)((z ^ (z >> 31)) >> 32);
}
static uint32_t below(uint32_t n) { return rnd() % n; }

static uint8_t *generate(size_t n) {
    uint8_t *d = malloc(n);
    if (!d) { fprintf(stderr, "out of memory\n"); exit(1); }
    /* a vocabulary of 512 random words, 2..10 letters */
    static char vocab[512][12];
    for (int i = 0; i < 512; i++) {
        int l = 2 + (int)below(9);
        for (int j = 0; j < l; j++) vocab[i][j] = (char)('a' + below(26));
        vocab[i][l] = 0;
    }
    size_t pos = 0;
    while (pos < n) {
        uint32_t k = below(100);
        char tmp[64];
        size_t len;
        if (k < 70) { /* a word, skewed towards the first ones */
            uint32_t w = below(512); w = w * below(512) / 512;
            len = (size_t)snprintf(tmp, sizeof tmp, "%s ", vocab[w]);
        } else if (k < 80) {
            len = (size_t)snprintf(tmp, sizeof tmp, "%u, ", below(100000));
        } else if (k < 88 && pos > 4096) { /* repeat an earlier phrase */
            size_t from = pos - 1 - below(pos < 60000 ? (uint32_t)pos - 1 : 60000);
            len = 8 + below(40);
            if (pos + len > n) len = n - pos;
            for (size_t i = 0; i < len; i++) d[pos + i] = d[from + i];
            pos += len;
            continue;
        } else if (k < 91) { /* a run */
            len = 4 + below(30);
            memset(tmp, "-=. \n"[below(5)], len);
        } else if (k < 99) { /* noise */
            len = 1 + below(16);
            for (size_t i = 0; i < len; i++) tmp[i] = (char)rnd();
        } else {
            len = 1; tmp[0] = '\n';
        }
        if (pos + len > n) len = n - pos;
        memcpy(d + pos, tmp, len);
        pos += len;
    }
    return d;
}

/* ---- LZ77 ----
 * Output: a sequence of tokens. Byte t < 0x80: a literal run of t + 1 bytes follows.
 * Byte t >= 0x80: a match of length (t & 0x7f) + MINMATCH at distance (next two bytes,
 * little-endian) + 1. */

#define WBITS 16
#define WSIZE (1u << WBITS)
#define WMASK (WSIZE - 1)
#define HBITS 15
#define MINMATCH 4
#define MAXMATCH (0x7f + MINMATCH)
#define MAXCHAIN 48

static uint32_t hash4(const uint8_t *p) {
    uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    return (v * 2654435761u) >> (32 - HBITS);
}

typedef struct { int32_t head[1 << HBITS]; int32_t prev[WSIZE]; } chains;

static void insert(chains *c, const uint8_t *in, uint32_t pos) {
    uint32_t h = hash4(in + pos);
    c->prev[pos & WMASK] = c->head[h];
    c->head[h] = (int32_t)pos;
}

/* Longest match for in[pos..] among earlier positions; returns its length (0 if none). */
static uint32_t longest(const chains *c, const uint8_t *in, uint32_t pos, uint32_t end, uint32_t *dist) {
    uint32_t best = 0, limit = end - pos < MAXMATCH ? end - pos : MAXMATCH;
    if (limit < MINMATCH) return 0;
    int32_t cand = c->head[hash4(in + pos)];
    for (int chain = 0; cand >= 0 && chain < MAXCHAIN; chain++) {
        uint32_t cp = (uint32_t)cand;
        if (pos - cp > WSIZE - 1 || cp >= pos) break;
        if (in[cp + best] == in[pos + best]) {
            uint32_t l = 0;
            while (l < limit && in[cp + l] == in[pos + l]) l++;
            if (l > best) { best = l; *dist = pos - cp; if (l == limit) break; }
        }
        int32_t nx = c->prev[cp & WMASK];
        if (nx >= cand) break; /* a stale slot from an older window */
        cand = nx;
    }
    return best >= MINMATCH ? best : 0;
}

static size_t compress(const uint8_t *in, uint32_t n, uint8_t *out, chains *c) {
    for (uint32_t i = 0; i < (1u << HBITS); i++) c->head[i] = -1;
    size_t o = 0;
    uint32_t lit_start = 0, pos = 0;
#define FLUSH_LITERALS(upto)                                                     \
    while (lit_start < (upto)) {                                                 \
        uint32_t k = (upto) - lit_start > 128 ? 128 : (upto) - lit_start;        \
        out[o++] = (uint8_t)(k - 1);                                             \
        memcpy(out + o, in + lit_start, k); o += k; lit_start += k;             \
    }
    while (pos < n) {
        uint32_t dist = 0, len = 0;
        if (pos + MINMATCH <= n) {
            len = longest(c, in, pos, n, &dist);
            if (len && len < MAXMATCH && pos + 1 + MINMATCH <= n) { /* lazy: a longer match one byte on? */
                uint32_t d2 = 0;
                insert(c, in, pos);
                uint32_t l2 = longest(c, in, pos + 1, n, &d2);
                if (l2 > len + 1) { pos++; len = l2; dist = d2; }
                else {
                    /* pos is already inserted; emit from pos */
                    FLUSH_LITERALS(pos);
                    out[o++] = (uint8_t)(0x80 | (len - MINMATCH));
                    out[o++] = (uint8_t)(dist - 1); out[o++] = (uint8_t)((dist - 1) >> 8);
                    for (uint32_t i = 1; i < len && pos + i + MINMATCH <= n; i++) insert(c, in, pos + i);
                    pos += len; lit_start = pos;
                    continue;
                }
            }
        }
        if (len) {
            FLUSH_LITERALS(pos);
            out[o++] = (uint8_t)(0x80 | (len - MINMATCH));
            out[o++] = (uint8_t)(dist - 1); out[o++] = (uint8_t)((dist - 1) >> 8);
            for (uint32_t i = 0; i < len && pos + i + MINMATCH <= n; i++) insert(c, in, pos + i);
            pos += len; lit_start = pos;
        } else {
            if (pos + MINMATCH <= n) insert(c, in, pos);
            pos++;
        }
    }
    FLUSH_LITERALS(n);
#undef FLUSH_LITERALS
    return o;
}

static size_t decompress(const uint8_t *in, size_t n, uint8_t *out, size_t cap) {
    size_t i = 0, o = 0;
    while (i < n) {
        uint8_t t = in[i++];
        if (t < 0x80) {
            size_t k = (size_t)t + 1;
            if (i + k > n || o + k > cap) return (size_t)-1;
            memcpy(out + o, in + i, k); i += k; o += k;
        } else {
            if (i + 2 > n) return (size_t)-1;
            size_t len = (size_t)(t & 0x7f) + MINMATCH;
            size_t dist = (size_t)(in[i] | in[i + 1] << 8) + 1;
            i += 2;
            if (dist > o || o + len > cap) return (size_t)-1;
            uint8_t *d = out + o; const uint8_t *s = d - dist;
            for (size_t k = 0; k < len; k++) d[k] = s[k]; /* may overlap: byte by byte */
            o += len;
        }
    }
    return o;
}

int main(int argc, char **argv) {
    long kib = argc > 1 ? strtol(argv[1], NULL, 10) : 8192;
    if (kib < 1) kib = 1;
    uint32_t n = (uint32_t)kib * 1024;
    uint8_t *in = generate(n);
    uint8_t *packed = malloc(n + n / 128 + 16);
    uint8_t *back = malloc(n);
    chains *c = malloc(sizeof *c);
    if (!packed || !back || !c) { fprintf(stderr, "out of memory\n"); return 1; }

    size_t plen = compress(in, n, packed, c);
    size_t blen = decompress(packed, plen, back, n);
    if (blen != n || memcmp(in, back, n) != 0) {
        fprintf(stderr, "compress: round trip failed (%lu bytes back of %lu)\n",
                (unsigned long)blen, (unsigned long)n);
        return 1;
    }
    uint32_t h = 2166136261u, matches = 0;
    for (size_t i = 0; i < plen; i++) h = (h ^ packed[i]) * 16777619u;
    for (size_t i = 0; i < plen;) {
        if (packed[i] < 0x80) i += (size_t)packed[i] + 2;
        else { matches++; i += 3; }
    }
    printf("compress in=%lu out=%lu matches=%u permille=%lu check=%08x\n", (unsigned long)n,
           (unsigned long)plen, matches, (unsigned long)((uint64_t)plen * 1000 / n), h);
    free(in); free(packed); free(back); free(c);
    return 0;
}
