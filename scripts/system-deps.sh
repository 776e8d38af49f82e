#!/bin/sh
# Debian packages Sammachip needs: Chromium for the browser tests, Thai fonts and Pango for PDFs,
# gettext for the Thai catalogue, Node's npm for static assets, pg_dump and openssl for backups. Installed when missing and run as root.
set -e
need=""
command -v chromium >/dev/null 2>&1 || need="$need chromium"
command -v msgfmt >/dev/null 2>&1 || need="$need gettext"
command -v npm >/dev/null 2>&1 || need="$need npm"
command -v openssl >/dev/null 2>&1 || need="$need openssl"
command -v pg_dump >/dev/null 2>&1 || need="$need postgresql-client"
[ -d /usr/share/fonts/truetype/tlwg ] || need="$need fonts-thai-tlwg"
ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || need="$need libpango-1.0-0 libpangoft2-1.0-0"
[ -z "$need" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian packages:$need"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
else
    echo "missing Debian packages:$need — install them with: sudo apt-get install$need" >&2
    exit 1
fi
