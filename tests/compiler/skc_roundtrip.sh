#!/bin/sh
# skiff compile -> skiff run of a .skc without the compiler library, and the
# refusals of a truncated or corrupted file, and the --tier=1 code cache (ctest
# compiler/skc_roundtrip).
# usage: skc_roundtrip.sh SKIFF HELLO.wat WORKDIR
set -eu
skiff=$1; hello=$2; dir=$3
mkdir -p "$dir"
skc="$dir/hello.skc"
"$skiff" compile "$hello" -o "$skc"
# The run must not load libskiff_compiler.so (any attempt is an error here).
out=$(SKIFF_NO_COMPILER_DLOPEN=1 "$skiff" run "$skc")
[ "$out" = "Hello, world!" ] || { echo "run printed '$out'"; exit 1; }
out=$(SKIFF_NO_COMPILER_DLOPEN=1 "$skiff" run --invoke factorial "$skc" 20)
[ "$out" = "2432902008176640000" ] || { echo "factorial printed '$out'"; exit 1; }
# Whatever the path, no compiler library (or libLLVM) is mapped by a .skc run: the
# dynamic loader's own log (LD_DEBUG=files) of every object loaded, dlopen'ed too.
# The detector is checked first on a run that compiles (it must see the library).
LD_DEBUG=files "$skiff" run --tier=1 --no-cache "$hello" >/dev/null 2>"$dir/ld_compile"
grep -q 'file=.*libskiff_compiler' "$dir/ld_compile" || {
  echo "LD_DEBUG=files does not show the compiler library of a compiling run"; exit 1; }
LD_DEBUG=files "$skiff" run "$skc" >/dev/null 2>"$dir/ld_skc"
if grep -E 'file=.*(libskiff_compiler|libLLVM)' "$dir/ld_skc"; then
  echo "running a .skc loaded the compiler library"; exit 1
fi
# Refusals.
expect_refusal() {  # FILE TEXT
  if SKIFF_NO_COMPILER_DLOPEN=1 "$skiff" run "$1" >"$dir/out" 2>&1; then
    echo "$1 ran"; exit 1
  fi
  grep -q "$2" "$dir/out" || { echo "$1: expected '$2', got: $(cat "$dir/out")"; exit 1; }
}
head -c 64 "$skc" >"$dir/short.skc"
expect_refusal "$dir/short.skc" "truncated"
size=$(wc -c <"$skc")
head -c $((size - 10)) "$skc" >"$dir/trunc.skc"
expect_refusal "$dir/trunc.skc" "truncated"
cp "$skc" "$dir/corrupt.skc"
printf 'X' | dd of="$dir/corrupt.skc" bs=1 seek=300 conv=notrunc 2>/dev/null
expect_refusal "$dir/corrupt.skc" "checksum mismatch"
# The on-disk cache of `skiff run --tier=1`: the first run compiles and stores,
# the second runs from the cache without the compiler; a corrupted entry is
# compiled again.
"$skiff" wat2wasm "$hello" -o "$dir/hello.wasm"
rm -rf "$dir/cache"
out=$("$skiff" run --tier=1 --cache-dir "$dir/cache" "$dir/hello.wasm")
[ "$out" = "Hello, world!" ] || { echo "cache miss run printed '$out'"; exit 1; }
out=$(SKIFF_NO_COMPILER_DLOPEN=1 "$skiff" run --tier=1 --cache-dir "$dir/cache" "$dir/hello.wasm")
[ "$out" = "Hello, world!" ] || { echo "cache hit run printed '$out'"; exit 1; }
LD_DEBUG=files "$skiff" run --tier=1 --cache-dir "$dir/cache" "$dir/hello.wasm" >/dev/null 2>"$dir/ld_hit"
if grep -E 'file=.*(libskiff_compiler|libLLVM)' "$dir/ld_hit"; then
  echo "a cache hit loaded the compiler library"; exit 1
fi
for f in "$dir"/cache/*.skc; do printf 'X' | dd of="$f" bs=1 seek=300 conv=notrunc 2>/dev/null; done
if SKIFF_NO_COMPILER_DLOPEN=1 "$skiff" run --tier=1 --cache-dir "$dir/cache" "$dir/hello.wasm" >/dev/null 2>&1; then
  echo "a corrupted cache entry was used"; exit 1
fi
out=$("$skiff" run --tier=1 --cache-dir "$dir/cache" "$dir/hello.wasm")
[ "$out" = "Hello, world!" ] || { echo "recompiling run printed '$out'"; exit 1; }
out=$(SKIFF_NO_COMPILER_DLOPEN=1 "$skiff" run --tier=1 --cache-dir "$dir/cache" "$dir/hello.wasm")
[ "$out" = "Hello, world!" ] || { echo "run from the replaced entry printed '$out'"; exit 1; }
# Tier auto reads the cache and writes nothing: a miss tiers up (its hot loop
# compiles: SKIFF_TIER1_TIME prints each compile), a hit after a --tier=1 run
# compiles nothing and exits as tier 0 does.
cat > "$dir/hot.wat" <<'EOF'
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (local $i i32) (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 31)) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 60000000))))
    (call $exit (i32.and (local.get $acc) (i32.const 127)))))
EOF
"$skiff" wat2wasm "$dir/hot.wat" -o "$dir/hot.wasm"
rm -rf "$dir/cache"
status() { "$@" >/dev/null 2>&1; echo $?; }
want=$(status "$skiff" run --tier=0 "$dir/hot.wasm")
got=$(SKIFF_TIER1_TIME=1 "$skiff" run --tier=auto --cache-dir "$dir/cache" "$dir/hot.wasm" 2>"$dir/auto_miss" >/dev/null; echo $?)
[ "$got" = "$want" ] || { echo "auto exited $got, tier 0 $want"; exit 1; }
grep -q "tier1 compile" "$dir/auto_miss" || { echo "auto without a cache entry compiled nothing"; cat "$dir/auto_miss"; exit 1; }
[ ! -e "$dir/cache" ] || [ -z "$(ls -A "$dir/cache")" ] || { echo "auto wrote to the cache"; exit 1; }
[ "$(status "$skiff" run --tier=1 --cache-dir "$dir/cache" "$dir/hot.wasm")" = "$want" ] || { echo "tier 1 exit status differs"; exit 1; }
got=$(SKIFF_TIER1_TIME=1 "$skiff" run --tier=auto --cache-dir "$dir/cache" "$dir/hot.wasm" 2>"$dir/auto_hit" >/dev/null; echo $?)
[ "$got" = "$want" ] || { echo "auto from the cache exited $got, tier 0 $want"; exit 1; }
if [ -s "$dir/auto_hit" ]; then echo "auto compiled or complained although the cache had the code:"; cat "$dir/auto_hit"; exit 1; fi
echo "skc round trip ok"
