# Ordinary pthread programs under the interposition runtime (issue 10),
# label pthread.  Included once, from tests/CMakeLists.txt (with
# misuse.cmake).
#
# Each case is a pair in progs/: NAME_bad.c (one documented bug) and
# NAME_ok.c (its correct twin), both built with sf_interpose(), so their
# unmodified pthread / C11 threads / semaphore / clock calls land on the
# deterministic runtime.
#   pthread.NAME_ok:  scopefuzz test --schedules 2000 -- PROG  must exit 0
#                     (no false positive on a correct program);
#   pthread.NAME_bad: expect_fail.sh: scopefuzz test --schedules 5000 finds a
#                     failure whose signature starts with the expected one,
#                     and scopefuzz replay reproduces it twice (same
#                     signature, same hash line).
# The expected signature depends on the build for bugs only a sanitizer
# sees: give one per build kind (SF_SANITIZE asan, tsan, none); `-` means the
# bug is invisible in that build, so the _bad test is not registered there
# (the _ok test always is).  Alternatives are separated by `|`.
set(sf_pthread_dir ${CMAKE_CURRENT_LIST_DIR})

# pthread_NAME_ok and pthread_NAME_bad from progs/NAME_{ok,bad}.c, interposed.
function(sf_pthread_pair name)
  foreach(kind ok bad)
    set(t pthread_${name}_${kind})
    add_executable(${t} ${sf_pthread_dir}/progs/${name}_${kind}.c)
    set_target_properties(${t} PROPERTIES RUNTIME_OUTPUT_DIRECTORY
                                          ${CMAKE_BINARY_DIR}/pthread-progs)
    sf_interpose(${t})
  endforeach()
endfunction()

# sf_pthread_sig(VAR ASAN_SIG TSAN_SIG OTHER_SIG): VAR = this build's one
# (also used by misuse.cmake).
function(sf_pthread_sig var asan_sig tsan_sig other_sig)
  if(SF_SANITIZE STREQUAL "asan")
    set(${var} "${asan_sig}" PARENT_SCOPE)
  elseif(SF_SANITIZE STREQUAL "tsan")
    set(${var} "${tsan_sig}" PARENT_SCOPE)
  else()
    set(${var} "${other_sig}" PARENT_SCOPE)
  endif()
endfunction()

# sf_pthread_case(NAME ASAN_SIG TSAN_SIG OTHER_SIG [TEST-OPTION...]): the
# options go to both `scopefuzz test` commands.
function(sf_pthread_case name asan_sig tsan_sig other_sig)
  sf_pthread_sig(sig "${asan_sig}" "${tsan_sig}" "${other_sig}")
  sf_pthread_pair(${name})
  sf_add_test(NAME pthread.${name}_ok
              COMMAND $<TARGET_FILE:scopefuzz> test ${ARGN} --schedules 2000 --
                      $<TARGET_FILE:pthread_${name}_ok>
              LABELS pthread)
  if(NOT sig STREQUAL "-")
    sf_add_test(NAME pthread.${name}_bad
                COMMAND sh ${sf_pthread_dir}/expect_fail.sh $<TARGET_FILE:scopefuzz>
                        $<TARGET_FILE:pthread_${name}_bad> "${sig}" 5000 ${ARGN}
                LABELS pthread)
  endif()
endfunction()

#               name             asan build                       tsan build        other builds
sf_pthread_case(abba             deadlock                         deadlock          deadlock)
sf_pthread_case(lost_wakeup      deadlock                         deadlock          deadlock)
sf_pthread_case(if_wait          assert:                          assert:           assert:)
sf_pthread_case(free_before_join asan:heap-use-after-free:worker  tsan:             -)
sf_pthread_case(double_close     -                                tsan:data-race:conn_close -)
sf_pthread_case(exit_atexit      deadlock                         deadlock          deadlock)
sf_pthread_case(thread_leak      thread-leak                      thread-leak       thread-leak)
# a daemon thread (allowed to outlive main) racing with an atexit handler:
# reachable only through the scheduling point at the process's exit
sf_pthread_case(exit_race        assert:flusher                   assert:flusher    assert:flusher
                --allow-thread-leak)
sf_pthread_case(cancel_cleanup   pthread:lock-held-at-exit        pthread:lock-held-at-exit
                pthread:lock-held-at-exit)
sf_pthread_case(key_dtor         lsan:leak                        -                 -)
sf_pthread_case(timedwait        assert:                          assert:           assert:)
sf_pthread_case(c11_event        deadlock                         deadlock          deadlock)
sf_pthread_case(sem_order        deadlock                         deadlock          deadlock)

# Bugs on paths only injected faults open (scopefuzz test --faults KINDS):
#   pthread.NAME_ok:        --faults KINDS, 2000 schedules, must exit 0;
#   pthread.NAME_nofaults:  the buggy program without faults, 2000 schedules,
#                           must exit 0 (the bug needs the fault);
#   pthread.NAME_bad:       ../crosscheck/expect.sh: --faults KINDS finds the
#                           signature within 5000 schedules, replays twice.
# sf_pthread_fault_case(NAME KINDS SIG)
function(sf_pthread_fault_case name kinds sig)
  sf_pthread_pair(${name})
  sf_add_test(NAME pthread.${name}_ok
              COMMAND $<TARGET_FILE:scopefuzz> test --schedules 2000 --faults ${kinds} --
                      $<TARGET_FILE:pthread_${name}_ok>
              LABELS pthread)
  sf_add_test(NAME pthread.${name}_nofaults
              COMMAND $<TARGET_FILE:scopefuzz> test --schedules 2000 --
                      $<TARGET_FILE:pthread_${name}_bad>
              LABELS pthread)
  sf_add_test(NAME pthread.${name}_bad
              COMMAND sh ${sf_pthread_dir}/../crosscheck/expect.sh $<TARGET_FILE:scopefuzz>
                      fail "${sig}" 5000 --faults ${kinds} -- $<TARGET_FILE:pthread_${name}_bad>
              LABELS pthread)
endfunction()

sf_pthread_fault_case(spurious_wake wake exit:3)
sf_pthread_fault_case(malloc_fail alloc deadlock)
