"""The one builder of a claims document: from an article's text (and its parse, or none when the
input has nothing to analyse) to a :class:`~attribution.claims.model.ClaimsDocument`.

:func:`extract_text` parses and extracts one text; :func:`extract_article` does the same for an article of
any length (long ones part by part); :func:`document_for` is the step both share with
:mod:`attribution.run.bulk`, which parses many articles at once.  :func:`extraction_failed` words the
one-line error for an article that could be read but not processed.
"""
from __future__ import annotations

import hashlib

from attribution import __version__
from attribution.claims.model import Claim, ClaimsDocument, Entity, InputInfo, ToolInfo
from attribution.parse.document import Paragraph, ParsedText, parse_paragraphs, parser_pieces, split_paragraphs
from attribution.parse.normalize import has_arabic
from attribution.rules.extract import EXTRACTION_PARSE, extract_parsed, to_claims, to_entities
from attribution.run.inputs import Article

# Articles longer than this are parsed in parts of about this size, so memory follows the part,
# not the article.  Typical news articles are far shorter and go through in one piece, exactly
# as ``extract_text`` would process them.
PART_CHARS = 50_000


class ExtractionError(Exception):
    """An article that could be read but not processed; the message is one line naming it."""


def plan_parts(text: str, limit: int = PART_CHARS) -> list[list[tuple[Paragraph, int]]]:
    """Group the paragraphs of ``text`` into parts of about ``limit`` characters.  Each entry is
    (paragraph piece given to the parser, index of the real paragraph it belongs to)."""
    parts: list[list[tuple[Paragraph, int]]] = [[]]
    size, piece_index = 0, 0
    for para in split_paragraphs(text):
        for piece in parser_pieces(para, limit):
            piece = Paragraph(piece_index, piece.start, piece.end, piece.text)
            piece_index += 1
            if size and size + len(piece.text) > limit:
                parts.append([])
                size = 0
            parts[-1].append((piece, para.index))
            size += len(piece.text)
    return [p for p in parts if p]


def extract_article(article: Article, nlp, model_name: str, batch_size: int = 32,
                    part_chars: int = PART_CHARS) -> ClaimsDocument:
    """Claims of one article.  Up to ``part_chars`` this is :func:`extract_text`; longer articles
    are parsed and analysed part by part, which bounds memory at the cost of speakers that are
    resolved within a part only (the document says so in a note)."""
    text = article.text
    if len(text) <= part_chars:
        return describe_input(extract_text(text, nlp, model_name, name=article.name, carry_text=article.carry_text,
                                           batch_size=batch_size), article)
    notes = input_notes(text)
    if notes:
        return describe_input(build_document(text, [], article.name, model_name, notes, article.carry_text), article)
    claims: list[Claim] = []
    entities: list[Entity] = []
    sentence_base = 0
    parts = plan_parts(text, part_chars)
    for part in parts:
        pieces = [piece for piece, _ in part]
        real = {piece.index: para for piece, para in part}
        parsed = parse_paragraphs(nlp, text, paragraphs=pieces, batch_size=batch_size, **EXTRACTION_PARSE)
        events = extract_parsed(parsed)
        # entities are found within a part: each part's e1, e2 … continue the numbering
        part_entities = to_entities(events, text)
        renamed = {e.id: f"e{len(entities) + k}" for k, e in enumerate(part_entities, 1)}
        entities.extend(e.model_copy(update={"id": renamed[e.id]}) for e in part_entities)
        for claim in to_claims(events, text):
            speaker = claim.speaker.model_copy(update={"entity_id": renamed.get(claim.speaker.entity_id)})
            claims.append(claim.model_copy(update={
                "id": f"c{len(claims) + 1}", "paragraph": real[claim.paragraph],
                "sentence": claim.sentence + sentence_base, "speaker": speaker}))
        sentence_base += len(parsed.sentences)
        del parsed  # the parse of a part is the big object; let it go before the next one
    if len(parts) > 1:
        notes = [f"long input ({len(text)} characters) analysed in {len(parts)} parts of about "
                 f"{part_chars} characters: implicit speakers and speaker names are resolved within each part"]
    return describe_input(build_document(text, claims, article.name, model_name, notes, article.carry_text,
                                         entities), article)


def describe_input(doc: ClaimsDocument, article: Article) -> ClaimsDocument:
    """What the document's ``input`` says of where the text came from: the file it was read from
    and the headline, address and date the input gave (JSONL fields, HTML metadata)."""
    if article.path is not None and doc.input.path is None:
        doc.input.path = article.path.as_posix()
    for key, value in (article.meta or {}).items():
        setattr(doc.input, key, value)
    return doc


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def build_document(text: str, claims: list[Claim], name: str, model: str, notes: list[str] | None = None,
                   carry_text: bool = False, entities: list[Entity] | None = None) -> ClaimsDocument:
    return ClaimsDocument(tool=ToolInfo(version=__version__), model=model,
                          input=InputInfo(name=name, sha256=sha256_text(text), chars=len(text)),
                          text=text if carry_text else None, notes=notes or [], claims=claims,
                          entities=entities or [])


def document_for(text: str, parsed: ParsedText | None, name: str, model: str, notes: list[str] | None = None,
                 carry_text: bool = False) -> ClaimsDocument:
    """The claims document of ``text``: the rules' claims and the entities they name on ``parsed``,
    or none without a parse."""
    if parsed is None:
        return build_document(text, [], name, model, notes, carry_text)
    events = extract_parsed(parsed)
    return build_document(text, to_claims(events, text), name, model, notes, carry_text, to_entities(events, text))


def extraction_failed(source: str, detail: str) -> str:
    """The one-line error of an article that was read but could not be processed."""
    return f"{source}: extraction failed ({detail})"


def error_detail(err: BaseException) -> str:
    """An exception as ``Type: first line`` (at most 200 characters of it)."""
    first = (str(err).strip().splitlines() or [""])[0][:200]
    return f"{type(err).__name__}: {first}" if first else type(err).__name__


def input_notes(text: str) -> list[str]:
    if not text.strip():
        return ["empty input: no text to analyse"]
    if not has_arabic(text):
        return ["no Arabic text found: nothing to attribute"]
    return []


def extract_text(text: str, nlp, model_name: str, name: str = "-", carry_text: bool = False,
                 batch_size: int = 32) -> ClaimsDocument:
    notes = input_notes(text)
    parsed = None if notes else parse_paragraphs(nlp, text, batch_size=batch_size, **EXTRACTION_PARSE)
    return document_for(text, parsed, name, model_name, notes, carry_text)
