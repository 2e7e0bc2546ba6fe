# apply_patch.cmake - copies the reference library (targets/scope/*.c *.h)
# into OUT_DIR and applies one seeded-bug patch to the copy; run at build
# time by sf_add_zoo() (targets/zoo/CMakeLists.txt):
#
#   cmake -DSRC_DIR=<targets/scope> -DPATCH=<bug.patch> -DOUT_DIR=<dir>
#         -DSTAMP=<file> -P apply_patch.cmake
#
# The patch must apply exactly (no fuzz): a patch that no longer applies to
# the reference stops the build with the tool's message.  Uses `patch -p1`
# when installed, else `git apply` (git is always there); neither needs a
# repository.
foreach(v SRC_DIR PATCH OUT_DIR STAMP)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "apply_patch.cmake: -D${v}=... missing")
  endif()
endforeach()

file(REMOVE_RECURSE ${OUT_DIR})
file(MAKE_DIRECTORY ${OUT_DIR})
file(GLOB srcs ${SRC_DIR}/*.c ${SRC_DIR}/*.h)
file(COPY ${srcs} DESTINATION ${OUT_DIR})

find_program(SF_PATCH_EXE patch)
if(SF_PATCH_EXE)
  execute_process(
    COMMAND ${SF_PATCH_EXE} -p1 --batch --forward --fuzz=0 --no-backup-if-mismatch
            -d ${OUT_DIR} -i ${PATCH}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
else()
  find_program(SF_GIT_EXE git REQUIRED)
  # The build tree may lie inside the project's checkout: the ceiling keeps
  # git from finding that repository (git apply would then resolve paths
  # against its top level and skip every file).
  get_filename_component(parent ${OUT_DIR} DIRECTORY)
  execute_process(
    COMMAND ${CMAKE_COMMAND} -E env GIT_CEILING_DIRECTORIES=${parent}
            ${SF_GIT_EXE} apply -p1 --verbose ${PATCH}
    WORKING_DIRECTORY ${OUT_DIR}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
endif()
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "zoo: ${PATCH} no longer applies to ${SRC_DIR}:\n${out}")
endif()
# Fresh timestamps: the copies must be newer than the patch for the build.
file(GLOB outs ${OUT_DIR}/*)
file(TOUCH ${outs} ${STAMP})
