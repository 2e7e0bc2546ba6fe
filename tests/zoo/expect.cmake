# expect.cmake - runs one command and checks how it ended, for the zoo tests:
#
#   cmake -DMODE=fail|pass -DEXPECT=<regex> -P expect.cmake -- <command...>
#
# MODE fail: passes iff the command exits non-zero (a crash counts) and, when
# EXPECT is not empty, its output (stdout + stderr) matches EXPECT.
# MODE pass: passes iff the command exits 0 and its output matches EXPECT.
# The command's output is echoed either way.
set(cmd "")
set(seen_sep OFF)
foreach(i RANGE ${CMAKE_ARGC})
  if(seen_sep AND DEFINED CMAKE_ARGV${i})
    list(APPEND cmd "${CMAKE_ARGV${i}}")
  elseif("${CMAKE_ARGV${i}}" STREQUAL "--")
    set(seen_sep ON)
  endif()
endforeach()
if(NOT cmd OR NOT MODE MATCHES "^(fail|pass)$")
  message(FATAL_ERROR "usage: cmake -DMODE=fail|pass -DEXPECT=re -P expect.cmake -- cmd...")
endif()

execute_process(COMMAND ${cmd} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
message("${out}")
message("exit status: ${rc}")
set(matched ON)
if(NOT "${EXPECT}" STREQUAL "" AND NOT out MATCHES "${EXPECT}")
  set(matched OFF)
endif()
if(MODE STREQUAL "fail")
  if(rc EQUAL 0)
    message(FATAL_ERROR "expected a failure, the command succeeded")
  elseif(NOT matched)
    message(FATAL_ERROR "the command failed, but its output does not match: ${EXPECT}")
  endif()
elseif(NOT rc EQUAL 0 OR NOT matched)
  message(FATAL_ERROR "expected success with output matching: ${EXPECT}")
endif()
