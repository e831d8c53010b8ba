# Shared by the replay test scripts: a sandbox with inputs, and check helpers.
# usage: source common.sh SKIFF PROG.wasm VARIANT.wasm
set -u
skiff="$1"; prog="$2"; variant="$3"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fail=0
sb="$tmp/sandbox"
make_sandbox() {
  rm -rf "$sb"
  mkdir -p "$sb/dir"
  echo "hello from the file" > "$sb/in.txt"
  touch "$sb/dir/alpha" "$sb/dir/beta"
}
# record LOG [more skiff run options]: runs PROG with inputs, recording into LOG.
record() {
  local log="$1"; shift
  printf 'a line of stdin\n' | "$skiff" run --record "$log" --dir "$sb::/sandbox" --env FOO=bar "$@" \
    "$prog" one "two words" > "$tmp/rec.out" 2> "$tmp/rec.err"
  echo $? > "$tmp/rec.status"
}
differs() { ! cmp -s "$1" "$2"; }
check() {  # check DESCRIPTION COND...
  local what="$1"; shift
  if ! "$@"; then echo "FAIL: $what"; fail=1; fi
}
# expect_error DESCRIPTION TEXT CMD...: CMD exits 1 and its stderr has TEXT.
expect_error() {
  local what="$1" text="$2"; shift 2
  "$@" > "$tmp/e.out" 2> "$tmp/e.err" < /dev/null
  local st=$?
  if [[ $st != 1 ]] || ! grep -qF -- "$text" "$tmp/e.err"; then
    echo "FAIL: $what: status $st (want 1), stderr lacks [$text]:"; head -5 "$tmp/e.err"; fail=1
  fi
}
