# sf_drivers.cmake - the driver registry (harness/driver/registry.h).
#
# sf_add_driver(NAME <name> SYMBOL <c symbol>
#               [SOURCES <file>...] [OBJECTS <file.o>...]
#               [LIBS <target or lib>...] [DEPENDS <target>...])
#   Registers the driver table `const struct sf_driver <SYMBOL>` under
#   <name> (its .name string; `scopefuzz run --impl <name>`, the `impl`
#   line of .sched files, SCOPEFUZZ_IMPL of the fuzz targets).
#   SOURCES  compiled here into an object library sf_driver_<name>, with
#            harness/driver and include/ on the include path.
#   OBJECTS  ready object files (e.g. the output of an add_custom_command
#            in another directory: also name the target that builds them
#            in DEPENDS, CMake does not track custom outputs across
#            directories).
#   LIBS     what the driver links against (e.g. scope_sim, sf_platform_sim).
#   Every call appends to the global property SF_DRIVERS; call it from any
#   directory before sf_drivers_generate().
#
# sf_drivers_generate()
#   Called once by the root CMakeLists.txt after every add_subdirectory():
#   generates registry.c (extern declarations + a table sorted by name)
#   and builds the static library `sf_drivers`, which links every
#   registered driver.  Link `sf_drivers` to use sf_driver_find() & co.
#   The reference adapter (targets/scope/driver_scope.c over scope_sim) is
#   registered here when no driver named "reference" was registered.

set(SF_DRIVERS_DIR ${CMAKE_CURRENT_LIST_DIR})

function(sf_add_driver)
  cmake_parse_arguments(D "" "NAME;SYMBOL" "SOURCES;OBJECTS;LIBS;DEPENDS" ${ARGN})
  if(NOT D_NAME OR NOT D_SYMBOL)
    message(FATAL_ERROR "sf_add_driver: NAME and SYMBOL are required")
  endif()
  if(NOT D_NAME MATCHES "^[A-Za-z0-9_.-]+$")
    message(FATAL_ERROR "sf_add_driver: bad driver name '${D_NAME}'")
  endif()
  get_property(names GLOBAL PROPERTY SF_DRIVER_NAMES)
  if(D_NAME IN_LIST names)
    message(FATAL_ERROR "sf_add_driver: driver '${D_NAME}' registered twice")
  endif()
  set(objs "")
  foreach(o ${D_OBJECTS})
    get_filename_component(o ${o} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_BINARY_DIR})
    list(APPEND objs ${o})
  endforeach()
  if(D_SOURCES)
    string(MAKE_C_IDENTIFIER "sf_driver_${D_NAME}" tgt)
    add_library(${tgt} OBJECT ${D_SOURCES})
    target_include_directories(${tgt} PRIVATE ${PROJECT_SOURCE_DIR}/harness/driver
                                              ${PROJECT_SOURCE_DIR}/include)
    target_link_libraries(${tgt} PRIVATE ${D_LIBS})
    list(APPEND objs $<TARGET_OBJECTS:${tgt}>)
  endif()
  set_property(GLOBAL APPEND PROPERTY SF_DRIVER_NAMES ${D_NAME})
  set_property(GLOBAL PROPERTY SF_DRIVER_${D_NAME}_SYMBOL ${D_SYMBOL})
  set_property(GLOBAL PROPERTY SF_DRIVER_${D_NAME}_OBJECTS "${objs}")
  set_property(GLOBAL PROPERTY SF_DRIVER_${D_NAME}_LIBS "${D_LIBS}")
  set_property(GLOBAL PROPERTY SF_DRIVER_${D_NAME}_DEPENDS "${D_DEPENDS}")
endfunction()

function(sf_drivers_generate)
  get_property(names GLOBAL PROPERTY SF_DRIVER_NAMES)
  if(NOT "reference" IN_LIST names AND TARGET scope_sim)
    sf_add_driver(NAME reference SYMBOL sf_driver_reference
                  SOURCES ${PROJECT_SOURCE_DIR}/targets/scope/driver_scope.c LIBS scope_sim)
    get_property(names GLOBAL PROPERTY SF_DRIVER_NAMES)
  endif()
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
