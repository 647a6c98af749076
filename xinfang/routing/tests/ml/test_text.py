from __future__ import annotations

from xinfang.routing.ml.text import fields, joined, normalise, segment, segment_fine, title


def test_it_folds_full_width_forms_case_and_spaces() -> None:
    assert normalise("  ＡＢＣ１２３  小区\n\t噪音 ") == "abc123 小区 噪音"


def test_it_segments_into_words_without_whitespace_tokens() -> None:
    words = segment("建筑公司 拖欠工资")

    assert "建筑" in words
    assert all(word.strip() for word in words)


def test_search_mode_also_gives_the_words_inside_long_words() -> None:
    words = segment_fine("中华人民共和国")

    assert "中华人民共和国" in words
    assert "中华" in words


def test_a_single_text_has_no_separate_title() -> None:
    assert fields("噪音扰民") == ("噪音扰民",)
    assert title("噪音扰民") == ""
    assert title(("噪音扰民", "工地夜里施工")) == "噪音扰民"
    assert joined(("噪音扰民", "工地夜里施工")) == "噪音扰民 工地夜里施工"
