"""The Chinese translation is complete, in step with the code, and uses the glossary.

Any word added to the window without a translation, any translation left unfinished and
any `.qm` not compiled from the `.ts` fails here, so later work keeps both languages whole.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("translations", ROOT / "scripts" / "translations.py")
translations = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(translations)

GLOSSARY = json.loads((ROOT / "resources" / "i18n" / "glossary.json").read_text("utf-8"))
FIELD = re.compile(r"\{[a-z_0-9]*\}")
CODE = re.compile(r"`[^`]*`|--[a-z][a-z0-9-]*|[\w.-]+\.(?:png|svg|pdf|gif|mp4|csv|json)\b")
HAN = re.compile(r"[\u4e00-\u9fff]")
needs_qt_tools = pytest.mark.skipif(
    not (Path(translations.sys.executable).parent / "pyside6-lupdate").exists()
    and shutil.which("pyside6-lupdate") is None,
    reason="pyside6-lupdate is not installed",
)


def _messages():
    return translations.messages(translations.TS)


@needs_qt_tools
def test_the_ts_holds_every_word_of_the_code_translated_and_the_qm_is_compiled_from_it():
    problems = translations.problems()
    assert problems == [], "\n".join(problems[:40])


def test_every_translation_keeps_the_placeholders_of_its_source():
    wrong = [
        f"[{context}] {source[:60]!r}"
        for (context, source), (text, _kind) in _messages().items()
        if text and sorted(FIELD.findall(source)) != sorted(FIELD.findall(text))
    ]
    assert wrong == []


def test_every_translation_that_has_letters_reads_as_chinese():
    """A sentence left in English (copied, not translated) is not a translation."""
    english = [
        f"[{context}] {source[:60]!r}"
        for (context, source), (text, _kind) in _messages().items()
        if text
        and len(re.findall(r"[A-Za-z]{4,}", FIELD.sub(" ", source))) >= 3
        and not HAN.search(text)
    ]
    assert english == []


def _glossary_terms():
    terms = GLOSSARY["terms"]
    return sorted(terms.items(), key=lambda item: -len(item[0]))


def glossary_misses(source: str, text: str) -> list[str]:
    """Terms of `source` (whole words, case ignored, longest first) whose Chinese `text`
    does not use."""
    misses = []
    rest = CODE.sub(" ", FIELD.sub(" ", source))
    for phrase in GLOSSARY.get("not_terms", []):
        rest = re.sub(re.escape(phrase), " ", rest, flags=re.IGNORECASE)
    for english, chinese in _glossary_terms():
        pattern = re.compile(rf"(?<![A-Za-z]){re.escape(english)}(?![A-Za-z])", re.IGNORECASE)
        if pattern.search(rest):
            rest = pattern.sub(" ", rest)
            if chinese not in text:
                misses.append(f"{english} → {chinese}")
    return misses


def test_translations_use_the_glossary_terms_of_the_course():
    misses = []
    for (context, source), (text, _kind) in _messages().items():
        if text and HAN.search(text):
            found = glossary_misses(source, text)
            if found:
                misses.append(f"[{context}] {source[:50]!r} → {text[:30]!r}: {', '.join(found)}")
    assert misses == [], "\n".join(misses[:40])


def test_glossary_check_finds_a_term_translated_another_way():
    assert glossary_misses("Vanishing gradients at depth 30", "梯度消失于深度 30") == []
    assert glossary_misses("the variance per layer", "每层的方差") == []
    assert glossary_misses("the variance per layer", "每层的变异") == ["variance → 方差"]
    assert glossary_misses("did you mean {activation}?", "是不是想写 {activation}？") == []


def test_the_glossary_uses_the_seed_notes_words_where_they_appear():
    seed = "".join(p.read_text("utf-8") for p in (ROOT.parent / "shared" / "seed").glob("*.txt"))
    if not seed:
        pytest.skip("the course's seed notes are not beside this checkout")
    for english in (
        "numerical stability",
        "vanishing gradient",
        "exploding gradient",
        "activation function",
        "Taylor expansion",
        "variance",
        "initialisation",
    ):
        assert GLOSSARY["terms"][english] in seed, english
