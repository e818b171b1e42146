#!/bin/sh
# Adds Pantau to the applications menu of the current user (no root needed):
# copies the icon and writes a .desktop file that starts this folder's pantau.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
mkdir -p "$data/applications" "$data/icons/hicolor/256x256/apps"
cp "$here/pantau.png" "$data/icons/hicolor/256x256/apps/pantau.png"
sed "s|^Exec=.*|Exec=\"$here/pantau\"|" "$here/pantau.desktop" > "$data/applications/pantau.desktop"
echo "Pantau was added to the applications menu: $data/applications/pantau.desktop"
