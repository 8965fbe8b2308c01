#!/usr/bin/env bash
# Installs the GameOps edge agent on this host and enrols it: its system user, the Native AOT binary, the systemd unit,
# and the config, which `gameops-agent enrol` fills with the host's credential in exchange for the one-time token.
# Run it as "add host" shows it (POST /api/v1/hosts answers with this command), from the repository root:
#
#   sudo deploy/install-agent.sh --control-plane-url https://gameops.example.com:5443 \
#     --certificate-fingerprint 3A:7F:...:58 --token goe_4f1c2a9e....Xk2...
#
# Run it again without --token to upgrade the binary and the unit: the config is kept as it is. With a new token of the
# same host (POST /api/v1/hosts/{id}/enrolment) it enrols again and keeps the config's game servers. A config that
# belongs to another host is never touched (the script stops first), and a refused token installs no binary or unit
# and leaves the config as it was.
#
# --binary PATH is the agent to install (default: out/gameops-agent in this repository, where `dotnet publish
# src/EdgeAgent -c Release -r linux-x64 -o out` puts it). --root DIR installs under DIR instead of / (for packaging
# and tests): the user is not created, no owner or group is set, and systemd is not touched. --no-start installs
# without enabling and starting the unit.
set -euo pipefail
export LC_ALL=C

usage() {
  sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
  exit 64
}

fail() {
  echo "install-agent: $1" >&2
  exit "${2:-1}"
}

here=$(cd "$(dirname "$0")" && pwd)
root=/
binary="$here/../out/gameops-agent"
url=""
fingerprint=""
token=""
start=yes
user=gameops-agent

while [ $# -gt 0 ]; do
  case "$1" in
    --root) root=${2:?--root needs a folder}; shift 2 ;;
    --binary) binary=${2:?--binary needs a path}; shift 2 ;;
    --control-plane-url) url=${2:?--control-plane-url needs a URL}; shift 2 ;;
    --certificate-fingerprint) fingerprint=${2:?--certificate-fingerprint needs a fingerprint}; shift 2 ;;
    --token) token=${2:?--token needs the enrolment token}; shift 2 ;;
    --no-start) start=no; shift ;;
    -h|--help) usage ;;
    *) fail "unknown option $1 (see --help)" 64 ;;
  esac
done

[ -f "$binary" ] && [ -x "$binary" ] || fail "--binary must name the agent binary, $binary is none (dotnet publish src/EdgeAgent -c Release -r linux-x64 -o out)" 64

real_root=no
[ "$(realpath -m "$root")" = / ] && real_root=yes
prefix=${root%/}
config_dir="$prefix/etc/gameops"
config="$config_dir/agent.json"

host_id=""
if [ -n "$token" ]; then
  # goe_<host id>.<256 random bits, base64url>: the host id is no secret, and says which host the token enrols.
  [[ "$token" =~ ^goe_([a-z0-9][a-z0-9_-]{0,63})\.[A-Za-z0-9_-]{43}$ ]] || fail "--token must be the enrolment token the control plane gave (goe_...)" 64
  host_id=${BASH_REMATCH[1]}
  [[ "$url" =~ ^https?://[][A-Za-z0-9.:-]+/?$ ]] || fail "--control-plane-url must be the gateway's scheme, host and port, e.g. https://gameops.example.com:5443" 64
  if [ -n "$fingerprint" ]; then
    [[ "$fingerprint" =~ ^[0-9A-Fa-f:]{64,95}$ ]] || fail "--certificate-fingerprint must be the gateway certificate's SHA-256: 64 hex digits, colons allowed" 64
  elif [[ "$url" == https://* ]]; then
    fail "--certificate-fingerprint is required with an https:// control plane URL" 64
  fi
elif [ ! -e "$config" ]; then
  fail "--token is required to install: the enrolment token of the host (POST /api/v1/hosts shows the whole command)" 64
fi

# Checked before anything is installed: a machine that serves another host is left exactly as it was.
if [ -n "$host_id" ] && [ -e "$config" ]; then
  existing=$(grep -o '"hostId"[[:space:]]*:[[:space:]]*"[^"]*"' "$config" | head -n 1 | sed 's/.*"\([^"]*\)"$/\1/' || true)
  if [ -n "$existing" ] && [ "$existing" != "$host_id" ]; then
    fail "$config belongs to host '$existing', not '$host_id': nothing was changed. Remove it first to give this machine to another host." 3
  fi
fi

if [ "$real_root" = yes ] && ! id "$user" > /dev/null 2>&1; then
  useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
  echo "created the system user $user"
fi

if [ "$real_root" = yes ]; then
  install -d -m 0750 -g "$user" "$config_dir"
else
  install -d -m 0750 "$config_dir"
fi

if [ -n "$token" ]; then
  # Enrolled into a copy, moved into place only when the token was accepted. The agent rewrites the copy in place, so
  # it keeps the mode and group set here: readable by the agent's group, not by others (it holds the credential).
  staged="$config.enrolling"
  rm -f "$staged"
  if [ -e "$config" ]; then
    cp -p "$config" "$staged"
  else
    (umask 077; echo '{ "servers": [] }' > "$staged")
    [ "$real_root" = yes ] && chgrp "$user" "$staged"
    chmod 0640 "$staged"
  fi

  enrol=("$binary" enrol --url "$url" --token "$token" --config "$staged")
  [ -n "$fingerprint" ] && enrol+=(--fingerprint "$fingerprint")
  status=0
  "${enrol[@]}" > /dev/null || status=$?
  if [ "$status" -ne 0 ]; then
    rm -f "$staged"
    fail "gameops-agent enrol failed (exit $status, above): no binary or unit was installed and the config is as it was" "$status"
  fi
  mv "$staged" "$config"
  echo "enrolled as host $host_id: wrote $config; add the game servers to its \"servers\" (docs/agent.md)"
else
  echo "kept $config"
fi

install -d -m 0755 "$prefix/usr/local/bin" "$prefix/etc/systemd/system"
install -m 0755 "$binary" "$prefix/usr/local/bin/gameops-agent"
install -m 0644 "$here/systemd/gameops-agent.service" "$prefix/etc/systemd/system/gameops-agent.service"
echo "installed $prefix/usr/local/bin/gameops-agent and $prefix/etc/systemd/system/gameops-agent.service"

if [ "$real_root" = yes ]; then
  systemctl daemon-reload
  if [ "$start" = yes ]; then
    systemctl enable gameops-agent > /dev/null
    systemctl restart gameops-agent
    echo "gameops-agent is running: systemctl status gameops-agent"
  fi
fi
