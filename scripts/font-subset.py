"""How crates/formats/assets/DejaVuSans-Francais.ttf and crates/formats/src/pdf/metriques.rs were
made (run once by hand; the results are committed, small: 23 KB, 10.9 KB gzip):

    pip install fonttools  (in any venv)
    pyftsubset /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf (Debian fonts-dejavu-core) \
        --unicodes=<ASCII 0x20-0x7E and « \u00a0«»°€’‘“”–—…•àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ²×· »> \
        --no-hinting --desubroutinize --layout-features='' \
        --name-IDs='0,1,2,3,4,5,6,13,14' --name-languages='0x409' --notdef-outline \
        --output-file=crates/formats/assets/DejaVuSans-Francais.ttf
    python3 scripts/font-subset.py crates/formats/assets/DejaVuSans-Francais.ttf > crates/formats/src/pdf/metriques.rs

The WinAnsi codes whose glyph is not in the subset have width 0 here; the PDF writer shows « ? »
for them. The copyright (name 0) and licence (names 13, 14) stay in the font.

DejaVu fonts: Bitstream Vera licence (free redistribution and modification, name kept without
« Bitstream » or « Vera ») and public domain changes: crates/formats/assets/DejaVu-LICENSE.txt.
"""
import sys
from fontTools.ttLib import TTFont

f = TTFont(sys.argv[1])
upm = f["head"].unitsPerEm
cmap = f.getBestCmap()
hmtx = f["hmtx"]
scale = lambda v: round(v * 1000 / upm)
widths = []
for b in range(32, 256):
    try:
        c = bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        widths.append(0)
        continue
    g = cmap.get(ord(c))
    widths.append(scale(hmtx[g][0]) if g else 0)
head, os2, post = f["head"], f["OS/2"], f["post"]
print("//! Metrics of the embedded font (DejaVu Sans, French subset, WinAnsi codes), made by scripts/font-subset.py.")
print("")
print("/// Advance widths in 1/1000 em of the WinAnsi codes 32 to 255 (0 for the codes it lacks).")
print("pub const LARGEURS: [u16; 224] = [")
for i in range(0, 224, 16):
    print("    " + ", ".join(str(w) for w in widths[i:i + 16]) + ",")
print("];")
print(f"pub const BBOX: [f32; 4] = [{scale(head.xMin)}.0, {scale(head.yMin)}.0, {scale(head.xMax)}.0, {scale(head.yMax)}.0];")
print(f"pub const ASCENT: f32 = {scale(f['hhea'].ascent)}.0;")
print(f"pub const DESCENT: f32 = {scale(f['hhea'].descent)}.0;")
print(f"pub const CAP_HEIGHT: f32 = {scale(getattr(os2, 'sCapHeight', 729))}.0;")
print(f"pub const ITALIC_ANGLE: f32 = {float(post.italicAngle)};")
