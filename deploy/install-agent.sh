#!/usr/bin/env bash
# Installs the GameOps edge agent on this host: its system user, the Native AOT binary, the systemd unit and the
# config file, written from the arguments. Idempotent: run it again to upgrade the binary and the unit; an existing
# config is kept as it is, and one that holds another host id is never overwritten (the script stops instead).
#
#   sudo deploy/install-agent.sh --binary out/gameops-agent --control-plane-url https://gameops.example.com:5443 \
#     --certificate-fingerprint 3A:7F:...:58 --host-id 4f1c2a9e... --credential-file /root/host-credential
#
# The credential is read from a file (or from standard input with --credential-file -), never from the command line,
# where every user could read it in the process list.
#
# --root DIR installs under DIR instead of / (for packaging and tests): the user is not created, no owner or group is
# set, and systemd is not touched. --no-start installs without enabling and starting the unit.
set -euo pipefail
export LC_ALL=C

usage() {
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
  exit 64
}

fail() {
  echo "install-agent: $1" >&2
  exit "${2:-1}"
}

here=$(cd "$(dirname "$0")" && pwd)
root=/
binary=""
url=""
fingerprint=""
host_id=""
credential_file=""
start=yes
user=gameops-agent

while [ $# -gt 0 ]; do
  case "$1" in
    --root) root=${2:?--root needs a folder}; shift 2 ;;
    --binary) binary=${2:?--binary needs a path}; shift 2 ;;
    --control-plane-url) url=${2:?--control-plane-url needs a URL}; shift 2 ;;
    --certificate-fingerprint) fingerprint=${2:?--certificate-fingerprint needs a fingerprint}; shift 2 ;;
    --host-id) host_id=${2:?--host-id needs an id}; shift 2 ;;
    --credential-file) credential_file=${2:?--credential-file needs a file, or - for standard input}; shift 2 ;;
    --no-start) start=no; shift ;;
    -h|--help) usage ;;
    *) fail "unknown option $1 (see --help)" 64 ;;
  esac
done

# Every value goes into JSON unescaped, so each is held to characters that need no escaping.
[ -n "$binary" ] && [ -f "$binary" ] || fail "--binary must name the agent binary (dotnet publish src/EdgeAgent -c Release -r linux-x64)" 64
[[ "$host_id" =~ ^[a-z0-9][a-z0-9_-]{0,63}$ ]] || fail "--host-id must be the host's id: 1 to 64 of a-z 0-9 - _" 64
[[ "$url" =~ ^https?://[][A-Za-z0-9.:-]+/?$ ]] || fail "--control-plane-url must be the gateway's scheme, host and port, e.g. https://gameops.example.com:5443" 64
if [ -n "$fingerprint" ]; then
  [[ "$fingerprint" =~ ^[0-9A-Fa-f:]{64,95}$ ]] || fail "--certificate-fingerprint must be the gateway certificate's SHA-256: 64 hex digits, colons allowed" 64
elif [[ "$url" == https://* ]]; then
  fail "--certificate-fingerprint is required with an https:// control plane URL" 64
fi
[ -n "$credential_file" ] || fail "--credential-file must name the file holding the host credential (- for standard input)" 64
if [ "$credential_file" = "-" ]; then
  IFS= read -r credential || true
else
  [ -r "$credential_file" ] || fail "cannot read the credential file $credential_file" 64
  IFS= read -r credential < "$credential_file" || true
fi
[ ${#credential} -le 1024 ] && [[ "$credential" =~ ^[[:graph:]]+$ ]] && [[ "$credential" != *[\"\\]* ]] || fail "the credential must be 1 to 1024 printable ASCII characters without spaces, quotes or backslashes" 64

real_root=no
[ "$(realpath -m "$root")" = / ] && real_root=yes
prefix=${root%/}
config_dir="$prefix/etc/gameops"
config="$config_dir/agent.json"

# Checked before anything is installed: a machine that serves another host is left exactly as it was.
if [ -e "$config" ]; then
  existing=$(grep -o '"hostId"[[:space:]]*:[[:space:]]*"[^"]*"' "$config" | head -n 1 | sed 's/.*"\([^"]*\)"$/\1/' || true)
  if [ "$existing" != "$host_id" ]; then
    fail "$config belongs to host '${existing:-?}', not '$host_id': nothing was changed. Remove it first to give this machine to another host." 3
  fi
fi

if [ "$real_root" = yes ] && ! id "$user" > /dev/null 2>&1; then
  useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
  echo "created the system user $user"
fi

install -d -m 0755 "$prefix/usr/local/bin" "$prefix/etc/systemd/system"
install -m 0755 "$binary" "$prefix/usr/local/bin/gameops-agent"
install -m 0644 "$here/systemd/gameops-agent.service" "$prefix/etc/systemd/system/gameops-agent.service"
echo "installed $prefix/usr/local/bin/gameops-agent and $prefix/etc/systemd/system/gameops-agent.service"

if [ "$real_root" = yes ]; then
  install -d -m 0750 -g "$user" "$config_dir"
else
  install -d -m 0750 "$config_dir"
fi

if [ -e "$config" ]; then
  echo "kept $config (host $host_id)"
else
  (
    umask 077
    {
      echo "{"
      echo "  \"controlPlaneUrl\": \"${url%/}\","
      [ -n "$fingerprint" ] && echo "  \"certificateFingerprint\": \"$fingerprint\","
      echo "  \"hostId\": \"$host_id\","
      echo "  \"credential\": \"$credential\","
      echo "  \"servers\": []"
      echo "}"
    } > "$config.tmp"
  )
  if [ "$real_root" = yes ]; then
    chgrp "$user" "$config.tmp"
  fi
  chmod 0640 "$config.tmp"
  mv "$config.tmp" "$config"
  echo "wrote $config (host $host_id); add the game servers to its \"servers\" (docs/agent.md)"
fi

if [ "$real_root" = yes ]; then
  systemctl daemon-reload
  if [ "$start" = yes ]; then
    systemctl enable gameops-agent > /dev/null
    systemctl restart gameops-agent
    echo "gameops-agent is running: systemctl status gameops-agent"
  fi
fi
