"""Long documents score in chunks with correct offsets; one bad document never fails its batch."""

from __future__ import annotations

import pytest

from casereview.engine.engine import split_long

PARAGRAPH = (
    "Borgerens ønsker og mål:\nHun drømmer om at male og ønsker at få sin egen lejlighed.\n"
    "Ressourcer: Er god til at lave mad.\n\n"
)


def test_split_covers_the_text_at_line_breaks():
    text = PARAGRAPH * 2000
    pieces = split_long(text, 10_000)
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 10_000 for _, p in pieces)
    assert all(p.endswith("\n\n") for _, p in pieces[:-1])
    assert [o for o, _ in pieces] == [
        sum(len(p) for _, p in pieces[:i]) for i in range(len(pieces))
    ]


def test_split_of_text_without_breaks_still_bounded():
    text = "x" * 25_000
    assert [len(p) for _, p in split_long(text, 10_000)] == [10_000, 10_000, 5_000]


def test_long_document_scores_in_chunks_with_correct_offsets(engine, monkeypatch):
    monkeypatch.setattr("casereview.engine.engine.CHUNK_CHARS", 5_000)
    text = PARAGRAPH * 300
    assert len(split_long(text)) > 3
    result = engine.score(text, "lang")
    assert result.flags["hwd"] and result.flags["resources"]
    short = engine.score(PARAGRAPH, "kort")
    assert len(result.findings) == len(short.findings) * (len(text) // len(PARAGRAPH))
    for finding in result.findings:
        assert text[finding.start : finding.end] == finding.text
        for cue in finding.cues:
            assert text[cue.start : cue.end] == cue.text
    assert result.findings[-1].start > len(text) - len(PARAGRAPH)


def test_one_failing_document_does_not_fail_its_batch(engine, monkeypatch):
    failures: list[str] = []
    original = engine.score

    def fragile(text, doc_id=""):
        if "GIFT" in text:
            raise RuntimeError("boom")
        return original(text, doc_id)

    monkeypatch.setattr(engine, "score", fragile)
    monkeypatch.setattr(engine, "_pipe", lambda batch: (_ for _ in ()).throw(RuntimeError("x")))
    items = [(str(i), "GIFT" if i == 3 else PARAGRAPH) for i in range(10)]
    results = list(engine.score_many(items, batch_size=4, on_error=lambda i, e: failures.append(i)))
    assert [r.id for r in results] == [str(i) for i in range(10) if i != 3]
    assert failures == ["3"]
    with pytest.raises(RuntimeError):
        list(engine.score_many(items, batch_size=4))


def test_store_scores_a_huge_document_beside_others(tmp_path, run_cli):
    folder = tmp_path / "runde"
    for index in range(3):
        case = folder / f"sag-{index}"
        case.mkdir(parents=True)
        size = 1_010_000 if index == 1 else 1
        (case / "plan.txt").write_text(PARAGRAPH * (size // len(PARAGRAPH) + 1), encoding="utf-8")
    db = tmp_path / "s.db"
    code, _, err = run_cli("import", str(folder), "-m", "K", "-r", "baseline", "--db", str(db))
    assert code == 0, err
    code, out, err = run_cli("score", "--all", "--db", str(db))
    assert code == 0, err
    assert "Scoret 3 dokumenter" in out and "E088" not in out + err
