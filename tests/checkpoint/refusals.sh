#!/usr/bin/env bash
# A checkpoint is refused, with a clear message and exit status 1, when it is
# resumed with another module, when the file is corrupted or truncated, when it was
# written by another Skiff version, and when the state cannot be saved; and the
# flags are checked.
# usage: refusals.sh SKIFF PROGRAM.wasm OTHER.wasm
set -u
skiff="$1"; wasm="$2"; other="$3"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fail=0

# expect NAME WANT_RC MESSAGE CMD...: exit status WANT_RC and MESSAGE on stderr.
expect() {
  local name="$1" want="$2" msg="$3"; shift 3
  "$@" > "$tmp/out" 2> "$tmp/err"
  local rc=$?
  if [[ $rc -ne $want ]] || { [[ -n "$msg" ]] && ! grep -qF -- "$msg" "$tmp/err"; }; then
    echo "FAIL $name: exit $rc (want $want), stderr:"; cat "$tmp/err"; echo "(wanted: $msg)"; fail=1
  else
    echo "ok $name: $(head -1 "$tmp/err")"
  fi
}

"$skiff" run --checkpoint-on=fuel:200000 --checkpoint-file "$tmp/ck" "$wasm" > /dev/null 2>&1
[[ -f "$tmp/ck" ]] || { echo "FAIL: no checkpoint written"; exit 1; }
size=$(wc -c < "$tmp/ck")

expect "other module" 1 "taken with another module" "$skiff" resume --module "$other" "$tmp/ck"
cp "$wasm" "$tmp/moved.wasm"
expect "same module elsewhere" 0 "" "$skiff" resume --module "$tmp/moved.wasm" "$tmp/ck"

head -c $((size / 2)) "$tmp/ck" > "$tmp/trunc"
expect "truncated" 1 "checkpoint file truncated" "$skiff" resume "$tmp/trunc"
head -c 10 "$tmp/ck" > "$tmp/trunc2"
expect "truncated header" 1 "not a Skiff checkpoint file" "$skiff" resume "$tmp/trunc2"

cp "$tmp/ck" "$tmp/bad"
off=$((size / 3))
orig=$(od -An -tu1 -j $off -N1 "$tmp/bad" | tr -d ' ')
printf "$(printf '\\%03o' $(( (orig + 1) % 256 )))" | dd of="$tmp/bad" bs=1 seek=$off conv=notrunc 2>/dev/null
expect "corrupted" 1 "checkpoint file corrupted: checksum mismatch" "$skiff" resume "$tmp/bad"

# Another version: rewrite the version string and fix the checksum (FNV-1a 64).
python3 - "$tmp/ck" "$tmp/ver" <<'PY'
import sys, struct
b = bytearray(open(sys.argv[1], 'rb').read())
i = b.find(b'0.1.0')
b[i:i+5] = b'0.0.9'
h = 0xcbf29ce484222325
for x in b[:-8]:
    h = ((h ^ x) * 0x100000001b3) & 0xffffffffffffffff
b[-8:] = struct.pack('<Q', h)
open(sys.argv[2], 'wb').write(b)
PY
expect "version" 1 "checkpoint was taken by Skiff 0.0.9; this is Skiff 0.1.0" "$skiff" resume "$tmp/ver"

expect "not a checkpoint" 1 "not a Skiff checkpoint file" "$skiff" resume "$wasm"
expect "flag without file" 2 "--checkpoint-on needs --checkpoint-file" "$skiff" run --checkpoint-on=fuel:5 "$wasm"
expect "bad trigger" 2 "--checkpoint-on wants fuel:N or signal:USR1" "$skiff" run --checkpoint-on=soon --checkpoint-file "$tmp/x" "$wasm"
expect "with invoke" 2 "not with --invoke" "$skiff" run --checkpoint-on=fuel:5 --checkpoint-file "$tmp/x" --invoke f "$wasm"

# Since the stack maps, a caught exception in a legacy try's hidden slot and a
# funcref left on the operand stack across a loop header are saved (more in
# refs_stack.sh): both checkpoint and resume.
cat > "$tmp/ref.wat" <<'WAT'
(module
  (tag $e)
  (func $f (local $i i32)
    (try (do (throw $e)) (catch $e (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1000000)))))))
  (export "_start" (func $f)))
WAT
expect "legacy catch saved" 0 "checkpoint written" "$skiff" run --checkpoint-on=fuel:1000 --checkpoint-file "$tmp/r" "$tmp/ref.wat"
expect "legacy catch resumed" 0 "" "$skiff" resume "$tmp/r"
cat > "$tmp/refstack.wat" <<'WAT'
(module
  (func $g)
  (elem declare func $g)
  (func $f (local $i i32)
    (ref.func $g)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1000000))))
    (drop))
  (export "_start" (func $f)))
WAT
expect "reference on the operand stack saved" 0 "checkpoint written" "$skiff" run --checkpoint-on=fuel:1000 --checkpoint-file "$tmp/r2" "$tmp/refstack.wat"
expect "reference on the operand stack resumed" 0 "" "$skiff" resume "$tmp/r2"
exit $fail
