# rules/spelling.yaml must be what tools/spelling_keep.py writes from today's lexicons, so that
# a phrase added since does not turn real words into "misspellings" of it.
#   -D SOURCE=the source folder
if(NOT EXISTS /usr/share/dict/american-english OR NOT EXISTS /usr/share/dict/british-english)
  message(FATAL_ERROR "needs Debian's wamerican and wbritish (scripts/install-deps.sh installs them)")
endif()
execute_process(COMMAND python3 tools/spelling_keep.py WORKING_DIRECTORY "${SOURCE}"
                OUTPUT_VARIABLE written RESULT_VARIABLE code ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "tools/spelling_keep.py failed (${code}): ${err}")
endif()
file(READ "${SOURCE}/rules/spelling.yaml" checked_in)
if(NOT written STREQUAL checked_in)
  message(FATAL_ERROR "rules/spelling.yaml is out of date: run tools/spelling_keep.py > rules/spelling.yaml")
endif()
