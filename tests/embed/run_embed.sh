#!/usr/bin/env bash
# The C++ embedding tests: the projects examples/cpp and examples/plugin-host built
# against Skiff as `cmake --install` lays it out (find_package(Skiff), Skiff::skiff), run,
# and their stdout compared with the .expected files beside them. One step per call, so
# that ctest can make each a test:
#
#   run_embed.sh build BUILD_DIR SKIFF EXAMPLES_DIR OUT CXX_COMPILER GENERATOR [FLAGS]
#       cmake --install BUILD_DIR into OUT/prefix (OUT emptied first); convert the plugins
#       of EXAMPLES_DIR/plugin-host (plugins/, bad-plugins/) to .wasm under OUT/wasm with
#       `SKIFF wat2wasm`; configure EXAMPLES_DIR/cpp and EXAMPLES_DIR/plugin-host in
#       OUT/cpp and OUT/plugin-host with CMAKE_PREFIX_PATH=OUT/prefix, the given C++
#       compiler and generator, FLAGS added to the compile and link flags; check that
#       find_package(Skiff) found the package in OUT/prefix; build both. A project that
#       does not build fails its own run (with its errors); this step fails when the
#       install or the conversion fails, or when neither project builds.
#   run_embed.sh cpp OUT EXAMPLES_DIR
#       run OUT/cpp/embed on EXAMPLES_DIR/cpp/embed.wat in a fresh temporary folder; it
#       must exit 0, print nothing on stderr and exactly EXAMPLES_DIR/cpp/embed.expected
#   run_embed.sh plugin-spawner OUT EXAMPLES_DIR
#       run OUT/plugin-host/plugin_spawner --count 200 on plugins/ and compare its
#       output, the spawn rate's numbers masked, with plugin_spawner.expected
#   run_embed.sh plugin-host OUT EXAMPLES_DIR wat|wasm
#       run OUT/plugin-host/plugin_host, in a fresh temporary folder, on the plugin
#       directories plugins/ and bad-plugins/ (wat: those of EXAMPLES_DIR/plugin-host;
#       wasm: their conversions under OUT/wasm) with the two inputs of its README; it must
#       exit 0, print nothing on stderr and exactly plugin_host.expected (for wasm, with
#       ".wasm" for ".wat")
# For sanitizer builds set ASAN_OPTIONS / UBSAN_OPTIONS in the environment: a report
# goes to stderr and fails the run.
set -euo pipefail

die() { echo "run_embed.sh: $*" >&2; exit 1; }

# Runs a command with its output in LOG; on failure shows the log's end and fails.
logged() {
  local log="$1"; shift
  if ! "$@" > "$log" 2>&1; then
    echo "failed: $*" >&2
    tail -n 60 "$log" >&2
    exit 1
  fi
}

# run_and_compare NAME EXPECTED COMMAND...: runs COMMAND in a fresh temporary folder;
# it must exit 0, write nothing to stderr and print exactly the file EXPECTED.
run_and_compare() {
  local name="$1" expected="$2"; shift 2
  [[ -f "$expected" ]] || die "no $expected"
  local tmp status=0 fail=0
  tmp="$(mktemp -d)"
  # shellcheck disable=SC2064
  trap "rm -rf '$tmp'" EXIT
  (cd "$tmp" && "$@" > "$tmp/stdout" 2> "$tmp/stderr") || status=$?
  if [[ $status -ne 0 ]]; then
    echo "$name exited with status $status"
    fail=1
  fi
  if [[ -s "$tmp/stderr" ]]; then
    echo "$name: stderr (a failed check, or a sanitizer report):"
    head -n 80 "$tmp/stderr"
    fail=1
  fi
  if ! diff -u "$expected" "$tmp/stdout" > "$tmp/diff"; then
    echo "$name: stdout differs from $(basename "$expected"):"
    head -n 80 "$tmp/diff"
    fail=1
  fi
  [[ $fail -eq 0 ]] && echo "$name: ok"
  return $fail
}

# A missing program: show what its build said.
no_program() {
  local program="$1" log="$2"
  echo "no program $program; its build said:"
  if [[ -f "$log" ]]; then
    grep -E 'error|Error|FAILED|undefined reference' "$log" | head -n 40 || tail -n 40 "$log"
  else
    echo "(no build log $log: did the build step run?)"
  fi
  exit 1
}

# The inputs plugin_host.expected was made with (examples/plugin-host/README.md).
plugin_inputs=(--input "Hello, WebAssembly!" --input "The quick brown fox jumps over the lazy dog")

step="${1:-}"; shift || true
case "$step" in
  build)
    [[ $# -ge 6 && $# -le 7 ]] \
      || die "usage: run_embed.sh build BUILD_DIR SKIFF EXAMPLES_DIR OUT CXX_COMPILER GENERATOR [FLAGS]"
    build_dir="$(realpath -m "$1")"; skiff="$(realpath -m "$2")"; examples="$(realpath -m "$3")"
    out="$(realpath -m "$4")"; cxx="$5"; generator="$6"; flags="${7:-}"
    [[ -f "$build_dir/CMakeCache.txt" ]] || die "$build_dir is no CMake build folder"
    [[ -x "$skiff" ]] || die "no skiff executable at $skiff"
    [[ -d "$examples/cpp" && -d "$examples/plugin-host" ]] || die "no cpp/ and plugin-host/ in $examples"
    rm -rf "$out"
    mkdir -p "$out"
    prefix="$out/prefix"

    logged "$out/install.log" cmake --install "$build_dir" --prefix "$prefix"
    [[ -f "$prefix/include/skiff/skiff.hpp" ]] || die "the install has no include/skiff/skiff.hpp"
    [[ -e "$prefix/lib/libskiff.so" ]] || die "the install has no lib/libskiff.so"
    [[ -n "$(find "$prefix" -name 'SkiffConfig.cmake' -print -quit)" ]] || die "the install has no SkiffConfig.cmake"
    echo "installed into $prefix"

    converted=0
    for dir in plugins bad-plugins; do
      mkdir -p "$out/wasm/$dir"
      for wat in "$examples/plugin-host/$dir"/*.wat; do
        [[ -f "$wat" ]] || continue
        name="$(basename "$wat" .wat)"
        logged "$out/wasm/$dir/$name.log" "$skiff" wat2wasm "$wat" -o "$out/wasm/$dir/$name.wasm"
        [[ -s "$out/wasm/$dir/$name.wasm" ]] || die "wat2wasm wrote no $dir/$name.wasm"
        rm -f "$out/wasm/$dir/$name.log"
        converted=$((converted + 1))
      done
    done
    [[ $converted -gt 0 ]] || die "no plugins in $examples/plugin-host"
    echo "converted $converted plugins to .wasm"

    keep_going=(-k)
    [[ "$generator" == Ninja* ]] && keep_going=(-k 0)
    built=0
    for project in cpp plugin-host; do
      dir="$out/$project"
      mkdir -p "$dir"
      # Only the fresh install may satisfy find_package(Skiff): no package registries.
      if ! cmake -S "$examples/$project" -B "$dir" -G "$generator" \
          -DCMAKE_BUILD_TYPE=Debug \
          -DCMAKE_CXX_COMPILER="$cxx" \
          -DCMAKE_CXX_FLAGS="$flags" \
          -DCMAKE_EXE_LINKER_FLAGS="$flags" \
          -DCMAKE_PREFIX_PATH="$prefix" \
          -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF \
          -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF > "$dir/build.log" 2>&1; then
        echo "$project: configuring failed (see $dir/build.log):"
        tail -n 30 "$dir/build.log"
        continue
      fi
      skiff_dir="$(sed -n 's|^Skiff_DIR:PATH=||p' "$dir/CMakeCache.txt")"
      [[ -d "$skiff_dir" ]] || die "$project: Skiff_DIR=$skiff_dir does not exist"
      [[ "$(realpath "$skiff_dir")" == "$prefix"/* ]] \
        || die "$project: find_package(Skiff) found $skiff_dir, not the package installed in $prefix"
      echo "$project: configured with Skiff_DIR=$skiff_dir"
      if ! cmake --build "$dir" -j 2 -- "${keep_going[@]}" >> "$dir/build.log" 2>&1; then
        echo "$project: the build failed (see $dir/build.log):"
        grep -E 'error|FAILED|undefined reference' "$dir/build.log" | head -n 40 || true
        continue
      fi
      echo "$project: built"
      built=$((built + 1))
    done
    [[ $built -gt 0 ]] || die "neither project built"
    ;;

  cpp)
    [[ $# -eq 2 ]] || die "usage: run_embed.sh cpp OUT EXAMPLES_DIR"
    out="$(realpath -m "$1")"; examples="$(realpath -m "$2")"
    program="$out/cpp/embed"
    [[ -x "$program" ]] || no_program "$program" "$out/cpp/build.log"
    run_and_compare embed "$examples/cpp/embed.expected" "$program" "$examples/cpp/embed.wat"
    ;;

  plugin-host)
    [[ $# -eq 3 ]] || die "usage: run_embed.sh plugin-host OUT EXAMPLES_DIR wat|wasm"
    out="$(realpath -m "$1")"; examples="$(realpath -m "$2")"; kind="$3"
    program="$out/plugin-host/plugin_host"
    [[ -x "$program" ]] || no_program "$program" "$out/plugin-host/build.log"
    expected="$examples/plugin-host/plugin_host.expected"
    case "$kind" in
      wat)
        plugins="$examples/plugin-host"
        ;;
      wasm)
        plugins="$out/wasm"
        [[ -d "$plugins/plugins" ]] || die "no $plugins/plugins (did the build step pass?)"
        sed 's/\.wat\b/.wasm/g' "$expected" > "$out/plugin_host.wasm.expected"
        expected="$out/plugin_host.wasm.expected"
        ;;
      *) die "plugin-host: wat or wasm, not $kind" ;;
    esac
    run_and_compare "plugin_host ($kind)" "$expected" \
      "$program" "${plugin_inputs[@]}" "$plugins/plugins" "$plugins/bad-plugins"
    ;;

  plugin-spawner)
    # The InstancePre fast path: 200 fresh instances of each plugin, all with the same
    # output; the measured rate is printed but not compared (its numbers become R, T).
    [[ $# -eq 2 ]] || die "usage: run_embed.sh plugin-spawner OUT EXAMPLES_DIR"
    out="$(realpath -m "$1")"; examples="$(realpath -m "$2")"
    program="$out/plugin-host/plugin_spawner"
    [[ -x "$program" ]] || no_program "$program" "$out/plugin-host/build.log"
    run_and_compare plugin_spawner "$examples/plugin-host/plugin_spawner.expected" \
      bash -c 'set -o pipefail; "$0" "$@" | sed -E "s/^spawn rate: [0-9]+ instances\/s \(([0-9]+) instances in [0-9.]+ s, one thread\)$/spawn rate: R instances\/s (\1 instances in T s, one thread)/"' \
      "$program" --count 200 "$examples/plugin-host/plugins"
    ;;

  *)
    die "usage: run_embed.sh build|cpp|plugin-host|plugin-spawner ... (see the header of this script)"
    ;;
esac
