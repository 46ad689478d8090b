#!/usr/bin/env bash
# Install the free Chinese fonts gongwen uses when the standard 公文 fonts
# (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312, 宋体) are not on the machine.
#
#   bash scripts/install-fonts.sh
#
# Debian/Ubuntu only (it uses apt). Needs no root: the Fandol faces (FandolFang,
# FandolSong, FandolHei, FandolKai; GPL with font exception, each covering all
# 6,763 GB2312 characters) are taken out of Debian's texlive-lang-chinese package
# into ~/.local/share/fonts/gongwen, and the fontconfig aliases in
# fonts/fontconfig/60-gongwen.conf are copied into ~/.config/fontconfig/conf.d so
# that LibreOffice shows the standard names with these faces. With root it also
# installs WenQuanYi Micro Hei as a wide-coverage fallback.
# Safe to run twice: fonts already in place are kept.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
font_dir="${GONGWEN_FONT_DIR:-$HOME/.local/share/fonts/gongwen}"
conf_dir="${XDG_CONFIG_HOME:-$HOME/.config}/fontconfig/conf.d"
faces=(FandolFang-Regular FandolSong-Regular FandolSong-Bold FandolHei-Regular FandolKai-Regular)

missing=0
for face in "${faces[@]}"; do
  [[ -s "$font_dir/$face.otf" ]] || missing=1
done

if [[ $missing == 1 ]]; then
  if ! command -v apt-get >/dev/null; then
    echo "install-fonts: apt-get not found. Install FandolFang/Song/Hei/Kai (CTAN package 'fandol')" >&2
    echo "  or the standard fonts 仿宋_GB2312, 黑体, 楷体_GB2312, 宋体 by hand, then run gongwen again." >&2
    exit 1
  fi
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  echo "install-fonts: downloading texlive-lang-chinese (about 50 MB) for the Fandol fonts"
  (cd "$work" && apt-get download texlive-lang-chinese >/dev/null 2>&1) || {
    [[ $(id -u) == 0 ]] && apt-get update -qq && (cd "$work" && apt-get download texlive-lang-chinese >/dev/null)
  }
  deb="$(ls "$work"/texlive-lang-chinese_*.deb)"
  dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work" --wildcards '*/fandol/Fandol[FSHK]*.otf'
  mkdir -p "$font_dir"
  for face in "${faces[@]}"; do
    install -m 0644 "$(find "$work" -name "$face.otf" | head -1)" "$font_dir/$face.otf"
  done
  echo "install-fonts: installed ${#faces[@]} Fandol faces in $font_dir"
else
  echo "install-fonts: Fandol faces already in $font_dir"
fi

if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null && ! fc-list 2>/dev/null | grep -qi "WenQuanYi Micro Hei"; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fonts-wqy-microhei fonts-liberation fontconfig >/dev/null
fi

mkdir -p "$conf_dir"
# A copy, not a link: the aliases must outlive this checkout (CI clones into a temporary folder).
rm -f "$conf_dir/60-gongwen.conf"
install -m 0644 "$here/fonts/fontconfig/60-gongwen.conf" "$conf_dir/60-gongwen.conf"
command -v fc-cache >/dev/null && fc-cache -f "$font_dir" >/dev/null 2>&1 || true
echo "install-fonts: fontconfig aliases copied into $conf_dir"
