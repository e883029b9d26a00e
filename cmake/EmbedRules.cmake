# ftadvisor_embed_rules(OUTPUT file.cpp FUNCTION name FILES a.yaml ... [AS_JSON])
# Generates a C++ source defining `const std::vector<RuleSource>& ftadvisor::name()` that
# holds each file as a string, so the binary serves them with nothing installed. With
# AS_JSON, each YAML file is first converted to JSON by the rules_to_json tool (the same
# parser as at run time), because JSON loads about ten times faster at start-up; the sources
# keep their YAML names. The build re-runs the generator when a file changes.
function(ftadvisor_embed_rules)
  cmake_parse_arguments(ARG "AS_JSON" "OUTPUT;FUNCTION" "FILES" ${ARGN})
  set(inputs "")
  set(depends "")
  foreach(f IN LISTS ARG_FILES)
    if(ARG_AS_JSON)
      set(json ${CMAKE_CURRENT_BINARY_DIR}/generated/${f}.json)
      add_custom_command(
        OUTPUT ${json}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/generated/rules
        COMMAND ftadvisor_rules_to_json ${CMAKE_CURRENT_SOURCE_DIR}/${f} ${json}
        DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${f} ftadvisor_rules_to_json
        COMMENT "Converting ${f} to JSON"
        VERBATIM)
      list(APPEND inputs "${f}=${json}=${CMAKE_CURRENT_SOURCE_DIR}/${f}")
      list(APPEND depends ${json})
    else()
      list(APPEND inputs "${f}=${CMAKE_CURRENT_SOURCE_DIR}/${f}=")
      list(APPEND depends ${CMAKE_CURRENT_SOURCE_DIR}/${f})
    endif()
  endforeach()
  string(REPLACE ";" "|" files_arg "${inputs}")
  if(ARG_AS_JSON)
    set(format json)
  else()
    set(format yaml)
  endif()
  add_custom_command(
    OUTPUT ${ARG_OUTPUT}
    COMMAND ${CMAKE_COMMAND}
      -D "FILES=${files_arg}"
      -D "OUTPUT=${ARG_OUTPUT}"
      -D "FUNCTION=${ARG_FUNCTION}"
      -D "FORMAT=${format}"
      -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/GenerateEmbeddedRules.cmake
    DEPENDS ${depends} ${CMAKE_CURRENT_SOURCE_DIR}/cmake/GenerateEmbeddedRules.cmake
    COMMENT "Embedding default rules"
    VERBATIM)
endfunction()
