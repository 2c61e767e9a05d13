"""Makes the Windows and macOS icons (installers/target/icons/watchfloor.ico and .icns) from the
one picture, installers/icons/watchfloor.png (256x256), with Pillow. GPL-3.0-or-later."""
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
out = ROOT / "installers" / "target" / "icons"
out.mkdir(parents=True, exist_ok=True)
picture = Image.open(ROOT / "installers" / "icons" / "watchfloor.png").convert("RGBA")
picture.save(out / "watchfloor.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
picture.save(out / "watchfloor.icns")
