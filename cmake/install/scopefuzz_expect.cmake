# scopefuzz_expect.cmake - the test of scopefuzz_expect_failure() and of
# scopefuzz_add_test(... EXPECT sig):
#   cmake -DSF_EXPECT=<signature> -P this -- <cmd> <args>...
# passes only when the command failed (nonzero exit or a signal) and
# printed a scopefuzz signature starting with SF_EXPECT: `signature: S`
# (scopefuzz test) or `SCOPEFUZZ-SIGNATURE: S` (a fuzz target's report), or
# a failed assert() in function F (assert:F).
set(cmd "")
set(seen 0)
math(EXPR last "${CMAKE_ARGC} - 1")
foreach(i RANGE ${last})
  if(seen)
    list(APPEND cmd "${CMAKE_ARGV${i}}")
  elseif(CMAKE_ARGV${i} STREQUAL "--")
    set(seen 1)
  endif()
endforeach()
if(NOT cmd)
  message(FATAL_ERROR "scopefuzz_expect.cmake: no command after --")
endif()
execute_process(COMMAND ${cmd} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(rc STREQUAL "0")
  message(FATAL_ERROR "expected a failure '${SF_EXPECT}', but the command passed")
endif()
if("${out}\n${err}" MATCHES "(^|\n)(signature|SCOPEFUZZ-SIGNATURE): ([^\n]*)")
  set(sig "${CMAKE_MATCH_3}")
elseif("${out}\n${err}" MATCHES "([A-Za-z_][A-Za-z_0-9]*)(\\([^)\n]*\\))?: Assertion `")
  # a fuzz target's assert() aborts with glibc's message only ("f: Assertion",
  # "int f(T *): Assertion" from clang): the signature scopefuzz test gives
  # it, assert:<function>
  set(sig "assert:${CMAKE_MATCH_1}")
else()
  message(FATAL_ERROR "expected a failure '${SF_EXPECT}': no signature in the output (exit ${rc})")
endif()
string(FIND "${sig}" "${SF_EXPECT}" at)
if(NOT at EQUAL 0)
  message(FATAL_ERROR "expected a failure '${SF_EXPECT}', found '${sig}'")
endif()
message("found the expected failure: ${sig} (exit ${rc})")
