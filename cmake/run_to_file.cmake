# Runs a command and writes its standard output to a file; fails the build when it fails.
#   cmake -D COMMAND="prog;arg;..." -D OUTPUT=file -P cmake/run_to_file.cmake
execute_process(COMMAND ${COMMAND} OUTPUT_FILE "${OUTPUT}.tmp" RESULT_VARIABLE code)
if(NOT code EQUAL 0)
  file(REMOVE "${OUTPUT}.tmp")
  message(FATAL_ERROR "${COMMAND}: exit code ${code}")
endif()
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
