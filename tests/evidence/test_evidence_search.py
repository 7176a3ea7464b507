"""Search: real files indexed through the real watcher, found by words that appear only inside them."""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time

import pytest

from readiness_app.errors import ReadinessError
from readiness_app.evidence import indexing
from readiness_app.evidence import settings as evidence_settings
from readiness_app.evidence.watcher import EvidenceWatcher
from readiness_app.opening import create_register, open_register
from readiness_app.register import changes, gaps, records, search

TICK = threading.Event()  # never set: .wait(t) is a bounded pause between polls


def pump(watcher: EvidenceWatcher, until, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        watcher.process_pending()
        if until():
            return
        TICK.wait(0.05)
    raise AssertionError(f"not done within {timeout} s: {search.contents_status(watcher.reg)}")


def all_read(watcher: EvidenceWatcher, files: int | None = None):
    """True once `files` items are in the register (when given) and every one has been read."""

    def done() -> bool:
        status = search.contents_status(watcher.reg)
        read = status["with_text"] + len(status["no_text"])
        return status["waiting"] == 0 and not watcher.reader.busy and (files is None or read == files)

    return done


def found(reg, query: str, **kwargs) -> dict:
    """Result titles (evidence: file paths) for a query, with whether the words were inside the file."""
    return {(h.rel_path or h.title): h.in_file for h in search.search(reg, query, **kwargs)}


@pytest.fixture
def fast(folder):
    evidence_settings.save(folder.reg, "stability_seconds", "0.2")
    return folder


def test_words_inside_real_files_are_found_through_the_watcher(fast, documents):
    root = fast.root
    documents.pdf(root / "QS1/Carers strategy.pdf", "Our plan for unpaid carers", "keyword quokkaphrase here")
    documents.docx(root / "QS6/Transitions.docx", "Moving from children's services", table=[["wombatcell", "2"]])
    documents.xlsx(root / "QS1/Waiting.xlsx", [["Team", "Waiting"], ["North axolotlteam", 41]])
    documents.ods(root / "QS2/Prevention.ods", [["Falls", "narwhalvalue"]])
    documents.eml(root / "QS7/Request.eml", "Safeguarding audit", "Please send the pangolinnote by Friday.")
    documents.msg(root / "QS5/Reply.msg", "Partnership board", "Jo Bloggs", "Minutes attached: the tarsierpoint.")
    (root / "QS8").mkdir()
    (root / "QS8/Board.html").write_text("<html><script>var hidden='okapiscript'</script><p>Board tapirminute</p>")
    (root / "QS9/Notes.txt").parent.mkdir()
    (root / "QS9/Notes.txt").write_text("Learning from the peer review: capybaraword", encoding="utf-8")

    watcher = EvidenceWatcher(fast.reg, health_interval=0.2)
    watcher.start()
    try:
        pump(watcher, all_read(watcher, files=8))
        reg = fast.reg
        assert found(reg, "quokkaphrase") == {"QS1/Carers strategy.pdf": True}
        assert found(reg, "wombatcell") == {"QS6/Transitions.docx": True}
        assert found(reg, "axolotlteam") == {"QS1/Waiting.xlsx": True}
        assert found(reg, "narwhalvalue") == {"QS2/Prevention.ods": True}
        assert found(reg, "pangolinnote") == {"QS7/Request.eml": True}
        assert found(reg, "tarsierpoint") == {"QS5/Reply.msg": True}
        assert found(reg, "bloggs") == {"QS5/Reply.msg": True}  # the sender
        assert found(reg, "tapirminute") == {"QS8/Board.html": True}
        assert found(reg, "okapiscript") == {}  # scripts are not text
        assert found(reg, "capybaraword") == {"QS9/Notes.txt": True}
        # The snippet shows the matched words in their place.
        hit = search.search(reg, "unpaid carers")[0]
        assert "\x02unpaid carers\x03" in hit.snippet and hit.in_file
        # A word in a file that is only in the file name and details is found by them too.
        assert "QS6/Transitions.docx" in found(reg, "transitions")

        # An edit shows in the next search: the old words go, the new ones come.
        documents.docx(root / "QS6/Transitions.docx", "Rewritten with a meerkatword")
        pump(watcher, lambda: bool(found(reg, "meerkatword")) and all_read(watcher)())
        assert found(reg, "wombatcell") == {}
        # A deletion too.
        (root / "QS9/Notes.txt").unlink()
        pump(watcher, lambda: not found(reg, "capybaraword"))
    finally:
        watcher.stop()


def test_a_moved_file_keeps_its_text_without_being_read_again(fast, documents, monkeypatch):
    documents.pdf(fast.root / "inbox/Plan.pdf", "The gerenuk plan")
    reads: list[str] = []
    real = indexing.read_text
    monkeypatch.setattr(
        indexing, "read_text", lambda path, limits=None, cancel=None: reads.append(path.name) or real(path, limits)
    )
    watcher = EvidenceWatcher(fast.reg, health_interval=0.2)
    watcher.start()
    try:
        pump(watcher, all_read(watcher, files=1))
        assert reads == ["Plan.pdf"]
        (fast.root / "QS4").mkdir()
        shutil.move(fast.root / "inbox/Plan.pdf", fast.root / "QS4/Plan moved.pdf")
        pump(watcher, lambda: "QS4/Plan moved.pdf" in found(fast.reg, "gerenuk"))
        pump(watcher, all_read(watcher))
        assert reads == ["Plan.pdf"]  # identity is the content: not read again
    finally:
        watcher.stop()


def test_register_edits_update_the_index_in_the_same_transaction(empty_register):
    reg = empty_register
    gap_id = gaps.create(reg, "QS3", "No data on hoatzin outcomes", "high")
    assert [h.record for h in search.search(reg, "hoatzin", kinds=["gap"])] == [gap_id]
    gaps.update(reg, gap_id, description="Outcomes data for kakapo groups")
    assert search.search(reg, "hoatzin") == [] and len(search.search(reg, "kakapo")) == 1
    # A change that fails part-way leaves the index as it was.
    with pytest.raises(RuntimeError), reg.transaction():
        gaps.update(reg, gap_id, description="Half-done takahe change")
        raise RuntimeError("stop")
    assert search.search(reg, "takahe") == [] and len(search.search(reg, "kakapo")) == 1
    # Undo puts the record back, and its words with it.
    _, recording = changes.record(reg, lambda r: gaps.update(r, gap_id, description="Shoebill wording"))
    assert len(search.search(reg, "shoebill")) == 1
    changes.replay(reg, recording.inverse, "undo: edit gap")
    assert search.search(reg, "shoebill") == [] and len(search.search(reg, "kakapo")) == 1
    with reg.transaction():
        records.delete(reg, "gap", gap_id)
    assert search.search(reg, "kakapo") == []


def test_queries_phrases_prefixes_synonyms_and_spellings(empty_register):
    reg = empty_register
    gaps.create(reg, "QS3", "Support for people with a learning disability moving home", "high")
    gaps.create(reg, "QS1", "Unpaid carer assessments are late", "medium")
    gaps.create(reg, "QS6", "Transitions organisation between teams", "low")
    gaps.create(reg, "QS7", "Safeguarding enquiry timeliness", "low")

    def titles(query, **kw):
        return sorted(h.title for h in search.search(reg, query, **kw))

    assert titles("LD") == ["Support for people with a learning disability moving home"]
    assert titles("learning disabilities") == titles("LD")
    assert titles("carers") == ["Unpaid carer assessments are late"]  # plural and singular
    assert titles("organization") == ["Transitions organisation between teams"]  # American spelling
    assert titles("transition") == titles("organization")
    assert titles("s42") == ["Safeguarding enquiry timeliness"]
    assert titles('"assessments are late"') == ["Unpaid carer assessments are late"]
    assert titles('"late assessments"') == []
    assert titles("transit*") == ["Transitions organisation between teams"]
    assert titles("carer OR LD") == sorted(titles("carer") + titles("LD"))
    assert titles("late -unpaid") == []
    assert titles("carer", qs="QS1") == ["Unpaid carer assessments are late"]
    assert titles("carer", qs="QS3") == []
    assert titles("carer", kinds=["request"]) == []
    for odd in ['"', "***", "NOT", "-", "(", "a:b", "x AND", "OR y", "'"]:
        search.search(reg, odd)  # never an FTS syntax error
    with pytest.raises(ReadinessError, match="no kind"):
        search.search(reg, "carer", kinds=["nonsense"])


def test_text_in_any_script_is_found(tmp_path, folder):
    text = "Café résumé. Опекуны и уход. Φροντιστές. مقدمو الرعاية. 护理人员 战略"
    (folder.root / "World.txt").write_text(text, encoding="utf-8")
    from readiness_app.evidence.reconcile import reconcile

    reconcile(folder.reg)
    indexing.index_contents(folder.reg)
    for word in ("cafe", "опекуны", "Φροντιστές", "الرعاية", "护理人员", "战略"):
        assert list(found(folder.reg, word)) == ["World.txt"], word


def test_bad_files_are_indexed_within_limits_or_skipped_with_a_reason(folder, documents):
    from readiness_app.evidence.contents import ReadLimits, read_text

    root = folder.root
    huge = root / "Huge.pdf"
    with open(huge, "wb") as handle:  # 2 GB, sparse: costs no disk
        handle.truncate(2 * 1024**3)
    started = time.monotonic()
    assert read_text(huge).reason.startswith("too large to read (2.0 GB")
    bomb = documents.zip_bomb_docx(root / "Bomb.docx", unpacked_mb=60)
    assert bomb.stat().st_size < 1024 * 1024
    assert "zip bomb" in read_text(bomb).reason
    nested = read_text(documents.nested_pdf(root / "Nested.pdf"))
    assert nested.text == "" and nested.reason
    words = root / "Million.txt"
    words.write_text(" ".join(f"w{n % 9973}" for n in range(1_000_000)) + " lastword")
    long = read_text(words, ReadLimits(max_chars=1_000_000))
    assert len(long.text) == 1_000_000 and "first 1,000,000 characters" in long.reason
    assert time.monotonic() - started < 30
    scanned = documents.pdf(root / "Scanned.pdf")  # a page with no text on it
    assert "scanned image" in read_text(scanned).reason
    assert "not read for text" in read_text(documents.pdf(root / "x.jpg")).reason
    (root / "Broken.docx").write_bytes(b"PK\x03\x04 not really")
    assert read_text(root / "Broken.docx").reason.startswith("damaged")


def test_a_password_protected_pdf_is_listed_with_no_text(folder, documents):
    from pypdf import PdfReader, PdfWriter

    from readiness_app.evidence.contents import read_text

    plain = documents.pdf(folder.root / "plain.pdf", "secret words")
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt("pw", algorithm="AES-256")
    with open(folder.root / "Locked.pdf", "wb") as handle:
        writer.write(handle)
    assert read_text(folder.root / "Locked.pdf").reason == "protected by a password"


def test_a_file_changing_while_it_is_read_is_left_for_the_next_round(folder, documents, monkeypatch):
    from readiness_app.evidence.reconcile import reconcile

    path = documents.docx(folder.root / "Draft.docx", "first version")
    reconcile(folder.reg)
    real = indexing.read_text

    def read_while_saving(target, limits=None, cancel=None):
        result = real(target, limits)
        with open(target, "ab") as handle:  # a colleague saves mid-read
            handle.write(b"\0")
        return result

    monkeypatch.setattr(indexing, "read_text", read_while_saving)
    result = indexing.index_contents(folder.reg)
    assert result.skipped == 1 and search.contents_status(folder.reg)["waiting"] == 1
    monkeypatch.setattr(indexing, "read_text", real)
    documents.docx(path, "second version")
    reconcile(folder.reg)
    indexing.index_contents(folder.reg)
    assert list(found(folder.reg, "second")) == ["Draft.docx"] and found(folder.reg, "first") == {}


def test_the_register_never_passes_its_size_limit_for_file_text(folder):
    from readiness_app.evidence.contents import ReadLimits
    from readiness_app.evidence.reconcile import reconcile

    evidence_settings.save(folder.reg, "index_limit_mb", "10")
    (folder.root / "Small.txt").write_text("a little ibisword")
    (folder.root / "Big.txt").write_text("bigword " * 600_000)  # 4.8 M characters, over 10 MB in the index
    reconcile(folder.reg)
    indexing.index_contents(folder.reg, limits=ReadLimits(max_chars=10_000_000))
    status = search.contents_status(folder.reg)
    assert status["with_text"] == 1 and [r["path"] for r in status["no_text"]] == ["Big.txt"]
    assert "size limit for search (10 MB)" in status["no_text"][0]["reason"]
    assert search.register_bytes(folder.reg) < 10 * 1024 * 1024
    assert found(folder.reg, "bigword") == {}
    assert found(folder.reg, "big") == {"Big.txt": False}  # still found by its name


def test_content_indexing_can_be_turned_off(folder):
    from readiness_app.evidence.reconcile import reconcile

    (folder.root / "Minutes.txt").write_text("the dugong minutes")
    reconcile(folder.reg)
    indexing.index_contents(folder.reg)
    assert found(folder.reg, "dugong") == {"Minutes.txt": True}
    evidence_settings.save(folder.reg, "index-contents", "off")
    indexing.index_contents(folder.reg)
    assert found(folder.reg, "dugong") == {} and not search.has_contents(folder.reg)
    assert found(folder.reg, "minutes") == {"Minutes.txt": False}  # the name and details still are


def test_an_encrypted_registers_index_is_unreadable_without_the_passphrase(tmp_path):
    root = tmp_path / "evidence"
    root.mkdir()
    (root / "Secret plan.txt").write_text("zorillaword " * 200)
    path = tmp_path / "register.sqlite"
    reg = create_register(path, council="Testshire", evidence_folder=root, passphrase="correct horse battery")
    from readiness_app.evidence.reconcile import reconcile

    reconcile(reg)
    indexing.index_contents(reg)
    assert list(found(reg, "zorillaword")) == ["Secret plan.txt"]
    reg.close()
    for name in os.listdir(tmp_path):
        if name.startswith("register"):
            assert b"zorillaword" not in (tmp_path / name).read_bytes(), name
    with pytest.raises(ReadinessError):
        open_register(path)
    with open_register(path, passphrase="correct horse battery") as again:
        assert list(found(again, "zorillaword")) == ["Secret plan.txt"]


def test_nothing_read_from_a_file_goes_to_the_log(folder, caplog, tmp_path):
    from readiness_app.evidence.reconcile import reconcile

    (folder.root / "Case notes.txt").write_text("the pronghornsecret words")
    caplog.set_level(logging.DEBUG)
    reconcile(folder.reg)
    indexing.index_contents(folder.reg)
    assert found(folder.reg, "pronghornsecret")
    assert all("pronghornsecret" not in r.getMessage() for r in caplog.records)
    logs = list(tmp_path.rglob("*.log")) + list(tmp_path.parent.rglob("*.log"))
    assert all(b"pronghornsecret" not in p.read_bytes() for p in logs)


def test_encrypting_a_register_keeps_its_index_and_hides_the_words(tmp_path, folder):
    from readiness_app.evidence.reconcile import reconcile
    from readiness_app.safety.encryption import encrypt_register

    (folder.root / "Plan.txt").write_text("the quagga proposal " * 50)
    reconcile(folder.reg)
    indexing.index_contents(folder.reg)
    path = folder.reg.path
    folder.reg.close()
    assert b"quagga" in path.read_bytes()
    encrypt_register(path, "correct horse battery")
    assert all(b"quagga" not in p.read_bytes() for p in path.parent.glob("register*"))
    with open_register(path, passphrase="correct horse battery") as reg:
        assert found(reg, "quagga") == {"Plan.txt": True}
        gaps.create(reg, "QS1", "A new zebu gap written while encrypted", "low")
        assert len(search.search(reg, "zebu")) == 1
    folder.reg = open_register(path, passphrase="correct horse battery")  # the fixture closes it


def test_slides_and_a_reading_time_limit(folder, documents):
    from readiness_app.evidence.contents import ReadLimits, read_text

    deck = documents.pptx(folder.root / "Deck.pptx", "Slide one: the vision", "Slide two: our bongoword")
    assert read_text(deck).text.splitlines() == ["Slide one: the vision", "Slide two: our bongoword"]
    stopped = read_text(documents.pdf(folder.root / "Long.pdf", "words"), ReadLimits(max_seconds=0))
    assert stopped.text == "" and "reading stopped after 0 seconds" in stopped.reason


def test_a_file_that_takes_long_to_read_never_holds_up_the_watcher(fast, monkeypatch):
    release = threading.Event()
    real = indexing.read_text

    def slow(path, limits=None, cancel=None):
        if path.name == "Slow.txt":
            release.wait(20)  # a file on a share that answers slowly, or a hostile one
        return real(path, limits)

    monkeypatch.setattr(indexing, "read_text", slow)
    (fast.root / "Slow.txt").write_text("the slowword file")
    watcher = EvidenceWatcher(fast.reg, health_interval=0.2)
    watcher.start()
    try:
        pump(watcher, lambda: watcher.reader.busy)
        started = time.monotonic()
        (fast.root / "QS2/Later.txt").parent.mkdir()
        (fast.root / "QS2/Later.txt").write_text("arrived while the other was read")
        pump(watcher, lambda: "QS2/Later.txt" in fast.rows())
        assert time.monotonic() - started < 10 and not release.is_set()
        release.set()
        pump(watcher, all_read(watcher, files=2))
        assert found(fast.reg, "slowword") == {"Slow.txt": True}
        assert found(fast.reg, "arrived") == {"QS2/Later.txt": True}
    finally:
        release.set()
        watcher.stop()


def test_stopping_the_watcher_stops_a_long_read_at_once(fast, documents):
    from readiness_app.evidence.contents import ReadLimits, read_text

    cancel = threading.Event()
    cancel.set()
    pdf = documents.pdf(fast.root / "Stopped.pdf", "never read")
    assert read_text(pdf, cancel=cancel).reason == "reading was stopped"
    pdf.unlink()
    big = fast.root / "Big.txt"
    big.write_text("word " * 2_000_000)
    watcher = EvidenceWatcher(fast.reg, health_interval=0.2)
    watcher.start()
    watcher.reader.limits = ReadLimits(max_chars=50_000_000)
    pump(watcher, lambda: watcher.reader.busy)
    started = time.monotonic()
    watcher.stop()
    assert time.monotonic() - started < 5 and not watcher.reader.busy


def test_a_self_assessment_edit_is_found_under_its_qs(empty_register):
    from readiness_app.register import self_assessment

    reg = empty_register
    self_assessment.update(reg, "QS6", narrative="Transitions panel for young adults: the wallabyword")
    assert [(h.kind, h.record) for h in search.search(reg, "wallabyword")] == [("self_assessment", "QS6")]
    self_assessment.update(reg, "QS6", narrative="Rewritten")
    assert search.search(reg, "wallabyword") == []
    assert [h.record for h in search.search(reg, "rewritten", qs="QS6")] == ["QS6"]


def test_every_indexed_table_keeps_its_search_triggers_at_the_latest_schema(empty_register):
    """A later migration that rebuilds one of these tables drops its triggers: this says so."""
    from readiness_app.register.migrations import SEARCH_SOURCES

    triggers = {r[0] for r in empty_register.query("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    for _kind, _number, table, *_ in SEARCH_SOURCES:
        for event in ("insert", "update", "delete"):
            assert f"search_{table}_{event}" in triggers, f"{table} lost its search trigger on {event}"
    assert {"search_contents_stale", "search_contents_delete"} <= triggers
