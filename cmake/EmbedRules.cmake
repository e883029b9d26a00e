# ftadvisor_embed_rules(OUTPUT file.cpp FILES a.yaml ...)
# Generates a C++ source that holds each rules file as a string, so the binary serves its
# default rules with nothing installed. The build re-runs the generator when a file changes.
function(ftadvisor_embed_rules)
  cmake_parse_arguments(ARG "" "OUTPUT" "FILES" ${ARGN})
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
      -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/GenerateEmbeddedRules.cmake
    DEPENDS ${abs_files} ${CMAKE_CURRENT_SOURCE_DIR}/cmake/GenerateEmbeddedRules.cmake
    COMMENT "Embedding default rules"
    VERBATIM)
endfunction()
