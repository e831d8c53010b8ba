// A small Lisp interpreter whose start-up is the expensive part: it parses and
// evaluates a prelude (its standard library, written in the language itself, and
// a few tables the library precomputes), then evaluates each command-line
// argument as an expression and prints the value. The case Wizer exists for:
// `skiff snapshot` calls the exported `wizer.initialize`, which runs the prelude,
// and the snapshot's main() finds it done. Init also evaluates the environment
// variable TINY_LISP_EXTRA, if set: the witness that a snapshot does not run init
// again (what the snapshot's init saw stays, whatever the new environment says).
//
// Language: integers (int64), symbols, pairs, nil (), #t, closures, builtins.
// Special forms: quote ('x), if, define (also (define (f args...) body...)),
// lambda, let, begin, and, or, cond. Cells come from an arena without a collector,
// but the end of init copies what is live (Cheney's algorithm, from the symbol
// table) into a second, smaller space and zeroes the first: the prelude makes
// mostly garbage, and the snapshot should hold only the library. Later allocations
// (the script's) come from that second space; running out prints an error.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tiny_lisp_prelude.h"

enum tag { NIL, INT, SYM, PAIR, CLOS, PRIM, TRUE, MOVED };
typedef struct cell cell;
typedef cell* (*prim_fn)(cell* args);
struct cell {
  enum tag tag;
  union {
    int64_t i;
    const char* s;  // SYM: interned name
    struct { cell* car; cell* cdr; } p;
    struct { cell* params; cell* body; cell* env; } c;
    struct { prim_fn fn; const char* name; } f;
  };
};

#define ARENA_CELLS (3u << 20)
#define LIVE_CELLS (1u << 20)
static cell arena[ARENA_CELLS];
static cell live[LIVE_CELLS];
static cell* space = arena;
static uint32_t capacity = ARENA_CELLS, used;
static cell nil_cell = {NIL, {0}}, true_cell = {TRUE, {0}};
static cell* const nil = &nil_cell;
static cell* const t = &true_cell;

static void die(const char* what, const char* detail) {
  printf("error: %s%s%s\n", what, detail ? " " : "", detail ? detail : "");
  exit(1);
}

static cell* mk(enum tag tag) {
  if (used == capacity) die("out of cells", NULL);
  cell* c = &space[used++];
  c->tag = tag;
  return c;
}
static cell* num(int64_t i) { cell* c = mk(INT); c->i = i; return c; }
static cell* cons(cell* a, cell* d) { cell* c = mk(PAIR); c->p.car = a; c->p.cdr = d; return c; }
static cell* car(cell* c) { if (c->tag != PAIR) die("car of a non-pair", NULL); return c->p.car; }
static cell* cdr(cell* c) { if (c->tag != PAIR) die("cdr of a non-pair", NULL); return c->p.cdr; }

// Symbols: interned in an open-addressing table; each symbol's global value sits
// beside it (the global environment).
#define SYM_SLOTS 4096
static struct { cell* sym; cell* value; } symtab[SYM_SLOTS];
static char names[1 << 16];
static uint32_t names_used;

static uint32_t hash(const char* s, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; ++i) h = (h ^ (uint8_t)s[i]) * 16777619u;
  return h;
}
static uint32_t sym_slot(const char* s, size_t n) {
  for (uint32_t i = hash(s, n) & (SYM_SLOTS - 1);; i = (i + 1) & (SYM_SLOTS - 1)) {
    if (!symtab[i].sym) {
      if (names_used + n + 1 > sizeof names) die("too many symbols", NULL);
      char* name = names + names_used;
      memcpy(name, s, n);
      name[n] = 0;
      names_used += (uint32_t)n + 1;
      symtab[i].sym = mk(SYM);
      symtab[i].sym->s = name;
      return i;
    }
    if (strlen(symtab[i].sym->s) == n && memcmp(symtab[i].sym->s, s, n) == 0) return i;
  }
}
static cell* intern(const char* s) { return symtab[sym_slot(s, strlen(s))].sym; }

static cell *s_quote, *s_if, *s_define, *s_lambda, *s_let, *s_begin, *s_and, *s_or, *s_cond, *s_else;

// ---- reader ----
static const char* src;
static void skip_space(void) {
  for (;;) {
    while (*src == ' ' || *src == '\n' || *src == '\t' || *src == '\r') ++src;
    if (*src != ';') return;
    while (*src && *src != '\n') ++src;
  }
}
static cell* read_expr(void);
static cell* read_list(void) {
  skip_space();
  if (*src == ')') { ++src; return nil; }
  if (!*src) die("unexpected end of input", NULL);
  if (src[0] == '.' && strchr(" \n\t\r", src[1])) {  // dotted tail: (a . b)
    ++src;
    cell* tail = read_expr();
    skip_space();
    if (*src != ')') die("expected ) after a dotted tail", NULL);
    ++src;
    return tail;
  }
  cell* head = read_expr();
  return cons(head, read_list());
}
static cell* read_expr(void) {
  skip_space();
  if (!*src) die("unexpected end of input", NULL);
  if (*src == '(') { ++src; return read_list(); }
  if (*src == ')') die("unexpected )", NULL);
  if (*src == '\'') { ++src; return cons(s_quote, cons(read_expr(), nil)); }
  const char* start = src;
  while (*src && !strchr(" \n\t\r();'", *src)) ++src;
  size_t n = (size_t)(src - start);
  if (n == 2 && start[0] == '#' && start[1] == 't') return t;
  if (n == 2 && start[0] == '#' && start[1] == 'f') return nil;
  size_t k = (start[0] == '-' && n > 1) ? 1 : 0;
  int numeric = k < n;
  for (size_t i = k; i < n; ++i) numeric = numeric && start[i] >= '0' && start[i] <= '9';
  if (numeric) {
    int64_t v = 0;
    for (size_t i = k; i < n; ++i) v = v * 10 + (start[i] - '0');
    return num(k ? -v : v);
  }
  return symtab[sym_slot(start, n)].sym;
}

// ---- printer ----
static void print(cell* c) {
  switch (c->tag) {
    case NIL: printf("()"); break;
    case TRUE: printf("#t"); break;
    case INT: printf("%lld", (long long)c->i); break;
    case SYM: printf("%s", c->s); break;
    case CLOS: printf("#<lambda>"); break;
    case PRIM: printf("#<%s>", c->f.name); break;
    case MOVED: break;
    case PAIR:
      putchar('(');
      for (;;) {
        print(c->p.car);
        c = c->p.cdr;
        if (c->tag != PAIR) break;
        putchar(' ');
      }
      if (c != nil) { printf(" . "); print(c); }
      putchar(')');
      break;
  }
}

// ---- evaluator ----
// Local environments: a list of frames, each an association list ((sym . val) ...).
static cell* lookup(cell* sym, cell* env) {
  for (; env != nil; env = env->p.cdr)
    for (cell* b = env->p.car; b != nil; b = b->p.cdr)
      if (b->p.car->p.car == sym) return b->p.car;
  return NULL;
}
static cell* global_value(cell* sym) {
  cell* v = symtab[sym_slot(sym->s, strlen(sym->s))].value;
  if (!v) die("unbound symbol", sym->s);
  return v;
}
static void define_global(cell* sym, cell* v) { symtab[sym_slot(sym->s, strlen(sym->s))].value = v; }

static cell* eval(cell* x, cell* env);
static cell* eval_list(cell* xs, cell* env) {
  if (xs == nil) return nil;
  cell* head = eval(xs->p.car, env);
  return cons(head, eval_list(xs->p.cdr, env));
}
static cell* bind(cell* params, cell* args) {
  cell* frame = nil;
  for (; params->tag == PAIR; params = params->p.cdr, args = args->tag == PAIR ? args->p.cdr : nil) {
    if (args == nil) die("too few arguments", NULL);
    frame = cons(cons(params->p.car, args->p.car), frame);
  }
  if (params->tag == SYM) frame = cons(cons(params, args), frame);  // rest argument
  return frame;
}

static cell* eval(cell* x, cell* env) {
  for (;;) {  // loops for tail positions
    if (x->tag == SYM) {
      cell* b = lookup(x, env);
      return b ? b->p.cdr : global_value(x);
    }
    if (x->tag != PAIR) return x;
    cell* op = x->p.car;
    cell* rest = x->p.cdr;
    if (op == s_quote) return car(rest);
    if (op == s_if) {
      x = eval(car(rest), env) != nil ? car(cdr(rest)) : (cdr(cdr(rest)) == nil ? nil : car(cdr(cdr(rest))));
      continue;
    }
    if (op == s_define) {
      cell* target = car(rest);
      cell* v;
      if (target->tag == PAIR) {  // (define (f . params) body...)
        v = mk(CLOS);
        v->c.params = target->p.cdr; v->c.body = cdr(rest); v->c.env = env;
        target = target->p.car;
      } else {
        v = eval(car(cdr(rest)), env);
      }
      if (env == nil) define_global(target, v);
      else env->p.car = cons(cons(target, v), env->p.car);
      return target;
    }
    if (op == s_lambda) {
      cell* c = mk(CLOS);
      c->c.params = car(rest); c->c.body = cdr(rest); c->c.env = env;
      return c;
    }
    if (op == s_let) {  // (let ((a 1) (b 2)) body...)
      cell* frame = nil;
      for (cell* b = car(rest); b != nil; b = cdr(b))
        frame = cons(cons(car(car(b)), eval(car(cdr(car(b))), env)), frame);
      env = cons(frame, env);
      x = cons(s_begin, cdr(rest));
      continue;
    }
    if (op == s_begin) {
      if (rest == nil) return nil;
      for (; cdr(rest) != nil; rest = cdr(rest)) eval(car(rest), env);
      x = car(rest);
      continue;
    }
    if (op == s_and || op == s_or) {
      if (rest == nil) return op == s_and ? t : nil;
      for (; cdr(rest) != nil; rest = cdr(rest)) {
        cell* v = eval(car(rest), env);
        if ((v == nil) == (op == s_and)) return v;
      }
      x = car(rest);
      continue;
    }
    if (op == s_cond) {
      cell* clause = nil;
      for (; rest != nil; rest = cdr(rest))
        if (car(car(rest)) == s_else || eval(car(car(rest)), env) != nil) { clause = car(rest); break; }
      if (clause == nil) return nil;
      x = cons(s_begin, cdr(clause));
      continue;
    }
    cell* f = eval(op, env);
    cell* args = eval_list(rest, env);
    if (f->tag == PRIM) return f->f.fn(args);
    if (f->tag != CLOS) die("not a function:", op->tag == SYM ? op->s : "(expression)");
    env = cons(bind(f->c.params, args), f->c.env);
    x = f->c.body;
    for (; cdr(x) != nil; x = cdr(x)) eval(car(x), env);
    x = car(x);
  }
}

// ---- compaction (end of init) ----
static uint32_t moved;
static cell* move(cell* c) {
  if (!c || c == nil || c == t) return c;
  if (c->tag == MOVED) return c->p.car;
  if (moved == LIVE_CELLS) die("too many live cells to compact", NULL);
  cell* d = &live[moved++];
  *d = *c;
  c->tag = MOVED;
  c->p.car = d;
  return d;
}
static void compact(void) {
  for (uint32_t i = 0; i < SYM_SLOTS; ++i) {
    symtab[i].sym = move(symtab[i].sym);
    symtab[i].value = move(symtab[i].value);
  }
  cell** keep[] = {&s_quote, &s_if, &s_define, &s_lambda, &s_let, &s_begin, &s_and, &s_or, &s_cond, &s_else};
  for (size_t i = 0; i < sizeof keep / sizeof keep[0]; ++i) *keep[i] = move(*keep[i]);
  for (uint32_t scan = 0; scan < moved; ++scan) {
    cell* c = &live[scan];
    if (c->tag == PAIR) {
      c->p.car = move(c->p.car);
      c->p.cdr = move(c->p.cdr);
    } else if (c->tag == CLOS) {
      c->c.params = move(c->c.params);
      c->c.body = move(c->c.body);
      c->c.env = move(c->c.env);
    }
  }
  memset(arena, 0, (size_t)used * sizeof(cell));
  space = live;
  capacity = LIVE_CELLS;
  used = moved;
}

// ---- builtins ----
static int64_t int_arg(cell* c) { if (c->tag != INT) die("not an integer", NULL); return c->i; }
static cell* truth(int b) { return b ? t : nil; }
static cell* p_add(cell* a) { int64_t s = 0; for (; a != nil; a = a->p.cdr) s += int_arg(a->p.car); return num(s); }
static cell* p_mul(cell* a) { int64_t s = 1; for (; a != nil; a = a->p.cdr) s *= int_arg(a->p.car); return num(s); }
static cell* p_sub(cell* a) {
  int64_t s = int_arg(car(a));
  if (cdr(a) == nil) return num(-s);
  for (a = cdr(a); a != nil; a = a->p.cdr) s -= int_arg(a->p.car);
  return num(s);
}
static cell* p_div(cell* a) {
  int64_t d = int_arg(car(cdr(a)));
  if (d == 0) die("division by zero", NULL);
  return num(int_arg(car(a)) / d);
}
static cell* p_mod(cell* a) {
  int64_t d = int_arg(car(cdr(a)));
  if (d == 0) die("division by zero", NULL);
  return num(int_arg(car(a)) % d);
}
static cell* p_lt(cell* a) { return truth(int_arg(car(a)) < int_arg(car(cdr(a)))); }
static cell* p_gt(cell* a) { return truth(int_arg(car(a)) > int_arg(car(cdr(a)))); }
static cell* p_numeq(cell* a) { return truth(int_arg(car(a)) == int_arg(car(cdr(a)))); }
static cell* p_eq(cell* a) {
  cell *x = car(a), *y = car(cdr(a));
  return truth(x == y || (x->tag == INT && y->tag == INT && x->i == y->i));
}
static cell* p_cons(cell* a) { return cons(car(a), car(cdr(a))); }
static cell* p_car(cell* a) { return car(car(a)); }
static cell* p_cdr(cell* a) { return cdr(car(a)); }
static cell* p_pairp(cell* a) { return truth(car(a)->tag == PAIR); }
static cell* p_nullp(cell* a) { return truth(car(a) == nil); }
static cell* p_nump(cell* a) { return truth(car(a)->tag == INT); }
static cell* p_symp(cell* a) { return truth(car(a)->tag == SYM); }
static cell* p_procp(cell* a) { return truth(car(a)->tag == CLOS || car(a)->tag == PRIM); }
static cell* p_list(cell* a) { return a; }
static cell* p_apply(cell* a) {
  cell* f = car(a);
  cell* args = car(cdr(a));
  if (f->tag == PRIM) return f->f.fn(args);
  if (f->tag != CLOS) die("apply of a non-function", NULL);
  return eval(cons(s_begin, f->c.body), cons(bind(f->c.params, args), f->c.env));
}
static cell* p_display(cell* a) { print(car(a)); return car(a); }
static cell* p_newline(cell* a) { (void)a; putchar('\n'); return nil; }
static cell* p_cells(cell* a) { (void)a; return num(used); }

static void def_prim(const char* name, prim_fn fn) {
  cell* c = mk(PRIM);
  c->f.fn = fn;
  c->f.name = name;
  define_global(intern(name), c);
}

static int initialized;

static void init(void) {
  s_quote = intern("quote"); s_if = intern("if"); s_define = intern("define");
  s_lambda = intern("lambda"); s_let = intern("let"); s_begin = intern("begin");
  s_and = intern("and"); s_or = intern("or"); s_cond = intern("cond"); s_else = intern("else");
  def_prim("+", p_add); def_prim("-", p_sub); def_prim("*", p_mul); def_prim("quotient", p_div);
  def_prim("remainder", p_mod); def_prim("<", p_lt); def_prim(">", p_gt); def_prim("=", p_numeq);
  def_prim("eq?", p_eq); def_prim("cons", p_cons); def_prim("car", p_car); def_prim("cdr", p_cdr);
  def_prim("pair?", p_pairp); def_prim("null?", p_nullp); def_prim("number?", p_nump);
  def_prim("symbol?", p_symp); def_prim("procedure?", p_procp); def_prim("list", p_list);
  def_prim("apply", p_apply); def_prim("display", p_display); def_prim("newline", p_newline);
  def_prim("cells-used", p_cells);
  src = kPrelude;
  for (skip_space(); *src; skip_space()) eval(read_expr(), nil);
  // Site-specific additions, from the environment of whoever ran init.
  const char* extra = getenv("TINY_LISP_EXTRA");
  if (extra)
    for (src = extra, skip_space(); *src; skip_space()) eval(read_expr(), nil);
  compact();
  initialized = 1;
}

__attribute__((export_name("wizer.initialize"))) void wizer_initialize(void) { init(); }

int main(int argc, char** argv) {
  if (!initialized) init();
  for (int i = 1; i < argc; ++i) {
    src = argv[i];
    for (skip_space(); *src; skip_space()) {
      cell* v = eval(read_expr(), nil);
      print(v);
      putchar('\n');
    }
  }
  return 0;
}
