#!/usr/bin/env bash
# The style checks CI runs (.ci/run): every C++ file as clang-format lays it out
# (.clang-format), and clang-tidy's checks of .clang-tidy (function size and cognitive
# complexity among them) on the library and the command line, from a configured build's
# compile_commands.json.
#   scripts/lint.sh [BUILD_DIR]    (default build/ci)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/ci}
for tool in clang-format clang-tidy; do
  command -v "$tool" >/dev/null || { echo "scripts/lint.sh: needs $tool (scripts/install-deps.sh installs it)" >&2; exit 2; }
done
[ -f "$build/compile_commands.json" ] || { echo "scripts/lint.sh: configure $build first (cmake --preset ci)" >&2; exit 2; }

status=0
if ! git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run -Werror; then
  echo "scripts/lint.sh: run clang-format -i on the files above" >&2
  status=1
fi
# The build writes the generated sources the compile commands name.
if ! git ls-files 'src/*.cpp' 'src/cli/*.cpp' | xargs -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet 2>/dev/null; then
  echo "scripts/lint.sh: clang-tidy found the problems above (.clang-tidy)" >&2
  status=1
fi
exit $status
