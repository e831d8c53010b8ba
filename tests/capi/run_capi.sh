#!/usr/bin/env bash
# The C API tests: the examples of examples/c built as a project of their own against
# Skiff as `cmake --install` lays it out, each run and its stdout compared with its
# NAME.expected. One step per call, so that ctest can make each a test:
#
#   run_capi.sh install BUILD_DIR PREFIX SKIFF EXAMPLES_DIR WASM_DIR
#       cmake --install BUILD_DIR into PREFIX (emptied first), then convert every
#       EXAMPLES_DIR/NAME.wat to WASM_DIR/NAME.wasm with `SKIFF wat2wasm`
#   run_capi.sh build PREFIX EXAMPLES_DIR EXAMPLES_BUILD C_COMPILER GENERATOR [FLAGS]
#       configure EXAMPLES_DIR in EXAMPLES_BUILD (emptied first) with
#       CMAKE_PREFIX_PATH=PREFIX, the given C compiler and generator, FLAGS added to the
#       compile and link flags; check that find_package(Skiff) found the package in
#       PREFIX; build every example that builds (one that does not fails its own run)
#   run_capi.sh run EXAMPLES_BUILD WASM_DIR EXAMPLES_DIR NAME
#       run EXAMPLES_BUILD/NAME in a fresh temporary folder holding NAME.wasm; it must
#       exit 0 and print exactly EXAMPLES_DIR/NAME.expected (for sanitizer builds, set
#       ASAN_OPTIONS / UBSAN_OPTIONS in the environment: a report fails the run)
#   run_capi.sh pkg-config PREFIX SOURCE.c OUT C_COMPILER [FLAGS [LINK_FLAGS]]
#       build SOURCE.c into OUT (emptied first) with nothing but what
#       `pkg-config --cflags --libs skiff` says, pkg-config searching PREFIX/lib*/pkgconfig
#       only (PKG_CONFIG_PATH and PKG_CONFIG_LIBDIR), the library found at run time through
#       an rpath to `pkg-config --variable=libdir skiff`; every path it gives must lie
#       inside PREFIX; run it: exit 0, no stderr, stdout "add(40, 2) = 42"
set -euo pipefail

die() { echo "run_capi.sh: $*" >&2; exit 1; }

# Runs a command with its output in LOG; on failure shows the log's end and fails.
logged() {
  local log="$1"; shift
  if ! "$@" > "$log" 2>&1; then
    echo "failed: $*" >&2
    tail -n 60 "$log" >&2
    exit 1
  fi
}

step="${1:-}"; shift || true
case "$step" in
  install)
    [[ $# -eq 5 ]] || die "usage: run_capi.sh install BUILD_DIR PREFIX SKIFF EXAMPLES_DIR WASM_DIR"
    build_dir="$(realpath -m "$1")"; prefix="$(realpath -m "$2")"; skiff="$(realpath -m "$3")"
    examples="$(realpath -m "$4")"; wasm_dir="$(realpath -m "$5")"
    [[ -f "$build_dir/CMakeCache.txt" ]] || die "$build_dir is no CMake build folder"
    [[ -x "$skiff" ]] || die "no skiff executable at $skiff"
    rm -rf "$prefix" "$wasm_dir"
    mkdir -p "$prefix" "$wasm_dir"
    logged "$prefix.install.log" cmake --install "$build_dir" --prefix "$prefix"
    [[ -f "$prefix/include/wasm.h" ]] || die "the install has no include/wasm.h"
    [[ -n "$(find "$prefix" \( -name 'SkiffConfig.cmake' -o -name 'skiff-config.cmake' \) -print -quit)" ]] \
      || die "the install has no SkiffConfig.cmake"
    echo "installed into $prefix"
    shopt -s nullglob
    wats=("$examples"/*.wat)
    [[ ${#wats[@]} -gt 0 ]] || die "no .wat files in $examples"
    for wat in "${wats[@]}"; do
      name="$(basename "$wat" .wat)"
      logged "$wasm_dir/$name.log" "$skiff" wat2wasm "$wat" -o "$wasm_dir/$name.wasm"
      [[ -s "$wasm_dir/$name.wasm" ]] || die "wat2wasm wrote no $name.wasm"
      echo "converted $name.wat"
    done
    ;;

  build)
    [[ $# -ge 5 && $# -le 7 ]] \
      || die "usage: run_capi.sh build PREFIX EXAMPLES_DIR EXAMPLES_BUILD C_COMPILER GENERATOR [FLAGS [LINK_FLAGS]]"
    prefix="$(realpath -m "$1")"; examples="$(realpath -m "$2")"; out="$(realpath -m "$3")"
    cc="$4"; generator="$5"; flags="${6:-}"; link_flags="${7:-}"
    rm -rf "$out"
    mkdir -p "$out"
    # Only the fresh install may satisfy find_package(Skiff): no package registries, and
    # the examples' own search for a skiff executable is turned off (the install step
    # converts the modules).
    logged "$out/configure.log" cmake -S "$examples" -B "$out" -G "$generator" \
      -DCMAKE_BUILD_TYPE=Debug \
      -DCMAKE_C_COMPILER="$cc" \
      -DCMAKE_C_FLAGS="$flags" \
      -DCMAKE_EXE_LINKER_FLAGS="$flags $link_flags" \
      -DCMAKE_PREFIX_PATH="$prefix" \
      -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF \
      -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF \
      -DSKIFF_WAT2WASM=OFF
    skiff_dir="$(sed -n 's|^Skiff_DIR:PATH=||p' "$out/CMakeCache.txt")"
    [[ -d "$skiff_dir" ]] || die "Skiff_DIR=$skiff_dir does not exist"
    [[ "$(realpath "$skiff_dir")" == "$(realpath "$prefix")"/* ]] \
      || die "find_package(Skiff) found $skiff_dir, not the package installed in $prefix"
    echo "configured with Skiff_DIR=$skiff_dir"
    # Keep going past a program that does not build: its own run test then fails (with
    # its compiler or linker errors) and the others still run.
    keep_going=(-k)
    [[ "$generator" == Ninja* ]] && keep_going=(-k 0)
    if ! cmake --build "$out" -j 2 -- "${keep_going[@]}" > "$out/build.log" 2>&1; then
      echo "some examples did not build (see $out/build.log):"
      grep -E 'error|FAILED|undefined reference' "$out/build.log" | head -n 40 || true
    fi
    built=0
    for src in "$examples"/*.c; do
      [[ -x "$out/$(basename "$src" .c)" ]] && built=$((built + 1))
    done
    echo "built $built programs"
    [[ $built -gt 0 ]] || die "no example built"
    ;;

  run)
    [[ $# -eq 4 ]] || die "usage: run_capi.sh run EXAMPLES_BUILD WASM_DIR EXAMPLES_DIR NAME"
    out="$(realpath -m "$1")"; wasm_dir="$(realpath -m "$2")"; examples="$(realpath -m "$3")"
    name="$4"
    program="$out/$name"
    if [[ ! -x "$program" ]]; then
      echo "no program $program; its build said:"
      grep -E "\b$name\b" "$out/build.log" 2> /dev/null | grep -E 'error|FAILED|undefined' | head -n 40 || true
      exit 1
    fi
    [[ -f "$wasm_dir/$name.wasm" ]] || die "no module $wasm_dir/$name.wasm (did the install step pass?)"
    [[ -f "$examples/$name.expected" ]] || die "no $examples/$name.expected"
    tmp="$(mktemp -d)"
    trap 'rm -rf "$tmp"' EXIT
    cp "$wasm_dir/$name.wasm" "$tmp/"
    status=0
    (cd "$tmp" && "$program" > "$tmp/stdout" 2> "$tmp/stderr") || status=$?
    fail=0
    if [[ $status -ne 0 ]]; then
      echo "$name exited with status $status"
      fail=1
    fi
    if [[ -s "$tmp/stderr" ]]; then
      echo "$name: stderr (a failed check, or a sanitizer report):"
      head -n 80 "$tmp/stderr"
      # Sanitizer reports go to stderr; any stderr output at all is a failure.
      fail=1
    fi
    if ! diff -u "$examples/$name.expected" "$tmp/stdout" > "$tmp/diff"; then
      echo "$name: stdout differs from $name.expected:"
      head -n 80 "$tmp/diff"
      fail=1
    fi
    [[ $fail -eq 0 ]] && echo "$name: ok"
    exit $fail
    ;;

  pkg-config)
    [[ $# -ge 4 && $# -le 6 ]] \
      || die "usage: run_capi.sh pkg-config PREFIX SOURCE.c OUT C_COMPILER [FLAGS [LINK_FLAGS]]"
    prefix="$(realpath -m "$1")"; src="$(realpath -m "$2")"; out="$(realpath -m "$3")"
    cc="$4"; flags="${5:-}"; link_flags="${6:-}"
    command -v pkg-config > /dev/null || die "no pkg-config (Debian: pkgconf)"
    pc="$(find "$prefix" -path '*/pkgconfig/skiff.pc' -print -quit)"
    [[ -n "$pc" ]] || die "the install in $prefix has no pkgconfig/skiff.pc"
    rm -rf "$out"
    mkdir -p "$out"
    export PKG_CONFIG_PATH="$(dirname "$pc")" PKG_CONFIG_LIBDIR="$(dirname "$pc")"
    cflags="$(pkg-config --cflags skiff)" || die "pkg-config --cflags skiff failed"
    libs="$(pkg-config --libs skiff)" || die "pkg-config --libs skiff failed"
    libdir="$(pkg-config --variable=libdir skiff)" || die "pkg-config --variable=libdir failed"
    includedir="$(pkg-config --variable=includedir skiff)"
    echo "skiff.pc: $pc"
    echo "cflags: $cflags"
    echo "libs: $libs"
    # Every directory the .pc names must be inside the prefix the files were installed in.
    for dir in "$libdir" "$includedir"; do
      [[ -d "$dir" ]] || die "skiff.pc names $dir, which does not exist"
      [[ "$(realpath "$dir")" == "$prefix"/* ]] || die "skiff.pc names $dir, outside $prefix"
    done
    [[ -f "$includedir/wasm.h" ]] || die "no wasm.h in $includedir"
    # shellcheck disable=SC2086
    logged "$out/build.log" "$cc" $flags $cflags "$src" -o "$out/program" $libs \
      -Wl,-rpath,"$libdir" $flags $link_flags
    status=0
    (cd "$out" && env -u LD_LIBRARY_PATH ./program > stdout 2> stderr) || status=$?
    fail=0
    [[ $status -eq 0 ]] || { echo "the program exited with status $status"; fail=1; }
    if [[ -s "$out/stderr" ]]; then echo "stderr:"; head -n 40 "$out/stderr"; fail=1; fi
    if [[ "$(cat "$out/stdout")" != "add(40, 2) = 42" ]]; then
      echo "stdout: $(head -c 400 "$out/stdout")"; fail=1
    fi
    # ldd's output is captured first: under pipefail, `ldd | grep -q` fails whenever grep
    # exits at its match before ldd has written everything (ldd then dies of SIGPIPE).
    loaded="$(ldd "$out/program")"
    if ! grep -q "$prefix/.*libskiff" <<< "$loaded"; then
      echo "the program does not load libskiff from $prefix:"; echo "$loaded"; fail=1
    fi
    [[ $fail -eq 0 ]] && echo "pkg-config build: ok"
    exit $fail
    ;;

  *)
    die "usage: run_capi.sh install|build|run|pkg-config ... (see the header of this script)"
    ;;
esac
