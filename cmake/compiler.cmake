# Tier 1 (issue 14): the LLVM compiler.
#
#   skiff_tier1         static, no LLVM: the runtime side (src/compiler/*.cc): the
#                       executor that runs compiled code, the libcalls, and the
#                       loader that dlopens the compiler on the first compile request.
#   skiff_compiler      shared (libskiff_compiler.so), the only target that sees
#                       LLVM (src/compiler/llvm/*.cc); nothing links it, so tier-0
#                       runs never load libLLVM (~16 ms, ~38 MiB).
#
# -DSKIFF_LLVM=OFF (or no llvm-config-19) builds everything else; `--tier=1` then
# says that this build has no compiler.
option(SKIFF_LLVM "Build the tier-1 compiler (libskiff_compiler.so, needs llvm-19-dev)" ON)

set(SKIFF_HAVE_COMPILER 0)
if(SKIFF_LLVM)
  find_program(SKIFF_LLVM_CONFIG NAMES llvm-config-19)
  if(SKIFF_LLVM_CONFIG)
    set(SKIFF_HAVE_COMPILER 1)
  else()
    message(STATUS "skiff: llvm-config-19 not found: building without the tier-1 compiler")
  endif()
endif()

file(GLOB skiff_tier1_srcs CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/src/compiler/*.cc")
add_library(skiff_tier1 STATIC ${skiff_tier1_srcs})
target_include_directories(skiff_tier1 PUBLIC "${CMAKE_CURRENT_SOURCE_DIR}/src"
                           "${CMAKE_CURRENT_SOURCE_DIR}/include")
target_link_libraries(skiff_tier1 PUBLIC skiff_interp skiff_runtime skiff_debuginfo ${CMAKE_DL_LIBS})
target_compile_definitions(skiff_tier1 PRIVATE SKIFF_HAVE_COMPILER=${SKIFF_HAVE_COMPILER}
                           SKIFF_VERSION_STRING="${PROJECT_VERSION}")
# Trap backtraces walk the frame-pointer chain from a libcall up through compiled
# code (code_map.cc): the libcalls keep frame pointers too.
target_compile_options(skiff_tier1 PRIVATE -fno-omit-frame-pointer)

if(SKIFF_HAVE_COMPILER)
  execute_process(COMMAND ${SKIFF_LLVM_CONFIG} --cxxflags OUTPUT_VARIABLE llvm_cxxflags
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  execute_process(COMMAND ${SKIFF_LLVM_CONFIG} --ldflags OUTPUT_VARIABLE llvm_ldflags
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  execute_process(COMMAND ${SKIFF_LLVM_CONFIG} --libs OUTPUT_VARIABLE llvm_libs
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  execute_process(COMMAND ${SKIFF_LLVM_CONFIG} --libdir OUTPUT_VARIABLE llvm_libdir
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  separate_arguments(llvm_cxxflags UNIX_COMMAND "${llvm_cxxflags}")
  separate_arguments(llvm_ldflags UNIX_COMMAND "${llvm_ldflags}")
  separate_arguments(llvm_libs UNIX_COMMAND "${llvm_libs}")
  # Our TUs are C++20: drop llvm-config's -std=c++17.
  list(FILTER llvm_cxxflags EXCLUDE REGEX "^-std=")
  # LLVM's headers are not -Wextra clean: include them as system headers.
  list(TRANSFORM llvm_cxxflags REPLACE "^-I" "-isystem")
  file(GLOB skiff_compiler_srcs CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/src/compiler/llvm/*.cc")
  add_library(skiff_compiler SHARED ${skiff_compiler_srcs})
  target_compile_options(skiff_compiler PRIVATE ${llvm_cxxflags})
  target_link_options(skiff_compiler PRIVATE ${llvm_ldflags})
  if(NOT SKIFF_SANITIZE AND NOT SKIFF_FUZZ)
    # (A sanitized shared library leaves the sanitizer runtime to the executable.)
    target_link_options(skiff_compiler PRIVATE -Wl,--no-undefined)
  endif()
  target_link_libraries(skiff_compiler PRIVATE skiff_valid skiff_ir skiff_support ${llvm_libs})
  set_target_properties(skiff_compiler PROPERTIES
    LIBRARY_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}"
    BUILD_RPATH "${llvm_libdir}" INSTALL_RPATH "${llvm_libdir}")
  install(TARGETS skiff_compiler LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
  target_compile_definitions(skiff_tier1 PRIVATE
    SKIFF_COMPILER_BUILD_PATH="$<TARGET_FILE:skiff_compiler>")
  # The CLI loads it: build it with the CLI.
  add_dependencies(skiff skiff_compiler)
endif()

target_link_libraries(skiff PRIVATE skiff_tier1)

# The whole spec testsuite (as tests/spec runs it in tier 0) with every function
# compiled, in one run (Release builds only: make test's sanitizer budget is
# nearly used up; ~25 s of compiling on 2 cores). Any fallback fails the test.
if(SKIFF_TESTS AND SKIFF_HAVE_COMPILER AND NOT SKIFF_SANITIZE AND CMAKE_BUILD_TYPE MATCHES "Rel")
  enable_testing()
  add_test(NAME compiler/tier1_basic
           COMMAND $<TARGET_FILE:skiff> wast --tier=1 ${CMAKE_CURRENT_SOURCE_DIR}/tests/compiler/basic.wast)
  add_test(NAME compiler/tier1_basic_checked
           COMMAND $<TARGET_FILE:skiff> wast --tier=1 --bounds-checks
                   ${CMAKE_CURRENT_SOURCE_DIR}/tests/compiler/basic.wast)
  set_tests_properties(compiler/tier1_basic compiler/tier1_basic_checked PROPERTIES
                       FAIL_REGULAR_EXPRESSION "[1-9][0-9]* fell back")
  file(GLOB t1_spec CONFIGURE_DEPENDS
       "${SKIFF_SHARED_DIR}/testsuite/*.wast"
       "${SKIFF_SHARED_DIR}/testsuite/legacy/*.wast"
       "${SKIFF_SHARED_DIR}/testsuite/proposals/threads/*.wast")
  if(t1_spec)
    list(SORT t1_spec)
    add_test(NAME compiler/tier1_spec_all
             COMMAND $<TARGET_FILE:skiff> wast --tier=1 -j2
                     --xfail ${CMAKE_CURRENT_SOURCE_DIR}/tests/spec/expected-failures.txt ${t1_spec})
    # Passes only with every assertion passed, none skipped, no function in tier 0.
    set_tests_properties(compiler/tier1_spec_all PROPERTIES TIMEOUT 600 LABELS "spec;tier1"
                         PASS_REGULAR_EXPRESSION " passed, 0 failed, 0 skipped"
                         FAIL_REGULAR_EXPRESSION "[1-9][0-9]* fell back")
  endif()
  # Regression scripts of the families (SIMD / float NaNs, memory): tier 0 (the
  # reference) and tier 1 in both memory modes.
  foreach(t nan_quiet relaxed_simd simd_calls simd_memory memory_family dead_block_end tail_calls exceptions
          loop_versioning
          refs_tables gc_roots)
    set(t1_file ${CMAKE_CURRENT_SOURCE_DIR}/tests/compiler/${t}.wast)
    add_test(NAME compiler/tier0_${t} COMMAND $<TARGET_FILE:skiff> wast --tier=0 ${t1_file})
    add_test(NAME compiler/tier1_${t} COMMAND $<TARGET_FILE:skiff> wast --tier=1 ${t1_file})
    add_test(NAME compiler/tier1_${t}_checked
             COMMAND $<TARGET_FILE:skiff> wast --tier=1 --bounds-checks ${t1_file})
    set_tests_properties(compiler/tier1_${t} compiler/tier1_${t}_checked PROPERTIES
                         FAIL_REGULAR_EXPRESSION "[1-9][0-9]* fell back")
  endforeach()
  # A shared memory grown by another thread (skiff run with wasi threads).
  set(t1_file ${CMAKE_CURRENT_SOURCE_DIR}/tests/compiler/shared_grow_thread.wat)
  add_test(NAME compiler/tier1_shared_grow_thread COMMAND $<TARGET_FILE:skiff> run --tier=1 ${t1_file})
  add_test(NAME compiler/tier1_shared_grow_thread_checked
           COMMAND $<TARGET_FILE:skiff> run --tier=1 --bounds-checks ${t1_file})
  # Machine-code path (object loader, code map, .skc): trap backtraces of compiled
  # frames (every frame named with SKIFF_TIER1_INLINE=0, with tier 0's wasm offsets
  # from the object's line table; the trap libcall path and the guard-page fault
  # path, and the checked path), and the .skc round trip with
  # the compiler library forbidden plus its refusals.
  set(t1_bt ${CMAKE_CURRENT_SOURCE_DIR}/tests/compiler/backtrace.wat)
  add_test(NAME compiler/tier1_backtrace_trap
           COMMAND ${CMAKE_COMMAND} -E env SKIFF_TIER1_INLINE=0
                   $<TARGET_FILE:skiff> run --tier=1 --no-cache --invoke outer ${t1_bt} 0)
  set_tests_properties(compiler/tier1_backtrace_trap PROPERTIES PASS_REGULAR_EXPRESSION
    "integer divide by zero\n  at func\\[0\\] inner \\(@0x4\\)\n  at func\\[1\\] middle \\(@0x8\\)\n  at func\\[2\\] outer \\(@0x10\\)")
  add_test(NAME compiler/tier1_backtrace_fault
           COMMAND ${CMAKE_COMMAND} -E env SKIFF_TIER1_INLINE=0
                   $<TARGET_FILE:skiff> run --tier=1 --no-cache --invoke oob ${t1_bt} 100000)
  add_test(NAME compiler/tier1_backtrace_checked
           COMMAND ${CMAKE_COMMAND} -E env SKIFF_TIER1_INLINE=0
                   $<TARGET_FILE:skiff> run --tier=1 --no-cache --bounds-checks --invoke oob ${t1_bt} 100000)
  set_tests_properties(compiler/tier1_backtrace_fault compiler/tier1_backtrace_checked PROPERTIES
    PASS_REGULAR_EXPRESSION "out of bounds memory access\n  at func\\[3\\] oob \\(@0x18\\)\n  at func\\[4\\] oob_outer \\(@0x1e\\)")
  # The same traps with LLVM's inlining on (inner and middle inlined into outer,
  # oob into oob_outer): the line table's inlining chains (compiler/line_table.h)
  # give back every frame and its offset.
  add_test(NAME compiler/tier1_backtrace_trap_inlined
           COMMAND $<TARGET_FILE:skiff> run --tier=1 --no-cache --invoke outer ${t1_bt} 0)
  set_tests_properties(compiler/tier1_backtrace_trap_inlined PROPERTIES PASS_REGULAR_EXPRESSION
    "integer divide by zero\n  at func\\[0\\] inner \\(@0x4\\)\n  at func\\[1\\] middle \\(@0x8\\)\n  at func\\[2\\] outer \\(@0x10\\)")
  add_test(NAME compiler/tier1_backtrace_fault_inlined
           COMMAND $<TARGET_FILE:skiff> run --tier=1 --no-cache --invoke oob ${t1_bt} 100000)
  set_tests_properties(compiler/tier1_backtrace_fault_inlined PROPERTIES PASS_REGULAR_EXPRESSION
    "out of bounds memory access\n  at func\\[3\\] oob \\(@0x18\\)\n  at func\\[4\\] oob_outer \\(@0x1e\\)")
  # A load folded into its user (add (mem), reg): the fault names the load, with
  # inlining on (as tier 0: @0x28, not the add's @0x2b).
  add_test(NAME compiler/tier1_backtrace_folded_load
           COMMAND $<TARGET_FILE:skiff> run --tier=1 --no-cache --invoke fold ${t1_bt} 65535 7)
  set_tests_properties(compiler/tier1_backtrace_folded_load PROPERTIES PASS_REGULAR_EXPRESSION
    "out of bounds memory access\n  at func\\[5\\] \\(@0x28\\)")
  add_test(NAME compiler/skc_roundtrip
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/tests/compiler/skc_roundtrip.sh $<TARGET_FILE:skiff>
                   ${CMAKE_CURRENT_SOURCE_DIR}/examples/hello.wat ${CMAKE_CURRENT_BINARY_DIR}/skc_roundtrip)
endif()

# Tier 0 <-> tier 1 integration (Release builds with the compiler, as above):
# identical fuel, interruption, the interpreter's calls into compiled code
# (tests/compiler/tier1_integ_test.cc, internal API). SKIFF_TIER1_TESTS tells the
# other test folders to add their tier-1 variants (WASI programs, API tests, C
# examples, run with SKIFF_TIER=1).
set(SKIFF_TIER1_TESTS OFF)
if(SKIFF_TESTS AND SKIFF_HAVE_COMPILER AND NOT SKIFF_SANITIZE AND CMAKE_BUILD_TYPE MATCHES "Rel")
  set(SKIFF_TIER1_TESTS ON)
  enable_testing()
  find_package(GTest REQUIRED)
  include(GoogleTest)
  add_executable(tier1_integ_test "${CMAKE_CURRENT_SOURCE_DIR}/tests/compiler/tier1_integ_test.cc"
                 "${CMAKE_CURRENT_SOURCE_DIR}/tests/compiler/tier1_exceptions_test.cc"
                 "${CMAKE_CURRENT_SOURCE_DIR}/tests/compiler/tier1_auto_test.cc"
                 "${CMAKE_CURRENT_SOURCE_DIR}/tests/compiler/tier1_fault_offsets_test.cc")
  target_link_libraries(tier1_integ_test PRIVATE skiff_tier1 skiff_text skiff_binary GTest::gtest
                        GTest::gtest_main)
  add_dependencies(tier1_integ_test skiff_compiler)
  gtest_discover_tests(tier1_integ_test TEST_PREFIX "compiler/" DISCOVERY_TIMEOUT 60)
endif()
