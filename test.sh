#!/usr/bin/env bash
# Runs every GameOps test. Installs what the tests need from Debian's packages when it is missing,
# builds, runs the whole suite with a hang timeout, and ends with one line:
#   tests: N passed, N failed, N skipped
# With --fast it runs only the fast tier: tests without the trait Category=Slow (those start real game
# servers, silo or agent processes, or publish the Native AOT agent). See docs/testing.md.
set -uo pipefail
cd "$(dirname "$0")"

filter=()
if [ "${1:-}" = "--fast" ]; then
  filter=(--filter "Category!=Slow")
fi

# Debian packages the suite needs: servers and tools the integration tests start themselves (game servers, and the
# PostgreSQL and Redis of cluster mode, each started on a free port in a temporary folder), and clang and zlib for
# the Native AOT agent an end-to-end test publishes, and Chromium for the web console's browser tests (Playwright
# cannot download its own browser here; the tests launch /usr/bin/chromium).
packages=(curl jq openarena-server teeworlds-server postgresql redis-server clang zlib1g-dev chromium)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing ${missing[*]} with apt-get"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null \
    || { echo "apt-get could not install ${missing[*]}"; echo "tests: 0 passed, 1 failed, 0 skipped"; exit 1; }
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT

# The hang timeout is per test. The getting-started test builds the silo and the agent from a fresh copy with
# `dotnet run`, as a new user does: on a heavily loaded 2-core machine its first build alone took over 6 minutes, so
# each of its commands may take 10, and the hang timeout leaves room for the whole page.
dotnet test GameOps.sln \
  --configuration Release \
  --blame-hang-timeout 20m --blame-hang-dump-type none "${filter[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# One summary line per test assembly, e.g. "Passed!  - Failed: 0, Passed: 20, Skipped: 0, Total: 20".
read -r passed failed skipped < <(awk '
  /(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+/ {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:")  { f += $(i+1) + 0 }
      if ($i == "Passed:")  { p += $(i+1) + 0 }
      if ($i == "Skipped:") { s += $(i+1) + 0 }
    }
  }
  END { printf "%d %d %d\n", p, f, s }' "$log")

# A build error, a crashed or hung test host leaves no summary line: count it as a failure.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi

echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
