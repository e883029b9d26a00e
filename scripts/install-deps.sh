#!/usr/bin/env bash
# Installs what ftadvisor needs to build and test, from Debian's packages. Safe to re-run.
set -euo pipefail

packages=(
  cmake ninja-build g++
  libcli11-dev nlohmann-json3-dev libyaml-cpp-dev libfmt-dev libsimdjson-dev libre2-dev libxxhash-dev libedit-dev libmimalloc-dev libssl-dev pkg-config
  # tests: Catch2 v2, an independent JSON Schema validator for `ftadvisor schema`, and git
  # for the pre-commit hook of examples/ci
  catch2 python3 python3-jsonschema python3-yaml git
  # tests/check_reports.py validates the JUnit report against Jenkins' schema with xmllint
  libxml2-utils
  # tools/spelling_keep.py, checked by a test: the word lists that rules/spelling.yaml comes from
  wamerican wbritish
  # tests/completion.sh runs the completions in each shell; the manual page is checked with
  # groff; tests/package.sh builds the .deb (dpkg-shlibdeps finds its dependencies)
  zsh fish groff-base dpkg-dev
  # scripts/lint.sh
  clang-format clang-tidy
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "Installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
