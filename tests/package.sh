#!/usr/bin/env bash
# Builds the Debian package from a release build, installs it with apt (which brings the
# libraries it depends on), runs the installed binary, and removes it again. Run by .ci/run
# as root or with sudo; it refuses to touch a machine where ftadvisor is already installed
# from elsewhere.
#   tests/package.sh [BUILD_DIR]     (default build/release, configured by the release preset)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
if dpkg-query -W -f='${Status}' ftadvisor 2>/dev/null | grep -q "install ok installed"; then
  echo "tests/package.sh: a package ftadvisor is installed already; remove it first" >&2
  exit 2
fi
if [ -e /usr/bin/ftadvisor ]; then
  echo "tests/package.sh: /usr/bin/ftadvisor exists and is not from the package; not replacing it" >&2
  exit 2
fi

cmake --workflow --preset release
version=$(sed -n 's/^project(ftadvisor VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
(cd "$build" && rm -f ./*.deb && cpack -G DEB >/dev/null)
deb=$(ls "$build"/ftadvisor_"$version"_*.deb)
echo "built $deb"
dpkg-deb --info "$deb" | sed -n 's/^ \(Package\|Version\|Depends\|Installed-Size\):/  \1:/p'

cleanup() { $sudo apt-get remove -y -qq ftadvisor >/dev/null 2>&1 || true; }
trap cleanup EXIT
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$(realpath "$deb")" >/dev/null

failed=0
check() { # what, then the command
  local what=$1
  shift
  if ! "$@" >/dev/null 2>&1; then
    echo "FAIL: $what"
    failed=1
  else
    echo "ok: $what"
  fi
}
[ "$(/usr/bin/ftadvisor --version)" = "ftadvisor $version" ] || { echo "FAIL: --version says $(/usr/bin/ftadvisor --version)"; failed=1; }
check "evaluate from the installed path" /usr/bin/ftadvisor --format json evaluate --today 2026-12-01 examples/clinic-triage.json
[ "$(/usr/bin/ftadvisor --format json evaluate --today 2026-12-01 examples/clinic-triage.json | python3 -c 'import json,sys; print(json.load(sys.stdin)["ftadvisor_version"])')" = "$version" ] ||
  { echo "FAIL: the JSON's ftadvisor_version is not $version"; failed=1; }
check "the manual page is installed" test -s /usr/share/man/man1/ftadvisor.1.gz
check "the manual page names the release" sh -c "zcat /usr/share/man/man1/ftadvisor.1.gz | grep -q 'ftadvisor $version'"
check "the bash completion is installed" test -s /usr/share/bash-completion/completions/ftadvisor
check "the zsh completion is installed" test -s /usr/share/zsh/vendor-completions/_ftadvisor
check "the fish completion is installed" test -s /usr/share/fish/vendor_completions.d/ftadvisor.fish
check "the licence is installed" test -s /usr/share/doc/ftadvisor/LICENSE
check "the documents are installed" test -s /usr/share/doc/ftadvisor/docs/interface.md

$sudo apt-get remove -y -qq ftadvisor >/dev/null
trap - EXIT
check "removed" test ! -e /usr/bin/ftadvisor
exit $failed
