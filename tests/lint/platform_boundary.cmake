# Fails if the reference library (targets/scope/, its driver adapter aside)
# reaches around harness/platform/platform.h: threads, clocks, sleeping,
# atomics or randomness must come from the platform interface, or the
# deterministic runtime would not control them.
#   cmake -DDIR=<targets/scope> -P platform_boundary.cmake
file(GLOB files ${DIR}/*.c ${DIR}/*.h)
list(FILTER files EXCLUDE REGEX "/driver_scope\\.c$")
set(forbidden
  "#include <(pthread|threads|time|sys/time|unistd|sched|signal|stdatomic|semaphore)\\.h>"
  "[^a-z_](pthread_[a-z_]+|clock_gettime|gettimeofday|nanosleep|usleep|sleep|sched_yield|rand|random|time|thrd_[a-z]+|mtx_[a-z]+|cnd_[a-z]+)\\("
  "(_Atomic|__atomic_|__sync_)")
set(bad 0)
foreach(f ${files})
  file(STRINGS ${f} lines)
  set(n 0)
  foreach(line IN LISTS lines)
    math(EXPR n "${n} + 1")
    foreach(re ${forbidden})
      if(line MATCHES "${re}")
        message(SEND_ERROR "${f}:${n}: reaches around the platform interface: ${line}")
        set(bad 1)
      endif()
    endforeach()
  endforeach()
endforeach()
list(LENGTH files count)
if(count EQUAL 0)
  message(FATAL_ERROR "no sources found in ${DIR}")
endif()
if(NOT bad)
  message(STATUS "platform boundary: ${count} files clean")
endif()
