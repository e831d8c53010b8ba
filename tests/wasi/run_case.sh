#!/usr/bin/env bash
# Runs one WASI test program under `skiff run` in a fresh sandbox and checks it.
# usage: run_case.sh SKIFF PROGRAM.wasm SOURCE.c
# The source's header comments say what to expect:
#   // RUN-ARGS: a b c      guest arguments
#   // STDIN: text          fed to stdin (printf-style escapes)
#   // STDIN-CLOSED         skiff runs with its stdin closed (<&-)
#   // EXIT: n              expected exit status (default 0)
#   // OUT: line            expected stdout, one line per comment (all lines, in order)
#   // ERR-HAS: text        stderr must contain `text` (a fixed string; one per comment)
#   // TCP-CLIENT: text     skiff gets --tcplisten 127.0.0.1:PORT; a client sends
#                           `text` and a line, and must get // TCP-REPLY: back
#   // NODE-COMPARE         node:wasi (when node is installed) must give the same stdout
#                           and exit status, in a sandbox of its own
#   // STDOUT-APPEND: text   stdout is a file holding `text` and a newline, opened with
#                           >> (shared with the host as a log would be); the file's
#                           whole content is then compared with the // OUT: lines
#   // BOTH-RESOLVERS        CMake adds a second ctest entry, wasi-fallback/NAME, run
#                           with SKIFF_WASI_FORCE_FALLBACK_WALK=1 (same expectations)
# Layout given to the guest: /sandbox (read-write: sub/, links pointing outside),
# /ro (read-only, file.txt). Everything outside /sandbox (outside.txt, outside_dir/,
# /ro) must stay untouched: no entry added, removed, changed in size, mtime
# or ctime.
# SKIFF_WASI_FORCE_FALLBACK_WALK=1 in the environment makes skiff resolve paths with
# its user-space walk instead of openat2 (ctest's wasi-fallback/* entries).
set -u
skiff="$1"; wasm="$2"; src="$3"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/sandbox/sub" "$tmp/ro"
echo secret > "$tmp/outside.txt"
echo data > "$tmp/ro/file.txt"
ln -s "$tmp/outside.txt" "$tmp/sandbox/abs_out"
ln -s ../outside.txt "$tmp/sandbox/rel_out"
ln -s ../../outside.txt "$tmp/sandbox/sub/rel_out2"
ln -s /etc "$tmp/sandbox/sub/etc_link"
mkdir -p "$tmp/outside_dir/d"
echo private > "$tmp/outside_dir/f"
ln -s f "$tmp/outside_dir/ol"
ln -s "$tmp/outside_dir" "$tmp/sandbox/abs_dir_out"
touch "$tmp/stdout" "$tmp/stderr"
# Timestamps are compared to the second; let them differ from "now".
touch -d '2001-02-03 04:05:06' "$tmp/outside.txt" "$tmp/outside_dir" "$tmp/outside_dir/f" "$tmp/outside_dir/d" \
  "$tmp/ro" "$tmp/ro/file.txt"
outside_state() {
  find "$tmp" -path "$tmp/sandbox" -prune -o -path "$tmp/ref" -prune -o \
    ! -path "$tmp/stdout" ! -path "$tmp/stderr" ! -path "$tmp/node_stderr" ! -path "$tmp/log" \
    ! -path "$tmp" -print0 |
    sort -z | xargs -0 stat -c '%n %s %Y %Z %F'
}
before="$(outside_state)"

args="$(sed -n 's|^// RUN-ARGS: ||p' "$src")"
stdin="$(sed -n 's|^// STDIN: ||p' "$src")"
want_exit="$(sed -n 's|^// EXIT: ||p' "$src")"; want_exit="${want_exit:-0}"
want_out="$(sed -n 's|^// OUT: \{0,1\}||p' "$src")"

tcp_send="$(sed -n 's|^// TCP-CLIENT: ||p' "$src")"
tcp_want="$(sed -n 's|^// TCP-REPLY: ||p' "$src")"
fail=0
if [[ -n "$tcp_send" ]]; then
  port=$(( 20000 + RANDOM % 30000 ))
  # shellcheck disable=SC2086
  "$skiff" run --dir "$tmp/sandbox::/sandbox" --dir "$tmp/ro::/ro:ro" --env FOO=bar \
      --tcplisten "127.0.0.1:$port" "$wasm" $args > "$tmp/stdout" 2> "$tmp/stderr" &
  pid=$!
  reply=""
  for _ in $(seq 50); do
    if exec 5<>"/dev/tcp/127.0.0.1/$port" 2> /dev/null; then
      printf '%s\n' "$tcp_send" >&5
      IFS= read -r -t 10 reply <&5
      exec 5<&-
      break
    fi
    sleep 0.1
  done
  wait "$pid"
  got_exit=$?
  got_out="$(cat "$tmp/stdout")"
  if [[ "$reply" != "$tcp_want" ]]; then echo "tcp reply [$reply], expected [$tcp_want]"; fail=1; fi
elif grep -q '^// STDOUT-APPEND: ' "$src"; then
  sed -n 's|^// STDOUT-APPEND: ||p' "$src" > "$tmp/log"
  # shellcheck disable=SC2086
  printf "$stdin" | "$skiff" run --dir "$tmp/sandbox::/sandbox" --dir "$tmp/ro::/ro:ro" \
      --env FOO=bar "$wasm" $args >> "$tmp/log" 2> "$tmp/stderr"
  got_exit=$?
  got_out="$(cat "$tmp/log")"
elif grep -q '^// STDIN-CLOSED' "$src"; then
  # shellcheck disable=SC2086
  got_out="$("$skiff" run --dir "$tmp/sandbox::/sandbox" --dir "$tmp/ro::/ro:ro" \
              --env FOO=bar "$wasm" $args 2> "$tmp/stderr" <&-)"
  got_exit=$?
else
  # shellcheck disable=SC2086
  got_out="$(printf "$stdin" | "$skiff" run --dir "$tmp/sandbox::/sandbox" --dir "$tmp/ro::/ro:ro" \
              --env FOO=bar "$wasm" $args 2> "$tmp/stderr")"
  got_exit=$?
fi
if [[ "$got_exit" != "$want_exit" ]]; then
  echo "exit status $got_exit, expected $want_exit"; cat "$tmp/stderr"; fail=1
fi
if [[ "$got_out" != "$want_out" ]]; then
  echo "stdout differs:"; diff <(echo "$want_out") <(echo "$got_out") | head -40; fail=1
fi
while IFS= read -r want_err; do
  if ! grep -qF -- "$want_err" "$tmp/stderr"; then
    echo "stderr lacks [$want_err]; it was:"; head -20 "$tmp/stderr"; fail=1
  fi
done < <(sed -n 's|^// ERR-HAS: ||p' "$src")
after="$(outside_state)"
if [[ "$before" != "$after" ]]; then
  echo "something outside the sandbox changed:"; diff <(echo "$before") <(echo "$after"); fail=1
fi
if [[ "$(cat "$tmp/outside.txt")" != secret ]]; then
  echo "the file outside the sandbox changed"; fail=1
fi

# The reference: node's WASI on a fresh copy of the same layout.
if grep -q '^// NODE-COMPARE' "$src" && command -v node > /dev/null; then
  ref="$tmp/ref"
  mkdir -p "$ref/sandbox/sub" "$ref/ro"
  echo data > "$ref/ro/file.txt"
  # shellcheck disable=SC2086
  node_out="$(printf "$stdin" | node --no-warnings "$(dirname "$0")/node_run.mjs" "$wasm" \
              "$ref/sandbox" "$ref/ro" $args 2> "$tmp/node_stderr")"
  node_exit=$?
  if [[ "$node_out" != "$got_out" || "$node_exit" != "$got_exit" ]]; then
    echo "node:wasi differs (exit $node_exit):"; diff <(echo "$node_out") <(echo "$got_out") | head -20
    head -5 "$tmp/node_stderr"; fail=1
  fi
fi
exit $fail
