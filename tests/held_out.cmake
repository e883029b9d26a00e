# The held-out descriptions measure how well the lexicons carry over to wording they were not
# tuned on, so some may fail; at least MIN_PERCENT of them must pass.
#   -D BINARY=path -D CASES=file -D MIN_PERCENT=n
execute_process(COMMAND "${BINARY}" rules test "${CASES}" OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE code)
if(NOT code EQUAL 0 AND NOT code EQUAL 1)
  message(FATAL_ERROR "rules test exited ${code}:\n${out}${err}")
endif()
if(NOT out MATCHES "([0-9]+) passed, ([0-9]+) failed")
  message(FATAL_ERROR "no count in the output:\n${out}")
endif()
set(passed ${CMAKE_MATCH_1})
math(EXPR total "${CMAKE_MATCH_1} + ${CMAKE_MATCH_2}")
math(EXPR percent "100 * ${passed} / ${total}")
message(STATUS "${passed} of ${total} held-out descriptions read as expected (${percent}%)")
if(total LESS 20 OR percent LESS ${MIN_PERCENT})
  message(FATAL_ERROR "${passed} of ${total} held-out descriptions pass, below ${MIN_PERCENT}%:\n${out}")
endif()
