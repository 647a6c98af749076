"""Texts for the benchmarks, drawn and varied from the shared citizen messages.

The messages are read at run time from ../shared/data; nothing of them is written anywhere.
"""

from __future__ import annotations

import csv
import random
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT.parent / "shared" / "data"
FILES = ("messages_labelled.csv", "messages_with_votes.csv", "messages_with_replies.csv")


SENTENCE = re.compile(r"(?<=[。！？!?；;\n])")
PLACE = re.compile(r"[A-Z]\d{0,2}(?=[市区县])")
NUMBER = re.compile(r"\d+")
GREETINGS = (
    "尊敬的领导：您好！",
    "领导好，",
    "您好！",
    "我要反映一个问题：",
    "尊敬的市长：",
    "你好，我想反映一下，",
    "",
    "",
)
ADDED = (
    "这个问题已经反映过多次，一直没有结果。",
    "请尽快给予答复。",
    "希望领导重视。",
    "现在情况越来越严重了。",
    "我们实在没有办法了，只能再次反映。",
    "恳请有关部门调查处理。",
)
SYNONYMS = (
    ("反映", "反应"),
    ("希望", "恳请"),
    ("严重", "非常"),
    ("问题", "情况"),
    ("相关部门", "有关部门"),
    ("尽快", "早日"),
    ("居民", "住户"),
    ("政府", "领导"),
    ("解决", "处理"),
    ("一直", "始终"),
    ("没有", "未"),
    ("现在", "目前"),
    ("我们", "我们大家"),
    ("要求", "请求"),
    ("影响", "干扰"),
    ("已经", "早已"),
    ("多次", "好几次"),
    ("至今", "到现在"),
    ("但是", "可是"),
    ("因为", "由于"),
    ("小区", "小区里"),
    ("业主", "住户"),
    ("公司", "单位"),
    ("工作", "上班"),
)
TYPOS = "的地得在再做作已以那哪他她它"


@dataclass(frozen=True)
class Message:
    title: str
    sentences: tuple[str, ...]


def load_corpus(data_dir: Path) -> list[Message]:
    """Read the shared messages: each title with its sentences of 6 to 120 characters."""
    messages = []
    for name in FILES:
        with (data_dir / name).open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                title = (row.get("留言主题") or "").strip()
                parts = SENTENCE.split(row.get("留言详情") or "")
                sentences = tuple(s.strip() for s in parts if 6 <= len(s.strip()) <= 120)
                if title and sentences:
                    messages.append(Message(title, sentences))
    if not messages:
        raise SystemExit(f"no messages found in {data_dir}")
    return messages


def vary(text: str, rng: random.Random) -> str:
    """Replace the places (A市, B3区) and numbers of text by others of the same shape."""
    text = PLACE.sub(
        lambda m: rng.choice("ABCDEFGHIJKLM") + (str(rng.randint(1, 12)) if len(m[0]) > 1 else ""),
        text,
    )

    def number(match: re.Match[str]) -> str:
        digits = len(match[0])
        return str(rng.randint(10 ** (digits - 1) if digits > 1 else 0, 10**digits - 1))

    return NUMBER.sub(number, text)


def synthetic_text(corpus: list[Message], rng: random.Random) -> tuple[str, str]:
    """Return a new case's title and content drawn from the messages."""
    base = rng.choice(corpus)
    picked = [base.sentences[0]]
    target = rng.randint(100, 320)
    while len(picked) < 3 or (sum(map(len, picked)) < target and len(picked) < 7):
        picked.append(rng.choice(rng.choice(corpus).sentences))
    greeting = rng.choice(GREETINGS) if rng.random() < 0.3 else ""
    return vary(base.title, rng)[:200], greeting + vary("".join(picked), rng)


def refile(title: str, content: str, rng: random.Random) -> tuple[str, str]:
    """Return the same matter as a citizen files it again: other greeting, sentences
    swapped, dropped or added, words replaced, wrong characters, often another title."""
    sentences = [s for s in SENTENCE.split(content) if s.strip()]
    for greeting in GREETINGS:
        if greeting and sentences and sentences[0].startswith(greeting):
            sentences[0] = sentences[0][len(greeting) :]
    sentences = [s for s in sentences if s]
    if len(sentences) >= 3 and rng.random() < 0.6:
        i = rng.randrange(len(sentences) - 1)
        sentences[i], sentences[i + 1] = sentences[i + 1], sentences[i]
    if len(sentences) >= 4 and rng.random() < 0.4:
        del sentences[rng.randrange(1, len(sentences))]
    if rng.random() < 0.4:
        sentences.insert(rng.randint(0, len(sentences)), rng.choice(ADDED))
    text = rng.choice(GREETINGS) + "".join(sentences)
    for old, new in rng.sample(SYNONYMS, 6):
        text = text.replace(old, new, 1)
    chars = list(text)
    for _ in range(max(1, len(chars) // 30)):
        at = rng.randrange(len(chars))
        if "\u4e00" <= chars[at] <= "\u9fff":
            chars[at] = rng.choice(TYPOS)
    roll = rng.random()
    if roll < 0.4:
        new_title = title
    elif roll < 0.7:
        new_title = f"关于{title}的问题"
    else:
        new_title = f"再次反映{title}"
    return new_title[:200], "".join(chars)
