# sf_drivers.cmake - the driver registry (harness/driver/registry.h).
#
# sf_add_driver(<name> [SOURCES <file>...] [LIBS <target or lib>...] ...)
# sf_add_driver(NAME <name> [SYMBOL <c symbol>]
#               [SOURCES <file>...] [OBJECTS <file.o>...]
#               [LIBS <target or lib>...] [DEPENDS <target>...] [INTERPOSE])
#   Registers the driver table `const struct sf_driver <SYMBOL>` under
#   <name> (its .name string; `scopefuzz run --impl <name>`, the `impl`
#   line of .sched files, SCOPEFUZZ_IMPL of the fuzz targets).  The name
#   comes first or after NAME; SYMBOL defaults to sf_driver_<name> (with
#   every character that is not a letter, digit or _ replaced by _).
#   SOURCES  compiled here into an object library sf_driver_<name> with the
#            project's flags, with harness/driver (driver.h,
#            pthread_adapter.h), harness/platform (platform.h) and include/
#            on the include path.
#   OBJECTS  ready object files (e.g. the output of an add_custom_command
#            in another directory: also name the target that builds them
#            in DEPENDS, CMake does not track custom outputs across
#            directories).
#   LIBS     what the driver links against (e.g. scope_sim, sf_platform_sim,
#            the library under test).
#   INTERPOSE the library under test was built with sf_interpose() (its
#            pthread calls run on the deterministic runtime): the adapter is
#            compiled the same way (its pthread_create starts tasks of the
#            run) and linked with the helpers of
#            harness/driver/pthread_adapter.h.
#   Every call appends to the global property SF_DRIVERS; call it from any
#   directory before sf_drivers_generate().
#
# sf_third_party(<target> [FLAGS <flag>...] [DEFINITIONS <def>...])
#   Builds <target> (a library that is not ours) with its own flags: drops
#   the project-wide -Wall -Wextra -Werror, -D_GNU_SOURCE and SF_TSAN that
#   every target of this project inherits, keeps what the build flavour
#   needs (sanitizer, fuzzer and coverage instrumentation), then adds FLAGS
#   and DEFINITIONS.  Call it before sf_interpose(<target>).

# sf_drivers_generate()
#   Called once by the root CMakeLists.txt after every add_subdirectory():
#   generates registry.c (extern declarations + a table sorted by name)
#   and builds the static library `sf_drivers`, which links every
#   registered driver.  Link `sf_drivers` to use sf_driver_find() & co.
#   The reference adapter (targets/scope/driver_scope.c over scope_sim) is
#   registered in targets/CMakeLists.txt, like every other driver.

set(SF_DRIVERS_DIR ${CMAKE_CURRENT_LIST_DIR})
get_filename_component(SF_DRIVERS_ROOT ${CMAKE_CURRENT_LIST_DIR} DIRECTORY)

function(sf_add_driver)
  cmake_parse_arguments(D "INTERPOSE" "NAME;SYMBOL" "SOURCES;OBJECTS;LIBS;DEPENDS" ${ARGN})
  if(NOT D_NAME AND D_UNPARSED_ARGUMENTS)
    list(POP_FRONT D_UNPARSED_ARGUMENTS D_NAME)
  endif()
  if(NOT D_NAME OR D_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "sf_add_driver: usage: sf_add_driver(<name> [SOURCES ...] [LIBS ...] "
                        "[OBJECTS ...] [DEPENDS ...] [SYMBOL <c symbol>] [INTERPOSE]); "
                        "unexpected: '${D_UNPARSED_ARGUMENTS}'")
  endif()
  if(NOT D_NAME MATCHES "^[A-Za-z0-9_.-]+$")
    message(FATAL_ERROR "sf_add_driver: bad driver name '${D_NAME}'")
  endif()
  if(NOT D_SYMBOL)
    string(MAKE_C_IDENTIFIER "sf_driver_${D_NAME}" D_SYMBOL)
  endif()
  if(NOT D_SOURCES AND NOT D_OBJECTS)
    message(FATAL_ERROR "sf_add_driver(${D_NAME}): give SOURCES or OBJECTS")
  endif()
  get_property(names GLOBAL PROPERTY SF_DRIVER_NAMES)
  if(D_NAME IN_LIST names)
    message(FATAL_ERROR "sf_add_driver: driver '${D_NAME}' registered twice")
  endif()
  if(D_INTERPOSE)
    sf_driver_pthread_helpers()
    list(APPEND D_LIBS sf_driver_pthread)
  endif()
  set(objs "")
  foreach(o ${D_OBJECTS})
    get_filename_component(o ${o} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_BINARY_DIR})
    list(APPEND objs ${o})
  endforeach()
  if(D_SOURCES)
    string(MAKE_C_IDENTIFIER "sf_driver_${D_NAME}" tgt)
    add_library(${tgt} OBJECT ${D_SOURCES})
    target_include_directories(${tgt} PRIVATE ${SF_DRIVERS_ROOT}/harness/driver
                                              ${SF_DRIVERS_ROOT}/harness/platform
                                              ${SF_DRIVERS_ROOT}/include)
    target_link_libraries(${tgt} PRIVATE ${D_LIBS})
    if(D_INTERPOSE)
      sf_interpose(${tgt})
    endif()
    list(APPEND objs $<TARGET_OBJECTS:${tgt}>)
  endif()
  set_property(GLOBAL APPEND PROPERTY SF_DRIVER_NAMES ${D_NAME})
  set_property(GLOBAL PROPERTY SF_DRIVER_${D_NAME}_SYMBOL ${D_SYMBOL})
  set_property(GLOBAL PROPERTY SF_DRIVER_${D_NAME}_OBJECTS "${objs}")
  set_property(GLOBAL PROPERTY SF_DRIVER_${D_NAME}_LIBS "${D_LIBS}")
  set_property(GLOBAL PROPERTY SF_DRIVER_${D_NAME}_DEPENDS "${D_DEPENDS}")
endfunction()

# The helpers of harness/driver/pthread_adapter.h, built once, over the
# interposition runtime (sf_interpose).
function(sf_driver_pthread_helpers)
  if(TARGET sf_driver_pthread)
    return()
  endif()
  add_library(sf_driver_pthread STATIC ${SF_DRIVERS_ROOT}/harness/driver/pthread_adapter.c)
  target_include_directories(sf_driver_pthread
    PRIVATE ${SF_DRIVERS_ROOT}/harness/interpose ${SF_DRIVERS_ROOT}/include
    PUBLIC ${SF_DRIVERS_ROOT}/harness/driver)
  target_link_libraries(sf_driver_pthread PRIVATE sf_platform_sim PUBLIC sf_interpose)
  if(SF_SANITIZE STREQUAL "tsan")
    target_compile_options(sf_driver_pthread PRIVATE -fno-sanitize=thread)
  endif()
endfunction()

function(sf_third_party target)
  cmake_parse_arguments(T "" "" "FLAGS;DEFINITIONS" ${ARGN})
  get_target_property(opts ${target} COMPILE_OPTIONS)
  get_target_property(defs ${target} COMPILE_DEFINITIONS)
  if(opts)
    list(REMOVE_ITEM opts -Wall -Wextra -Werror)
  else()
    set(opts "")
  endif()
  if(defs)
    list(REMOVE_ITEM defs _GNU_SOURCE SF_TSAN=1)
  else()
    set(defs "")
  endif()
  # the directory's definitions come before the options on the command line
  list(APPEND opts -U_GNU_SOURCE -USF_TSAN)
  list(APPEND opts ${T_FLAGS})
  list(APPEND defs ${T_DEFINITIONS})
  set_target_properties(${target} PROPERTIES COMPILE_OPTIONS "${opts}" COMPILE_DEFINITIONS "${defs}")
endfunction()

function(sf_drivers_generate)
  get_property(names GLOBAL PROPERTY SF_DRIVER_NAMES)
  list(SORT names)
  set(SF_DRIVER_EXTERNS "")
  set(SF_DRIVER_ENTRIES "")
  set(objs "")
  set(libs "")
  set(deps "")
  foreach(n ${names})
    get_property(sym GLOBAL PROPERTY SF_DRIVER_${n}_SYMBOL)
    get_property(o GLOBAL PROPERTY SF_DRIVER_${n}_OBJECTS)
    get_property(l GLOBAL PROPERTY SF_DRIVER_${n}_LIBS)
    get_property(d GLOBAL PROPERTY SF_DRIVER_${n}_DEPENDS)
    string(APPEND SF_DRIVER_EXTERNS "extern const struct sf_driver ${sym};\n")
    string(APPEND SF_DRIVER_ENTRIES "    &${sym}, /* ${n} */\n")
    list(APPEND objs ${o})
    list(APPEND libs ${l})
    list(APPEND deps ${d})
  endforeach()
  list(LENGTH names SF_DRIVER_COUNT)
  set(out ${CMAKE_BINARY_DIR}/generated/sf_drivers_registry.c)
  configure_file(${PROJECT_SOURCE_DIR}/harness/driver/registry.c.in ${out} @ONLY)
  add_library(sf_drivers STATIC ${out} ${objs})
  foreach(o ${objs})
    if(NOT o MATCHES "^\\$<")
      set_source_files_properties(${o} PROPERTIES EXTERNAL_OBJECT ON GENERATED ON)
    endif()
  endforeach()
  target_include_directories(sf_drivers PUBLIC ${PROJECT_SOURCE_DIR}/harness/driver)
  target_link_libraries(sf_drivers PUBLIC ${libs})
  if(deps)
    add_dependencies(sf_drivers ${deps})
  endif()
endfunction()
