#!/bin/sh
# Reproduces templates/render/pdf/fonts/wqy-microhei.ttf: face 0 (WenQuanYi
# Micro Hei) of the TrueType collection shipped by Debian's fonts-wqy-microhei
# (Apache-2.0), extracted with fontTools. The .ttf is committed; CI does not
# run this. Needs root for apt-get, or the two packages already installed.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/templates/render/pdf/fonts"
ttc=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
if [ ! -f "$ttc" ] || ! /usr/bin/python3 -c 'import fontTools' 2>/dev/null; then
	apt-get update
	apt-get install -y fonts-wqy-microhei python3-fonttools
fi
mkdir -p "$out"
/usr/bin/python3 - "$ttc" "$out/wqy-microhei.ttf" <<'PY'
import sys
from fontTools.ttLib import TTCollection
TTCollection(sys.argv[1]).fonts[0].save(sys.argv[2])
PY
cp /usr/share/doc/fonts-wqy-microhei/copyright "$out/LICENSE-wqy-microhei.txt"
dpkg-query -W -f='fonts-wqy-microhei ${Version}\n' fonts-wqy-microhei
sha256sum "$out/wqy-microhei.ttf"
