# SF_SYMBOLIZER: the llvm-symbolizer the sanitizer runtimes of this build
# must use.  A clang-N runtime needs llvm-N's symbolizer (clang-19's TSan
# cannot use llvm-14's: "WARNING: invalid path to external symbolizer!" and
# <null> frames), so it is chosen from the compiler here, never from PATH:
# /usr/lib/llvm-N/bin/llvm-symbolizer (Debian package llvm-N, installed by
# ci/deps, checked by ci/fresh-check).  gcc's runtimes symbolize by
# themselves (libbacktrace): empty.  Used by scopefuzz and the fuzz targets
# (external_symbolizer_path in their __*san_default_options, harness/cli/
# sanopts.c) and by every ctest test (the *SAN_OPTIONS of sf_add_test).
if(CMAKE_C_COMPILER_ID STREQUAL "Clang")
  string(REGEX MATCH "^[0-9]+" sf_clang_major "${CMAKE_C_COMPILER_VERSION}")
  set(SF_SYMBOLIZER "/usr/lib/llvm-${sf_clang_major}/bin/llvm-symbolizer")
  if(NOT EXISTS "${SF_SYMBOLIZER}")
    message(WARNING "${SF_SYMBOLIZER} is missing (install the Debian package llvm-${sf_clang_major}: "
                    "ci/deps): sanitizer reports will not be symbolized and scopefuzz will refuse "
                    "them (exit 2)")
  endif()
else()
  set(SF_SYMBOLIZER "")
endif()
