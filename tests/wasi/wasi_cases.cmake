# Shared by the WASI test folders built by other toolchains (wasi-rust, wasi-as):
# the PENDING list and the registration of one program with tests/wasi/run_case.sh.

# Names listed in this folder's PENDING file (one per line, `#` comments): programs
# held back by a known defect, built but not registered.
function(skiff_wasi_pending out_var)
  set(pending "")
  set(file "${CMAKE_CURRENT_SOURCE_DIR}/PENDING")
  if(EXISTS "${file}")
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${file}")
    file(STRINGS "${file}" lines)
    foreach(line ${lines})
      string(REGEX REPLACE "#.*" "" line "${line}")
      string(REGEX MATCH "^[ \t]*[A-Za-z0-9_]+" name "${line}")
      string(STRIP "${name}" name)
      if(name)
        list(APPEND pending ${name})
      endif()
    endforeach()
  endif()
  set(${out_var} ${pending} PARENT_SCOPE)
endfunction()

# Registers ctest "<kind>/<name>": run_case.sh runs WASM under `skiff run` with the
# expectations written in SRC, with the code verifier on; skipped when pending. With
# SKIFF_TIER1_TESTS (cmake/compiler.cmake) also "<kind>-tier1/<name>": the same run
# in tier 1 (SKIFF_TIER=1).
function(skiff_wasi_case kind name wasm src pending)
  if(name IN_LIST pending)
    message(STATUS "${kind} tests: ${name} is pending (see tests/${kind}/PENDING); not registered")
    return()
  endif()
  add_test(NAME "${kind}/${name}"
           COMMAND bash "${PROJECT_SOURCE_DIR}/tests/wasi/run_case.sh" $<TARGET_FILE:skiff> ${wasm} ${src})
  set_tests_properties("${kind}/${name}" PROPERTIES LABELS "wasi;${kind}" TIMEOUT 120
                       ENVIRONMENT SKIFF_VERIFY_CODE=1)
  if(SKIFF_TIER1_TESTS)
    add_test(NAME "${kind}-tier1/${name}"
             COMMAND bash "${PROJECT_SOURCE_DIR}/tests/wasi/run_case.sh" $<TARGET_FILE:skiff> ${wasm} ${src})
    set_tests_properties("${kind}-tier1/${name}" PROPERTIES LABELS "wasi;${kind};tier1" TIMEOUT 300
                         ENVIRONMENT "SKIFF_VERIFY_CODE=1;SKIFF_TIER=1")
  endif()
endfunction()
