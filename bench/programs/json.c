/* json.c - JSON parsing: generates a JSON document of several MiB (objects, arrays,
 * strings with escapes, integers, decimals, true/false/null), then parses it REPS times
 * into a tree (recursive descent, nodes and decoded strings in arenas) and walks the tree
 * computing a checksum. Stresses byte scanning, branches, small stores, recursion.
 * usage: json [kib] [reps]   (default kib = 8192, reps = 10)
 * Prints the node counts and a checksum that must match across engines.
 * Numbers are kept as decimal mantissa and exponent (no floating point), so the result
 * does not depend on any libc's strtod. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- deterministic input ---- */

static uint64_t rng = 0x243f6a8885a308d3ull;
static uint32_t rnd(void) { /* xorshift64* */
    rng ^= rng >> 12; rng ^= rng << 25; rng ^= rng >> 27;
    return (uint32_t)((rng * 0x2545f4914f6cdd1dull) >> 32);
}
static uint32_t below(uint32_t n) { return rnd() % n; }

typedef struct { char *p; size_t len, cap; } buf;
static void put(buf *b, const char *s, size_t n) {
    if (b->len + n > b->cap) {
        while (b->len + n > b->cap) b->cap = b->cap ? b->cap * 2 : 4096;
        b->p = realloc(b->p, b->cap);
        if (!b->p) { fprintf(stderr, "out of memory\n"); exit(1); }
    }
    memcpy(b->p + b->len, s, n); b->len += n;
}
static void puts_(buf *b, const char *s) { put(b, s, strlen(s)); }
static void putc_(buf *b, char c) { put(b, &c, 1); }
static void put_u(buf *b, uint64_t v) {
    char t[24]; int n = 0;
    do { t[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (n) putc_(b, t[--n]);
}

static const char *keys[] = {"id", "name", "email", "tags", "score", "active", "parent",
                             "children", "meta", "created", "ratio", "notes", "items",
                             "price", "count", "label", "geo", "flags", "owner", "x"};
static const char *words[] = {"alpha", "beta", "gamma", "delta", "river", "stone", "cloud",
                              "north", "quick", "lazy", "fox", "dog", "data", "value",
                              "json", "parse", "tree", "node", "leaf", "branch", "zeta"};
#define NKEYS (sizeof keys / sizeof *keys)
#define NWORDS (sizeof words / sizeof *words)

static void gen_string(buf *b) {
    putc_(b, '"');
    int n = 1 + (int)below(6);
    for (int i = 0; i < n; i++) {
        if (i) putc_(b, ' ');
        puts_(b, words[below(NWORDS)]);
        switch (below(24)) {
        case 0: puts_(b, "\\\""); break;
        case 1: puts_(b, "\\\\"); break;
        case 2: puts_(b, "\\n"); break;
        case 3: puts_(b, "\\t"); break;
        case 4: puts_(b, "\\u00e9"); break;
        case 5: puts_(b, "\\u4e2d"); break;
        case 6: puts_(b, "\\/"); break;
        default: break;
        }
    }
    putc_(b, '"');
}

static void gen_number(buf *b) {
    if (below(3) == 0) putc_(b, '-');
    uint32_t k = below(8);
    if (k < 4) put_u(b, below(1000000));
    else if (k < 7) { put_u(b, below(100000)); putc_(b, '.'); put_u(b, 1 + below(999)); }
    else {
        put_u(b, 1 + below(9)); putc_(b, '.'); put_u(b, below(100)); putc_(b, 'e');
        if (below(2)) putc_(b, '-');
        put_u(b, below(20));
    }
}

static void gen_value(buf *b, int depth) {
    uint32_t k = below(depth >= 5 ? 10 : 14);
    if (k < 3) gen_string(b);
    else if (k < 7) gen_number(b);
    else if (k == 7) puts_(b, below(2) ? "true" : "false");
    else if (k == 8) puts_(b, "null");
    else if (k == 9) gen_string(b);
    else if (k < 12) { /* array */
        putc_(b, '[');
        int n = (int)below(7);
        for (int i = 0; i < n; i++) { if (i) puts_(b, ", "); gen_value(b, depth + 1); }
        putc_(b, ']');
    } else { /* object */
        puts_(b, "{");
        int n = 1 + (int)below(6);
        for (int i = 0; i < n; i++) {
            if (i) putc_(b, ',');
            puts_(b, "\n"); for (int d = 0; d <= depth; d++) puts_(b, "  ");
            putc_(b, '"'); puts_(b, keys[below(NKEYS)]); puts_(b, "\": ");
            gen_value(b, depth + 1);
        }
        puts_(b, "}");
    }
}

static void generate(buf *b, size_t target) {
    puts_(b, "[\n");
    for (int i = 0; b->len < target; i++) {
        if (i) puts_(b, ",\n");
        puts_(b, "{\"id\": "); put_u(b, (uint64_t)i); puts_(b, ", \"record\": ");
        gen_value(b, 1);
        puts_(b, ", \"ok\": true}");
    }
    puts_(b, "\n]\n");
}

/* ---- the parser ---- */

enum { T_NULL, T_FALSE, T_TRUE, T_NUM, T_STR, T_ARR, T_OBJ };
typedef struct {
    uint8_t type;
    uint32_t key;    /* offset of the key string in the string arena (object members) */
    uint32_t keylen;
    uint32_t next;   /* next sibling, 0 = none */
    uint32_t first;  /* first child (arrays, objects) */
    uint32_t count;  /* children, or string length */
    int64_t mant;    /* number: mantissa; string: arena offset */
    int32_t exp;     /* number: decimal exponent */
} node;

typedef struct {
    const char *s; size_t pos, len;
    node *nodes; uint32_t nnodes, capnodes;
    char *str; uint32_t nstr, capstr;
} parser;

static void fail(parser *p, const char *what) {
    fprintf(stderr, "json: %s at offset %lu\n", what, (unsigned long)p->pos);
    exit(1);
}

static uint32_t new_node(parser *p, uint8_t type) {
    if (p->nnodes == p->capnodes) {
        p->capnodes = p->capnodes ? p->capnodes * 2 : 1024;
        p->nodes = realloc(p->nodes, sizeof(node) * p->capnodes);
        if (!p->nodes) fail(p, "out of memory");
    }
    node *n = &p->nodes[p->nnodes];
    memset(n, 0, sizeof *n);
    n->type = type;
    return p->nnodes++;
}

static void str_byte(parser *p, char c) {
    if (p->nstr == p->capstr) {
        p->capstr = p->capstr ? p->capstr * 2 : 4096;
        p->str = realloc(p->str, p->capstr);
        if (!p->str) fail(p, "out of memory");
    }
    p->str[p->nstr++] = c;
}

static void skip_ws(parser *p) {
    while (p->pos < p->len) {
        char c = p->s[p->pos];
        if (c != ' ' && c != '\n' && c != '\t' && c != '\r') break;
        p->pos++;
    }
}

static int hexval(parser *p, char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    fail(p, "bad hex digit");
    return 0;
}

/* Decodes a string (p->pos at the opening quote) into the arena; returns its offset. */
static uint32_t parse_string(parser *p, uint32_t *len) {
    uint32_t start = p->nstr;
    p->pos++;
    for (;;) {
        if (p->pos >= p->len) fail(p, "unterminated string");
        char c = p->s[p->pos++];
        if (c == '"') break;
        if (c != '\\') { str_byte(p, c); continue; }
        if (p->pos >= p->len) fail(p, "unterminated escape");
        c = p->s[p->pos++];
        switch (c) {
        case '"': case '\\': case '/': str_byte(p, c); break;
        case 'n': str_byte(p, '\n'); break;
        case 't': str_byte(p, '\t'); break;
        case 'r': str_byte(p, '\r'); break;
        case 'b': str_byte(p, '\b'); break;
        case 'f': str_byte(p, '\f'); break;
        case 'u': {
            if (p->pos + 4 > p->len) fail(p, "short \\u escape");
            uint32_t cp = 0;
            for (int i = 0; i < 4; i++) cp = cp << 4 | (uint32_t)hexval(p, p->s[p->pos++]);
            if (cp < 0x80) str_byte(p, (char)cp);
            else if (cp < 0x800) { str_byte(p, (char)(0xc0 | cp >> 6)); str_byte(p, (char)(0x80 | (cp & 63))); }
            else { str_byte(p, (char)(0xe0 | cp >> 12)); str_byte(p, (char)(0x80 | (cp >> 6 & 63)));
                   str_byte(p, (char)(0x80 | (cp & 63))); }
            break;
        }
        default: fail(p, "bad escape");
        }
    }
    *len = p->nstr - start;
    return start;
}

static void parse_number(parser *p, node *n) {
    int neg = 0; int64_t m = 0; int32_t e = 0;
    if (p->s[p->pos] == '-') { neg = 1; p->pos++; }
    if (p->pos >= p->len || p->s[p->pos] < '0' || p->s[p->pos] > '9') fail(p, "bad number");
    while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9')
        m = m * 10 + (p->s[p->pos++] - '0');
    if (p->pos < p->len && p->s[p->pos] == '.') {
        p->pos++;
        while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9') {
            m = m * 10 + (p->s[p->pos++] - '0'); e--;
        }
    }
    if (p->pos < p->len && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
        p->pos++;
        int eneg = 0; int32_t x = 0;
        if (p->s[p->pos] == '-' || p->s[p->pos] == '+') eneg = p->s[p->pos++] == '-';
        while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9')
            x = x * 10 + (p->s[p->pos++] - '0');
        e += eneg ? -x : x;
    }
    n->mant = neg ? -m : m; n->exp = e;
}

static int lit(parser *p, const char *w) {
    size_t n = strlen(w);
    if (p->pos + n <= p->len && memcmp(p->s + p->pos, w, n) == 0) { p->pos += n; return 1; }
    return 0;
}

static uint32_t parse_value(parser *p) {
    skip_ws(p);
    if (p->pos >= p->len) fail(p, "unexpected end");
    char c = p->s[p->pos];
    uint32_t id;
    if (c == '{' || c == '[') {
        int obj = c == '{';
        id = new_node(p, obj ? T_OBJ : T_ARR);
        p->pos++;
        skip_ws(p);
        char close = obj ? '}' : ']';
        uint32_t last = 0, count = 0;
        if (p->pos < p->len && p->s[p->pos] == close) { p->pos++; return id; }
        for (;;) {
            uint32_t key = 0, keylen = 0;
            if (obj) {
                skip_ws(p);
                if (p->pos >= p->len || p->s[p->pos] != '"') fail(p, "expected key");
                key = parse_string(p, &keylen);
                skip_ws(p);
                if (p->pos >= p->len || p->s[p->pos] != ':') fail(p, "expected ':'");
                p->pos++;
            }
            uint32_t child = parse_value(p);
            p->nodes[child].key = key; p->nodes[child].keylen = keylen;
            if (last) p->nodes[last].next = child; else p->nodes[id].first = child;
            last = child; count++;
            skip_ws(p);
            if (p->pos >= p->len) fail(p, "unterminated container");
            c = p->s[p->pos++];
            if (c == close) break;
            if (c != ',') fail(p, "expected ',' or end of container");
        }
        p->nodes[id].count = count;
    } else if (c == '"') {
        id = new_node(p, T_STR);
        uint32_t len;
        uint32_t off = parse_string(p, &len);
        p->nodes[id].mant = off; p->nodes[id].count = len;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        id = new_node(p, T_NUM);
        parse_number(p, &p->nodes[id]);
    } else if (lit(p, "true")) id = new_node(p, T_TRUE);
    else if (lit(p, "false")) id = new_node(p, T_FALSE);
    else if (lit(p, "null")) id = new_node(p, T_NULL);
    else { fail(p, "unexpected character"); id = 0; }
    return id;
}

/* ---- walking the tree ---- */

typedef struct { uint64_t hash; uint32_t objects, arrays, strings, numbers, literals, maxdepth;
                 int64_t intsum; uint64_t strbytes; } stats;

static uint64_t mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001b3ull; }
static uint64_t hash_bytes(uint64_t h, const char *s, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) h = mix(h, (uint8_t)s[i]);
    return h;
}

static void walk(const parser *p, uint32_t id, uint32_t depth, stats *st) {
    const node *n = &p->nodes[id];
    if (depth > st->maxdepth) st->maxdepth = depth;
    if (n->keylen) st->hash = hash_bytes(st->hash, p->str + n->key, n->keylen);
    st->hash = mix(st->hash, n->type);
    switch (n->type) {
    case T_NULL: case T_TRUE: case T_FALSE: st->literals++; break;
    case T_NUM:
        st->numbers++;
        st->hash = mix(mix(st->hash, (uint64_t)n->mant), (uint64_t)(int64_t)n->exp);
        if (n->exp == 0) st->intsum += n->mant;
        break;
    case T_STR:
        st->strings++; st->strbytes += n->count;
        st->hash = hash_bytes(st->hash, p->str + n->mant, n->count);
        break;
    default:
        if (n->type == T_OBJ) st->objects++; else st->arrays++;
        st->hash = mix(st->hash, n->count);
        for (uint32_t c = n->first; c; c = p->nodes[c].next) walk(p, c, depth + 1, st);
    }
}

int main(int argc, char **argv) {
    long kib = argc > 1 ? strtol(argv[1], NULL, 10) : 8192;
    int reps = argc > 2 ? atoi(argv[2]) : 10;
    if (kib < 1) kib = 1;
    if (reps < 1) reps = 1;
    buf doc = {0};
    generate(&doc, (size_t)kib * 1024);

    parser p = {0};
    stats st;
    uint64_t total = 0;
    for (int r = 0; r < reps; r++) {
        p.s = doc.p; p.len = doc.len; p.pos = 0; p.nnodes = 1; p.nstr = 0; /* node 0 = "none" */
        if (!p.nodes) { p.nnodes = 0; new_node(&p, T_NULL); }
        uint32_t root = parse_value(&p);
        skip_ws(&p);
        if (p.pos != p.len) fail(&p, "trailing data");
        memset(&st, 0, sizeof st);
        st.hash = 0xcbf29ce484222325ull;
        walk(&p, root, 0, &st);
        total = mix(total, st.hash);
    }
    printf("json bytes=%lu nodes=%u objects=%u arrays=%u strings=%u numbers=%u literals=%u "
           "depth=%u strbytes=%llu intsum=%lld hash=%016llx\n",
           (unsigned long)doc.len, p.nnodes - 1, st.objects, st.arrays, st.strings, st.numbers,
           st.literals, st.maxdepth, (unsigned long long)st.strbytes, (long long)st.intsum,
           (unsigned long long)total);
    free(doc.p); free(p.nodes); free(p.str);
    return 0;
}
