#!/usr/bin/env bash
# Installs the Debian 12 packages Skiff needs to build and test.
#
# Fast and offline when everything is already there: presence is checked with dpkg-query,
# and apt (update + install) runs only when at least one package is missing.
#
#   scripts/install-deps.sh          install whatever is missing
#   scripts/install-deps.sh --check  list what is missing; exit 1 if anything is
#
# Non-interactive (no stdin needed, as in CI). Needs root, or sudo, to install.
set -euo pipefail

# Each package and why Skiff needs it.
PACKAGES=(
  make                      # the entry points (Makefile)
  cmake                     # build system
  ninja-build               # CMake generator
  g++                       # C++20 compiler (also brings the ASan/UBSan runtimes)
  clang                     # clang 14: C test programs and benchmarks -> wasm32-wasi
  lld                       # wasm-ld, the wasm32 linker clang calls
  wasi-libc                 # libc for --target=wasm32-wasi
  libclang-rt-14-dev-wasm32 # compiler-rt builtins for wasm32
  googletest                # GoogleTest / GoogleMock sources
  libgtest-dev              # GoogleTest (find_package(GTest))
  libgmock-dev              # GoogleMock
  libbenchmark-dev          # Google Benchmark (bench/)
  python3                   # helper scripts
  binaryen                  # wasm-opt -ttf / --fuzz-exec: the differential fuzzing oracle (fuzz/diff/)
  clang-format              # make format
  pkgconf                   # pkg-config: the capi/pkg-config test builds against skiff.pc
  rustc                     # Rust 1.63: tests/wasi-rust programs -> wasm32-wasi (/usr/bin/rustc)
  libstd-rust-dev-wasm32    # Rust's standard library for wasm32-wasi
  nodejs                    # node:wasi, the reference runtime of the WASI tests; runs asc
  llvm-19-dev               # tier 1 (src/compiler): the shared libLLVM-19 via llvm-config-19
  chromium                  # headless browser: tests/observe/browser.sh renders the profiler's flame graph
)
# npm (tests/wasi-as installs AssemblyScript with `npm ci`) only when no npm is on PATH:
# NodeSource's nodejs package carries its own npm and conflicts with Debian's.
if ! command -v npm >/dev/null 2>&1; then
  PACKAGES+=(npm)
fi

check_only=0
case "${1:-}" in
  --check) check_only=1 ;;
  "") ;;
  -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
  *) echo "install-deps.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "install-deps.sh: no dpkg-query here (not Debian?); install these yourself:" >&2
  echo "  ${PACKAGES[*]}" >&2
  exit 0
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  if [[ "$status" != "install ok installed" ]]; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps.sh: all ${#PACKAGES[@]} packages present."
  exit 0
fi

echo "install-deps.sh: missing: ${missing[*]}"
if ((check_only)); then
  exit 1
fi

SUDO=()
if ((EUID != 0)); then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo -n)
  else
    echo "install-deps.sh: not root and no sudo; as root run:" >&2
    echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q
"${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
echo "install-deps.sh: installed: ${missing[*]}"
