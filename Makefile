# Skiff's entry points. On a fresh Debian 12 machine (as root) these two do everything:
#
#   make run    install what is missing, build, run the bundled example
#   make test   install what is missing, build, run every test (Release, then ASan+UBSan)
#
# Other targets: build, asan, tsan, format, clean, help. Every target that builds first runs
# scripts/install-deps.sh, which is a quick offline check when all packages are present.
#
# Variables: JOBS (parallel jobs, default 2), CMAKE_FLAGS (extra -D flags for both builds),
# CTEST_FLAGS (extra ctest flags, e.g. CTEST_FLAGS='-R Leb128').

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build
# Builds and test runs are ordered (and use JOBS cores each): never run them side by side.
.NOTPARALLEL:

BUILD_DIR := build
ASAN_DIR := build-asan
JOBS ?= 2
CMAKE_FLAGS ?=
CTEST_FLAGS ?=

# --no-tests=error: a run that finds no test is a broken set-up, not a pass.
# --timeout: default per-test limit (tests with their own TIMEOUT keep it), so a hang ends.
CTEST := ctest --output-on-failure -j$(JOBS) --no-tests=error --timeout 300 $(CTEST_FLAGS)

# The sanitizer build: clang, Debug (assertions on) at -O1 so the tests stay quick under
# ASan+UBSan; it also builds the libFuzzer targets (fuzz/), which `make test` runs for
# FUZZ_TEST_TIME seconds each and `make fuzz` for FUZZ_TIME. Line tables only (enough for
# sanitizer reports; about 10% less compile time and a third smaller objects than -g).
ASAN_CMAKE_FLAGS := -DCMAKE_BUILD_TYPE=Debug -DSKIFF_SANITIZE=ON -DSKIFF_FUZZ=ON -DSKIFF_BENCH=OFF \
                    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
                    -DCMAKE_CXX_FLAGS_DEBUG='-gline-tables-only -O1' \
                    -DCMAKE_C_FLAGS_DEBUG='-gline-tables-only -O1'
export ASAN_OPTIONS ?= detect_leaks=1:check_initialization_order=1:strict_init_order=1
export UBSAN_OPTIONS ?= print_stacktrace=1:halt_on_error=1

# The ThreadSanitizer build (`make tsan`): clang -fsanitize=thread, tier 0 only (no LLVM),
# only what the threads tests need; it runs those tests (TSAN_TESTS: tests/threads, the
# parking table, the C++ API's threads / shared memory / wasi-threads tests) and the C
# API's `threads` example. Not part of `make test` (its build alone takes longer than the
# time budget allows); run it after touching threads, atomics, wait/notify or WASI.
TSAN_DIR := build-tsan
TSAN_CMAKE_FLAGS := -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSKIFF_LLVM=OFF -DSKIFF_BENCH=OFF \
                    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
                    -DCMAKE_C_FLAGS='-fsanitize=thread -fno-omit-frame-pointer' \
                    -DCMAKE_CXX_FLAGS='-fsanitize=thread -fno-omit-frame-pointer' \
                    -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread -DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=thread
TSAN_TARGETS := skiff skiff_shared api_test unit_runtime threads-test-programs
TSAN_TESTS := ^threads/|^WaitQueue\.|^ApiThreads\.|^ApiSharedMemory\.|^ApiWasiThreads\.
# halt_on_error: a report ends the process with exitcode (also under std::_Exit, which
# skips the report-at-exit path), so the test fails.
TSAN_ENV := TSAN_OPTIONS='halt_on_error=1 exitcode=66 second_deadlock_stack=1'

EXAMPLE := examples/hello.wat
FORMAT_DIRS := $(wildcard src tools tests)

.PHONY: help deps build asan tsan run test test-release test-asan test-fuzz fuzz format clean bench

help:
	@echo 'make run      install deps, build, run the bundled example ($(EXAMPLE))'
	@echo 'make test     install deps, build, run all tests: Release ($(BUILD_DIR)/), then'
	@echo '              ASan+UBSan ($(ASAN_DIR)/)'
	@echo 'make build    Release build -> $(BUILD_DIR)/skiff (the default target)'
	@echo 'make asan     ASan+UBSan build in $(ASAN_DIR)/'
	@echo 'make tsan     ThreadSanitizer build in $(TSAN_DIR)/ (tier 0), then the threads tests'
	@echo '              and the C API threads example under it (not part of make test)'
	@echo 'make bench    build, then run bench/run.sh (programs natively, on Skiff and peers:'
	@echo '              table, bench/out/results.csv and report.svg; see bench/README.md)'
	@echo 'make fuzz     run each libFuzzer target for FUZZ_TIME seconds (default 300), then the'
	@echo '              differential run against binaryen and V8 for FUZZ_TIME (fuzz/diff/)'
	@echo 'make format   clang-format src/ tools/ tests/ in place'
	@echo 'make clean    remove $(BUILD_DIR)/, $(ASAN_DIR)/ and $(TSAN_DIR)/'
	@echo 'make deps     install missing Debian packages (scripts/install-deps.sh)'

deps:
	@bash scripts/install-deps.sh

# $(call configure,DIR,FLAGS[,COMPILER]): (re)configure DIR with Ninja. Re-running cmake
# each time is cheap and resets flags someone may have changed by hand in that folder. A
# folder made by another generator (or, given COMPILER, with another C++ compiler) cannot
# switch, so its cache is dropped first.
define configure
	@if [[ -f $(1)/CMakeCache.txt ]] && \
	    { ! grep -qx 'CMAKE_GENERATOR:INTERNAL=Ninja' $(1)/CMakeCache.txt || \
	      { [[ -n "$(3)" ]] && ! grep -q '^CMAKE_CXX_COMPILER:[A-Z]*=.*$(3)$$' $(1)/CMakeCache.txt; }; }; then \
	  echo "$(1)/ was configured with another generator or compiler: starting it afresh"; \
	  rm -rf $(1)/CMakeCache.txt $(1)/CMakeFiles; \
	fi
	cmake -S . -B $(1) -G Ninja $(2) $(CMAKE_FLAGS)
endef

build: deps
	$(call configure,$(BUILD_DIR),-DCMAKE_BUILD_TYPE=Release -DSKIFF_SANITIZE=OFF)
	cmake --build $(BUILD_DIR) -j $(JOBS)

asan: deps
	$(call configure,$(ASAN_DIR),$(ASAN_CMAKE_FLAGS),clang++)
	cmake --build $(ASAN_DIR) -j $(JOBS)

tsan: deps
	$(call configure,$(TSAN_DIR),$(TSAN_CMAKE_FLAGS),clang++)
	cmake --build $(TSAN_DIR) -j $(JOBS) --target $(TSAN_TARGETS)
	$(TSAN_ENV) $(CTEST) --test-dir $(TSAN_DIR) -R '$(TSAN_TESTS)'
	clang -std=c11 -fsanitize=thread -g -O1 -Iinclude examples/c/threads.c -o $(TSAN_DIR)/capi-threads \
	  -L$(TSAN_DIR)/lib -lskiff -Wl,-rpath,$(abspath $(TSAN_DIR))/lib -lpthread
	./$(TSAN_DIR)/skiff wat2wasm examples/c/threads.wat -o $(TSAN_DIR)/capi-threads.wasm
	$(TSAN_ENV) ./$(TSAN_DIR)/capi-threads $(TSAN_DIR)/capi-threads.wasm | diff - examples/c/threads.expected
	@echo 'tsan: clean'

run: build
	./$(BUILD_DIR)/skiff run $(EXAMPLE)
	./$(BUILD_DIR)/skiff run --invoke fib examples/fib.wat 25

# Benchmarks: never part of `make test`.
bench: build
	cmake --build $(BUILD_DIR) -j $(JOBS) --target skiff-bench bench-kernels bench-shared bench-programs \
	  bench-instantiate bench-translate
	bash bench/run.sh $(BUILD_DIR)
	./$(BUILD_DIR)/bench/bench-instantiate --benchmark_min_time=0.5
	python3 bench/embed/gen_big_module.py 20000 > $(BUILD_DIR)/bench/big.wat
	./$(BUILD_DIR)/skiff wat2wasm $(BUILD_DIR)/bench/big.wat -o $(BUILD_DIR)/bench/big.wasm
	./$(BUILD_DIR)/bench/bench-translate $$(ls $(BUILD_DIR)/bench/shared/*.wasm $(BUILD_DIR)/bench/programs/*.wasm 2>/dev/null) \
	  $(BUILD_DIR)/bench/big.wasm
	bash bench/threads/run.sh $(BUILD_DIR)/skiff

# Each fuzz target for FUZZ_TIME seconds (make fuzz) or FUZZ_TEST_TIME (make test), two
# at a time, from the seed corpora made out of the spec testsuite. A crash stops make;
# the input lands in $(ASAN_DIR)/fuzz-artifacts/ (turn it into a regression test).
# tier1 goes first: it is the slowest (every function compiled by LLVM, about 50 inputs a
# second), and libFuzzer runs every seed before it looks at the clock, so a run shorter
# than two minutes gives it one seed in ten (fuzz-seeds/bin-sample) instead of all ~6,000.
# dwarf (the DWARF reader, seeds from C programs built with clang -g: fuzz-seeds/dwarf)
# gets 15 s of make test's budget (about 100 inputs a second under ASan, 1,500 runs).
FUZZ_TARGETS := tier1 decode wat roundtrip exec tiers dwarf
FUZZ_TIME ?= 300
FUZZ_TEST_TIME ?= 30
define run_fuzzers
	@mkdir -p $(ASAN_DIR)/fuzz-artifacts
	@printf '%s\n' $(FUZZ_TARGETS) | xargs -P $(JOBS) -I{} bash -c '\
	  t={}; seeds=$(ASAN_DIR)/fuzz-seeds/bin; [[ $$t == wat ]] && seeds=$(ASAN_DIR)/fuzz-seeds/wat; \
	  [[ $$t == dwarf ]] && seeds=$(ASAN_DIR)/fuzz-seeds/dwarf; secs=$(1); \
	  if [[ $$t == dwarf && $(1) -gt 15 && $(1) -lt 120 ]]; then secs=15; fi; \
	  if [[ $$t == tier1 && ! -x $(ASAN_DIR)/fuzz/fuzz_$$t ]]; then echo "fuzz_tier1: not built (this build has no tier-1 compiler)"; exit 0; fi; \
	  if [[ $$t == tier1 && $(1) -lt 120 ]]; then \
	    rm -rf $$seeds-sample; mkdir -p $$seeds-sample; \
	    ls $$seeds | awk "NR % 10 == 0" | while read -r f; do ln -s "$$(realpath $$seeds/$$f)" $$seeds-sample/$$f; done; \
	    seeds=$$seeds-sample; \
	  fi; \
	  mkdir -p $(ASAN_DIR)/fuzz-corpus/$$t; \
	  if $(ASAN_DIR)/fuzz/fuzz_$$t -max_total_time=$$secs -timeout=10 -rss_limit_mb=2048 \
	       -print_final_stats=1 -artifact_prefix=$(ASAN_DIR)/fuzz-artifacts/$$t- \
	       $(ASAN_DIR)/fuzz-corpus/$$t $$seeds > $(ASAN_DIR)/fuzz-$$t.log 2>&1; then \
	    echo "fuzz_$$t: $$secs s, $$(grep -o "number_of_executed_units: [0-9]*" $(ASAN_DIR)/fuzz-$$t.log | grep -o "[0-9]*") runs, no crash"; \
	  else echo "fuzz_$$t: FAILED (see $(ASAN_DIR)/fuzz-$$t.log)"; tail -30 $(ASAN_DIR)/fuzz-$$t.log; exit 1; fi'
endef

# Stops at the first failing stage, so the last ctest summary printed is the failing one
# and make exits non-zero. `make -k test` runs all stages anyway (still exits non-zero).
test: test-release test-asan test-fuzz

test-release: build
	$(CTEST) --test-dir $(BUILD_DIR)

test-asan: asan
	$(CTEST) --test-dir $(ASAN_DIR)

test-fuzz: asan
	$(call run_fuzzers,$(FUZZ_TEST_TIME))

# The differential run (fuzz/diff/run_diff.py) uses the Release build's skiff-fuzz-exec;
# mismatches are saved in $(BUILD_DIR)/fuzz-diff/failures/ (minimize with --reduce,
# then add them to fuzz/diff/corpus/). `make test` runs a short fixed-seed run as the
# ctest tests diff/binaryen and diff/v8, and replays the corpus as diff/corpus.
# fuzz/shapes/run_shapes.py (translator-shaped modules against V8; ctest fuzz-shapes/v8)
# keeps what it finds in $(BUILD_DIR)/fuzz-shapes/.
fuzz: asan build
	$(call run_fuzzers,$(FUZZ_TIME))
	python3 fuzz/diff/run_diff.py --skiff $(BUILD_DIR)/skiff-fuzz-exec --oracle both \
	  --seed $$(date +%s) --time $(FUZZ_TIME) --progress 100 --workdir $(BUILD_DIR)/fuzz-diff
	python3 fuzz/shapes/run_shapes.py $(BUILD_DIR)/skiff --time $(FUZZ_TIME) \
	  --out $(BUILD_DIR)/fuzz-shapes

format: deps
	@if [[ ! -f .clang-format ]]; then echo 'no .clang-format: nothing to do'; exit 0; fi; \
	find $(FORMAT_DIRS) -type f \( -name '*.h' -o -name '*.cc' -o -name '*.c' \) -print0 \
	  | xargs -0 -r clang-format -i --style=file; \
	echo 'formatted: $(FORMAT_DIRS)'

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) $(TSAN_DIR)
