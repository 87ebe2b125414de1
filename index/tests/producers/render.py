#!/usr/bin/python3
"""Renders Danish sources through producers the shared corpus lacks, for the segmentation tests.

Usage (from the workspace root; needs weasyprint, wkhtmltopdf, mutool, soffice, python3-docx, which CI
does not have: the outputs are committed and the tests read them):

    /usr/bin/python3 index/tests/producers/render.py

Sources: a few texts of `../shared/corpus/src` (markup: see `../shared/tools/build_danish_corpus.py`,
whose parser and ground-truth writer are reused) and our own Word-like texts in `src/`, which add
`###` / `####` headings (four-level numbering), `@issuer` and `@case` (printed as running header and
footer). Producers and page widths:

- `weasy-a5` / `weasy-a3l`: WeasyPrint, justified, automatic hyphenation, running header (issuer,
  case) and footer ("Side N af M") in @page margin boxes; A5 portrait and A3 landscape.
- `wkhtml-a5` / `wkhtml-a3l`: wkhtmltopdf (Qt WebKit), A5 portrait / A3 landscape, no header.
- `mutool-narrow` / `mutool-wide`: MuPDF's HTML layout (`mutool convert`), 380 pt / 1100 pt wide.
- `docx-a4` / `docx-a5`: a DOCX written here (heading styles 1–4, justified paragraphs with soft
  hyphens, tables, header with issuer and case number, footer "Side N af M" from PAGE/NUMPAGES
  fields), converted by LibreOffice.

For every output NAME.pdf it writes NAME.txt (ground truth as the corpus has it: one block per line)
and NAME.heads (the source's headings, one a line: level TAB text). `manifest.tsv` lists
name, producer, source, issuer and case (what must not end up in clause text).
"""
import html
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "../../.."))
SHARED = os.path.normpath(os.path.join(ROOT, "../shared"))
OUT = os.path.join(HERE, "pdf")

spec = importlib.util.spec_from_file_location(
    "bdc", os.path.join(SHARED, "tools/build_danish_corpus.py"))
bdc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bdc)

CORPUS_SOURCES = {
    "d01_k02_driftskontrakt": ("Nordlys Drift A/S", "Kontrakt nr. KK-2024-0187"),
    "d03_tillaeg1_driftskontrakt": ("Københavns Kommune", "Sagsnr. 2025-0187-T1"),
    "d06_systemteknisk_sagsflow": ("Bølgeblå Systemer ApS", "Dokument SB-ARK-07"),
    "s1_forretningscirkulaere_uddrag1": ("Københavns Kommune", "Forretningscirkulære 2024"),
}
OWN_SOURCES = ["w01_driftsaftale", "w02_tillaeg"]
HTML_PRODUCERS = ["weasy-a5", "weasy-a3l", "wkhtml-a5", "wkhtml-a3l", "mutool-narrow", "mutool-wide"]
DOCX_PRODUCERS = ["docx-a4", "docx-a5"]


def parse(path):
    """The corpus parser, plus `###`/`####` headings and `@issuer`/`@case`."""
    meta, lines = {}, []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            m = re.match(r"^@(issuer|case) (.*)$", raw.rstrip("\n"))
            if m:
                meta[m.group(1)] = m.group(2).strip()
                continue
            m = re.match(r"^(###|####) (.*)$", raw.rstrip("\n"))
            # Levels 3 and 4 pass through the corpus parser as paragraphs marked for us.
            lines.append("\x01%d%s\n" % (len(m.group(1)), m.group(2)) if m else raw)
    with tempfile.NamedTemporaryFile("w", suffix=".src", delete=False, encoding="utf-8") as t:
        t.writelines(lines)
    try:
        title, blocks = bdc.parse(t.name)
    finally:
        os.unlink(t.name)
    out = []
    for kind, val in blocks:
        if kind == "p" and val.startswith("\x01"):
            out.append(("h" + val[1], val[2:]))
        else:
            out.append((kind, val))
    return title, out, meta


def ground_truth(blocks):
    return bdc.ground_truth([("p" if k.startswith("h") else k, v) for k, v in blocks])


def heads(blocks):
    return "".join("%s\t%s\n" % (k[1], v) for k, v in blocks if k.startswith("h"))


VOWELS = "aeiouyæøåé"


def soft_hyphens(text):
    """Soft hyphens in long words, before a consonant that precedes a vowel (roughly Danish
    syllables), at least three letters from either end: lines may then end in 'be-' / 'grænse'."""
    def word(m):
        w = m.group(0)
        if len(w) < 9:
            return w
        out = [w[0]]
        for i in range(1, len(w)):
            c, nxt = w[i].lower(), w[i + 1].lower() if i + 1 < len(w) else ""
            if (3 <= i <= len(w) - 3 and c not in VOWELS and nxt in VOWELS
                    and any(x in VOWELS for x in w[:i].lower())):
                out.append("\u00ad")
            out.append(w[i])
        return "".join(out)
    return re.sub(r"[A-Za-zÆØÅæøåé]+", word, text)


PAGES = {
    "weasy-a5": ("148mm 210mm", "14mm 12mm"),
    "weasy-a3l": ("420mm 297mm", "20mm 20mm"),
}


def to_html(title, blocks, meta, producer):
    size, margin = PAGES.get(producer, ("A4", "20mm"))
    page = "@page { size: %s; margin: %s; }" % (size, margin)
    if producer.startswith("weasy"):
        page = ("@page { size: %s; margin: %s;"
                " @top-left { content: %s; font-size: 8pt; }"
                " @top-right { content: %s; font-size: 8pt; }"
                " @bottom-center { content: 'Side ' counter(page) ' af ' counter(pages); font-size: 8pt; } }"
                % (size, margin, css_str(meta.get("issuer", "")), css_str(meta.get("case", ""))))
    if producer.startswith("mutool"):
        page = ""  # MuPDF's CSS knows no @page margin boxes; the page size is given on the command line
    css = page + """
body { font-family: 'Liberation Serif', serif; font-size: 11pt; line-height: 1.3; }
h1 { font-size: 15pt; } h2 { font-size: 12.5pt; } h3 { font-size: 11.5pt; } h4 { font-size: 11pt; font-style: italic; }
p { margin: 0 0 6pt 0; text-align: justify; hyphens: auto; -webkit-hyphens: auto; }
table { border-collapse: collapse; width: 100%; }
td, th { border: 0.6pt solid #444; padding: 2pt 4pt; font-size: 9.5pt; text-align: left; }
"""
    parts = ['<?xml version="1.0" encoding="utf-8"?>' if producer.startswith("mutool") else "<!DOCTYPE html>",
             '<html xmlns="http://www.w3.org/1999/xhtml" lang="da"><head><meta charset="utf-8"/>',
             "<title>%s</title><style>%s</style></head><body>" % (html.escape(title), css)]
    for kind, val in blocks:
        if kind.startswith("h"):
            parts.append("<%s>%s</%s>" % (kind, html.escape(val), kind))
        elif kind == "p":
            parts.append("<p>%s</p>" % html.escape(soft_hyphens(val)))
        else:
            rows = []
            for i, row in enumerate(val):
                tag = "th" if i == 0 else "td"
                rows.append("<tr>" + "".join("<%s>%s</%s>" % (tag, html.escape(c), tag) for c in row) + "</tr>")
            parts.append("<table>" + "".join(rows) + "</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def css_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def run(cmd, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    if r.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), r.stderr.decode(errors="replace")[-2000:]))


def render_html(work, name, title, blocks, meta, producer, out):
    ext = ".xhtml" if producer.startswith("mutool") else ".html"
    src = os.path.join(work, name + ext)
    with open(src, "w", encoding="utf-8") as f:
        f.write(to_html(title, blocks, meta, producer))
    if producer.startswith("weasy"):
        run(["weasyprint", src, out])
    elif producer.startswith("wkhtml"):
        size = ["-s", "A5"] if producer.endswith("a5") else ["-s", "A3", "-O", "Landscape"]
        run(["wkhtmltopdf", "-q", "--encoding", "utf-8"] + size + [src, out])
    else:
        width = "380" if producer.endswith("narrow") else "1100"
        run(["mutool", "convert", "-W", width, "-H", "560" if width == "380" else "780",
             "-o", out, src])


def field(run_, code):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    for kind in ("begin", None, "end"):
        if kind is None:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = code
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run_._r.append(el)


def render_docx(work, name, title, blocks, meta, producer, out):
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    d = docx.Document()
    d.core_properties.title = title
    sec = d.sections[0]
    if producer == "docx-a5":
        sec.page_width, sec.page_height = Mm(148), Mm(210)
        sec.left_margin = sec.right_margin = Mm(15)
    else:
        sec.page_width, sec.page_height = Mm(210), Mm(297)
    hp = sec.header.paragraphs[0]
    hp.text = "%s\t\t%s" % (meta.get("issuer", ""), meta.get("case", ""))
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp.add_run("Side ")
    field(fp.add_run(), "PAGE")
    fp.add_run(" af ")
    field(fp.add_run(), "NUMPAGES")
    d.styles["Normal"].font.size = Pt(11)
    for kind, val in blocks:
        if kind.startswith("h"):
            d.add_heading(val, level=int(kind[1]))
        elif kind == "p":
            p = d.add_paragraph(soft_hyphens(val))
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        else:
            t = d.add_table(rows=len(val), cols=max(len(r) for r in val))
            t.style = "Table Grid"
            for i, row in enumerate(val):
                for j, c in enumerate(row):
                    t.cell(i, j).text = c
    path = os.path.join(work, name + ".docx")
    d.save(path)
    profile = "file://" + os.path.join(work, "lo_profile")
    run(["soffice", "-env:UserInstallation=" + profile, "--headless", "--norestore",
         "--convert-to", "pdf:writer_pdf_Export", "--outdir", work, path])
    shutil.move(os.path.join(work, name + ".pdf"), out)


def main():
    os.makedirs(OUT, exist_ok=True)
    jobs = []
    for sid, (issuer, case) in CORPUS_SOURCES.items():
        jobs.append((sid, os.path.join(SHARED, "corpus/src", sid + ".src"), {"issuer": issuer, "case": case}))
    for sid in OWN_SOURCES:
        jobs.append((sid, os.path.join(HERE, "src", sid + ".src"), {}))
    rows = ["name\tproducer\tsource\tissuer\tcase"]
    with tempfile.TemporaryDirectory() as work:
        for sid, path, meta0 in jobs:
            title, blocks, meta = parse(path)
            meta = {**meta0, **meta}
            producers = HTML_PRODUCERS + (DOCX_PRODUCERS if sid in OWN_SOURCES or sid.startswith("d01") else [])
            for producer in producers:
                name = "%s__%s" % (sid, producer)
                out = os.path.join(OUT, name + ".pdf")
                print(name, flush=True)
                if producer.startswith("docx"):
                    render_docx(work, name, title, blocks, meta, producer, out)
                else:
                    render_html(work, name, title, blocks, meta, producer, out)
                with open(os.path.join(OUT, name + ".txt"), "w", encoding="utf-8") as f:
                    f.write(ground_truth(blocks))
                with open(os.path.join(OUT, name + ".heads"), "w", encoding="utf-8") as f:
                    f.write(heads(blocks))
                # Only producers that print them carry running headers and footers.
                printed = producer.startswith(("weasy", "docx"))
                rows.append("\t".join([name, producer, sid, meta.get("issuer", "") if printed else "",
                                       meta.get("case", "") if printed else ""]))
    with open(os.path.join(OUT, "manifest.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
