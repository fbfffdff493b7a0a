#!/usr/bin/env python3
"""Turns a class made by gen_class.py into a hostile one: one more candidate per kind of
hostile (or unlucky) input of issue 17, each a copy of candidat-0001 plus its one case,
and a class logo that is only a header declaring 65535 x 65535 pixels.

Kinds: header-only PNG/GIF/JPEG bombs, gzip bomb SVG, late entity SVG, SVG embedding a
huge data: PNG, SVG embedding an SVG, SVG of 680 000 elements (19 MB), compressed SVG linking outside, JPEG named .png,
front matter nested 100 000 deep, homonyms, a file name in Windows-1252, UTF-16 without
BOM, a right-to-left override, a formula as a name, a 300-byte Arabic name, a 16 GiB
sparse file. With --converter: a page citing one long footnote 5000 times and a table of
100 000 rows (the converter's budgets).

Usage: gen_hostile.py CLASSDIR [--converter]
"""
import base64
import gzip
import os
import shutil
import struct
import sys


def png_header(w, h):
    return b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR" + struct.pack(">II", w, h) + bytes([8, 6, 0, 0, 0, 0, 0, 0, 0])


GIF_BOMB = b"GIF89a" + bytes([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0x2C, 0, 0, 0, 0,
                              0xFF, 0xFF, 0xFF, 0xFF, 0, 2, 2, 0x4C, 0x01, 0, 0x3B])
JPEG_BOMB = bytes([0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0xFF, 0xFF, 0xFF, 0xFF,
                   3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xFF, 0xD9])
TINY_JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300100b0c0e0c0a100e0d0e1211101318281a18161618"
    "3123251d283a333d3c3933383740485c4e404457453738506d51575f626768673e4d71797064785c656763ffdb00"
    "43011112121815182f1a1a2f63423842636363636363636363636363636363636363636363636363636363636363"
    "6363636363636363636363636363636363636363ffc00011080002000203012200021101031101ffc40015000101"
    "00000000000000000000000000000005ffc40014100100000000000000000000000000000000ffc4001501010100"
    "000000000000000000000000000506ffc40014110100000000000000000000000000000000ffda000c0301000211"
    "0311003f008a00b5e3ffd9")


RECT = '<rect width="5" height="5"/>'


def svg(inner):
    return ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            'width="40" height="20">' + inner + "</svg>")


def mission(title, body, extra=""):
    return (f"---\ntitle: {title}\ndate: 2025-03-10\nepreuve: [E5, E6]\ncontexte: formation\n"
            "competences: [patrimoine, incidents, presence_en_ligne, projet, service, developpement_pro]\n"
            f"{extra}---\n\n{body}\n")


def image_case(name, data):
    """A page showing one image file."""
    return {f"assets/img/{name}": data,
            "missions/image.md": mission("Une image", f"![{name}](/assets/img/{name})").encode()}


def cases(converter):
    b64 = lambda b: base64.b64encode(b).decode()
    out = {
        "png-bombe": image_case("bombe.png", png_header(65535, 65535)),
        "gif-bombe": image_case("bombe.gif", GIF_BOMB),
        "jpeg-bombe": image_case("bombe.jpg", JPEG_BOMB),
        "svgz-bombe": image_case("bombe.svgz", gzip.compress(svg(" " * (64 << 20)).encode(), 9)),
        "svg-entites": image_case("entites.svg", (
            "<?xml version=\"1.0\"?>\n<!--" + " " * 4000 + "-->\n<!DOCTYPE svg [<!ENTITY a \"" + "a" * 100
            + "\">" + "".join(f"<!ENTITY {c} \"" + f"&{p};" * 10 + "\">" for p, c in zip("abcdefgh", "bcdefghi"))
            + "]>\n" + svg("<text y=\"10\">&i;</text>")).encode()),
        "svg-data-bombe": image_case("data.svg", svg(
            f"<image href=\"data:image/png;base64,{b64(png_header(65535, 65535))}\" width=\"9\" height=\"9\"/>").encode()),
        "svg-dans-svg": image_case("imbrique.svg", svg(
            f"<image href=\"data:image/svg+xml;base64,{b64(svg(RECT).encode())}\" width=\"9\" height=\"9\"/>").encode()),
        "svgz-lien": image_case("lien.svgz", gzip.compress(svg("<image href=\"../../../../etc/passwd\"/>").encode())),
        "jpeg-menteur": image_case("photo.png", TINY_JPEG),
        "svg-lourd": image_case("lourd.svg", svg("<rect width=\"1\" height=\"1\"/>" * 680000).encode()),
        "yaml-profond": {"missions/profond.md": (
            "---\ntitle: Profond\ntags: " + "[" * 100000 + "]" * 100000 + "\n---\n\nTexte.\n").encode()},
        "nom-windows": {b"missions/caf\xe9.md": mission("Mission du cafe", "Texte.").encode()},
        "utf16": {"missions/utf16.md": mission("Mission UTF-16", "Texte.").encode("utf-16-le")},
        "bidi": {"missions/bidi.md": mission("Mission bidi", "Avant \u202eENVERS\u202c apres.").encode()},
    }
    if converter:
        note = "Note longue. " * 20000
        refs = " ".join("Voir[^n]." for _ in range(5000))
        out["notes-5000"] = {"missions/notes.md": mission("Notes", f"{refs}\n\n[^n]: {note}").encode()}
        rows = "\n".join(f"| {i} | ligne {i} |" for i in range(100000))
        out["tableau-100000"] = {"missions/tableau.md": mission("Tableau", f"| n | texte |\n|---|---|\n{rows}").encode()}
    return out


def main():
    cls = sys.argv[1]
    converter = "--converter" in sys.argv
    model = os.path.join(cls, "candidat-0001")
    added = []

    def copy(folder, yaml=None):
        d = os.path.join(cls, folder)
        shutil.copytree(model, d)
        if yaml is not None:
            with open(os.path.join(d, "candidat.yaml"), "w", encoding="utf-8") as f:
                f.write(yaml)
        added.append(folder)
        return d

    for i, (folder, files) in enumerate(sorted(cases(converter).items())):
        d = copy(folder, f'nom: "HOSTILE"\nprenom: "{folder}"\nnumero_candidat: "03999{i:05d}"\n'
                         "option: SISR\nmode: CCF\nsession: 2026\n")
        for rel, data in files.items():
            path = os.path.join(d.encode(), rel if isinstance(rel, bytes) else rel.encode())
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
    # Homonyms, names that differ only by case and apostrophe, odd names.
    for folder, nom, prenom, numero in [
        ("martin-a", "MARTIN", "Thomas", None), ("martin-b", "MARTIN", "Thomas", None),
        ("ndiaye-1", "N'Diaye", "Awa", None), ("ndiaye-2", "NDIAYE", "Awa", None),
        ("formule", "'=HYPERLINK(\"https://example.org\";\"clic\")'", "Fabien", "0399900101"),
        ("arabe", "م" * 150, "Yusuf", "0399900102"),
    ]:
        num = f'numero_candidat: "{numero}"\n' if numero else ""
        copy(folder, f"nom: {nom}\nprenom: {prenom}\n{num}option: SISR\nmode: CCF\nsession: 2026\n")
    d = copy("numero-30-chiffres", "nom: LONG\nprenom: Numero\nnumero_candidat: 123456789012345678901234567890\n"
                                   "option: SISR\nmode: CCF\nsession: 2026\n")
    d = copy("fichier-creux")
    with open(os.path.join(d, "assets-video.mp4"), "wb") as f:
        f.truncate(16 << 30)
    with open(os.path.join(cls, "logo.png"), "wb") as f:
        f.write(png_header(65535, 65535))
    with open(os.path.join(cls, "classe.yaml"), "a", encoding="utf-8") as f:
        f.write("".join(f"  - {x}\n" for x in added))
    with open(os.path.join(cls, "classe.yaml"), "r", encoding="utf-8") as f:
        text = f.read()
    with open(os.path.join(cls, "classe.yaml"), "w", encoding="utf-8") as f:
        f.write("logo: logo.png\n" + text)
    print(f"{len(added)} candidats hostiles ajoutés dans {cls}")


if __name__ == "__main__":
    main()
