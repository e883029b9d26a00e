# `rules show`, given back through --rules, must show the same rules and give byte-identical
# evaluations. Run by ctest: -D BINARY=... -D WORKDIR=... -D SCRATCH=dir -D EXAMPLES=a|b|...
file(MAKE_DIRECTORY "${SCRATCH}")
set(shown "${SCRATCH}/shown.yaml")
execute_process(COMMAND "${BINARY}" rules show WORKING_DIRECTORY "${WORKDIR}"
  OUTPUT_FILE "${shown}" RESULT_VARIABLE code)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "rules show failed with ${code}")
endif()
execute_process(COMMAND "${BINARY}" --rules "${shown}" rules show WORKING_DIRECTORY "${WORKDIR}"
  OUTPUT_VARIABLE again RESULT_VARIABLE code)
file(READ "${shown}" first)
if(NOT code EQUAL 0 OR NOT again STREQUAL first)
  message(FATAL_ERROR "rules show, loaded back, shows different rules (exit ${code})")
endif()
string(REPLACE "|" ";" examples "${EXAMPLES}")
foreach(example IN LISTS examples)
  foreach(format text json)
    execute_process(COMMAND "${BINARY}" --format ${format} evaluate "${example}" WORKING_DIRECTORY "${WORKDIR}"
      OUTPUT_VARIABLE built_in)
    execute_process(COMMAND "${BINARY}" --rules "${shown}" --format ${format} evaluate "${example}"
      WORKING_DIRECTORY "${WORKDIR}" OUTPUT_VARIABLE reloaded)
    if(NOT built_in STREQUAL reloaded)
      message(FATAL_ERROR "${example} (${format}) differs under the shown rules")
    endif()
  endforeach()
endforeach()
