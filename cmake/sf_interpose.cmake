# sf_interpose.cmake - unmodified pthread / C11-threads code on the
# deterministic runtime (include/scopefuzz/interpose.h, harness/interpose/).
#
# sf_interpose(<target> [PREEMPT_MEMORY] [NO_MAIN])
#   NO_MAIN: main is not wrapped (a libFuzzer target: it calls sf_fuzz_run()
#   from include/scopefuzz/fuzz.h for each input).
#   PREEMPT_MEMORY (clang): shared memory loads and stores become scheduling
#   points too (harness/interpose/memory.c).
#   Compiles every source of <target> with the interposition header
#   force-included, so its pthread, semaphore, C11 thread, sleep, clock and
#   exit calls land on the runtime, and links the runtime.  For an
#   executable it also wraps `main` (-Wl,--wrap=main): the program's main
#   runs as the first thread of each deterministic run, one run per
#   `scopefuzz test` schedule (docs/pthread.md).  For a library the
#   executable that links it must be built with sf_interpose() as well, or
#   drive runs itself.
#
# scopefuzz-cc (generated into <build>/bin/ by sf_interpose_wrapper())
#   The same for a command-line build: `scopefuzz-cc [--allow-tls]
#   [--preempt-memory] CFLAGS... -o prog prog.c`, with this build's compiler
#   and sanitizer flags.

set(SF_INTERPOSE_HEADER ${PROJECT_SOURCE_DIR}/include/scopefuzz/interpose.h)

function(sf_interpose target)
  cmake_parse_arguments(I "PREEMPT_MEMORY;NO_MAIN" "" "" ${ARGN})
  target_compile_options(${target} PRIVATE -include ${SF_INTERPOSE_HEADER})
  if(I_PREEMPT_MEMORY)
    if(NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
      message(FATAL_ERROR "sf_interpose(${target} PREEMPT_MEMORY) needs clang")
    endif()
    target_compile_options(${target} PRIVATE -fsanitize-coverage=edge,trace-loads,trace-stores)
    target_link_options(${target} PRIVATE -fsanitize-coverage=edge,trace-loads,trace-stores)
  endif()
  # sf_sanopts: each sanitizer pointed at this compiler's symbolizer
  target_link_libraries(${target} PRIVATE sf_interpose sf_sanopts)
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "EXECUTABLE" AND NOT I_NO_MAIN)
    target_link_options(${target} PRIVATE -Wl,--wrap=main)
  endif()
endfunction()

function(sf_interpose_wrapper)
  string(JOIN " " san ${SF_SAN_FLAGS})
  set(SF_CC_COMPILER ${CMAKE_C_COMPILER})
  set(SF_CC_SAN_FLAGS "${san}")
  set(SF_CC_HEADER ${SF_INTERPOSE_HEADER})
  set(SF_CC_INCLUDE ${PROJECT_SOURCE_DIR}/include)
  set(SF_CC_RUNTIME ${CMAKE_ARCHIVE_OUTPUT_DIRECTORY}/libsf_interpose_rt.a)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/scopefuzz-cc.in
                 ${CMAKE_BINARY_DIR}/scopefuzz-cc.gen @ONLY)
  file(GENERATE OUTPUT ${CMAKE_RUNTIME_OUTPUT_DIRECTORY}/scopefuzz-cc
       INPUT ${CMAKE_BINARY_DIR}/scopefuzz-cc.gen
       FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
                        WORLD_READ WORLD_EXECUTE)
  # The runtime for programs built by scopefuzz-cc: the interposition and
  # the deterministic runtime as one object whose internal names (sim_*,
  # sfp_*, ip_*) are local, so that a program may define functions called
  # ip_checksum or sim_step without clashing with it; only the sf_*
  # replacements, __wrap_main and the coverage callbacks stay global.  The
  # sanitizer options (harness/cli/sanopts.c: this compiler's symbolizer)
  # are in it too, so that linking the one archive is enough (scopefuzz-cc,
  # the installed package: cmake/sf_install.cmake).
  set(rt ${CMAKE_ARCHIVE_OUTPUT_DIRECTORY}/libsf_interpose_rt.a)
  set(rto ${CMAKE_BINARY_DIR}/sf_interpose_rt.o)
  add_custom_command(OUTPUT ${rt}
    COMMAND ${CMAKE_LINKER} -r -o ${rto}.all --whole-archive $<TARGET_FILE:sf_interpose>
            $<TARGET_FILE:sf_platform_sim> --no-whole-archive $<TARGET_OBJECTS:sf_sanopts>
    COMMAND ${CMAKE_OBJCOPY} --wildcard --localize-symbol=sim_* --localize-symbol=sfp_*
            --localize-symbol=ip_* ${rto}.all ${rto}
    COMMAND ${CMAKE_COMMAND} -E rm -f ${rt}
    COMMAND ${CMAKE_AR} qc ${rt} ${rto}
    DEPENDS sf_interpose sf_platform_sim sf_sanopts $<TARGET_OBJECTS:sf_sanopts>
    COMMAND_EXPAND_LISTS
    COMMENT "scopefuzz-cc runtime with local internal symbols")
  add_custom_target(scopefuzz_cc ALL DEPENDS ${rt} sf_sanopts)
endfunction()
