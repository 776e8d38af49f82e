#!/bin/sh
# Copy front-end assets from the npm registry into static/ (never a CDN, never committed).
set -e
npm ci --no-audit --no-fund --loglevel=error
out=sammachip/core/static/vendor
rm -rf "$out"
mkdir -p "$out/fonts"
cp node_modules/htmx.org/dist/htmx.min.js "$out/htmx.min.js"
# Thai glyphs only, regular and bold: Latin letters and digits come from the phone's own font (app.css)
for w in 400 700; do
    cp "node_modules/@fontsource/sarabun/files/sarabun-thai-$w-normal.woff2" "$out/fonts/"
done
cp node_modules/@fontsource/sarabun/LICENSE "$out/fonts/LICENSE-Sarabun.txt" 2>/dev/null || true
