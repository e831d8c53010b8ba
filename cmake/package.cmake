# libskiff as a package: one static archive and one shared library holding every
# stage, the public headers, a CMake package (find_package(Skiff) -> Skiff::skiff,
# Skiff::skiff_static) and a pkg-config file.
set(skiff_all_stages skiff_capi skiff_api skiff_tier1 skiff_snapshot skiff_debuginfo skiff_text skiff_wasi
    skiff_interp skiff_runtime skiff_valid skiff_binary skiff_ir skiff_support)
# A stage with no sources yet is an INTERFACE library: nothing to put in the archive.
set(skiff_lib_stages "")
foreach(stage ${skiff_all_stages})
  get_target_property(stage_type ${stage} TYPE)
  if(NOT stage_type STREQUAL "INTERFACE_LIBRARY")
    list(APPEND skiff_lib_stages ${stage})
  endif()
endforeach()

# Shared: the stage archives linked whole; -fvisibility=hidden leaves the API.
add_library(skiff_shared SHARED "${CMAKE_CURRENT_SOURCE_DIR}/cmake/empty.c")
set(skiff_stage_files "")
foreach(stage ${skiff_lib_stages})
  list(APPEND skiff_stage_files "$<TARGET_FILE:${stage}>")
endforeach()
add_dependencies(skiff_shared ${skiff_lib_stages})
if(TARGET skiff_compiler)
  add_dependencies(skiff_shared skiff_compiler)  # Config::tier 1 loads it
endif()
target_link_options(skiff_shared PRIVATE -Wl,--whole-archive ${skiff_stage_files} -Wl,--no-whole-archive
                    -Wl,--version-script=${CMAKE_CURRENT_SOURCE_DIR}/cmake/libskiff.map -pthread)
if(NOT SKIFF_SANITIZE AND NOT SKIFF_FUZZ AND NOT CMAKE_CXX_FLAGS MATCHES "-fsanitize")
  # (A sanitized shared library leaves the sanitizer runtime to the executable; `make tsan`
  # passes -fsanitize=thread in CMAKE_CXX_FLAGS.)
  target_link_options(skiff_shared PRIVATE -Wl,--no-undefined)
endif()
# Relink when a stage archive changes (link options carry no file dependencies).
set_target_properties(skiff_shared PROPERTIES
  LINK_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/cmake/libskiff.map;${skiff_stage_files}")
set_target_properties(skiff_shared PROPERTIES LINKER_LANGUAGE CXX OUTPUT_NAME skiff VERSION ${PROJECT_VERSION}
                      SOVERSION ${PROJECT_VERSION_MAJOR}
                      LIBRARY_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/lib")
target_include_directories(skiff_shared INTERFACE
  "$<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>" "$<INSTALL_INTERFACE:include>")
# The C++ headers need C++20; consumers inherit it (SkiffConfig.cmake does the same).
target_compile_features(skiff_shared INTERFACE cxx_std_20)

# Static: the stage archives merged into one libskiff.a.
set(skiff_static_path "${CMAKE_BINARY_DIR}/lib/libskiff.a")
set(skiff_mri "CREATE ${skiff_static_path}\n")
foreach(stage ${skiff_lib_stages})
  string(APPEND skiff_mri "ADDLIB $<TARGET_FILE:${stage}>\n")
endforeach()
string(APPEND skiff_mri "SAVE\nEND\n")
file(GENERATE OUTPUT "${CMAKE_BINARY_DIR}/skiff_static.mri" CONTENT "${skiff_mri}")
add_custom_command(OUTPUT "${skiff_static_path}"
  COMMAND ${CMAKE_COMMAND} -E make_directory "${CMAKE_BINARY_DIR}/lib"
  COMMAND ${CMAKE_COMMAND} -E rm -f "${skiff_static_path}"
  COMMAND ${CMAKE_AR} -M < "${CMAKE_BINARY_DIR}/skiff_static.mri"
  DEPENDS ${skiff_lib_stages} "${CMAKE_BINARY_DIR}/skiff_static.mri"
  COMMENT "Merging the stages into libskiff.a" VERBATIM)
add_custom_target(skiff_static_merged ALL DEPENDS "${skiff_static_path}")

include(GNUInstallDirs)
include(CMakePackageConfigHelpers)
install(DIRECTORY include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS skiff_shared LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(FILES "${skiff_static_path}" DESTINATION ${CMAKE_INSTALL_LIBDIR})
configure_package_config_file(cmake/SkiffConfig.cmake.in
  "${CMAKE_BINARY_DIR}/SkiffConfig.cmake" INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Skiff
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR CMAKE_INSTALL_LIBDIR)
write_basic_package_version_file("${CMAKE_BINARY_DIR}/SkiffConfigVersion.cmake"
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES "${CMAKE_BINARY_DIR}/SkiffConfig.cmake" "${CMAKE_BINARY_DIR}/SkiffConfigVersion.cmake"
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Skiff)
# The .pc file is relocatable: its prefix is found from where it lies (${pcfiledir}, a
# pkg-config built-in), so `cmake --install --prefix P` (a prefix chosen after configure)
# gives a file pointing into P. Absolute libdir/includedir settings stay absolute.
set(skiff_pc_dir "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
if(IS_ABSOLUTE "${skiff_pc_dir}")
  set(SKIFF_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH skiff_pc_up "/skiff-prefix/${skiff_pc_dir}" "/skiff-prefix")
  string(REGEX REPLACE "/$" "" skiff_pc_up "${skiff_pc_up}")
  set(SKIFF_PC_PREFIX "\${pcfiledir}/${skiff_pc_up}")
endif()
foreach(kind LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${kind}}")
    set(SKIFF_PC_${kind} "${CMAKE_INSTALL_${kind}}")
  else()
    set(SKIFF_PC_${kind} "\${prefix}/${CMAKE_INSTALL_${kind}}")
  endif()
endforeach()
configure_file(cmake/skiff.pc.in "${CMAKE_BINARY_DIR}/skiff.pc" @ONLY)
install(FILES "${CMAKE_BINARY_DIR}/skiff.pc" DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
