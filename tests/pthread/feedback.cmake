# The interleaving feedback of sf_fuzz_run() (include/scopefuzz/fuzz.h,
# harness/interpose/feedback.c), label pthread: distinct lock hand-overs and
# (clang builds, memory-access points) distinct reads-from pairs set
# distinct counters, deterministically; nothing is set with it off.
# Included from tests/CMakeLists.txt.
add_executable(pthread_feedback ${CMAKE_CURRENT_LIST_DIR}/feedback/feedback.c)
set_target_properties(pthread_feedback PROPERTIES RUNTIME_OUTPUT_DIRECTORY
                                                  ${CMAKE_BINARY_DIR}/pthread-progs)
if(CMAKE_C_COMPILER_ID STREQUAL "Clang")
  sf_interpose(pthread_feedback NO_MAIN PREEMPT_MEMORY)
  target_compile_definitions(pthread_feedback PRIVATE SF_TEST_RF=1)
else()
  sf_interpose(pthread_feedback NO_MAIN)
endif()
sf_add_test(NAME pthread.feedback COMMAND $<TARGET_FILE:pthread_feedback> LABELS pthread unit)
