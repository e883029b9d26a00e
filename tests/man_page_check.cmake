# Checks the generated manual page: groff reads it without a warning, it names the release
# that --version prints, and it has a section for every command and every section of the
# interface contract it is made from.
#   cmake -D MAN_PAGE=ftadvisor.1 -D BINARY=ftadvisor -P tests/man_page_check.cmake
execute_process(COMMAND groff -man -ww -z "${MAN_PAGE}" ERROR_VARIABLE warnings RESULT_VARIABLE code)
if(NOT code EQUAL 0 OR NOT warnings STREQUAL "")
  message(FATAL_ERROR "groff: ${MAN_PAGE}:\n${warnings}")
endif()
file(READ "${MAN_PAGE}" page)
execute_process(COMMAND "${BINARY}" --version OUTPUT_VARIABLE version OUTPUT_STRIP_TRAILING_WHITESPACE)
set(expected "\"${version}\"" "ftadvisor \\- should this project" ".SH SYNOPSIS" ".SH OPTIONS" ".SH COMMANDS"
  ".SH EXIT STATUS" ".SH ENVIRONMENT" ".SH FILES" ".SH VERSIONS" ".SS ftadvisor ask" ".SS ftadvisor evaluate"
  ".SS ftadvisor check" ".SS ftadvisor data stats" ".SS ftadvisor rules check" ".SS ftadvisor rules show"
  ".SS ftadvisor rules test" ".SS ftadvisor schema" ".SS ftadvisor init" ".SS ftadvisor completion"
  "\\fB\\-\\-explain\\fR" "FTADVISOR_RULES")
foreach(text IN LISTS expected)
  string(FIND "${page}" "${text}" at)
  if(at EQUAL -1)
    message(SEND_ERROR "${MAN_PAGE} does not say: ${text}")
  endif()
endforeach()
