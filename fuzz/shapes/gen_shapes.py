#!/usr/bin/env python3
"""Random WAT modules aimed at the interpreter's translator.

binaryen's -ttf makes random valid modules, but seldom the exact shapes the
translator rewrites: a block result reaching its end label through a move, a
value aliasing a local that is set before it is used, an add with a constant
right before a branch, a compare feeding br_if / if, loads and stores whose
address is base + (x << k), legacy try/catch/delegate with values, br_table to
labels that need moves. This generator builds functions out of exactly those
pieces, nested at random, so that every fusion meets every kind of label.

Every function is (param i32 i32) (result i32) and only calls functions defined
before it (no recursion); loops are bounded by a counter; memory accesses may go
out of bounds (a trap both engines must agree on); `throw` may escape.

usage: gen_shapes.py SEED [FUNCS]   (WAT on stdout; the call list on stderr as
       JSON: [[func, a, b], ...])
"""
import json
import random
import sys

BINOPS = ["add", "sub", "mul", "and", "or", "xor", "shl", "shr_u", "shr_s", "rotl", "rotr",
          "eq", "ne", "lt_u", "lt_s", "gt_u", "gt_s", "le_u", "le_s", "ge_u", "ge_s"]
CMPS = ["eq", "ne", "lt_u", "lt_s", "gt_u", "gt_s", "le_u", "le_s", "ge_u", "ge_s"]
LOADS = ["i32.load", "i32.load8_u", "i32.load8_s", "i32.load16_u", "i32.load16_s"]
STORES = ["i32.store", "i32.store8", "i32.store16"]
NLOCALS = 5  # params 0, 1 and locals 2..4 (i32); locals 5, 6 count loop iterations


class Gen:
    def __init__(self, rng, nfuncs_before):
        self.r = rng
        self.callable = nfuncs_before
        # Innermost last: the number of i32 values each label takes; None for a
        # loop (a random branch back to it could loop for ever).
        self.labels = []
        self.loops = 0

    def const(self):
        r = self.r.random()
        if r < 0.5:
            return str(self.r.randint(-4, 16))
        if r < 0.8:
            return str(self.r.randint(-1000, 1000))
        return str(self.r.randint(-2**31, 2**31 - 1))

    def local(self):
        return self.r.randrange(NLOCALS)

    def addr(self, d):
        """An address that is usually in bounds, shaped like compiled code's."""
        r = self.r.random()
        mask = "i32.const 4092 i32.and"
        if r < 0.3:
            return f"{self.expr(d)} {mask}"
        if r < 0.55:  # base + (x << k): the _us / _ut fused forms
            k = self.r.randint(0, 3)
            base = f"local.get {self.local()}" if self.r.random() < 0.6 else f"i32.const {self.r.randint(0, 2048)}"
            return (f"{base} i32.const 1023 i32.and local.get {self.local()} i32.const 255 i32.and "
                    f"i32.const {k} i32.shl i32.add")
        if r < 0.8:  # a + imm: _ui
            return f"local.get {self.local()} i32.const 2047 i32.and i32.const {self.r.randint(0, 1024)} i32.add"
        if r < 0.95:  # a + b: _ua
            return (f"local.get {self.local()} i32.const 1023 i32.and "
                    f"local.get {self.local()} i32.const 1023 i32.and i32.add")
        return f"{self.expr(d)}"  # anything: may trap

    def expr(self, d):
        """Code that pushes one i32."""
        r = self.r.random()
        if d <= 0 or r < 0.22:
            if self.r.random() < 0.65:
                return f"local.get {self.local()}"
            return f"i32.const {self.const()}"
        d -= 1
        choices = [
            (8, lambda: f"{self.expr(d)} {self.expr(d)} i32.{self.r.choice(BINOPS)}"),
            (8, lambda: f"{self.expr(d)} i32.const {self.const()} i32.{self.r.choice(BINOPS)}"),
            (2, lambda: f"i32.const {self.const()} {self.expr(d)} i32.{self.r.choice(['add', 'mul', 'and', 'xor', 'eq'])}"),
            (2, lambda: f"{self.expr(d)} i32.eqz"),
            (2, lambda: self.xorshift(d)),
            (4, lambda: f"{self.expr(d)} local.tee {self.local()}"),
            (4, lambda: self.alias(d)),
            (4, lambda: f"{self.addr(d)} {self.r.choice(LOADS)} offset={self.r.choice([0, 0, 4, 100])}"),
            (6, lambda: self.block_expr(d)),
            (6, lambda: self.if_expr(d)),
            (3, lambda: self.br_table_expr(d)),
            (3, lambda: self.try_expr(d)),
            (2, lambda: self.delegate_expr(d)),
            (2, lambda: f"{self.expr(d)} {self.expr(d)} {self.cond(d)} select"),
            (2, lambda: self.call(d)),
            (2, lambda: self.multi(d)),
            (2, lambda: self.param_block(d)),
            (2, lambda: self.loop_expr(d)),
            (1, lambda: f"{self.stmt(d)} {self.expr(d)}"),
        ]
        total = sum(w for w, _ in choices)
        x = self.r.random() * total
        for w, f in choices:
            x -= w
            if x < 0:
                return f()
        return choices[0][1]()

    def xorshift(self, d):
        k = self.r.randint(1, 31)
        op = self.r.choice(["shr_u", "shl"])
        x = self.local()
        if self.r.random() < 0.5:
            return f"local.get {x} local.get {x} i32.const {k} i32.{op} i32.xor"
        return f"local.get {x} i32.const {k} i32.{op} local.get {x} i32.xor"

    def alias(self, d):
        """A local's old value on the stack while the local is set."""
        k = self.local()
        return f"local.get {k} {self.expr(d)} local.set {k} local.get {k} i32.{self.r.choice(BINOPS)}"

    def cond(self, d):
        r = self.r.random()
        if r < 0.5:
            return f"{self.expr(d)} {self.expr(d)} i32.{self.r.choice(CMPS)}"
        if r < 0.7:
            return f"{self.expr(d)} i32.const {self.const()} i32.{self.r.choice(CMPS)}"
        if r < 0.85:
            return f"{self.expr(d)} i32.eqz"
        return self.expr(d)

    def with_label(self, n, body):
        self.labels.append(n)
        try:
            return body()
        finally:
            self.labels.pop()

    def branch(self, d):
        """A br / br_if / br_table to some enclosing label, with its values."""
        targets = [i for i, n in enumerate(reversed(self.labels)) if n is not None]
        if not targets:
            return ""
        depth = self.r.choice(targets)
        n = self.labels[-1 - depth]
        vals = " ".join(self.expr(d) for _ in range(n))
        r = self.r.random()
        if r < 0.5:
            drops = " drop" * n
            return f"{vals} {self.cond(d)} br_if {depth}{drops}"
        if r < 0.8:
            return f"{self.cond(d)} if {vals} br {depth + 1} end" if n == 0 else \
                f"{self.cond(d)} if {self.with_label(0, lambda: ' '.join(self.expr(d) for _ in range(n)))} br {depth + 1} end"
        return ""

    def tail(self, d):
        """What a block arm ends with: often a plain local (the move-before-label case)."""
        r = self.r.random()
        if r < 0.45:
            return f"local.get {self.local()}"
        if r < 0.6:
            return f"local.get {self.local()} i32.const {self.const()} i32.add"
        return self.expr(d)

    def block_expr(self, d):
        def body():
            parts = []
            for _ in range(self.r.randint(0, 2)):
                parts.append(self.r.choice([self.branch(d), self.stmt(d)]))
            parts.append(self.tail(d))
            return "block (result i32) " + " ".join(p for p in parts if p) + " end"
        return self.with_label(1, body)

    def if_expr(self, d):
        c = self.cond(d)
        def arm():
            pre = self.branch(d) if self.r.random() < 0.3 else ""
            return f"{pre} {self.tail(d)}"
        t = self.with_label(1, arm)
        if self.r.random() < 0.85:
            e = self.with_label(1, arm)
            return f"{c} if (result i32) {t} else {e} end"
        # no else: a parameter passes through
        p = self.expr(d)
        return f"{p} {c} if (param i32) (result i32) drop {t} end"

    def br_table_expr(self, d):
        n = self.r.randint(1, 4)
        inner = self.with_label(1, lambda: self.with_label(1, lambda: (
            f"{self.expr(d)} {self.expr(d)} br_table "
            + " ".join(str(self.r.randint(0, 1)) for _ in range(n)) + f" {self.r.randint(0, 1)}")))
        after = self.r.choice(["drop local.get 0", "i32.const 7 i32.add", f"local.tee {self.local()}",
                               "drop local.get 1"])
        return f"block (result i32) block (result i32) {inner} end {after} end"

    def maybe_throw(self, d):
        return f"{self.cond(d)} if {self.with_label(0, lambda: self.expr(d))} throw $e end"

    def try_expr(self, d):
        def body():
            return f"{self.maybe_throw(d)} {self.tail(d)}"
        b = self.with_label(1, body)
        catches = ""
        if self.r.random() < 0.8:
            how = self.r.choice(["", "drop ", f"local.set {self.local()} "])
            if how == "":
                catches += " catch $e"
            else:
                catches += f" catch $e {how}{self.with_label(1, lambda: self.tail(d))}"
        if self.r.random() < 0.6 or not catches:
            catches += f" catch_all {self.with_label(1, lambda: self.tail(d))}"
        return f"try (result i32) {b}{catches} end"

    def delegate_expr(self, d):
        inner = self.with_label(1, lambda: self.with_label(1, lambda: f"{self.maybe_throw(d)} {self.tail(d)}"))
        return (f"try (result i32) try (result i32) {inner} delegate 0 "
                f"catch $e {self.r.choice(['', 'i32.const 1 i32.add'])} end")

    def call(self, d):
        if self.callable == 0:
            return self.expr(d)
        return f"{self.expr(d)} {self.expr(d)} call $f{self.r.randrange(self.callable)}"

    def multi(self, d):
        body = self.with_label(2, lambda: f"{self.expr(d)} {self.branch(d)} {self.tail(d)}")
        return f"block (result i32 i32) {body} end i32.{self.r.choice(BINOPS)}"

    def param_block(self, d):
        body = self.with_label(1, lambda: f"{self.expr(d)} i32.{self.r.choice(BINOPS)}")
        return f"{self.expr(d)} block (param i32) (result i32) {body} end"

    def loop_expr(self, d):
        if self.loops >= 2:
            return self.expr(d)
        ctr = 5 + self.loops  # one counter per nesting level
        self.loops += 1
        n = self.r.randint(1, 6)
        acc = self.local()
        step = lambda: (f"local.get {acc} {self.expr(d - 1)} "
                        f"i32.{self.r.choice(['add', 'xor', 'sub'])} local.set {acc} ")
        if self.r.random() < 0.5:
            # Test at the bottom: i++ then a conditional back edge.
            body = self.with_label(0, lambda: self.with_label(None, lambda: (
                step() + f"local.get {ctr} i32.const 1 i32.add local.set {ctr} "
                f"local.get {ctr} i32.const {n} i32.lt_u br_if 0")))
        else:
            # Test at the top, i++ right before an unconditional back edge (the
            # add+br fusion).
            body = self.with_label(0, lambda: self.with_label(None, lambda: (
                f"local.get {ctr} i32.const {n} i32.lt_u if " + self.with_label(0, step)
                + f"local.get {ctr} i32.const 1 i32.add local.set {ctr} br 1 end")))
        self.loops -= 1
        return (f"i32.const 0 local.set {ctr} block loop {body} end end local.get {acc}")

    def stmt(self, d):
        r = self.r.random()
        if r < 0.35:
            return f"{self.expr(d)} local.set {self.local()}"
        if r < 0.6:
            return (f"{self.addr(d)} {self.expr(d)} {self.r.choice(STORES)} "
                    f"offset={self.r.choice([0, 0, 8, 64])}")
        if r < 0.75:
            return f"{self.expr(d)} drop"
        if r < 0.85:
            c = self.cond(d)
            return (f"{c} if {self.with_label(0, lambda: self.stmt(d - 1))} "
                    f"else {self.with_label(0, lambda: self.stmt(d - 1))} end")
        return f"{self.expr(d)} i32.const {self.const()} i32.add local.set {self.local()}"


def module(seed, nfuncs):
    rng = random.Random(seed)
    out = ["(module", "  (tag $e (param i32))", "  (memory (export \"mem\") 1)"]
    for i in range(nfuncs):
        g = Gen(rng, i)
        depth = rng.randint(2, 5)
        body = " ".join(g.stmt(depth) for _ in range(rng.randint(0, 3))) + " " + g.expr(depth)
        out.append(f"  (func $f{i} (export \"f{i}\") (param i32 i32) (result i32) (local i32 i32 i32 i32 i32)")
        out.append(f"    {body})")
    # A hash of memory, so stores are compared too.
    out.append("""  (func (export "memhash") (result i32) (local i32 i32)
    (local.set 1 (i32.const -2128831035))
    (block (loop
      (local.set 1 (i32.mul (i32.xor (local.get 1) (i32.load (local.get 0))) (i32.const 16777619)))
      (local.set 0 (i32.add (local.get 0) (i32.const 4)))
      (br_if 0 (i32.lt_u (local.get 0) (i32.const 8192)))))
    (local.get 1))""")
    out.append(")")
    calls = []
    args = [0, 1, 7, 100, -1, 2**31 - 1, -2**31, 4093]
    for i in range(nfuncs):
        for _ in range(3):
            calls.append([f"f{i}", rng.choice(args), rng.choice(args)])
    return "\n".join(out) + "\n", calls


def main():
    seed = int(sys.argv[1])
    nfuncs = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    wat, calls = module(seed, nfuncs)
    sys.stdout.write(wat)
    sys.stderr.write(json.dumps(calls) + "\n")


if __name__ == "__main__":
    main()
