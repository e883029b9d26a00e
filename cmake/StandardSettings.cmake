# Warnings and sanitizers as an INTERFACE target that our own targets link PRIVATE,
# so nothing leaks into consumers and no global flags are set. -Wnull-dereference is left
# out: with GCC 12 at -O2 it fires inside inlined libstdc++ and CLI11 code, not ours.
add_library(ftadvisor_standard_settings INTERFACE)
target_compile_options(ftadvisor_standard_settings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual
  -Wimplicit-fallthrough)
if(FTADVISOR_SANITIZE)
  target_compile_options(ftadvisor_standard_settings INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(ftadvisor_standard_settings INTERFACE -fsanitize=address,undefined)
endif()
if(FTADVISOR_BUILD_FUZZ)
  # Coverage for libFuzzer in everything of ours; the targets add libFuzzer's main.
  target_compile_options(ftadvisor_standard_settings INTERFACE -fsanitize=fuzzer-no-link)
endif()
