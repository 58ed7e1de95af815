#!/usr/bin/env bash
# Makes sure the Debian packages the test suites start for real are present: MariaDB (API e2e on
# MySQL), Chromium and its fonts (browser e2e). Installs them with apt-get when running as root;
# otherwise says exactly what to install. Run by `npm test` (pretest) and by .ci/run.
set -euo pipefail

missing=()
[ -x /usr/sbin/mariadbd ] || [ -x /usr/bin/mariadbd ] || missing+=(mariadb-server)
command -v mariadb >/dev/null 2>&1 || missing+=(mariadb-client)
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s fonts-liberation >/dev/null 2>&1 || missing+=(fonts-liberation)
# The cluster suite (test/cluster, issue 15): Galera, mariabackup state transfer (streamed with
# socat), HAProxy in front.
[ -e /usr/lib/galera/libgalera_smm.so ] || missing+=(galera-4)
command -v mariabackup >/dev/null 2>&1 || missing+=(mariadb-backup)
command -v socat >/dev/null 2>&1 || missing+=(socat)
[ -x /usr/sbin/haproxy ] || missing+=(haproxy)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "The test suites need: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
echo "Installing ${missing[*]} (Debian packages used by the test suites)…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
