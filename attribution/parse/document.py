"""Paragraphs, sentences and words with character offsets into the exact input text.

Stanza parses one paragraph at a time, so no sentence ever crosses a blank line, and memory
stays bounded by the cost of one parser call (see :func:`parser_calls`).  Every word carries
``start``/``end`` offsets into the input string; a word split off a multi-word token (official
Stanza models: و + قال) points into its token.  When the pipeline has a named-entity stage, every
word carries its BIO tag (``ner``) and every sentence its entity spans (``entities``).

The named-entity stage may run on some sentences only (``entities_for`` of :func:`parse_texts`):
the extraction tags with the parse only the sentences whose names its rules read, and any other
sentence when a rule first reads its ``entities`` (its words' ``ner`` tags are set then too).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Callable, Collection, Iterator

from attribution.parse.stanza_patches import lemmafocus
from attribution.parse.stanza_patches.memory import release_memory
from attribution.parse.normalize import normalize, quote_state

# a blank line: a newline, optional non-newline whitespace (\r, spaces), another newline
BLANK_LINE_RE = re.compile(r"\n[^\S\n]*\n")


@dataclass
class Word:
    index: int      # 0-based position in its sentence
    id: int         # UD id (1-based)
    text: str
    lemma: str
    upos: str
    feats: dict
    head: int       # UD id of the head, 0 for the root
    deprel: str
    start: int      # offsets into the whole input text
    end: int
    norm: str = ""
    norm_lemma: str = ""
    ner: str = "O"  # BIO tag of the named-entity stage (B-PER, I-ORG ...); "O" outside names or without it

    def __post_init__(self):
        self.norm = normalize(self.text)
        self.norm_lemma = normalize(self.lemma or self.text)

    @property
    def head_index(self) -> int | None:
        return self.head - 1 if self.head > 0 else None

    def __getattr__(self, name):
        # reached only for an attribute the instance lacks: ``head`` and ``deprel`` of a word
        # whose sentence the parse left without its tree (see Sentence.leave_tree)
        sentence = self.__dict__.get("_untreed")
        if name in TREE_FIELDS and sentence is not None:
            sentence.parse_tree()
            return self.__dict__[name]
        raise AttributeError(name)


TREE_FIELDS = ("head", "deprel")


class TreeNotParsed(Exception):
    """A rule read the tree of a sentence that has none yet, while :func:`parse_texts` was only
    asking which sentences the rules read (``trees_for``)."""


@dataclass(frozen=True)
class Entity:
    """A named entity of one sentence: its type (PER, ORG, LOC, MISC), its words
    ``first``..``last`` (indices into the sentence, inclusive) and its characters."""
    type: str
    first: int
    last: int
    start: int
    end: int


@dataclass
class Sentence:
    index: int      # 0-based within the document
    paragraph: int
    words: list[Word]
    children: list[list[int]] = field(default_factory=list)
    tagged_entities: list[Entity] | None = None  # None: not tagged yet (see ``entities``)
    # tags the sentence when its entities are first read; None once tagged, or with no NER stage
    tag_later: Callable[["Sentence"], list[Entity]] | None = field(default=None, repr=False, compare=False)
    # parses the sentence's tree when a rule first reads it (a head, a relation, the children);
    # None once it has one
    tree_later: Callable[["Sentence"], tuple[list[int], list[str]]] | None = field(default=None, repr=False,
                                                                                   compare=False)

    def __post_init__(self):
        self._link_children()

    def _link_children(self) -> None:
        self.children = [[] for _ in self.words]
        for w in self.words:
            h = w.head_index
            if h is not None and 0 <= h < len(self.words):
                self.children[h].append(w.index)

    def leave_tree(self, parse: Callable[["Sentence"], tuple[list[int], list[str]]]) -> None:
        """Drop the sentence's tree until it is read: ``parse(sentence)`` then gives each word's
        head and relation.  Reading stays plain attribute access (``word.head``), at no cost once
        parsed: the words lack the attributes until then, and only then is ``__getattr__`` asked."""
        self.tree_later = parse
        for w in self.words:
            for name in TREE_FIELDS:
                w.__dict__.pop(name, None)
            w.__dict__["_untreed"] = self
        self.__dict__.pop("children", None)

    def set_tree(self, heads: list[int], deprels: list[str]) -> None:
        for w, head, deprel in zip(self.words, heads, deprels):
            w.__dict__.pop("_untreed", None)
            w.head, w.deprel = head, deprel
        self.tree_later = None
        self._link_children()

    def parse_tree(self) -> None:
        """Give the sentence its tree now, if the parse left it for later."""
        parse = self.tree_later
        if parse is not None:
            self.set_tree(*parse(self))

    @property
    def has_tree(self) -> bool:
        return self.tree_later is None

    def __getattr__(self, name):
        # ``children`` of a sentence left without its tree (see leave_tree)
        if name == "children" and self.__dict__.get("tree_later") is not None:
            self.parse_tree()
            return self.__dict__["children"]
        raise AttributeError(name)

    @property
    def entities(self) -> list[Entity]:
        """The sentence's named entities, tagged now if the parse left them for later."""
        if self.tagged_entities is None:
            tag, self.tag_later = self.tag_later, None
            self.tagged_entities = tag(self) if tag is not None else []
        return self.tagged_entities

    @property
    def start(self) -> int:
        return self.words[0].start

    @property
    def end(self) -> int:
        return self.words[-1].end

    def subtree(self, index: int) -> list[int]:
        seen, stack = set(), [index]
        while stack:
            i = stack.pop()
            if i in seen:
                continue
            seen.add(i)
            stack.extend(self.children[i])
        return sorted(seen)

    def entity_at(self, index: int) -> Entity | None:
        """The named entity that word ``index`` is part of, if any."""
        for entity in self.entities:
            if entity.first <= index <= entity.last:
                return entity
        return None

    def ancestors(self, index: int) -> Iterator[int]:
        seen = set()
        h = self.words[index].head_index
        while h is not None and h not in seen:
            seen.add(h)
            yield h
            h = self.words[h].head_index


@dataclass
class Paragraph:
    index: int
    start: int
    end: int
    text: str


@dataclass
class ParsedText:
    text: str
    paragraphs: list[Paragraph]
    sentences: list[Sentence]

    def sentences_in(self, paragraph: int) -> list[Sentence]:
        return [s for s in self.sentences if s.paragraph == paragraph]

    def paragraph(self, index: int) -> Paragraph:
        if self.paragraphs and 0 <= index < len(self.paragraphs) and self.paragraphs[index].index == index:
            return self.paragraphs[index]  # paragraphs are numbered in order from 0
        for p in self.paragraphs:
            if p.index == index:
                return p
        raise IndexError(index)


def _stripped_span(index: int, text: str, start: int, end: int, base: int = 0) -> Paragraph | None:
    """``text[start:end]`` without its surrounding whitespace, as a Paragraph whose offsets are
    shifted by ``base``; None when nothing but whitespace is left."""
    chunk = text[start:end]
    lead, trail = len(chunk) - len(chunk.lstrip()), len(chunk.rstrip())
    if trail <= lead:
        return None
    return Paragraph(index, base + start + lead, base + start + trail, chunk[lead:trail])


def split_paragraphs(text: str) -> list[Paragraph]:
    """Paragraphs are separated by blank lines (as in the gold format); runs of blank lines count as
    one break, and each paragraph's span excludes its surrounding whitespace."""
    paragraphs, pos, index = [], 0, 0
    for match in list(BLANK_LINE_RE.finditer(text)) + [None]:
        end = match.start() if match else len(text)
        para = _stripped_span(index, text, pos, end)
        if para is not None:
            paragraphs.append(para)
            index += 1
        if match:
            pos = match.end()
    return paragraphs


def _word_offsets(token, words) -> list[tuple[int, int]]:
    """Offsets of the words of one token: exact when each word's text is found in order inside the
    token text (و+قال), otherwise the word gets the rest of the token (clitics respelled by the
    model, such as ل+ال → لل)."""
    start, end = token.start_char, token.end_char
    if len(words) == 1:
        return [(start, end)]
    spans, cursor, text = [], 0, token.text
    for k, word in enumerate(words):
        pos = text.find(word.text, cursor)
        if pos < 0 or (k == 0 and pos != 0):
            pos = cursor
            w_end = len(text) if k == len(words) - 1 else min(len(text), cursor + max(1, len(word.text)))
        else:
            w_end = pos + len(word.text)
        spans.append((start + pos, start + w_end))
        cursor = w_end
    return spans


NER_MISC_RE = re.compile(r"(?:^|\|)NER=([^|]+)")
# words a multi-word token may begin with that are not part of the name it holds (و+ترامب, ل+الأمم)
CLITIC_UPOS = frozenset({"CCONJ", "ADP", "SCONJ", "PART"})


def _token_tag(token) -> str | None:
    """The token's entity tag: Stanza's (BIOES or BIO), else one read back from our own CoNLL-U
    (``NER=B-PER`` in a word's MISC)."""
    tag = getattr(token, "ner", None)
    if tag:
        return tag
    for word in token.words:
        match = NER_MISC_RE.search(getattr(word, "misc", None) or "")
        if match:
            return match.group(1)
    return None


def _token_entities(tags: list[str | None]) -> list[tuple[str, int, int]]:
    """``(type, first token, last token)`` of each entity in BIOES or BIO tags; an I- or E- with
    no opening B- starts an entity of its own, as in Stanza's ``decode_from_bioes``, but one whose
    type differs from the open entity's starts a new entity too (Stanza's would relabel the open
    one: B-PER I-ORG gives one ORG), so a type never spreads over words tagged otherwise."""
    spans, open_ = [], None
    for i, tag in enumerate(tags):
        prefix, _, kind = (tag or "O").partition("-")
        if prefix in ("B", "S") or (prefix in ("I", "E") and (open_ is None or open_[0] != kind)):
            if open_:
                spans.append(open_)
            open_ = [kind, i, i] if kind else None
        elif prefix in ("I", "E") and open_:
            open_[2] = i
        else:
            if open_:
                spans.append(open_)
            open_ = None
        if prefix in ("E", "S") and open_:
            spans.append(open_)
            open_ = None
    if open_:
        spans.append(open_)
    return [tuple(span) for span in spans]


def _entities(tags: list[str | None], token_words: list[list[int]], words: list[Word]) -> list[Entity]:
    """Word-level entities from the tokens' tags (BIOES or BIO); the words of each get B-/I- tags.  A leading
    clitic of a multi-word token (و+ترامب) is left out of the name."""
    entities = []
    for kind, first_token, last_token in _token_entities(tags):
        span = [i for t in range(first_token, last_token + 1) for i in token_words[t]]
        head_words = token_words[first_token]
        while len(head_words) > 1 and span and span[0] == head_words[0] and words[span[0]].upos in CLITIC_UPOS:
            span, head_words = span[1:], head_words[1:]
        if not span:
            continue
        for k, i in enumerate(span):
            words[i].ner = f"{'B' if k == 0 else 'I'}-{kind}"
        entities.append(Entity(kind, span[0], span[-1], words[span[0]].start, words[span[-1]].end))
    return entities


def _token_tags(stanza_sentence) -> list[str | None]:
    return [_token_tag(t) for t in stanza_sentence.tokens]


def _token_words(stanza_sentence) -> list[list[int]]:
    """The indices of each token's words in the sentence."""
    out, n = [], 0
    for token in stanza_sentence.tokens:
        out.append(list(range(n, n + len(token.words))))
        n += len(token.words)
    return out


def convert_sentence(stanza_sentence, index: int, paragraph: int, offset: int, tagged: bool = True) -> Sentence:
    """Our sentence of a Stanza one, with its entities from the tokens' tags; ``tagged=False``
    leaves them untagged (``tagged_entities`` None), for :func:`tag_entities` or ``tag_later``."""
    words: list[Word] = []
    for token in stanza_sentence.tokens:
        for word, (s, e) in zip(token.words, _word_offsets(token, token.words)):
            feats = dict(f.split("=", 1) for f in (word.feats or "").split("|") if "=" in f)
            words.append(Word(index=len(words), id=word.id, text=word.text, lemma=word.lemma or word.text,
                              upos=word.upos or "X", feats=feats, head=word.head or 0,
                              deprel=word.deprel or "dep", start=s + offset, end=e + offset))
    entities = _entities(_token_tags(stanza_sentence), _token_words(stanza_sentence), words) if tagged else None
    return Sentence(index=index, paragraph=paragraph, words=words, tagged_entities=entities)


def tag_entities(ner, pairs: list[tuple[Sentence, object]]) -> None:
    """Run the named-entity processor ``ner`` once over the Stanza sentences of ``pairs``
    ((our sentence, its Stanza sentence)) and give our sentences their entities."""
    if not pairs:
        return
    ner.process(_lent([stanza_sentence for _, stanza_sentence in pairs]))
    for sentence, stanza_sentence in pairs:
        sentence.tagged_entities = _entities(_token_tags(stanza_sentence), _token_words(stanza_sentence),
                                             sentence.words)


def _tag_alone(ner, tokens: list[str], token_words: list[list[int]], sentence: Sentence) -> list[Entity]:
    """A sentence's entities, tagged on its own from its token texts (what the NER model reads)."""
    from stanza.models.common.doc import Document

    doc = Document([[{"id": k + 1, "text": t} for k, t in enumerate(tokens)]])
    ner.process(doc)
    return _entities(_token_tags(doc.sentences[0]), token_words, sentence.words)


def tag_later(ner, stanza_sentence) -> Callable[[Sentence], list[Entity]]:
    """What tags a sentence when its entities are first read: the processor and the token texts,
    not the Stanza sentence, which would keep its whole parse alive."""
    return functools.partial(_tag_alone, ner, [t.text for t in stanza_sentence.tokens], _token_words(stanza_sentence))


# Stanza's parser pads each batch to its longest sentence and scores every pair of words, so
# its memory grows with the square of the longest sentence, and news has paragraphs that are one
# unpunctuated "sentence" of hundreds of words.  Longer paragraphs go to the parser in pieces cut
# at a sentence end (else a clause mark, else a space), so the peak is bounded whatever the
# corpus holds; a sentence never crosses a piece, as it never crosses a paragraph.  Measured
# before parserlabels.py took the labels' n x n x 41 scores away (the arc scores remain): a
# 1,000-character sentence (235 words) adds ~70 MB while parsed, a 2,000-character one (484
# words) ~240 MB, more than a whole ordinary batch; 0.4% of news paragraphs are longer than
# 1,000 characters, and with these pieces no sentence of 10,000 articles had more than 253 tokens.
MAX_PIECE_CHARS = 1000


def split_at_sentence_ends(text: str, limit: int) -> Iterator[tuple[int, int]]:
    """Spans of ``text`` of at most about ``limit`` characters, cut after a line end, else a
    sentence end, else a clause mark (؛ ، ; ,), else a space, in the last three quarters of each
    window."""
    pos = 0
    while len(text) - pos > limit:
        window = text[pos:pos + limit]
        cut = -1
        for marks in (("\n",), (".", "!", "?", "؟", "۔"), ("؛", ";", "،", ","), (" ", "\t")):
            cut = max(window.rfind(m) for m in marks)
            if cut > limit // 4:
                break
        cut = cut + 1 if cut > limit // 4 else limit
        yield pos, pos + cut
        pos += cut
    yield pos, len(text)


# A full stop, ! or ? followed by a space and a letter ends a sentence; Stanza's tokenizer, trained
# on treebank units that are often whole paragraphs, leaves many such sentences joined
# (… حملة دبلوماسية مكثفة. وللفلسطينيين وضع …), and the parse then hangs one on the other.
SENTENCE_END_RE = re.compile(r"(?<![.!?؟])[.!?؟](?=\s+[^\W\d_])")
ABBREVIATION_LETTERS = 1  # د. محمد، أ. د.: a period after a lone letter abbreviates a title


def sentence_ends(text: str) -> list[int]:
    """Offsets just after each sentence end of ``text`` that stands outside quotation marks
    (a quotation keeps its sentences together, so its cue and content stay in one parse)."""
    ends = []
    depth, straight, pos = 0, 0, 0
    for match in SENTENCE_END_RE.finditer(text):
        depth, straight = quote_state(text, pos, match.start(), depth, straight)
        pos = match.start()
        word = text[:match.start()].rsplit(None, 1)[-1] if text[:match.start()].strip() else ""
        if depth or straight % 2 or len(word.strip('"«»()')) <= ABBREVIATION_LETTERS:
            continue
        ends.append(match.end())
    return ends


def parser_pieces(paragraph: Paragraph, limit: int = MAX_PIECE_CHARS) -> list[Paragraph]:
    """What the parser is given for one paragraph: its sentences (cut at :func:`sentence_ends`),
    each in pieces of at most about ``limit`` characters (stripped, with their own offsets,
    keeping the paragraph index)."""
    text = paragraph.text
    cuts = [0, *sentence_ends(text), len(text)]
    if len(cuts) == 2 and len(text) <= limit:
        return [paragraph]
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        for start, end in split_at_sentence_ends(text[a:b], limit):
            piece = _stripped_span(paragraph.index, text, a + start, a + end, base=paragraph.start)
            if piece is not None:
                pieces.append(piece)
    return pieces


# What one parser call may cost, in characters counted as Stanza's tokenizer pays for them: it
# pads every paragraph of a call to the longest one, and its memory grows with that padded size
# (~3 MB per 1,000 characters, correlation 0.98 over 221 calls; benchmarks/RESULTS.md).  Bounded
# by paragraph count alone, a call of 32 pieces of 1,000 characters would cost ~100 MB, ten
# times 32 short paragraphs, and the peak over a corpus kept rising with its size as such calls
# became likelier.  16,000 is 32 paragraphs of 500 characters (most calls of news are under it).
MAX_CALL_CHARS = 16_000


def padded_chars(texts: list[str]) -> int:
    """The tokenizer's cost of one call: paragraphs x the longest of them."""
    return len(texts) * max(map(len, texts), default=0)


def parser_calls(texts: list[str], batch_size: int = 32, max_chars: int = MAX_CALL_CHARS) -> list[list[int]]:
    """Split paragraphs into parser calls: lists of indices into ``texts``, each call with at most
    ``batch_size`` paragraphs and, unless it is a single paragraph, at most ``max_chars``
    :func:`padded_chars`.  Paragraphs are taken longest first, so each call holds paragraphs of
    like length and pads little (every index appears in exactly one call)."""
    calls: list[list[int]] = []
    for i in sorted(range(len(texts)), key=lambda i: -len(texts[i])):
        call = calls[-1] if calls else []
        # longest first, so a call's first paragraph is its longest
        if call and len(call) < max(1, batch_size) and (len(call) + 1) * len(texts[call[0]]) <= max_chars:
            call.append(i)
        else:
            calls.append([i])
    return calls


# whether a sentence gets its named entities with the parse (the others when first read)
EntitySelector = Callable[[Sentence, str], bool]
# whether a sentence gets its tree with the parse (the others when first read); asked of a
# sentence without a tree, which raises TreeNotParsed where the selector reads it: that is a yes
TreeSelector = Callable[[Sentence, str], bool]
STAGES = ("tokenize", "mwt", "pos", "lemma", "depparse", "ner")


def parse_paragraphs(nlp, text: str, paragraphs: list[Paragraph] | None = None, batch_size: int = 32,
                     entities_for: EntitySelector | None = None,
                     lemmas_for: Collection[str] | None = None,
                     trees_for: TreeSelector | None = None) -> ParsedText:
    """Parse ``text`` paragraph by paragraph (see :func:`parse_texts`)."""
    paragraphs = split_paragraphs(text) if paragraphs is None else paragraphs
    return parse_texts(nlp, [(text, paragraphs)], batch_size, entities_for=entities_for, lemmas_for=lemmas_for,
                       trees_for=trees_for)[0]


def parse_texts(nlp, items: list[tuple[str, list[Paragraph]]], batch_size: int = 32,
                max_chars: int = MAX_CALL_CHARS, entities_for: EntitySelector | None = None,
                lemmas_for: Collection[str] | None = None,
                trees_for: TreeSelector | None = None) -> list[ParsedText]:
    """Parse several texts, each given with its paragraphs, in Stanza calls of at most
    ``batch_size`` paragraphs and ``max_chars`` padded characters (:func:`parser_calls`; a call
    may mix paragraphs of several texts, over-long paragraphs count as their
    :func:`parser_pieces`); each ParsedText has the offsets and sentence numbering it would have
    if parsed alone.

    ``trees_for(sentence, text)``: which sentences the parser gives a tree with the others (one
    parser batch per call), asked of each sentence before it has one; every other sentence is
    parsed alone if and when a rule reads its tree (``Sentence.leave_tree``).  None (the
    default) parses every sentence with the call.

    ``entities_for(sentence, text)``: which sentences the named-entity stage tags with the parse
    (one NER batch per call); every other sentence is tagged alone if and when its ``entities``
    are read.  None (the default) tags every sentence with the parse.

    ``lemmas_for``: the UPOS tags whose words the lemmatizer's sequence model lemmatizes (any
    other word the lemmatizer's dictionary lacks keeps its form; ``stanza_patches/lemmafocus.py``);
    None (the default): every word.

    Either selector decides what the parse costs, never what it gives: a sentence parsed or
    tagged alone gets what it would have got with the others."""
    # a stand-in pipeline (tests' fakes) may have no processors: no ner stage then
    processors = getattr(nlp, "processors", {})
    ner = processors.get("ner") if entities_for is not None else None
    parser = processors.get("depparse") if trees_for is not None else None
    deferred = {name for name, stage in (("ner", ner), ("depparse", parser)) if stage is not None}
    run_now = ",".join(name for name in STAGES if name in processors and name not in deferred) if deferred else None
    flat = [(k, piece) for k, (_, paragraphs) in enumerate(items) for p in paragraphs for piece in parser_pieces(p)]
    per_piece: list[list[Sentence]] = [[] for _ in flat]
    for call in parser_calls([p.text for _, p in flat], batch_size, max_chars):
        with lemmafocus.lemmas_for(nlp, lemmas_for):
            docs = bulk_parse(nlp, [flat[i][1].text for i in call], processors=run_now)
        converted = []
        for i, doc in zip(call, docs):
            k, piece = flat[i]
            for s in doc.sentences:
                if s.tokens:
                    sentence = convert_sentence(s, 0, piece.index, piece.start, tagged=ner is None)
                    converted.append((sentence, s, items[k][0]))
                    per_piece[i].append(sentence)
        if parser is not None:
            now = []
            for sentence, s, text in converted:
                sentence.leave_tree(_not_parsed)
                if _selected(trees_for, sentence, text):
                    now.append((sentence, s))
                else:
                    sentence.tree_later = parse_later(parser, s)  # still without its tree: parse it when read
            parse_trees(parser, now)
        if ner is not None:
            now = []
            for sentence, s, text in converted:
                if entities_for(sentence, text):
                    now.append((sentence, s))
                else:
                    sentence.tag_later = tag_later(ner, s)
            tag_entities(ner, now)
        del docs, converted
        release_memory()  # else the resident size creeps up call after call (see memory.py)
    sentences: list[list[Sentence]] = [[] for _ in items]
    for (k, _), piece_sentences in zip(flat, per_piece):  # calls run out of order: number in text order
        for s in piece_sentences:
            s.index = len(sentences[k])
            sentences[k].append(s)
    return [ParsedText(text=text, paragraphs=paragraphs, sentences=ss)
            for (text, paragraphs), ss in zip(items, sentences)]


def _not_parsed(sentence: Sentence):
    raise TreeNotParsed()


def _selected(trees_for: TreeSelector, sentence: Sentence, text: str) -> bool:
    try:
        return bool(trees_for(sentence, text))
    except TreeNotParsed:
        return True


def _lent(sentences: list) -> "object":
    """A Stanza document that only lends ``sentences`` (which stay in their own documents) to a
    processor."""
    from stanza.models.common.doc import Document

    batch = Document([])
    batch.sentences = sentences
    batch.num_tokens = sum(len(s.tokens) for s in sentences)
    batch.num_words = sum(len(s.words) for s in sentences)
    return batch


def _stanza_tree(stanza_sentence) -> tuple[list[int], list[str]]:
    return [w.head or 0 for w in stanza_sentence.words], [w.deprel or "dep" for w in stanza_sentence.words]


def parse_trees(parser, pairs: list[tuple[Sentence, object]]) -> None:
    """Run the parser once over the Stanza sentences of ``pairs`` ((our sentence, its Stanza
    sentence)) and give our sentences their trees."""
    if not pairs:
        return
    parser.process(_lent([stanza_sentence for _, stanza_sentence in pairs]))
    for sentence, stanza_sentence in pairs:
        sentence.set_tree(*_stanza_tree(stanza_sentence))


# what the parser reads of a word (the tagger's and lemmatizer's output)
PARSER_INPUTS = ("id", "text", "lemma", "upos", "xpos", "feats")


def _parse_alone(parser, words: list[dict], sentence: Sentence) -> tuple[list[int], list[str]]:
    """A sentence's tree, parsed on its own from its tagged words."""
    from stanza.models.common.doc import Document

    doc = Document([words])
    parser.process(doc)
    return _stanza_tree(doc.sentences[0])


def parse_later(parser, stanza_sentence) -> Callable[[Sentence], tuple[list[int], list[str]]]:
    """What parses a sentence when its tree is first read: the parser and the tagged words, not the
    Stanza sentence, which would keep its whole document alive."""
    words = [{key: getattr(w, key) for key in PARSER_INPUTS if getattr(w, key) is not None}
             for w in stanza_sentence.words]
    return functools.partial(_parse_alone, parser, words)


def bulk_parse(nlp, texts: list[str], processors: str | None = None):
    """``nlp.bulk_process`` on raw texts (all the pipeline's stages, or ``processors``).  Should a
    token merge ever fail to line up with the text (Stanza raises ValueError), that batch is
    parsed again with the merges off."""
    from stanza.models.common.doc import Document

    chosen = {"processors": processors} if processors else {}
    try:
        return nlp.bulk_process([Document([], text=t) for t in texts], **chosen)
    except ValueError:
        merger = nlp.processors["tokenize"].config.get("postprocessor")
        if merger is None or not getattr(merger, "enabled", False):
            raise
        merger.enabled = False
        try:
            return nlp.bulk_process([Document([], text=t) for t in texts], **chosen)
        finally:
            merger.enabled = True


def from_stanza_document(doc, text: str | None = None) -> ParsedText:
    """Wrap an already parsed Stanza ``Document`` (e.g. from CoNLL-U in tests).  Paragraphs come
    from blank lines in the text; sentences are assigned to the paragraph holding their start."""
    text = doc.text if text is None else text
    paragraphs = split_paragraphs(text)
    sentences = []
    for s in doc.sentences:
        start = s.tokens[0].start_char
        para = next((p.index for p in paragraphs if p.start <= start < max(p.end, p.start + 1)), 0)
        sentences.append(convert_sentence(s, len(sentences), para, 0))
    return ParsedText(text=text, paragraphs=paragraphs, sentences=sentences)
