"""Validates the exported UBL, CII and Factur-X PDF files of a folder with the real rules, offline.

Usage: validate_formats.py EN16931-CII-validation.xslt FOLDER

- `*.ubl.xml`: UBL 2.1 XSD (Invoice or CreditNote) + CEN EN 16931 UBL schematron;
- `*.cii.xml`: Factur-X EN 16931 XSD + CEN EN 16931 CII schematron + Factur-X EN 16931 schematron;
- `*.pdf` (with its `*.cii.xml` beside it): qpdf --check, every font embedded (pdffonts), no
  JavaScript, no encryption, the XMP (PDF/A-3B, Factur-X extension schema), the catalog's /AF,
  the embedded factur-x.xml equal to the CII export, the OutputIntent, page 1 rendered (pdftoppm).

A schematron failed-assert whose flag is not « warning » is an error. Exit 1 on any error.
"""

import pathlib
import re
import subprocess
import sys
import tempfile

import facturx
from lxml import etree
from saxonche import PySaxonProcessor

BASE = pathlib.Path(facturx.__file__).parent / "xsd_and_schematron"
SVRL = "{http://purl.oclc.org/dsdl/svrl}"


def schema(path):
    return etree.XMLSchema(etree.parse(str(path)))


def main():
    cii_xslt, folder = sys.argv[1], pathlib.Path(sys.argv[2])
    xsd = {
        "Invoice": schema(BASE / "ubl-2.1/maindoc/UBL-Invoice-2.1.xsd"),
        "CreditNote": schema(BASE / "ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd"),
        "CrossIndustryInvoice": schema(BASE / "facturx-en16931/Factur-X_EN16931.xsd"),
    }
    errors = []
    checked = 0
    with PySaxonProcessor(license=False) as proc:
        xp = proc.new_xslt30_processor()
        rules = {
            "ubl": [("CEN UBL", xp.compile_stylesheet(stylesheet_file=str(BASE / "ubl-2.1/EN16931-UBL-validation.xslt")))],
            "cii": [
                ("CEN CII", xp.compile_stylesheet(stylesheet_file=str(cii_xslt))),
                ("Factur-X EN16931", xp.compile_stylesheet(stylesheet_file=str(BASE / "facturx-en16931/FACTUR-X_EN16931.xslt"))),
            ],
        }

        def validate_xml(path, kind, data=None):
            nonlocal checked
            doc = etree.fromstring(data if data is not None else path.read_bytes())
            root = etree.QName(doc).localname
            s = xsd.get(root)
            if s is None:
                errors.append(f"{path.name}: racine inattendue {root}")
                return
            if not s.validate(doc):
                for e in s.error_log:
                    errors.append(f"{path.name}: XSD ligne {e.line}: {e.message}")
            source = str(path)
            if data is not None:
                tmp = tempfile.NamedTemporaryFile(suffix=".xml", delete=False)
                tmp.write(data)
                tmp.close()
                source = tmp.name
            for name, exe in rules[kind]:
                out = exe.transform_to_string(source_file=source)
                svrl = etree.fromstring(out.encode("utf-8"))
                for fa in svrl.iter(SVRL + "failed-assert"):
                    flag = fa.get("flag") or "fatal"
                    if flag.lower() == "warning":
                        continue
                    text = " ".join("".join(fa.itertext()).split())
                    errors.append(f"{path.name}: {name} [{fa.get('id')}] {text} @ {fa.get('location')}")
            if data is not None:
                pathlib.Path(source).unlink(missing_ok=True)
            checked += 1

        for path in sorted(folder.glob("*.ubl.xml")):
            validate_xml(path, "ubl")
        for path in sorted(folder.glob("*.cii.xml")):
            validate_xml(path, "cii")
        # The rules do bite: a copy whose amount due no longer adds up must be refused (BR-CO-16).
        first = next(iter(sorted(folder.glob("*.cii.xml"))), None)
        if first is not None:
            before = len(errors)
            broken = re.sub(rb"<ram:DuePayableAmount>[^<]*<", b"<ram:DuePayableAmount>0.01<", first.read_bytes())
            validate_xml(first.with_name("copie-faussee.cii.xml"), "cii", broken)
            found = errors[before:]
            del errors[before:]
            checked -= 1
            if not any("BR-CO-16" in e for e in found):
                errors.append("une copie faussée (BR-CO-16) n'a pas été refusée : les règles ne s'appliquent pas")
        for pdf in sorted(folder.glob("*.pdf")):
            check_pdf(pdf, folder, errors)
            checked += 1
    # The ZIP of several invoices: read back entry by entry (CRC checked by zipfile).
    import zipfile
    for z in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            bad = zf.testzip()
            names = zf.namelist()
            if bad is not None or names != ["FA-1.pdf", "FA-1 (2).pdf", "é 🎉.xml"]:
                errors.append(f"{z.name}: archive illisible ou noms inattendus {names} {bad}")
            elif zf.read("FA-1 (2).pdf") != bytes([1, 2, 3]):
                errors.append(f"{z.name}: contenu altéré")
        checked += 1
    for e in errors:
        print("ERREUR", e)
    print(f"validate-formats: {checked} fichiers vérifiés, {len(errors)} erreurs")
    sys.exit(1 if errors or checked == 0 else 0)


def run(*args):
    return subprocess.run(args, capture_output=True, text=True)


def check_pdf(pdf, folder, errors):
    name = pdf.name
    r = run("qpdf", "--check", str(pdf))
    if r.returncode != 0 or "No syntax or stream encoding errors found" not in r.stdout:
        errors.append(f"{name}: qpdf --check: {r.stdout.strip()} {r.stderr.strip()}")
    r = run("pdffonts", str(pdf))
    lines = r.stdout.splitlines()[2:]
    if r.returncode != 0 or not lines:
        errors.append(f"{name}: pdffonts n'a trouvé aucune police")
    for line in lines:
        cols = line.split()
        # name type [encoding…] emb sub uni object ID: emb is the 5th column from the end.
        if len(cols) < 6 or cols[-5] != "yes":
            errors.append(f"{name}: police non incorporée: {line}")
    raw = pdf.read_bytes()
    for bad in (b"/JavaScript", b"/JS ", b"/Encrypt"):
        if bad in raw:
            errors.append(f"{name}: contient {bad.decode()}")
    if b"/AFRelationship /Data" not in raw or b"/AF " not in raw:
        errors.append(f"{name}: pas de /AF ni d'AFRelationship Data")
    if b"/GTS_PDFA1" not in raw or b"/DestOutputProfile" not in raw:
        errors.append(f"{name}: pas d'OutputIntent PDF/A avec profil ICC")
    r = run("pdfinfo", "-meta", str(pdf))
    meta = r.stdout
    for needle in ("<pdfaid:part>3</pdfaid:part>", "<pdfaid:conformance>B</pdfaid:conformance>",
                   "<fx:DocumentType>INVOICE</fx:DocumentType>", "<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>",
                   "<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>", "<fx:Version>1.0</fx:Version>",
                   "pdfaExtension:schemas"):
        if needle not in meta:
            errors.append(f"{name}: XMP sans {needle}")
    with tempfile.TemporaryDirectory() as tmp:
        r = run("pdfdetach", "-saveall", "-o", tmp, str(pdf))
        xml = pathlib.Path(tmp) / "factur-x.xml"
        if not xml.exists():
            errors.append(f"{name}: pas de factur-x.xml incorporé ({r.stderr.strip()})")
        else:
            cii = folder / (pdf.name[: -len(".pdf")] + ".cii.xml")
            if cii.exists() and cii.read_bytes() != xml.read_bytes():
                errors.append(f"{name}: factur-x.xml différent de l'export CII")
        r = run("pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", str(pdf), str(pathlib.Path(tmp) / "p"))
        if r.returncode != 0 or not list(pathlib.Path(tmp).glob("p*.png")):
            errors.append(f"{name}: pdftoppm ne rend pas la page 1: {r.stderr.strip()}")
    if not re.search(rb"/Type\s*/Catalog", raw):
        errors.append(f"{name}: pas de catalogue")


if __name__ == "__main__":
    main()
