# Runs the ftadvisor binary and compares its stdout, stderr and exit code with checked-in
# files. Run by ctest through `cmake -P`; see tests/CMakeLists.txt.
#   -D BINARY=path        the ftadvisor binary
#   -D ARGS=a|b|c         its arguments, separated by |
#   -D WORKDIR=dir        where to run it (paths in messages are relative to it)
#   -D STDIN=file         optional: feed this file on standard input
#   -D EXPECT_CODE=n      the exit code
#   -D EXPECT_STDOUT=file optional: the exact standard output
#   -D EXPECT_STDERR=file optional: the exact standard error
#   -D VERSION=x.y.z      the release: where the output names it (`ftadvisor x.y.z`, the JSON's
#                         ftadvisor_version), the expected files say @VERSION@, so that a new
#                         release does not rewrite every golden file
# With FTADVISOR_UPDATE_GOLDEN=1 in the environment it rewrites the expected files instead;
# read every changed file before committing it.
cmake_minimum_required(VERSION 3.25)
if(NOT DEFINED EXPECT_CODE OR (NOT DEFINED EXPECT_STDOUT AND NOT DEFINED EXPECT_STDERR))
  message(FATAL_ERROR "a golden test needs EXPECT_CODE and EXPECT_STDOUT or EXPECT_STDERR")
endif()
string(REPLACE "|" ";" args "${ARGS}")
set(input_args "")
if(DEFINED STDIN AND NOT STDIN STREQUAL "")
  set(input_args INPUT_FILE "${STDIN}")
endif()
execute_process(
  COMMAND "${BINARY}" ${args}
  WORKING_DIRECTORY "${WORKDIR}"
  ${input_args}
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err
  RESULT_VARIABLE code)
if(DEFINED VERSION AND NOT VERSION STREQUAL "")
  foreach(stream out err)
    foreach(form "ftadvisor ${VERSION}" "\"ftadvisor_version\": \"${VERSION}\"" "\"ftadvisor_version\":\"${VERSION}\"")
      string(REPLACE "${VERSION}" "@VERSION@" generic "${form}")
      string(REPLACE "${form}" "${generic}" ${stream} "${${stream}}")
    endforeach()
  endforeach()
endif()

if("$ENV{FTADVISOR_UPDATE_GOLDEN}" STREQUAL "1")
  if(DEFINED EXPECT_STDOUT AND NOT EXPECT_STDOUT STREQUAL "")
    file(WRITE "${EXPECT_STDOUT}" "${out}")
  endif()
  if(DEFINED EXPECT_STDERR AND NOT EXPECT_STDERR STREQUAL "")
    file(WRITE "${EXPECT_STDERR}" "${err}")
  endif()
  message(STATUS "updated golden files (exit code ${code})")
endif()

set(failed FALSE)
if(NOT code STREQUAL "${EXPECT_CODE}")
  message(SEND_ERROR "exit code: expected ${EXPECT_CODE}, got ${code}\nstderr:\n${err}")
  set(failed TRUE)
endif()
foreach(stream stdout stderr)
  string(TOUPPER "${stream}" upper)
  if(stream STREQUAL "stdout")
    set(actual "${out}")
  else()
    set(actual "${err}")
  endif()
  if(DEFINED EXPECT_${upper} AND NOT EXPECT_${upper} STREQUAL "")
    file(READ "${EXPECT_${upper}}" expected)
    if(NOT actual STREQUAL expected)
      string(RANDOM LENGTH 8 tag)
      set(actual_file "${CMAKE_CURRENT_BINARY_DIR}/golden-actual-${tag}.txt")
      file(WRITE "${actual_file}" "${actual}")
      execute_process(COMMAND diff -u "${EXPECT_${upper}}" "${actual_file}" OUTPUT_VARIABLE diff)
      file(REMOVE "${actual_file}")
      message(SEND_ERROR "${stream} differs from ${EXPECT_${upper}}:\n${diff}")
      set(failed TRUE)
    endif()
  endif()
endforeach()
if(failed)
  message(FATAL_ERROR "golden test failed")
endif()
