"""Documents are read whole and decoded right, whatever their encoding or Word layout."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from casereview.errors import InputFileError
from casereview.ingest.readers import read_document
from casereview.textio import decode_text

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SENTENCE = "Borgeren ønsker at male"


def _xml(fragment: str):
    from docx.oxml import parse_xml

    return parse_xml(f'<w:root xmlns:w="{W_NS}">{fragment}</w:root>')[0]


def _hidden_places_docx(path: Path) -> Path:
    """A Word file with text in every place python-docx's paragraphs miss."""
    import docx

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Sidehoved: Jens 010190-1234"
    section.footer.paragraphs[0].text = "Sidefod: tlf. 22 33 44 55"
    document.add_paragraph("Første afsnit.")
    body = document.element.body
    sdt = _xml(
        "<w:sdt><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>Indholdskontrol: "
        f"{SENTENCE}.</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    body.insert(len(body) - 1, sdt)
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "Ydre celle"
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "Indre"
    inner.cell(0, 1).text = "Han drømmer om en have"
    paragraph = document.add_paragraph("Før linjeskift")
    paragraph.runs[0]._r.append(_xml("<w:br/>"))
    paragraph.runs[0]._r.append(_xml("<w:t>060572</w:t>"))
    paragraph.runs[0]._r.append(_xml("<w:noBreakHyphen/>"))
    paragraph.runs[0]._r.append(_xml("<w:t>7406 efter</w:t>"))
    anchor = document.add_paragraph("Anker")
    anchor.runs[0]._r.append(
        _xml(
            "<w:pict><w:txbxContent><w:p><w:r><w:t>Tekstboks: hun vil gerne synge</w:t>"
            "</w:r></w:p></w:txbxContent></w:pict>"
        )
    )
    deleted = _xml("<w:p><w:del><w:r><w:delText>Slettet tekst</w:delText></w:r></w:del></w:p>")
    body.insert(len(body) - 1, deleted)
    document.add_paragraph("Sidste afsnit.")
    document.save(path)
    return path


def test_word_is_read_whole_in_reading_order(tmp_path):
    _, text = read_document(_hidden_places_docx(tmp_path / "plan.docx"))
    expected = [
        "Sidehoved: Jens 010190-1234",
        "Første afsnit.",
        f"Indholdskontrol: {SENTENCE}.",
        "Ydre celle | Indre | Han drømmer om en have",
        "Før linjeskift\n060572-7406 efter",
        "Anker\nTekstboks: hun vil gerne synge",
        "Sidste afsnit.",
        "Sidefod: tlf. 22 33 44 55",
    ]
    positions = [text.find(piece) for piece in expected]
    assert -1 not in positions, text
    assert positions == sorted(positions), text
    assert "Slettet tekst" not in text


def test_word_hidden_places_are_masked_on_import(tmp_path, run_cli):
    case = tmp_path / "runde" / "sag-1"
    case.mkdir(parents=True)
    _hidden_places_docx(case / "plan.docx")
    db = tmp_path / "s.db"
    code, _, err = run_cli(
        "import", str(tmp_path / "runde"), "-m", "K", "-r", "baseline", "--db", str(db)
    )
    assert code == 0, err
    code, out, _ = run_cli("export", "--include-text", "--db", str(db))
    assert SENTENCE in out and "010190" not in out and "7406" not in out and "22 33" not in out


def test_zip_bomb_is_refused_before_unpacking(tmp_path, monkeypatch):
    path = tmp_path / "bombe.docx"
    body = b"<w:document xmlns:w='%s'><w:body>" % W_NS.encode() + b" " * (30 * 1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", body + b"</w:body></w:document>")
    assert path.stat().st_size < 100_000
    monkeypatch.setenv("CASEREVIEW_MAX_UNPACKED_MB", "10")
    with pytest.raises(InputFileError, match="zip-bombe"):
        read_document(path)


def test_text_over_the_character_limit_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "lang.txt"
    path.write_text("ord " * 1000, encoding="utf-8")
    monkeypatch.setenv("CASEREVIEW_MAX_CHARS", "1000")
    with pytest.raises(InputFileError, match="CASEREVIEW_MAX_CHARS"):
        read_document(path)


def test_file_over_the_size_limit_is_refused_unread(tmp_path, monkeypatch):
    path = tmp_path / "stor.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024))
    monkeypatch.setenv("CASEREVIEW_MAX_FILE_MB", "1")
    with pytest.raises(InputFileError, match="CASEREVIEW_MAX_FILE_MB"):
        read_document(path)


TEXT = "Hun ønsker at få en have med æbletræer, cpr 010190-1234."


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xfe\x00\x00" + TEXT.encode("utf-32-le"),
        b"\x00\x00\xfe\xff" + TEXT.encode("utf-32-be"),
        TEXT.encode("utf-16"),
        b"\xfe\xff" + TEXT.encode("utf-16-be"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("utf-8"),
        TEXT.encode("cp1252"),
    ],
    ids=["utf32le", "utf32be", "utf16", "utf16be", "utf8bom", "utf8", "cp1252"],
)
def test_every_encoding_decodes_to_the_same_text(data):
    assert decode_text(data, "x.txt") == TEXT


def test_mixed_utf8_and_cp1252_lines_are_both_read():
    data = "Første linje på UTF-8.\n".encode() + "Anden linje på cp1252: æøå.\n".encode("cp1252")
    assert decode_text(data, "x.txt") == "Første linje på UTF-8.\nAnden linje på cp1252: æøå.\n"


def test_control_characters_and_escapes_are_removed_and_text_is_nfc():
    nfd = "sag-a\u030a"
    data = f"Hun\x07 vil\x1b[2J male {nfd}\x0c.".encode()
    assert decode_text(data, "x.txt") == "Hun vil male sag-å."


def test_nul_bytes_after_the_bom_are_removed():
    data = b"\xef\xbb\xbf" + b"Hun vil male.\x00"
    assert decode_text(data, "x.txt") == "Hun vil male."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe\x00\x00\xff\xff\xff\xff", "UTF-32"),
        (b"\x00\x01\x02\x03" * 50, "binær"),
        (b"  \n", "tom"),
        (b"Hun \x81\x8d", "Windows-1252"),
    ],
)
def test_bad_text_gives_a_danish_error(data, message):
    with pytest.raises(InputFileError, match=message):
        decode_text(data, "x.txt")


def test_score_and_explain_read_word_and_pdf(tmp_path, run_cli):
    from tests.files import make_docx, make_pdf

    folder = tmp_path / "docs"
    folder.mkdir()
    make_docx(folder / "a.docx", [f"{SENTENCE}. Hendes cpr er 010190-1234."])
    make_pdf(folder / "b.pdf", [f"{SENTENCE}."])
    (folder / "c.odt").write_bytes(b"PK")
    (folder / ".skjult").mkdir()
    (folder / ".skjult" / "d.txt").write_text("hemmelig", encoding="utf-8")
    code, out, err = run_cli("score", str(folder), "-f", "jsonl")
    assert code == 0, err
    assert out.count('"hwd": true') == 2
    assert "c.odt" in err and "understøttes ikke" in err and ".skjult" in err
    code, out, err = run_cli("explain", str(folder / "a.docx"))
    assert code == 0, err
    assert "male" in out and "[CPR]" in out and "010190" not in out


def test_symlink_out_of_the_folder_is_refused(tmp_path, run_cli):
    outside = tmp_path / "udenfor.txt"
    outside.write_text("Hemmelig tekst fra en anden sag.", encoding="utf-8")
    case = tmp_path / "runde" / "sag-1"
    case.mkdir(parents=True)
    (case / "plan.txt").write_text(f"{SENTENCE}.", encoding="utf-8")
    (case / "link.txt").symlink_to(outside)
    (tmp_path / "runde" / ".git").mkdir()
    (tmp_path / "runde" / ".git" / "x.txt").write_text("git", encoding="utf-8")
    db = tmp_path / "s.db"
    code, _, err = run_cli(
        "import", str(tmp_path / "runde"), "-m", "K", "-r", "baseline", "--db", str(db)
    )
    assert code == 0, err
    assert "link.txt" in err and "symbolsk link" in err and ".git" in err and "skjult" in err
    code, out, _ = run_cli("export", "--include-text", "--db", str(db))
    assert "Hemmelig" not in out and "git" not in out.replace("digit", "")


def test_hidden_case_folder_alone_writes_nothing(tmp_path, run_cli):
    (tmp_path / "runde" / "..sag").mkdir(parents=True)
    (tmp_path / "runde" / "..sag" / "plan.txt").write_text("tekst", encoding="utf-8")
    db = tmp_path / "s.db"
    code, _, err = run_cli(
        "import", str(tmp_path / "runde"), "-m", "K", "-r", "baseline", "--db", str(db)
    )
    assert code != 0 and "ingen dokumenter" in err and "..sag" in err
    code, out, _ = run_cli("status", "--db", str(db))
    assert "baseline" not in out


def test_deep_folders_are_walked_without_recursion(tmp_path, run_cli):
    case = tmp_path / "runde" / "sag-1"
    deep = case
    for _ in range(300):
        deep = deep / "d"
    deep.mkdir(parents=True)
    (deep / "plan.txt").write_text(f"{SENTENCE}.", encoding="utf-8")
    import sys

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)  # a recursive walk of 300 levels would fail here
    try:
        from casereview.ingest.walk import walk_files

        found = list(walk_files(case, None))
    finally:
        sys.setrecursionlimit(limit)
    assert [p.name for p in found] == ["plan.txt"]


def test_nfc_and_nfd_names_are_one_case(tmp_path, run_cli):
    for name in ["sag-\u00e5", "sag-a\u030a"]:
        folder = tmp_path / name / "runde" / name
        folder.mkdir(parents=True)
        (folder / "plan.txt").write_text(f"{SENTENCE} {len(name)}.", encoding="utf-8")
    db = tmp_path / "s.db"
    for name in ["sag-\u00e5", "sag-a\u030a"]:
        code, _, err = run_cli(
            "import", str(tmp_path / name / "runde"), "-m", "K", "-r", "baseline", "--db", str(db)
        )
        assert code == 0, err
    code, out, _ = run_cli("export", "--db", str(db))
    assert {line.split('"case": ')[1].split(",")[0] for line in out.splitlines()} == {'"sag-å"'}


def test_pdf_broken_in_any_way_is_a_clean_error(tmp_path):
    from tests.files import make_pdf

    good = make_pdf(tmp_path / "god.pdf", [SENTENCE]).read_bytes()
    bad = good.replace(b"/Length", b"/Filter /JBIG2Decode /Length")
    path = tmp_path / "bad.pdf"
    path.write_bytes(bad)
    try:
        read_document(path)
    except InputFileError as exc:
        assert "bad.pdf" in exc.render()


def test_docx_with_xml_entities_is_not_expanded(tmp_path):
    path = tmp_path / "xxe.docx"
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<w:document xmlns:w='" + W_NS.encode() + b"'><w:body><w:p><w:r><w:t>Hej &x;</w:t>"
        b"</w:r></w:p></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xml)
    path.write_bytes(buffer.getvalue())
    try:
        _, text = read_document(path)
    except InputFileError:
        return
    assert "root:" not in text


def test_escape_sequences_in_names_never_reach_the_store_or_terminal(tmp_path, run_cli):
    case = tmp_path / "runde" / "sag\x1b[2J-7"
    case.mkdir(parents=True)
    (case / "plan\x1b]0;x\x07.txt").write_text(f"{SENTENCE}.", encoding="utf-8")
    (tmp_path / "rows.jsonl").write_text(
        '{"case": "sag-8", "text": "Hun\\u0000 vil male\\u001b[31m."}\n', encoding="utf-8"
    )
    db = tmp_path / "s.db"
    code, out, err = run_cli(
        "import", str(tmp_path / "runde"), "-m", "K\x1b[1m", "-r", "baseline", "--db", str(db)
    )
    assert code == 0, err
    code, out2, err2 = run_cli(
        "import", str(tmp_path / "rows.jsonl"), "-m", "K", "-r", "baseline", "--db", str(db)
    )
    assert code == 0, err2
    assert "\x1b" not in out + err + out2 + err2
    code, exported, _ = run_cli("export", "--include-text", "--db", str(db))
    assert "\\u001b" not in exported and "\x1b" not in exported and "\\u0000" not in exported
    assert '"case": "sag-7"' in exported and '"document": "plan.txt"' in exported
    assert '"text": "Hun vil male."' in exported
