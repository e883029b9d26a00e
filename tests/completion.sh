#!/usr/bin/env bash
# Runs the completion scripts that `ftadvisor completion` prints in the shells themselves,
# from the source tree: bash and fish complete a set of command lines and the answers are
# compared; zsh, which completes only inside its line editor, is checked for syntax.
#   tests/completion.sh BINARY
set -euo pipefail
binary=$(realpath "$1")
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0

"$binary" completion bash > "$work/ftadvisor.bash"
"$binary" completion zsh > "$work/_ftadvisor"
"$binary" completion fish > "$work/ftadvisor.fish"

# bash: the words of a command line (the last one is being completed) -> the replies.
bash_complete() {
    bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _ftadvisor; printf "%s\n" "${COMPREPLY[@]}"' \
        _ "$work/ftadvisor.bash" "$@" | sort | tr '\n' ' ' | sed 's/ $//'
}
expect_bash() {
    local want=$1
    shift
    local got
    got=$(bash_complete "$@")
    if [ "$got" != "$want" ]; then
        echo "bash: '$*': expected '$want', got '$got'"
        failed=1
    fi
}
expect_bash "evaluate" ftadvisor ev
expect_bash "json jsonl junit" ftadvisor --format j
expect_bash "json jsonl junit" ftadvisor evaluate --format j
expect_bash "mismatch never warning" ftadvisor check --fail-on ""
expect_bash "stats" ftadvisor data ""
expect_bash "check show test" ftadvisor rules ""
expect_bash "--explain" ftadvisor evaluate --ex
expect_bash "--max-dataset-size --max-file-size --max-line-size --max-rules-size --max-tokens" ftadvisor data stats --max-
expect_bash "bash fish zsh" ftadvisor completion ""
expect_bash "examples/clinic-triage.json" ftadvisor evaluate examples/clinic
expect_bash "" ftadvisor evaluate --jobs ""

if command -v fish >/dev/null; then
    expect_fish() {
        local want=$1 line=$2 got
        got=$(fish --no-config -c "source '$work/ftadvisor.fish'; complete -C '$line'" | cut -f1 | sort | tr '\n' ' ' |
            sed 's/ $//')
        if [ "$got" != "$want" ]; then
            echo "fish: '$line': expected '$want', got '$got'"
            failed=1
        fi
    }
    expect_fish "evaluate" "ftadvisor ev"
    expect_fish "json jsonl junit" "ftadvisor --format j"
    expect_fish "mismatch never warning" "ftadvisor check --fail-on "
    expect_fish "stats" "ftadvisor data "
    expect_fish "--explain" "ftadvisor evaluate --ex"
    expect_fish "bash fish zsh" "ftadvisor completion "
    expect_fish "examples/clinic-triage.json" "ftadvisor evaluate examples/clinic"
else
    echo "fish is not installed: its completions are not run (scripts/install-deps.sh installs it)"
    failed=1
fi

if command -v zsh >/dev/null; then
    zsh -n "$work/_ftadvisor" || { echo "zsh: the script does not parse"; failed=1; }
else
    echo "zsh is not installed (scripts/install-deps.sh installs it)"
    failed=1
fi
exit $failed
