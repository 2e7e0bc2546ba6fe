# Helpers to register tests with labels.
include(${CMAKE_CURRENT_LIST_DIR}/sf_symbolizer.cmake)

# SF_SYSTEM_PYTHON: Debian's python3 (/usr/bin), for tests that import the
# Python modules ci/deps installs as Debian packages (python3-jsonschema,
# python3-websocket): a python3 earlier on PATH (pyenv, a venv) does not
# see them.
find_program(SF_SYSTEM_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH)

# sf_add_test(NAME name COMMAND cmd... LABELS l...)
function(sf_add_test)
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "COMMAND;LABELS;ENV" ${ARGN})
  add_test(NAME ${T_NAME} COMMAND ${T_COMMAND})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  # every sanitizer is pointed at the symbolizer of this build's compiler
  set(sym "")
  set(lsan "")
  if(SF_SYMBOLIZER)
    set(sym ":external_symbolizer_path=${SF_SYMBOLIZER}")
    set(lsan "LSAN_OPTIONS=external_symbolizer_path=${SF_SYMBOLIZER}")
  endif()
  set(env "ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1${sym}"
          "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:report_error_type=1${sym}"
          "TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1${sym}"
          ${lsan}
          ${T_ENV})
  set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}"
                       TIMEOUT ${T_TIMEOUT} ENVIRONMENT "${env}")
endfunction()

# sf_add_criterion_tests(TARGET exe LABELS l... FILE source-with-Test()-macros)
# One ctest test per Criterion test (Criterion would otherwise be one test),
# found by scanning the source for Test(suite, name).
function(sf_add_criterion_tests)
  cmake_parse_arguments(T "" "TARGET" "LABELS;FILES" ${ARGN})
  foreach(f ${T_FILES})
    file(STRINGS ${f} lines REGEX "^[ \t]*(Test|ParameterizedTest)\\(")
    foreach(line ${lines})
      if(line MATCHES "Test\\(([A-Za-z0-9_]+), *([A-Za-z0-9_]+)")
        set(suite ${CMAKE_MATCH_1})
        set(name ${CMAKE_MATCH_2})
        sf_add_test(NAME ${T_TARGET}.${suite}.${name}
                    COMMAND $<TARGET_FILE:${T_TARGET}> --filter=${suite}/${name}
                            --ascii --jobs=1
                    LABELS ${T_LABELS})
      endif()
    endforeach()
  endforeach()
endfunction()
