"""Stage 2: find what a cue reports.

In order of preference:
1. a complement clause introduced by إن/أن/بأن (with its attached pronoun: أنه), found in the
   tree (the complementizer's clause hangs on the cue) or, where the parse is off, as the first
   complementizer after the cue with only the source and adverbials in between;
2. a quotation opening after the cue (“ ” « » "), also after a colon; it may run over several
   sentences and may be unclosed (then it runs to the end of the paragraph);
3. speech after a colon;
4. the clause a relative ما before the cue points back at (…، وهو ما أكده مسؤول);
5. a quotation just before the cue ("..."، قال الوزير / كما قال);
6. for according-to markers, the clause the marker is attached to.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from attribution.rules.cues import CueMatch
from attribution.parse.document import ParsedText, Sentence
from attribution.rules.lexicon import Lexicon
from attribution.parse.normalize import QUOTE_CHARS, normalize
from attribution.rules.wordlists import load_words

# what the content is: an إن/أن clause, a quotation (after the cue, after a colon, or just before the
# cue) or the clause of an according-to marker
ContentKind = Literal["complement", "quote", "colon", "preceding_quote", "according_to"]
# a reversed or doubled mark (إن» … » or إن» … «) closes with either guillemet, so it never runs on
# to the end of the paragraph; likewise “ … “ and ” … ”
CLOSING_FOR = {"«": "»", "“": "”“", "„": "“", '"': '"”', "”": '”"', "»": "«»"}
TRIM_CHARS = " \t\r\n.,،:;؛!?؟…-–—" + QUOTE_CHARS
SENTENCE_END = {".", "!", "?", "؟", "…"}
# nouns that take their own أن clause: مؤكدا أهمية أن يكون … reports a noun phrase, not a clause
CLAUSE_TAKING_NOUNS = load_words("clause_taking_nouns")
QUOTE_POINTERS = load_words("quote_pointers")
TIME_WORDS = load_words("time_words")
DEMONSTRATIVES = load_words("demonstratives")
MAX_GAP_WORDS = 45       # cue … complementizer: the source, PPs and a relative clause fit
TREE_FREE_GAP = 12       # closer than this, no tree support is needed
NAMED_QUOTE_WORDS = 6
SHORT_QUOTE_WORDS = 3    # a quoted name such as "داعش" inside the source


@dataclass
class Content:
    start: int
    end: int
    kind: ContentKind
    quoted: bool = False        # some or all of it stands in quotation marks
    complementizer: tuple[int, int] | None = None
    via_tree: bool = False
    gap_start: int | None = None  # first word index after the cue (for speaker search)
    gap_end: int | None = None    # word index where the content (or its marker) begins
    rules: list[str] = field(default_factory=list)  # the rules that found it (a claim's evidence)
    parts: list[tuple[int, int]] = field(default_factory=list)  # "…"، قال X، "…": the quoted pieces

    def spans(self) -> list[tuple[int, int]]:
        """The reported text: its parts, or the whole span when it is one piece."""
        return list(self.parts) or [(self.start, self.end)]


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    # a leading combining mark is the tail of the complementizer (أنّ split as أن + ّ)
    while start < end and (text[start] in TRIM_CHARS or unicodedata.category(text[start]) == "Mn"):
        start += 1
    while end > start and text[end - 1] in TRIM_CHARS:
        end -= 1
    # a dangling conjunction left by cutting before the next event: "... ، و"
    while end - start > 2 and text[end - 1] in "وف" and text[end - 2] in TRIM_CHARS:
        end -= 1
        while end > start and text[end - 1] in TRIM_CHARS:
            end -= 1
    return start, end


def closing_quote(text: str, open_char: str, start: int, limit: int) -> int | None:
    """Index of the mark closing a quotation opened with ``open_char``, searching text[start:limit]."""
    targets = CLOSING_FOR.get(open_char, '"”»')
    inner_close = None
    pos = start
    while pos < limit:
        if text[pos] in targets:
            inner = _inner_quote_end(text, pos, start, limit) if open_char == '"' else None
            if inner is None:
                return pos if inner_close is None or not text[pos - 1].isspace() else inner_close
            inner_close = pos = inner
        pos += 1
    return inner_close


INNER_QUOTE_WORDS = 4  # a name or a term quoted inside a quotation (ما يسمى "مجزرة رابعة")


def _inner_quote_end(text: str, pos: int, start: int, limit: int) -> int | None:
    """… بما يسمى "مجزرة رابعة".: a straight mark after a space and before a letter opens a short
    quotation inside the quotation (one mark often closes both); the index of its closing mark."""
    if not (pos > start and text[pos - 1].isspace() and pos + 1 < len(text) and text[pos + 1].isalpha()):
        return None
    opener = start - 1
    while opener > 0 and text[opener].isspace():
        opener -= 1
    if opener > 0 and text[opener - 1].isalpha():
        return None  # the quotation opened with a mark glued to the word before it: a closing mark misread
    inner = text.find('"', pos + 1, limit)
    if inner < 0:
        return None
    body = text[pos + 1:inner]
    if len(body.split()) > INNER_QUOTE_WORDS or any(ch in body for ch in ".،,؟?!:؛"):
        return None
    return inner


def _skip_quotes(text: str, pos: int, limit: int) -> tuple[int, str | None]:
    """Skip whitespace and quotation marks; return the new position and the last mark skipped."""
    mark = None
    # a combining mark here is the tail of the complementizer the tokenizer split off (أن + ّ)
    while pos < limit and (text[pos].isspace() or text[pos] in QUOTE_CHARS or unicodedata.category(text[pos]) == "Mn"):
        if text[pos] in QUOTE_CHARS:
            mark = text[pos]
        pos += 1
    return pos, mark


def _tree_supports(sentence: Sentence, cue_head: int, comp: int) -> bool:
    """The complementizer's clause hangs (directly or through a preposition) on the cue."""
    head = sentence.words[comp].head_index
    if head is None:
        return False
    return head == cue_head or cue_head in list(sentence.ancestors(head))[:3]


def _end_of_complement(parsed: ParsedText, sentence: Sentence, start: int, boundary: int | None,
                       lexicon: Lexicon) -> int:
    """A complement clause runs to the end of its sentence, but stops at the next event, at a
    ".." separator, and before a trailing source formula (… كما نقل عنه بيان; not … كما تسببت في …,
    where كما and a verb that reports nothing go on with the clause)."""
    end = sentence.end
    if boundary is not None and start < boundary < end:
        end = boundary
    cut = parsed.text.find("..", start, end)
    if cut >= 0:
        end = cut
    words = sentence.words
    for k, w in enumerate(words[:-1]):
        if start < w.start < end and w.norm == "كما" and words[k + 1].upos == "VERB" \
                and lexicon.match_word(words[k + 1].norm, words[k + 1].norm_lemma, "VERB") is not None:
            end = w.start
            break
    return end


def _paragraph_end(parsed: ParsedText, sentence: Sentence) -> int:
    return parsed.paragraph(sentence.paragraph).end


def _quote_content(parsed: ParsedText, sentence: Sentence, open_pos: int, open_char: str,
                   lexicon: Lexicon) -> tuple[int, int, bool]:
    text = parsed.text
    para_end = _paragraph_end(parsed, sentence)
    begin, _ = _skip_quotes(text, open_pos + 1, para_end)
    close = closing_quote(text, open_char, begin, para_end)
    end = close if close is not None else unclosed_quote_end(parsed, sentence, lexicon)
    return begin, end, close is not None


def unclosed_quote_end(parsed: ParsedText, sentence: Sentence, lexicon: Lexicon) -> int:
    """A quotation whose closing mark never comes runs to the end of the paragraph, unless a later
    sentence of the paragraph opens a new report (… غير معروف. وقال إنه …): it stops before it."""
    for later in parsed.sentences_in(sentence.paragraph):
        if later.index <= sentence.index:
            continue
        first = next((w for w in later.words if w.norm not in ("و", "ف") and w.upos != "PUNCT"), None)
        if first is not None and lexicon.match_word(first.norm, first.norm_lemma, first.upos) is not None:
            return later.start
    return _paragraph_end(parsed, sentence)


def find_content(cue: CueMatch, parsed: ParsedText, lexicon: Lexicon, boundary: int | None,
                 next_cue: int | None = None) -> Content | None:
    """``boundary``: where the content must end (the next event); ``next_cue``: where the search
    for a complementizer must stop (any later cue: إذ قالت "أبل" إن … is قالت's clause)."""
    if cue.category == "according_to":
        return _according_to_content(cue, parsed, lexicon, boundary)
    if cue.category == "headline":
        return _headline_content(cue, parsed)
    found = _content_after(cue, parsed, lexicon, boundary, next_cue)
    if cue.pointer_start is not None and not _own_clause(cue, found):
        found = _clause_pointed_back(cue, parsed, lexicon)
    if found is None and cue.category != "participle":  # "…"، قال الوزير; never "…"، مشيرا
        found = _preceding_quote(cue, parsed)
    elif found is not None and found.kind == "quote" and cue.category == "verb":
        found = _split_quote(cue, parsed, found)
    if found is not None and found.end <= found.start:
        return None  # "وقال إن" and nothing after: a complementizer with no clause reports nothing
    return found


def _own_clause(cue: CueMatch, found: Content | None) -> bool:
    """For a cue after "…، وهو ما": whether what follows it is its own report (وهو ما قال ألكسندر
    إنه يدفئ الصغار; هذا ما قاله X: "…"), a clause or a colon with no comma before it.  A quotation
    after it names a topic (هذا ما قاله بومبيو بشأن "القس الأميركي"), and past a comma the clause
    is the narrator's (وهو ما أوضحته الإعادة، إلا أن الحكم …)."""
    if found is None or found.kind not in ("complement", "colon"):
        return False
    return not any(w.text in ("،", ",") for w in cue.sentence.words[cue.last + 1:found.gap_end])


def _headline_content(cue: CueMatch, parsed: ParsedText) -> Content | None:
    """A sub-headline's claim: everything after its colon, quotation marks trimmed."""
    start, end = trim_span(parsed.text, cue.end, cue.sentence.end)
    return Content(start, end, "colon", gap_start=0, gap_end=cue.first, rules=["headline-after-colon"]) \
        if end > start else None


CUE_MODIFIERS = {"obl", "obl:tmod", "advmod", "advcl", "nmod:tmod"}


def _cue_modifier_start(sentence: Sentence, cue: CueMatch, j: int, end: int) -> int:
    """أعلنت أنها ستبني مصنعا في تايلاند، بعد انسحاب ترامب …: a phrase after a comma that hangs on
    the cue itself (its time or circumstance) is not part of what was said; the clause ends before
    the comma.  Only for a complement the tree hangs on the cue, so a misparse cannot cut it."""
    words = sentence.words
    predicate = words[j].head_index
    if predicate is None or predicate <= j or words[predicate].head_index != cue.head:
        return end
    for k in range(predicate + 1, len(words) - 1):
        if words[k].start >= end:
            break
        if words[k].text not in ("،", ","):
            continue
        top = k + 1
        while words[top].head_index is not None and words[top].head_index > k:
            top = words[top].head_index
        if words[top].head_index == cue.head and words[top].deprel in CUE_MODIFIERS:
            return words[k].start
    return end


def _content_after(cue: CueMatch, parsed: ParsedText, lexicon: Lexicon, boundary: int | None,
                   next_cue: int | None = None) -> Content | None:
    sentence, text = cue.sentence, parsed.text
    words = sentence.words
    quote_open: tuple[int, str] | None = None
    limit = min(len(words), cue.last + 1 + MAX_GAP_WORDS)
    skip_to = -1  # end of a quoted name inside the source, already looked at
    for j in range(cue.last + 1, limit):
        word = words[j]
        if boundary is not None and word.start >= boundary or next_cue is not None and word.start >= next_cue:
            break
        if word.start < skip_to:
            continue
        if lexicon.complementizer_at(words, j):  # لأن (because) normalises to no complementizer
            if _governed_by_noun(sentence, j, cue):
                return None  # أكد أهمية أن …: the clause belongs to the noun, the content is a noun phrase
            gap = j - cue.last - 1
            if gap > TREE_FREE_GAP and not _tree_supports(sentence, cue.head, j) \
                    and not _qawl_complementizer(cue, sentence, j):
                continue
            content = _complement(cue, parsed, lexicon, j, quote_open, boundary)
            content.rules.append("complement:tree" if content.via_tree else
                                 "complement:near-cue" if gap <= TREE_FREE_GAP else "complement:qawl-comma")
            return content
        if word.text and word.text[0] in QUOTE_CHARS and quote_open is None:
            name_end = quoted_name_end(sentence, j)
            # a complementizer right after the opening mark makes it mixed: "أن معركة ..."; not in a
            # quoted name that spells the letter N (قناة "إن بي سي")
            letter_n = name_end is not None and words[j + 1].text in ("إن", "ان")
            if not letter_n and j + 1 < len(words) and lexicon.is_complementizer(words[j + 1].norm):
                quote_open = (word.start, word.text[0])
                continue
            if name_end is None and (j == cue.last + 1 or words[j - 1].norm == "عن"):
                # وذكرت "شينخوا" أن، ونقلت الصحيفة عن "دون بالون" الإسبانية أن: the source's name
                name_end = _quoted_source_end(sentence, j, lexicon)
            if name_end is not None:
                skip_to = words[name_end].end  # تنظيم "داعش"، لـ"الحياة": a quoted name, not speech
                continue
            return _quoted(cue, parsed, lexicon, word.start, word.text[0], j, "quote")
        if word.text == ":":
            after, mark = _skip_quotes(text, word.end, _paragraph_end(parsed, sentence))
            if mark is not None:
                open_pos = text.rfind(mark, word.end, after)
                return _quoted(cue, parsed, lexicon, open_pos, mark, j, "colon")
            end = _end_of_complement(parsed, sentence, after, boundary, lexicon)
            start, end = trim_span(text, after, end)
            if end > start:
                return Content(start, end, "colon", gap_start=cue.last + 1, gap_end=j, rules=["speech-after-colon"])
            return None
        if word.upos == "PUNCT" and word.text in SENTENCE_END:
            break
    return None


def _complement_after(sentence: Sentence, begin: int, lexicon: Lexicon) -> int | None:
    """Index of a complementizer within a short stretch after ``begin`` in the same clause; not
    inside a quoted name (شبكة "سي إن بي سي": إن is a letter's name there)."""
    skip_to = -1
    for j in range(begin, min(len(sentence.words), begin + TREE_FREE_GAP)):
        w = sentence.words[j]
        if j <= skip_to:
            continue
        if w.text[:1] in QUOTE_CHARS and (close := quoted_name_end(sentence, j)) is not None:
            skip_to = close
            continue
        if lexicon.complementizer_at(sentence.words, j):
            return j
        if w.text in ("،", ",") or w.text in SENTENCE_END:
            return None
    return None


def _governed_by_noun(sentence: Sentence, j: int, cue: CueMatch) -> bool:
    prev = sentence.words[j - 1] if j > cue.last + 1 else None
    return prev is not None and prev.norm in CLAUSE_TAKING_NOUNS


def _qawl_complementizer(cue: CueMatch, sentence: Sentence, j: int) -> bool:
    """قال …، إنّ: after قال the complementizer is written إن, and news often puts a long
    interposition (place, occasion, a حيث clause) between them, closed by a comma."""
    word = sentence.words[j]
    return cue.lemma == "قال" and word.text.startswith("إ") and j > 0 and sentence.words[j - 1].text in ("،", ",")


NEGATING_NOUNS = {normalize("غير"), normalize("عدم")}  # غير مقبولة، عدم الرضا


def quoted_name_end(sentence: Sentence, j: int, require_more: bool = True) -> int | None:
    """Word j opens a quotation mark; if it quotes a short name inside a noun phrase (تنظيم "داعش"،
    لـ"الحياة") followed by more of the sentence (unless ``require_more`` is off), return the index
    of the closing mark."""
    words = sentence.words
    opener = words[j].text[:1]
    targets = CLOSING_FOR.get(opener, '"”»')
    if j + 1 < len(words) and words[j + 1].norm in NEGATING_NOUNS:
        return None  # اعتبرتها "غير مقبولة": a negated quality, never a name
    # إذاعة "كرال إف.إم"، تنظيم "داعش"، لـ"الحياة": a noun in construct state (no article) names it,
    # and a name after such a noun may be longer (لجنة "القضاء على التمييز العنصري")
    prev = words[j - 1] if j > 0 else None
    named_by_noun = prev is not None and (prev.norm == "ل" or prev.upos == "NOUN" and not prev.norm.startswith("ال"))
    longest = NAMED_QUOTE_WORDS if named_by_noun and prev.norm != "ل" else SHORT_QUOTE_WORDS
    inside = 0  # words, not punctuation: "كرال إف.إم" is two
    for k in range(j + 1, len(words)):
        if words[k].upos != "PUNCT" and words[k].text[:1] not in targets:
            inside += 1
            if inside > longest:
                return None
            continue
        if words[k].text[:1] in targets:
            if k == j + 1 or not (_looks_like_name(words[j + 1]) or named_by_noun or not require_more):
                return None
            rest = [w for w in words[k + 1:] if w.upos != "PUNCT"]
            return k if rest or not require_more else None
    return None


def _quoted_source_end(sentence: Sentence, j: int, lexicon: Lexicon) -> int | None:
    """وذكرت "شينخوا" أن …، وكتب "جوانثان مكارثي" على الفيديو: "…": a short quotation right after
    the cue, with the content (a complementizer or a colon) still to come, is the source's name."""
    words = sentence.words
    close = quoted_name_end(sentence, j, require_more=False)
    if close is None:
        return None
    for k in range(close + 1, min(len(words), close + 1 + TREE_FREE_GAP)):
        w = words[k]
        if lexicon.complementizer_at(words, k) or w.text == ":":
            return close
        if w.text in SENTENCE_END:
            break
    return None


def _looks_like_name(word) -> bool:
    if word.upos in ("PROPN", "X"):
        return True
    return word.upos in ("NOUN", "ADJ") and word.norm[:1] not in ("ب", "ل", "ك", "و", "ف")


def _complementizer_end(words, j: int, lexicon: Lexicon) -> int:
    """Where complementizer j ends, with its attached pronoun when the tokenizer split it off
    (أن + ه): the pronoun belongs to the complementizer, not to the clause."""
    k = j + 1
    if k < len(words) and words[k].upos == "PRON" and words[k].start == words[j].end \
            and words[k].norm in lexicon.pronoun_suffixes:
        return words[k].end
    return words[j].end


def _complement(cue: CueMatch, parsed: ParsedText, lexicon: Lexicon, j: int, quote_open,
                boundary: int | None) -> Content:
    sentence, text = cue.sentence, parsed.text
    words = sentence.words
    comp_end = _complementizer_end(words, j, lexicon)
    para_end = _paragraph_end(parsed, sentence)
    begin, mark = _skip_quotes(text, comp_end, para_end)
    if quote_open is not None or mark is not None:
        open_char = mark or quote_open[1]
        close = closing_quote(text, open_char, begin, para_end)
        end = close if close is not None else unclosed_quote_end(parsed, sentence, lexicon)
        start, end = trim_span(text, begin, end)
        return Content(start, end, "complement", True, (words[j].start, comp_end),
                       _tree_supports(sentence, cue.head, j), cue.last + 1, j,
                       rules=["quoted-complement"] + ([] if close is not None else ["unclosed-quote"]))
    negated = _negated_complementizer_start(words, j, lexicon)
    if negated is not None:
        begin = negated  # وعد بألا تفرض …: أن+لا, the negation is part of what was promised
    end = _end_of_complement(parsed, sentence, begin, boundary, lexicon)
    end = _cue_modifier_start(sentence, cue, j, end)
    start, end = trim_span(text, begin, end)
    quoted = any(ch in QUOTE_CHARS for ch in text[start:end])
    return Content(start, end, "complement", quoted, (words[j].start, comp_end),
                   _tree_supports(sentence, cue.head, j), cue.last + 1, j)


def _negated_complementizer_start(words, j: int, lexicon: Lexicon) -> int | None:
    """Where the written complementizer starts when it carries a negation (ألا، بألا: أن + لا),
    else None: the content keeps it, since dropping it would report the opposite."""
    written = words[j].norm
    start = words[j].start
    if j > 0 and words[j - 1].upos == "ADP" and words[j - 1].end == start \
            and lexicon.is_complementizer(words[j - 1].norm + written):
        written, start = words[j - 1].norm + written, words[j - 1].start
    return start if written.endswith("لا") and lexicon.is_complementizer(written) else None


def _quoted(cue: CueMatch, parsed: ParsedText, lexicon: Lexicon, open_pos: int, open_char: str, j: int,
            kind: ContentKind) -> Content | None:
    begin, end, closed = _quote_content(parsed, cue.sentence, open_pos, open_char, lexicon)
    start, end = trim_span(parsed.text, begin, end)
    if end <= start:
        return None
    rules = ["quote-after-colon" if kind == "colon" else "quote-after-cue"] + ([] if closed else ["unclosed-quote"])
    return Content(start, end, kind, True, gap_start=cue.last + 1, gap_end=j, rules=rules)


def _preceding_quote(cue: CueMatch, parsed: ParsedText) -> Content | None:
    """"…"، قال الوزير  /  … "…"، كما قال: the quotation that ends just before the cue; also
    across words that point back at it, after a full stop ("…".. بهذه الكلمات أعلن …)."""
    text = parsed.text
    para = parsed.paragraph(cue.sentence.paragraph)
    pos = _before_quote_pointer(text, para.start, cue.start)
    pointed = pos != cue.start
    while pos > para.start and (text[pos - 1].isspace() or text[pos - 1] in "،," or pointed and text[pos - 1] == "."):
        pos -= 1
    if pos <= para.start or text[pos - 1] not in QUOTE_CHARS:
        return None
    close = pos - 1
    close_char = text[close]
    openers = {"»": "«", "”": "“\""}.get(close_char, '"“')
    open_pos = max(text.rfind(ch, para.start, close) for ch in openers)
    if open_pos < 0:
        return None
    start, end = trim_span(text, open_pos + 1, close)
    if end <= start:
        return None
    before = text[max(para.start, open_pos - 2):open_pos]
    if len(text[start:end].split()) <= SHORT_QUOTE_WORDS and ("ل" in before or "ـ" in before):
        return None  # لـ"العربية.نت"، مشيرا …: a quoted recipient's name, not speech
    return Content(start, end, "preceding_quote", True, rules=["quote-before-cue"])


def _before_quote_pointer(text: str, begin: int, cue_start: int) -> int:
    """Where a phrase pointing back at a quotation (بهذه الكلمات، وبتلك العبارة: ب, a demonstrative
    and a noun of rules/data/quote_pointers.txt) right before the cue starts, else ``cue_start``."""
    before = text[begin:cue_start].rstrip()
    tokens = before.split()
    if len(tokens) < 2 or normalize(tokens[-1]) not in QUOTE_POINTERS:
        return cue_start
    lead = normalize(tokens[-2])
    lead = lead[1:] if lead.startswith("و") else lead
    if not (lead.startswith("ب") and lead[1:] in DEMONSTRATIVES):
        return cue_start
    return begin + before.rfind(tokens[-2], 0, len(before) - len(tokens[-1]))


def _split_quote(cue: CueMatch, parsed: ParsedText, after: Content) -> Content:
    """"…"، قال الوزير، "…": a quotation the cue interrupts is one content in two parts, when the
    quotation after the cue opens right after the source's comma and another closes right before
    the cue.  The content runs from the first part to the last; ``parts`` lists the pieces."""
    words = cue.sentence.words
    mark = words[after.gap_end] if after.gap_end is not None and after.gap_end < len(words) else None
    if mark is None or after.gap_end - 1 <= cue.last or words[after.gap_end - 1].text not in ("،", ","):
        return after
    before = _preceding_quote(cue, parsed)
    if before is None:
        return after
    return Content(before.start, after.end, "quote", True, gap_start=after.gap_start, gap_end=after.gap_end,
                   rules=after.rules + ["split-quote"], parts=[(before.start, before.end), (after.start, after.end)])


def _according_to_content(cue: CueMatch, parsed: ParsedText, lexicon: Lexicon, boundary: int | None) -> Content | None:
    sentence, text = cue.sentence, parsed.text
    words = sentence.words
    if cue.parenthetical:
        # "…"، كما قال: the quotation just before; without one (أرغمته، كما قال، على …) it is a
        # parenthetical remark, not a reporting event, unless it closes the sentence
        return _preceding_quote(cue, parsed) or _clause_before_closing_marker(cue, parsed)
    first_source = cue.last + 1
    if cue.end < words[cue.last].end:  # وفقا لوكالة: the source is fused with the marker's preposition
        first_source = cue.last
    if first_source < len(words) and words[first_source].norm == "ما":
        first_source += 1
    if first_source >= len(words) or words[first_source].upos == "PUNCT" \
            or lexicon.is_non_source(words[first_source].norm):
        return None
    at_start = all(w.upos in ("CCONJ", "PUNCT") or w.norm in ("و", "ف") for w in words[:cue.first])
    if at_start:
        # بحسب المصدر، فإن القوات … / وبحسب أوراق القضية فقد أجرى …: the content follows the
        # source, after its comma or at the ف that opens the main clause
        opener = next((w for w in words[cue.last + 1:] if w.text in ("،", ",")
                       or w.norm in ("فان", "فقد", "ف") or w.norm.startswith("فان")), None)
        if opener is None:
            return None
        begin = opener.end if opener.text in ("،", ",") else opener.start
        rest = text[begin:sentence.end].lstrip()
        for lead in ("فإن", "فان", "فإنّ", "ف"):
            if rest.startswith(lead + " "):
                begin = text.index(lead, begin) + len(lead)
                break
        end = _end_of_complement(parsed, sentence, begin, boundary, lexicon)
        start, end = trim_span(text, begin, end)
        rule = "according-to:clause-after"
    elif (j := _complement_after(sentence, cue.last + 1, lexicon)) is not None \
            and not any(w.upos == "VERB" or lexicon.match_word(w.norm, w.norm_lemma, w.upos, True) is not None
                        for w in words[cue.last + 1:j]):
        # (بحسب المنظمة التي أضافت أن …، على ما أعلنت الشركة في بيان مؤكدة فيه أنها …: a verb or a
        # participle between source and complementizer owns the clause)
        # وجاء في بيان على لسان يوليا … أن "…": the marker's source said the clause that follows
        begin, _ = _skip_quotes(text, _complementizer_end(words, j, lexicon), sentence.end)
        end = _end_of_complement(parsed, sentence, begin, boundary, lexicon)
        start, end = trim_span(text, begin, end)
        rule = "according-to:complement"
    else:
        start, end = trim_span(text, sentence.start, cue.start)
        rule = "according-to:clause-before"
        # the clause before the marker, not an earlier event in the same sentence
        cut = text.rfind("..", start, end)
        if cut >= 0:
            start, end = trim_span(text, cut, end)
        verb = _interrupted_clause_verb(sentence, cue, start)
        if verb is not None and end > start:
            # هذه الانقسامات، بحسب ليبراسيون زادت من حدتها …: the marker and its source stand
            # inside the clause, between its subject and its verb; the content is both pieces
            after_start, after_end = trim_span(text, words[verb].start,
                                               _end_of_complement(parsed, sentence, words[verb].start, boundary, lexicon))
            if after_end > after_start:
                return Content(start, after_end, "according_to", any(ch in QUOTE_CHARS for ch in text[start:after_end]),
                               gap_start=cue.last + 1, gap_end=verb, rules=["according-to:interrupted-clause"],
                               parts=[(start, end), (after_start, after_end)])
    if end <= start:
        return None
    quoted = any(ch in QUOTE_CHARS for ch in text[start:end])
    return Content(start, end, "according_to", quoted, gap_start=cue.last + 1, rules=[rule])


MARKER_SOURCE_WORDS = 6  # how far after an according-to marker its source may end


def _clause_before_closing_marker(cue: CueMatch, parsed: ParsedText) -> Content | None:
    """إن "دولة فلسطين قدمت وثائق الانضمام" وتصبح بذلك الدولة الـ193 الموقعة كما قال متحدث باسم
    المنظمة.: a كما قال marker whose source ends the sentence (a few words, no comma) reports the
    clause before it, back to a closing quotation mark, a ".." or the sentence's start."""
    sentence, text = cue.sentence, parsed.text
    after = [w for w in sentence.words[cue.last + 1:] if not (w.upos == "PUNCT" and w.text in SENTENCE_END)]
    if len(after) > MARKER_SOURCE_WORDS or any(w.upos == "PUNCT" for w in after) \
            or all(w.norm in TIME_WORDS for w in after):
        return None  # كما قال الخميس.: no source to report
    begin = _clause_start_before(text, sentence.start, cue.start)
    start, end = trim_span(text, begin, _before_spaces_and_comma(text, begin, cue.start))
    if end <= start:
        return None
    return Content(start, end, "according_to", any(ch in QUOTE_CHARS for ch in text[start:end]),
                   gap_start=cue.last + 1, rules=["according-to:clause-before"])


def _clause_start_before(text: str, begin: int, pos: int) -> int:
    """Where the clause that ends at ``pos`` starts: after the last closing quotation mark or ".."
    between ``begin`` (the sentence's start) and ``pos``, else at ``begin``."""
    straight = 0
    start = begin
    for k in range(begin, pos):
        ch = text[k]
        if ch in "»”" or ch == '"' and straight % 2 == 1:
            start = k + 1
        straight += ch == '"'
    cut = text.rfind("..", start, pos)
    return cut + 2 if cut >= 0 else start


def _clause_pointed_back(cue: CueMatch, parsed: ParsedText, lexicon: Lexicon) -> Content | None:
    """… وحصر صلاحيات واسعة في يديه، هذا ما كتبته صحيفة العرب / …، وهو ما أكده مسؤول كبير: the
    relative ما before the cue points back at the clause before it, which is what the source said.
    The clause runs back to the sentence's start, a closing quotation mark, a ".." or a colon, and from a
    complementizer near its start when it opens with its own frame (وتقول الأمم المتحدة إن …،
    ومن الجدير بالذكر أن …).  A pointer that opens the sentence points at the sentence before or
    at nothing (هذا ما قاله زوكربيرغ, a headline): no content."""
    if cue.pointer_start is None:
        return None
    sentence, text = cue.sentence, parsed.text
    words = sentence.words
    begin = _clause_start_before(text, sentence.start, cue.pointer_start)
    begin = max(begin, text.rfind(":", begin, cue.pointer_start) + 1)  # آل جابر: هذا ما يؤكده …
    end = _before_spaces_and_comma(text, begin, cue.pointer_start)
    frame = [k for k, w in enumerate(words) if begin <= w.start < end][:TREE_FREE_GAP]
    for k in frame:
        if words[k].text in ("،", ","):
            break
        if lexicon.complementizer_at(words, k):
            begin = _complementizer_end(words, k, lexicon)
            break
    start, end = trim_span(text, begin, end)
    if end <= start:
        return None
    return Content(start, end, "complement", any(ch in QUOTE_CHARS for ch in text[start:end]),
                   gap_start=cue.last + 1, rules=["pointed-clause"])


def _before_spaces_and_comma(text: str, begin: int, pos: int) -> int:
    """``pos`` moved back over the spaces and a comma before it."""
    while pos > begin and (text[pos - 1].isspace() or text[pos - 1] in "،,"):
        pos -= 1
    return pos


def _interrupted_clause_verb(sentence: Sentence, cue: CueMatch, start: int) -> int | None:
    """The verb right after the marker's source (a noun phrase) that a word before the marker
    hangs on: the marker interrupts that clause.  None when the clause before stands alone."""
    words = sentence.words
    before = [k for k in range(cue.first) if words[k].start >= start and words[k].upos != "PUNCT"]
    if not before or any(words[k].upos in ("VERB", "AUX") for k in before):
        return None
    for v in range(cue.last + 2, min(len(words), cue.last + 2 + MARKER_SOURCE_WORDS)):
        w = words[v]
        if w.upos == "VERB":
            return v if any(words[k].head_index == v for k in before) else None
        if w.upos not in ("NOUN", "PROPN", "X", "ADJ", "DET"):
            return None
    return None

