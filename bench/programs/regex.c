/* regex.c - regular-expression matching: a set of patterns (literals, ., *, +, ?, |, (),
 * classes [a-z0-9] and [^...], escapes \.) is parsed and compiled to NFA instructions,
 * then each pattern is searched for (unanchored) in every line of generated text by a
 * Thompson NFA simulation (state lists, no backtracking). Stresses table-driven branches,
 * small arrays and byte loads.
 * usage: regex [kib]   (default kib = 2048: the size of the generated text)
 * Prints, per pattern, the number of matching lines, and a checksum over the line numbers. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- deterministic input ---- */

static uint32_t rng = 2463534242u;
static uint32_t rnd(void) { rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5; return rng; }
static uint32_t below(uint32_t n) { return rnd() % n; }

static const char *words[] = {"the", "this", "that", "error", "warning", "warn", "info",
                              "user", "login", "failed", "running", "thing", "string",
                              "abc", "abba", "baba", "cab", "queue", "qat", "iraq", "xyz",
                              "axe", "yes", "zoo", "server", "request", "timeout", "ok",
                              "aeiou", "beautiful", "sequoia", "data", "value"};
#define NWORDS (sizeof words / sizeof *words)
static const char *hosts[] = {"example", "mail", "corp", "skiff"};
static const char *tlds[] = {"com", "org", "net", "io"};

static char *generate(size_t target, size_t *len) {
    char *t = malloc(target + 256);
    if (!t) { fprintf(stderr, "out of memory\n"); exit(1); }
    size_t n = 0;
    while (n < target) {
        size_t line_end = n + 30 + below(90);
        while (n < line_end && n < target) {
            uint32_t k = below(20);
            if (k < 13) { const char *w = words[below(NWORDS)]; size_t l = strlen(w);
                          memcpy(t + n, w, l); n += l; }
            else if (k == 13) n += (size_t)sprintf(t + n, "%u", below(100000));
            else if (k == 14) n += (size_t)sprintf(t + n, "20%02u-%02u-%02u", below(30), 1 + below(12), 1 + below(28));
            else if (k == 15) n += (size_t)sprintf(t + n, "%u.%u.%u.%u", below(256), below(256), below(256), below(256));
            else if (k == 16) n += (size_t)sprintf(t + n, "%s%u@%s.%s", words[below(NWORDS)], below(100),
                                                  hosts[below(4)], tlds[below(4)]);
            else if (k == 17) { int l = 1 + (int)below(8);  /* random lowercase junk */
                                for (int i = 0; i < l; i++) t[n++] = (char)('a' + below(26)); }
            else t[n++] = ",.;:-()"[below(7)];
            t[n++] = ' ';
        }
        t[n++] = '\n';
    }
    *len = n;
    return t;
}

/* ---- regex -> syntax tree -> NFA program ---- */

enum { N_CHAR, N_ANY, N_CLASS, N_EMPTY, N_CAT, N_ALT, N_STAR, N_PLUS, N_QUEST };
typedef struct ast { uint8_t type, c; uint16_t cls; struct ast *l, *r; } ast;

enum { I_CHAR, I_ANY, I_CLASS, I_SPLIT, I_JMP, I_MATCH };
typedef struct { uint8_t op, c; uint16_t cls; int x, y; } instr;

typedef struct { uint32_t bits[8]; } charclass;

typedef struct {
    const char *re; int pos;
    charclass *classes; int nclasses;
    instr *code; int ncode, capcode;
} compiler;

static void bad(compiler *c, const char *what) {
    fprintf(stderr, "regex: %s at %d in %s\n", what, c->pos, c->re);
    exit(1);
}

static ast *mk(uint8_t type, ast *l, ast *r) {
    ast *a = calloc(1, sizeof *a);
    if (!a) { fprintf(stderr, "out of memory\n"); exit(1); }
    a->type = type; a->l = l; a->r = r;
    return a;
}

static void free_ast(ast *a) {
    if (!a) return;
    free_ast(a->l); free_ast(a->r); free(a);
}

static ast *parse_alt(compiler *c);

static ast *parse_atom(compiler *c) {
    char ch = c->re[c->pos];
    if (ch == '(') {
        c->pos++;
        ast *a = parse_alt(c);
        if (c->re[c->pos] != ')') bad(c, "missing )");
        c->pos++;
        return a;
    }
    if (ch == '.') { c->pos++; return mk(N_ANY, 0, 0); }
    if (ch == '[') {
        c->pos++;
        charclass cl; memset(&cl, 0, sizeof cl);
        int neg = 0;
        if (c->re[c->pos] == '^') { neg = 1; c->pos++; }
        while (c->re[c->pos] && c->re[c->pos] != ']') {
            uint8_t lo = (uint8_t)c->re[c->pos++], hi;
            if (lo == '\\' && c->re[c->pos]) lo = (uint8_t)c->re[c->pos++];
            hi = lo;
            if (c->re[c->pos] == '-' && c->re[c->pos + 1] && c->re[c->pos + 1] != ']') {
                hi = (uint8_t)c->re[c->pos + 1]; c->pos += 2;
            }
            for (unsigned v = lo; v <= hi; v++) cl.bits[v >> 5] |= 1u << (v & 31);
        }
        if (c->re[c->pos] != ']') bad(c, "missing ]");
        c->pos++;
        if (neg) for (int i = 0; i < 8; i++) cl.bits[i] = ~cl.bits[i];
        c->classes = realloc(c->classes, sizeof(charclass) * (size_t)(c->nclasses + 1));
        c->classes[c->nclasses] = cl;
        ast *a = mk(N_CLASS, 0, 0);
        a->cls = (uint16_t)c->nclasses++;
        return a;
    }
    if (ch == '\\' && c->re[c->pos + 1]) ch = c->re[++c->pos];
    else if (!ch || ch == '|' || ch == ')' || ch == '*' || ch == '+' || ch == '?')
        bad(c, "unexpected character");
    c->pos++;
    ast *a = mk(N_CHAR, 0, 0);
    a->c = (uint8_t)ch;
    return a;
}

static ast *parse_repeat(compiler *c) {
    ast *a = parse_atom(c);
    for (;;) {
        char op = c->re[c->pos];
        if (op == '*') a = mk(N_STAR, a, 0);
        else if (op == '+') a = mk(N_PLUS, a, 0);
        else if (op == '?') a = mk(N_QUEST, a, 0);
        else return a;
        c->pos++;
    }
}

static ast *parse_concat(compiler *c) {
    ast *a = 0;
    while (c->re[c->pos] && c->re[c->pos] != '|' && c->re[c->pos] != ')') {
        ast *b = parse_repeat(c);
        a = a ? mk(N_CAT, a, b) : b;
    }
    return a ? a : mk(N_EMPTY, 0, 0);
}

static ast *parse_alt(compiler *c) {
    ast *a = parse_concat(c);
    while (c->re[c->pos] == '|') {
        c->pos++;
        a = mk(N_ALT, a, parse_concat(c));
    }
    return a;
}

static int emit(compiler *c, uint8_t op) {
    if (c->ncode == c->capcode) {
        c->capcode = c->capcode ? c->capcode * 2 : 64;
        c->code = realloc(c->code, sizeof(instr) * (size_t)c->capcode);
        if (!c->code) { fprintf(stderr, "out of memory\n"); exit(1); }
    }
    instr *i = &c->code[c->ncode];
    memset(i, 0, sizeof *i);
    i->op = op;
    return c->ncode++;
}

static void codegen(compiler *c, const ast *a) {
    int s, j;
    switch (a->type) {
    case N_CHAR: s = emit(c, I_CHAR); c->code[s].c = a->c; break;
    case N_ANY: emit(c, I_ANY); break;
    case N_CLASS: s = emit(c, I_CLASS); c->code[s].cls = a->cls; break;
    case N_EMPTY: break;
    case N_CAT: codegen(c, a->l); codegen(c, a->r); break;
    case N_ALT: /* split L1, L2; L1: l; jmp out; L2: r; out: */
        s = emit(c, I_SPLIT); c->code[s].x = s + 1;
        codegen(c, a->l);
        j = emit(c, I_JMP); c->code[s].y = j + 1;
        codegen(c, a->r);
        c->code[j].x = c->ncode;
        break;
    case N_STAR: /* L: split body, out; body; jmp L; out: */
        s = emit(c, I_SPLIT); c->code[s].x = s + 1;
        codegen(c, a->l);
        j = emit(c, I_JMP); c->code[j].x = s;
        c->code[s].y = c->ncode;
        break;
    case N_PLUS: /* L: body; split L, out; out: */
        s = c->ncode;
        codegen(c, a->l);
        j = emit(c, I_SPLIT); c->code[j].x = s; c->code[j].y = j + 1;
        break;
    case N_QUEST: /* split body, out; body; out: */
        s = emit(c, I_SPLIT); c->code[s].x = s + 1;
        codegen(c, a->l);
        c->code[s].y = c->ncode;
        break;
    }
}

typedef struct { instr *code; int n; charclass *classes; } program;

static program compile(const char *re) {
    compiler c; memset(&c, 0, sizeof c);
    c.re = re;
    ast *a = parse_alt(&c);
    if (c.re[c.pos]) bad(&c, "unbalanced )");
    codegen(&c, a);
    emit(&c, I_MATCH);
    free_ast(a);
    program p = {c.code, c.ncode, c.classes};
    return p;
}

/* ---- Thompson NFA simulation ---- */

typedef struct { int *pcs; int n; } list;
static uint32_t *mark; static uint32_t gen;

/* Follows JMP/SPLIT from pc, adding the states that consume input; returns 1 on MATCH. */
static int add(const program *p, list *l, int pc) {
    if (mark[pc] == gen) return 0;
    mark[pc] = gen;
    const instr *in = &p->code[pc];
    switch (in->op) {
    case I_JMP: return add(p, l, in->x);
    case I_SPLIT: return add(p, l, in->x) | add(p, l, in->y);
    case I_MATCH: return 1;
    default: l->pcs[l->n++] = pc; return 0;
    }
}

/* 1 if re matches anywhere in line [s, e). */
static int search(const program *p, const char *s, const char *e, list *cur, list *next) {
    cur->n = 0;
    gen++;
    if (add(p, cur, 0)) return 1;
    for (; s < e; s++) {
        uint8_t ch = (uint8_t)*s;
        next->n = 0;
        gen++;
        for (int i = 0; i < cur->n; i++) {
            const instr *in = &p->code[cur->pcs[i]];
            int ok;
            switch (in->op) {
            case I_CHAR: ok = in->c == ch; break;
            case I_ANY: ok = 1; break;
            default: ok = (p->classes[in->cls].bits[ch >> 5] >> (ch & 31)) & 1; break;
            }
            if (ok && add(p, next, cur->pcs[i] + 1)) return 1;
        }
        if (add(p, next, 0)) return 1; /* unanchored: a match may start at the next byte */
        list t = *cur; *cur = *next; *next = t;
    }
    return 0;
}

static const char *patterns[] = {
    "error|warn(ing)?",
    "[a-z]+[0-9]*@[a-z]+\\.(com|org|net)",
    "20[0-9][0-9]-[01][0-9]-[0-3][0-9]",
    "([0-9]+\\.)+[0-9]+",
    "(ab|ba)+c",
    "q[^u]",
    "x.*y.*z",
    "th(e|is|at)? [a-z]+ing",
    "[aeiou][aeiou][aeiou]+",
    "(a|b)*abb(a|b)*a",
    "s.r.e.",
    "[0-9][0-9][0-9][0-9][0-9] [a-z]+ [a-z]+ [0-9]",
};
#define NPATTERNS (sizeof patterns / sizeof *patterns)

int main(int argc, char **argv) {
    long kib = argc > 1 ? strtol(argv[1], NULL, 10) : 2048;
    if (kib < 1) kib = 1;
    size_t len;
    char *text = generate((size_t)kib * 1024, &len);

    uint32_t check = 2166136261u, lines = 0;
    printf("regex bytes=%lu", (unsigned long)len);
    for (unsigned k = 0; k < NPATTERNS; k++) {
        program p = compile(patterns[k]);
        list a = {malloc(sizeof(int) * (size_t)p.n), 0}, b = {malloc(sizeof(int) * (size_t)p.n), 0};
        mark = calloc((size_t)p.n, sizeof *mark); gen = 0;
        uint32_t count = 0, line = 0;
        for (const char *s = text, *end = text + len; s < end; line++) {
            const char *e = memchr(s, '\n', (size_t)(end - s));
            if (!e) e = end;
            if (search(&p, s, e, &a, &b)) { count++; check = (check ^ (line * 31 + k)) * 16777619u; }
            s = e + 1;
        }
        lines = line;
        printf(" %u", count);
        free(a.pcs); free(b.pcs); free(mark); free(p.code); free(p.classes);
    }
    printf(" lines=%u check=%08x\n", lines, check);
    free(text);
    return 0;
}
