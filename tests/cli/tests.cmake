# Tests of the scopefuzz CLI and the minimizer (labels unit;cli), included
# once from tests/cli/CMakeLists.txt or tests/regression/CMakeLists.txt.
get_property(sf_cli_tests_done GLOBAL PROPERTY SF_CLI_TESTS_ADDED)
if(sf_cli_tests_done OR NOT TARGET scopefuzz)
  return()
endif()
set_property(GLOBAL PROPERTY SF_CLI_TESTS_ADDED ON)
set(sf_cli_test_dir ${CMAKE_CURRENT_LIST_DIR})

add_executable(test_cli_minimize ${sf_cli_test_dir}/test_minimize.c)
target_link_libraries(test_cli_minimize PRIVATE sf_minimize)
sf_add_test(NAME cli.minimize COMMAND test_cli_minimize LABELS unit cli)

add_executable(test_cli_sig ${sf_cli_test_dir}/test_sig.c)
target_link_libraries(test_cli_sig PRIVATE sf_cli)
# the shared table of real sanitizer / libFuzzer logs (also read by the
# campaign's tests/campaign/signature_test.py)
sf_add_test(NAME cli.sig COMMAND test_cli_sig ${PROJECT_SOURCE_DIR}/tests/sig/table.tsv
            LABELS unit cli)

foreach(case missing_file typo garbage_sched truncated unknown_impl unknown_verb help list
             fmt_roundtrip hash_stable raw_input explore_reference explore_minimize_defer_fifo
             repro_ops sig_verb output_paths bad_inputs usage_conflicts fmt_unknown_impl
             minimize_wrong_expect run_check_requires explore_checks_output explore_keep_going)
  sf_add_test(NAME cli.${case}
              COMMAND sh ${sf_cli_test_dir}/cli_case.sh $<TARGET_FILE:scopefuzz>
                      ${PROJECT_SOURCE_DIR} ${CMAKE_BINARY_DIR}/cli-test-work ${case}
              LABELS unit cli)
endforeach()
# repro: the interleaving fits 100 columns; decision labels are the stored
# schedule's entries (checked by changing each one)
find_package(Python3 COMPONENTS Interpreter)
if(Python3_FOUND)
  sf_add_test(NAME cli.repro_table
              COMMAND ${Python3_EXECUTABLE} ${sf_cli_test_dir}/repro_table_test.py
                      $<TARGET_FILE:scopefuzz> ${PROJECT_SOURCE_DIR}
              LABELS unit cli)
endif()
# Sanitizer builds: repro of a run a sanitizer kills (ASan) or reports in
# (TSan) shows the interleaving, the report's step marked
if(SF_SANITIZE STREQUAL "asan")
  sf_add_test(NAME cli.repro_sanitizer
              COMMAND sh ${sf_cli_test_dir}/cli_case.sh $<TARGET_FILE:scopefuzz>
                      ${PROJECT_SOURCE_DIR} ${CMAKE_BINARY_DIR}/cli-test-work repro_sanitizer
              LABELS unit cli)
elseif(SF_SANITIZE STREQUAL "tsan")
  sf_add_test(NAME cli.repro_sanitizer
              COMMAND sh ${sf_cli_test_dir}/cli_case.sh $<TARGET_FILE:scopefuzz>
                      ${PROJECT_SOURCE_DIR} ${CMAKE_BINARY_DIR}/cli-test-work repro_sanitizer_tsan
              LABELS unit cli)
endif()
# a sanitizer build run with a symbolizer that is not there must exit 2
if(NOT SF_SANITIZE STREQUAL "none")
  sf_add_test(NAME cli.broken_symbolizer
              COMMAND sh ${sf_cli_test_dir}/cli_case.sh $<TARGET_FILE:scopefuzz>
                      ${PROJECT_SOURCE_DIR} ${CMAKE_BINARY_DIR}/cli-test-work broken_symbolizer
              LABELS unit cli)
endif()
include(${sf_cli_test_dir}/hang.cmake)
