#!/usr/bin/env bash
# Makes sure Debian's Chromium and its ChromeDriver are installed, for the dashboard's end-to-end tests.
# Nothing downloads a browser of its own: both come from Debian's packages (as root), or must be there already.
set -euo pipefail

have_both() { [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; }
# A font with Traditional Chinese glyphs, so that the zh-TW screenshots show text (the tests read the DOM either way).
have_cjk_font() { fc-list :lang=zh-tw 2>/dev/null | grep -q .; }

if have_both && have_cjk_font; then
  exit 0
fi

if have_both && { [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; }; then
  exit 0 # screenshots in Chinese may lack glyphs; nothing else needs the font
fi
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  echo "The dashboard's browser tests need /usr/bin/chromium and /usr/bin/chromedriver" \
       "(Debian: apt-get install chromium chromium-driver)." >&2
  exit 1
fi

echo "Installing chromium, chromium-driver and a CJK font from Debian's packages ..." >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei >/dev/null
have_both || { echo "chromium or chromedriver is still missing after the install" >&2; exit 1; }
