#!/usr/bin/env bash
# Renders the README's pictures of the report from the current code: builds
# the sample report (`linecard report` on the bundled sample), has
# LibreOffice print it to PDF, and renders the Summary page and the two
# pages of one line sheet (its scorecard, then its history and charts) to
# PNG with pdftoppm, cropped to what is printed on them:
#
#   docs/report-summary.png  docs/report-line.png  docs/report-line-history.png
#
# Needs cargo, LibreOffice (soffice) and poppler-utils (pdftoppm, pdftotext).
# LINE picks the line sheet (default: Drift Mobile, the worst line); DPI the
# resolution (default 110).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
line="${LINE:-Drift Mobile}"
dpi="${DPI:-110}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build --quiet --manifest-path "$repo/Cargo.toml"
# An empty folder: linecard reports on its bundled sample.
(cd "$work" && "$repo/target/debug/linecard" report -q)
soffice "-env:UserInstallation=file://$work/profile" --headless \
  --convert-to pdf --outdir "$work" "$work/linecard-report.xlsx" >/dev/null
pdf="$work/linecard-report.pdf"

# The pages of a sheet, from the footer each page has: the sheet's name on
# the left, "Page N of M" on the right.
pages_of() {
  local pages n
  pages="$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')"
  for ((n = 1; n <= pages; n++)); do
    if pdftotext -layout -f "$n" -l "$n" "$pdf" - |
      grep -E "^ *$1 +Page $n of " >/dev/null; then
      echo "$n"
    fi
  done
}

# Renders page $1 to docs/$2.png, cropped to the words printed above the
# footer (plus a margin for the charts' frames and the fills' edges).
render() {
  local page="$1" name="$2" box
  box="$(pdftotext -bbox -f "$page" -l "$page" "$pdf" - | awk -v dpi="$dpi" '
    /<page / { match($0, /height="[0-9.]+"/); h = substr($0, RSTART + 8, RLENGTH - 9) }
    /<word / {
      match($0, /xMax="[0-9.]+"/); x = substr($0, RSTART + 6, RLENGTH - 7) + 0
      match($0, /yMax="[0-9.]+"/); y = substr($0, RSTART + 6, RLENGTH - 7) + 0
      match($0, /yMin="[0-9.]+"/); t = substr($0, RSTART + 6, RLENGTH - 7) + 0
      if (y < h - 40) {
        if (x > w) w = x
        if (y > b) b = y
        if (top == "" || t < top) top = t
      }
    }
    END {
      top = top > 12 ? top - 12 : 0
      printf "%d %d %d", top * dpi / 72, (w + 24) * dpi / 72, (b - top + 18) * dpi / 72
    }')"
  read -r top width height <<<"$box"
  pdftoppm -png -r "$dpi" -f "$page" -l "$page" -singlefile \
    -x 0 -y "$top" -W "$width" -H "$height" "$pdf" "$repo/docs/$name"
  echo "docs/$name.png: page $page, ${width}x${height}"
}

summary="$(pages_of Summary | head -1)"
mapfile -t own < <(pages_of "$line")
[ -n "$summary" ] && [ "${#own[@]}" -ge 2 ] || {
  echo "render-pictures: no Summary page or fewer than two pages for $line" >&2
  exit 1
}
render "$summary" report-summary
render "${own[0]}" report-line
render "${own[1]}" report-line-history
