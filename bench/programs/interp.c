/* interp.c - a bytecode interpreter: a small stack VM (32-bit values, locals in frames,
 * calls and returns, a heap of cells) with a switch-dispatched loop, running bytecode
 * programs assembled at start-up: recursive fib, nested arithmetic loops, a sieve in the
 * VM heap and Collatz sequence lengths. Stresses indirect branches (the dispatch switch),
 * loads/stores of the VM stack and unpredictable control flow.
 * usage: interp [scale]   (default scale = 10)
 * Prints each program's result and a checksum that must match across engines. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    OP_HALT, OP_PUSH, OP_POP, OP_DUP, OP_LOAD, OP_STORE, OP_INC, /* INC local imm */
    OP_ADD, OP_SUB, OP_MUL, OP_DIVU, OP_REMU, OP_AND, OP_OR, OP_XOR, OP_SHL, OP_SHRU,
    OP_LT, OP_LTU, OP_EQ, OP_NOT,
    OP_JMP, OP_JZ, OP_JNZ, OP_CALL, OP_ENTER, OP_RET,
    OP_HLOAD, OP_HSTORE, /* heap[addr] (value) */
    OP_COUNT
};

/* ---- the assembler ---- */

#define MAXCODE 4096
#define MAXLABELS 128
static int32_t code[MAXCODE];
static int ncode;
static int label_at[MAXLABELS];
static int fix_at[MAXCODE], fix_label[MAXCODE], nfix;
static int nlabels;

static int new_label(void) { label_at[nlabels] = -1; return nlabels++; }
static void here(int l) { label_at[l] = ncode; }
static void e0(int op) { code[ncode++] = op; }
static void e1(int op, int32_t a) { code[ncode++] = op; code[ncode++] = a; }
static void e2(int op, int32_t a, int32_t b) { code[ncode++] = op; code[ncode++] = a; code[ncode++] = b; }
static void ej(int op, int l) { /* jump to label */
    code[ncode++] = op; fix_at[nfix] = ncode; fix_label[nfix++] = l; code[ncode++] = 0;
}
static void ecall(int l, int nargs) { ej(OP_CALL, l); code[ncode++] = nargs; }
static void link(void) {
    for (int i = 0; i < nfix; i++) {
        if (label_at[fix_label[i]] < 0) { fprintf(stderr, "undefined label\n"); exit(1); }
        code[fix_at[i]] = label_at[fix_label[i]];
    }
}

/* ---- the VM ---- */

#define STACK 65536
#define FRAMES 4096
typedef struct { int32_t ret, fp; } frame;
static int32_t stack[STACK];
static frame frames[FRAMES];
static int32_t *heap;
static uint32_t heap_size;
static uint64_t steps;

static int32_t run(int entry, int32_t arg) {
    const int32_t *c = code;
    int32_t *sp = stack; /* sp points at the next free slot */
    int32_t *fp = stack;
    frame *f = frames + 1; /* frames[0] is never used */
    int32_t pc = entry;
    uint64_t n = 0;
    *sp++ = arg;
    f->ret = 0; f->fp = 0; /* code[0] is HALT, where the outermost RET goes */
    for (;;) {
        n++;
        switch (c[pc++]) {
        case OP_HALT: steps += n; return sp[-1];
        case OP_PUSH: *sp++ = c[pc++]; break;
        case OP_POP: sp--; break;
        case OP_DUP: sp[0] = sp[-1]; sp++; break;
        case OP_LOAD: *sp++ = fp[c[pc++]]; break;
        case OP_STORE: fp[c[pc++]] = *--sp; break;
        case OP_INC: fp[c[pc]] = (int32_t)((uint32_t)fp[c[pc]] + (uint32_t)c[pc + 1]); pc += 2; break;
#define BIN(op, expr) case op: { uint32_t b = (uint32_t)*--sp, a = (uint32_t)sp[-1]; sp[-1] = (int32_t)(expr); break; }
        BIN(OP_ADD, a + b)
        BIN(OP_SUB, a - b)
        BIN(OP_MUL, a * b)
        BIN(OP_DIVU, b ? a / b : 0)
        BIN(OP_REMU, b ? a % b : 0)
        BIN(OP_AND, a & b)
        BIN(OP_OR, a | b)
        BIN(OP_XOR, a ^ b)
        BIN(OP_SHL, a << (b & 31))
        BIN(OP_SHRU, a >> (b & 31))
        BIN(OP_LT, (int32_t)a < (int32_t)b)
        BIN(OP_LTU, a < b)
        BIN(OP_EQ, a == b)
#undef BIN
        case OP_NOT: sp[-1] = !sp[-1]; break;
        case OP_JMP: pc = c[pc]; break;
        case OP_JZ: pc = *--sp ? pc + 1 : c[pc]; break;
        case OP_JNZ: pc = *--sp ? c[pc] : pc + 1; break;
        case OP_CALL: { /* CALL target nargs: the arguments are the top nargs slots */
            if (++f == frames + FRAMES) { fprintf(stderr, "call stack overflow\n"); exit(1); }
            f->ret = pc + 2;
            f->fp = (int32_t)(fp - stack);
            fp = sp - c[pc + 1];
            pc = c[pc];
            break;
        }
        case OP_ENTER: { /* ENTER nlocals: zeroed locals after the arguments */
            int32_t k = c[pc++];
            if (sp + k + 256 > stack + STACK) { fprintf(stderr, "stack overflow\n"); exit(1); }
            for (int32_t i = 0; i < k; i++) *sp++ = 0;
            break;
        }
        case OP_RET: {
            int32_t v = sp[-1];
            sp = fp;
            *sp++ = v;
            pc = f->ret;
            fp = stack + f->fp;
            f--;
            break;
        }
        case OP_HLOAD: {
            uint32_t a = (uint32_t)sp[-1];
            if (a >= heap_size) { fprintf(stderr, "heap load out of range\n"); exit(1); }
            sp[-1] = heap[a];
            break;
        }
        case OP_HSTORE: { /* value addr HSTORE */
            uint32_t a = (uint32_t)*--sp;
            int32_t v = *--sp;
            if (a >= heap_size) { fprintf(stderr, "heap store out of range\n"); exit(1); }
            heap[a] = v;
            break;
        }
        default: fprintf(stderr, "bad opcode %d at %d\n", c[pc - 1], pc - 1); exit(1);
        }
    }
}

/* ---- the programs ---- */

/* fib(n) = n < 2 ? n : fib(n-1) + fib(n-2); local 0 = n */
static int asm_fib(void) {
    int fib = new_label(), rec = new_label();
    here(fib);
    e1(OP_ENTER, 0);
    e1(OP_LOAD, 0); e1(OP_PUSH, 2); e0(OP_LT); ej(OP_JZ, rec);
    e1(OP_LOAD, 0); e0(OP_RET);
    here(rec);
    e1(OP_LOAD, 0); e1(OP_PUSH, 1); e0(OP_SUB); ecall(fib, 1);
    e1(OP_LOAD, 0); e1(OP_PUSH, 2); e0(OP_SUB); ecall(fib, 1);
    e0(OP_ADD); e0(OP_RET);
    return fib;
}

/* loops(n): s = 0; for i < n: for j < n: s = s * 31 + (i ^ j) + ((i * j) & 255) + (s >> 7) */
static int asm_loops(void) {
    int f = new_label(), li = new_label(), lj = new_label(), nexti = new_label(), end = new_label();
    enum { N, I, J, S };
    here(f);
    e1(OP_ENTER, 3);
    here(li);
    e1(OP_LOAD, I); e1(OP_LOAD, N); e0(OP_LT); ej(OP_JZ, end);
    e1(OP_PUSH, 0); e1(OP_STORE, J);
    here(lj);
    e1(OP_LOAD, J); e1(OP_LOAD, N); e0(OP_LT); ej(OP_JZ, nexti);
    /* s = s * 31 + (i ^ j) + ((i * j) & 255) + (s >> 7) */
    e1(OP_LOAD, S); e1(OP_PUSH, 31); e0(OP_MUL);
    e1(OP_LOAD, I); e1(OP_LOAD, J); e0(OP_XOR); e0(OP_ADD);
    e1(OP_LOAD, I); e1(OP_LOAD, J); e0(OP_MUL); e1(OP_PUSH, 255); e0(OP_AND); e0(OP_ADD);
    e1(OP_LOAD, S); e1(OP_PUSH, 7); e0(OP_SHRU); e0(OP_ADD);
    e1(OP_STORE, S);
    e2(OP_INC, J, 1); ej(OP_JMP, lj);
    here(nexti);
    e2(OP_INC, I, 1); ej(OP_JMP, li);
    here(end);
    e1(OP_LOAD, S); e0(OP_RET);
    return f;
}

/* sieve(m): marks composites in heap[0..m), returns the number of primes below m. */
static int asm_sieve(void) {
    int f = new_label(), li = new_label(), nexti = new_label(), lj = new_label(),
        count = new_label(), lc = new_label(), skip = new_label(), end = new_label(),
        clear = new_label(), cleared = new_label();
    enum { M, I, J, C };
    here(f);
    e1(OP_ENTER, 3);
    /* clear heap[0..m) */
    here(clear);
    e1(OP_LOAD, I); e1(OP_LOAD, M); e0(OP_LT); ej(OP_JZ, cleared);
    e1(OP_PUSH, 0); e1(OP_LOAD, I); e0(OP_HSTORE);
    e2(OP_INC, I, 1); ej(OP_JMP, clear);
    here(cleared);
    e1(OP_PUSH, 2); e1(OP_STORE, I);
    here(li); /* while i * i < m */
    e1(OP_LOAD, I); e0(OP_DUP); e0(OP_MUL); e1(OP_LOAD, M); e0(OP_LT); ej(OP_JZ, count);
    e1(OP_LOAD, I); e0(OP_HLOAD); ej(OP_JNZ, nexti);
    e1(OP_LOAD, I); e0(OP_DUP); e0(OP_MUL); e1(OP_STORE, J);
    here(lj);
    e1(OP_LOAD, J); e1(OP_LOAD, M); e0(OP_LT); ej(OP_JZ, nexti);
    e1(OP_PUSH, 1); e1(OP_LOAD, J); e0(OP_HSTORE);
    e1(OP_LOAD, J); e1(OP_LOAD, I); e0(OP_ADD); e1(OP_STORE, J);
    ej(OP_JMP, lj);
    here(nexti);
    e2(OP_INC, I, 1); ej(OP_JMP, li);
    here(count);
    e1(OP_PUSH, 2); e1(OP_STORE, I);
    here(lc);
    e1(OP_LOAD, I); e1(OP_LOAD, M); e0(OP_LT); ej(OP_JZ, end);
    e1(OP_LOAD, I); e0(OP_HLOAD); ej(OP_JNZ, skip);
    e2(OP_INC, C, 1);
    here(skip);
    e2(OP_INC, I, 1); ej(OP_JMP, lc);
    here(end);
    e1(OP_LOAD, C); e0(OP_RET);
    return f;
}

/* collatz(k): sum over 1 <= x < k of the steps to reach 1 (x even: x/2, odd: 3x+1);
 * calls steps(x) for each. */
static int asm_collatz(void) {
    int steps_f = new_label(), sl = new_label(), odd = new_label(), next = new_label(),
        sdone = new_label();
    here(steps_f); /* steps(x): local 0 = x, 1 = n */
    e1(OP_ENTER, 1);
    here(sl);
    e1(OP_LOAD, 0); e1(OP_PUSH, 1); e0(OP_EQ); ej(OP_JNZ, sdone);
    e1(OP_LOAD, 0); e1(OP_PUSH, 1); e0(OP_AND); ej(OP_JNZ, odd);
    e1(OP_LOAD, 0); e1(OP_PUSH, 2); e0(OP_DIVU); e1(OP_STORE, 0); ej(OP_JMP, next);
    here(odd);
    e1(OP_LOAD, 0); e1(OP_PUSH, 3); e0(OP_MUL); e1(OP_PUSH, 1); e0(OP_ADD); e1(OP_STORE, 0);
    here(next);
    e2(OP_INC, 1, 1); ej(OP_JMP, sl);
    here(sdone);
    e1(OP_LOAD, 1); e0(OP_RET);

    int f = new_label(), l = new_label(), end = new_label();
    enum { K, X, T };
    here(f);
    e1(OP_ENTER, 2);
    e1(OP_PUSH, 1); e1(OP_STORE, X);
    here(l);
    e1(OP_LOAD, X); e1(OP_LOAD, K); e0(OP_LT); ej(OP_JZ, end);
    e1(OP_LOAD, T); e1(OP_LOAD, X); ecall(steps_f, 1); e0(OP_ADD); e1(OP_STORE, T);
    e2(OP_INC, X, 1); ej(OP_JMP, l);
    here(end);
    e1(OP_LOAD, T); e0(OP_RET);
    return f;
}

int main(int argc, char **argv) {
    int scale = argc > 1 ? atoi(argv[1]) : 10;
    if (scale < 1) scale = 1;
    e0(OP_HALT); /* code[0]: where the outermost RET lands */
    int fib = asm_fib(), loops = asm_loops(), sieve = asm_sieve(), collatz = asm_collatz();
    link();

    int32_t fib_n = 17 + scale;
    int32_t loops_n = 100 * scale;
    int32_t sieve_m = 100000 * scale;
    int32_t collatz_k = 10000 * scale;
    heap_size = (uint32_t)sieve_m;
    heap = malloc(sizeof(int32_t) * heap_size);
    if (!heap) { fprintf(stderr, "out of memory\n"); return 1; }

    uint32_t rf = (uint32_t)run(label_at[fib], fib_n);
    uint32_t rl = (uint32_t)run(label_at[loops], loops_n);
    uint32_t rs = (uint32_t)run(label_at[sieve], sieve_m);
    uint32_t rc = (uint32_t)run(label_at[collatz], collatz_k);
    uint32_t check = ((rf * 31u + rl) * 31u + rs) * 31u + rc;
    printf("interp fib(%d)=%u loops(%d)=%08x sieve(%d)=%u collatz(%d)=%u steps=%llu check=%08x\n",
           fib_n, rf, loops_n, rl, sieve_m, rs, collatz_k, rc, (unsigned long long)steps, check);
    free(heap);
    return 0;
}
