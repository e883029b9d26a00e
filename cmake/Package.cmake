# What `cmake --install` puts where, and the Debian package `cpack -G DEB` makes of it: the
# binary, its manual page and shell completions (both generated from the built binary, so
# they say what it does), and the documents. The version is PROJECT_VERSION throughout.
include(GNUInstallDirs)

find_package(Python3 COMPONENTS Interpreter REQUIRED)
set(man_page ${CMAKE_CURRENT_BINARY_DIR}/share/man/ftadvisor.1)
add_custom_command(
  OUTPUT ${man_page}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/share/man
  COMMAND Python3::Interpreter ${PROJECT_SOURCE_DIR}/tools/man_page.py $<TARGET_FILE:ftadvisor>
          ${PROJECT_SOURCE_DIR}/docs/interface.md ${PROJECT_SOURCE_DIR}/CHANGELOG.md ${man_page}
  DEPENDS ftadvisor ${PROJECT_SOURCE_DIR}/tools/man_page.py ${PROJECT_SOURCE_DIR}/docs/interface.md
          ${PROJECT_SOURCE_DIR}/CHANGELOG.md
  COMMENT "Writing the manual page ftadvisor(1)"
  VERBATIM)
# Compressed as Debian's policy asks, without a name or time in the header (the same bytes
# from the same page).
find_program(GZIP gzip REQUIRED)
add_custom_command(
  OUTPUT ${man_page}.gz
  COMMAND ${GZIP} -9 -n -f -k ${man_page}
  DEPENDS ${man_page}
  VERBATIM)

set(completions_dir ${CMAKE_CURRENT_BINARY_DIR}/share/completions)
set(completion_files "")
foreach(shell bash zsh fish)
  set(file_bash ftadvisor)
  set(file_zsh _ftadvisor)
  set(file_fish ftadvisor.fish)
  set(out ${completions_dir}/${shell}/${file_${shell}})
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${completions_dir}/${shell}
    COMMAND ${CMAKE_COMMAND} "-DCOMMAND=$<TARGET_FILE:ftadvisor>;completion;${shell}" -DOUTPUT=${out}
            -P ${PROJECT_SOURCE_DIR}/cmake/run_to_file.cmake
    DEPENDS ftadvisor ${PROJECT_SOURCE_DIR}/cmake/run_to_file.cmake
    COMMENT "Writing the ${shell} completion"
    VERBATIM)
  list(APPEND completion_files ${out})
endforeach()
add_custom_target(ftadvisor_shipped ALL DEPENDS ${man_page}.gz ${completion_files})

install(TARGETS ftadvisor RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${man_page}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${completions_dir}/bash/ftadvisor DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES ${completions_dir}/zsh/_ftadvisor DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES ${completions_dir}/fish/ftadvisor.fish DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
install(FILES README.md CHANGELOG.md LICENSE NOTICE DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs FILES_MATCHING PATTERN "*.md")
install(DIRECTORY examples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)

set(CPACK_PACKAGE_NAME ftadvisor)
set(CPACK_PACKAGE_VENDOR "the ftadvisor authors")
set(CPACK_PACKAGE_CONTACT "the ftadvisor authors <ftadvisor@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "advises whether to fine-tune a language model, or use prompts, RAG or the base model")
set(CPACK_PACKAGE_DESCRIPTION "ftadvisor tells a team whether to fine-tune a language model for their project, or to
use prompt engineering, retrieval (RAG) or the base model, with the cost, timeline and upkeep
that fine-tuning would bring. It reads project specs in JSON or YAML, checks proposals in CI,
and measures training sets.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_LICENSE Apache-2.0)
# The shared libraries' packages (libyaml-cpp0.7, libre2-9, ...) found by dpkg-shlibdeps.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
