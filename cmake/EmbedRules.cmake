# ftadvisor_embed_rules(OUTPUT file.cpp FUNCTION name FILES a.yaml ...)
# Generates a C++ source defining `const std::vector<RuleSource>& ftadvisor::name()` that
# holds each file as a string, so the binary serves them with nothing installed. The build
# re-runs the generator when a file changes.
function(ftadvisor_embed_rules)
  cmake_parse_arguments(ARG "" "OUTPUT;FUNCTION" "FILES" ${ARGN})
  set(abs_files "")
  foreach(f IN LISTS ARG_FILES)
    list(APPEND abs_files ${CMAKE_CURRENT_SOURCE_DIR}/${f})
  endforeach()
  string(REPLACE ";" "|" files_arg "${ARG_FILES}")
  add_custom_command(
    OUTPUT ${ARG_OUTPUT}
    COMMAND ${CMAKE_COMMAND}
      -D "SOURCE_DIR=${CMAKE_CURRENT_SOURCE_DIR}"
      -D "FILES=${files_arg}"
      -D "OUTPUT=${ARG_OUTPUT}"
      -D "FUNCTION=${ARG_FUNCTION}"
      -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/GenerateEmbeddedRules.cmake
    DEPENDS ${abs_files} ${CMAKE_CURRENT_SOURCE_DIR}/cmake/GenerateEmbeddedRules.cmake
    COMMENT "Embedding default rules"
    VERBATIM)
endfunction()
