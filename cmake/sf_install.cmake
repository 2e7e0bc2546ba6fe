# sf_install.cmake - `cmake --install build/<preset> --prefix P`: scopefuzz
# as a library of that preset's compiler and sanitizer, for other projects.
#
#   P/bin/scopefuzz, P/bin/scopefuzz-cc      the CLI and the compiler wrapper
#   P/lib/libscopefuzz.a                     the runtime: interposition +
#                                            deterministic runtime + sanitizer
#                                            options (libsf_interpose_rt.a)
#   P/include/scopefuzz/interpose.h, fuzz.h  what a user's program or fuzz
#                                            target sees
#   P/lib/cmake/scopefuzz/                   find_package(scopefuzz): imported
#                                            targets, sf_interpose(),
#                                            scopefuzz_add_test()
#   P/lib/pkgconfig/scopefuzz.pc             pkg-config
#
# Every installed file finds the others relative to itself (a prefix may be
# moved); none names the source or build tree.  tests/install/ builds a
# sample project against an installed prefix.  docs/install.md.

function(sf_install)
  include(CMakePackageConfigHelpers)
  set(gen ${CMAKE_BINARY_DIR}/install-gen)
  string(JOIN " " san ${SF_SAN_FLAGS})

  install(TARGETS scopefuzz RUNTIME DESTINATION bin)
  install(FILES ${CMAKE_ARCHIVE_OUTPUT_DIRECTORY}/libsf_interpose_rt.a
          DESTINATION lib RENAME libscopefuzz.a)
  install(FILES ${PROJECT_SOURCE_DIR}/include/scopefuzz/interpose.h
                ${PROJECT_SOURCE_DIR}/include/scopefuzz/fuzz.h
          DESTINATION include/scopefuzz)

  # scopefuzz-cc, with paths under its own prefix (cmake/scopefuzz-cc.in)
  set(SF_CC_COMPILER ${CMAKE_C_COMPILER})
  set(SF_CC_SAN_FLAGS "${san}")
  set(SF_CC_HEADER "\${root}/include/scopefuzz/interpose.h")
  set(SF_CC_INCLUDE "\${root}/include")
  set(SF_CC_RUNTIME "\${root}/lib/libscopefuzz.a")
  configure_file(${PROJECT_SOURCE_DIR}/cmake/scopefuzz-cc.in ${gen}/scopefuzz-cc @ONLY)
  install(PROGRAMS ${gen}/scopefuzz-cc DESTINATION bin)

  # the CMake package
  set(SF_PKG_SANITIZER ${SF_SANITIZE})
  set(SF_PKG_SAN_FLAGS "${SF_SAN_FLAGS}")
  set(SF_PKG_COMPILER ${CMAKE_C_COMPILER})
  set(SF_PKG_COMPILER_ID ${CMAKE_C_COMPILER_ID})
  set(SF_PKG_VERSION ${PROJECT_VERSION})
  set(SF_PKG_SAN_FLAGS_STR "${san}")
  configure_file(${PROJECT_SOURCE_DIR}/cmake/install/scopefuzzConfig.cmake.in
                 ${gen}/scopefuzzConfig.cmake @ONLY)
  write_basic_package_version_file(${gen}/scopefuzzConfigVersion.cmake
                                   VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
  install(FILES ${gen}/scopefuzzConfig.cmake ${gen}/scopefuzzConfigVersion.cmake
                ${PROJECT_SOURCE_DIR}/cmake/install/scopefuzz_expect.cmake
          DESTINATION lib/cmake/scopefuzz)

  # pkg-config
  configure_file(${PROJECT_SOURCE_DIR}/cmake/install/scopefuzz.pc.in ${gen}/scopefuzz.pc @ONLY)
  install(FILES ${gen}/scopefuzz.pc DESTINATION lib/pkgconfig)
endfunction()
