"""The claims model: the single source of truth for ``schemas/claims.schema.json``.

Every span is a pair of Python string indices into the exact input text (end exclusive) plus
the text itself, and ``text[start:end] == span.text`` holds for all of them.
"""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SCHEMA_VERSION = "1.3"
SCHEMA_ID = "https://github.com/attribution/attribution/schemas/claims.schema.json"

ClaimType = Literal["direct", "indirect", "mixed", "according_to"]
EntityKind = Literal["person", "organisation", "anonymous", "document", "unknown"]
Stance = Literal["assertion", "denial"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Strict):
    text: str = Field(description="the characters input[start:end]")
    start: int = Field(ge=0, description="start offset (Python string index into the input text)")
    end: int = Field(ge=0, description="end offset, exclusive")

    @model_validator(mode="after")
    def _ordered(self):
        if self.end < self.start:
            raise ValueError("end must not be before start")
        return self


class Cue(Span):
    lemma: str = Field(description="normalised lemma of the cue (e.g. قال، اكد، بحسب)")


class Speaker(_Strict):
    text: Optional[str] = Field(description="the source as written at this event; null when not written")
    start: Optional[int] = Field(ge=0, description="start offset, null when not written")
    end: Optional[int] = Field(ge=0, description="end offset, null when not written")
    implicit: bool = Field(description="true when the cue has no written source and it was resolved from context")
    resolved: Optional[Span] = Field(description="the mention the source was resolved to (the written source itself "
                                                 "when explicit); null when it could not be resolved")
    entity: Optional[str] = Field(description="canonical name of the entity: its fullest mention in the input")
    entity_id: Optional[str] = Field(default=None, description="the entity in the document's `entities` list "
                                                               "(null when the source could not be resolved)")
    anonymous: bool = Field(default=False, description="true when the source is unnamed on purpose: an anonymous "
                                                       "source (مصدر مطلع، مصادر، مسؤول طلب عدم الكشف عن هويته) "
                                                       "(1.3; false before)")
    title: Optional[Span] = Field(default=None, description="the title or description of a person within `resolved` "
                                                            "(نائب وزير العدل in نائب وزير العدل رود روزنستاين); null "
                                                            "when it has none (1.3)")
    name: Optional[Span] = Field(default=None, description="the person's proper name within `resolved` (رود "
                                                           "روزنستاين); null when it has none (a bare title, a body, "
                                                           "an anonymous source, a coordination) (1.3)")

    @model_validator(mode="after")
    def _consistent(self):
        written = (self.text is not None, self.start is not None, self.end is not None)
        if len(set(written)) != 1:
            raise ValueError("text, start and end are all set or all null")
        return self


class ContentSpan(Span):
    parts: list[Span] = Field(default_factory=list, description="the pieces of a quotation the cue interrupts "
                                                                "(\"…\"، قال X، \"…\") or of a clause an according-to "
                                                                "marker interrupts (هذه الانقسامات، بحسب X زادت …), in "
                                                                "text order, inside the content span, which runs from "
                                                                "the first piece to the last; empty when the content "
                                                                "is one piece (1.3)")


class Claim(_Strict):
    id: str = Field(description="identifier, unique within the document")
    type: ClaimType = Field(description="direct (quotation), indirect (complement clause), mixed (complement clause "
                                        "partly or wholly quoted), according_to (بحسب، وفقا لـ، نقلا عن ...)")
    cue: Cue
    speaker: Speaker
    content: ContentSpan
    stance: Stance = Field(default="assertion", description="denial when the cue denies the content (نفى، نفت، "
                                                            "ينفي، نافيا), else assertion (1.3)")
    setting: Optional[Span] = Field(default=None, description="where or how it was said, when the text gives it: "
                                                              "the cue's phrase naming the occasion or channel (في "
                                                              "بيان، في مؤتمر صحفي، عبر تويتر، في مقابلة مع …) (1.3)")
    paragraph: int = Field(ge=0, description="0-based paragraph index (paragraphs are separated by blank lines)")
    sentence: int = Field(ge=0, description="0-based sentence index within the document")
    sentence_span: Optional[Span] = Field(default=None, description="the sentence or sentences that hold the claim "
                                                                    "(cue, written source and content) (1.3; null "
                                                                    "before)")
    confidence: float = Field(ge=0, le=1, description="estimated probability that the claim is right (cue, speaker and "
                                                      "content), computed from its evidence by a logistic model "
                                                      "calibrated on the development set (docs/confidence.md); "
                                                      "before 1.2 a heuristic score")
    evidence: list[str] = Field(default_factory=list, description="the rules that produced the claim, in order: the "
                                                                  "cue's category, the speaker rule and the shape of "
                                                                  "the written source (or `implicit` and how it was "
                                                                  "resolved), the content rule (1.2; empty before)")

    @field_validator("content", mode="before")
    @classmethod
    def _content_from_span(cls, value):
        # a plain Span (as callers built before 1.3) is a content in one piece
        return value.model_dump() if isinstance(value, Span) and not isinstance(value, ContentSpan) else value


class Entity(_Strict):
    id: str = Field(description="identifier, unique within the document (e1, e2, ...)")
    name: str = Field(description="canonical name: the fullest name the input gives the entity (a hashtag name "
                                  "is written as words, so it need not be a substring of the input)")
    kind: EntityKind = Field(description="person, organisation, anonymous (مصدر، مصادر مطلعة), document (بيان، "
                                         "تقرير) or unknown")
    mentions: list[Span] = Field(description="every mention of the entity found in the input, in text order")


class InputInfo(_Strict):
    name: str = Field(description="file name, or '-' for standard input, or the id of a JSONL record")
    sha256: str = Field(pattern="^[0-9a-f]{64}$", description="sha256 of the text the offsets index, UTF-8 encoded")
    chars: int = Field(ge=0, description="length of that text in characters")
    path: Optional[str] = Field(default=None, description="the file it was read from, as named to `extract` (for a "
                                                         "JSONL record: the JSONL file); null for standard input "
                                                         "and in documents before 1.2. Tells two inputs with the "
                                                         "same name apart")
    title: Optional[str] = Field(default=None, description="the article's headline, from the JSONL record's "
                                                          "`title` (or `headline`) or the HTML page's title; null "
                                                          "for plain text (1.3)")
    url: Optional[str] = Field(default=None, description="the article's address, from the JSONL record's `url` or "
                                                        "the HTML page's canonical link (1.3)")
    date: Optional[str] = Field(default=None, description="the article's publication date as the source gives it: "
                                                         "the JSONL record's `date` as written, or the HTML page's "
                                                         "date as YYYY-MM-DD (1.3)")


class ToolInfo(_Strict):
    name: Literal["attribution"] = "attribution"
    version: str


class ClaimsDocument(_Strict):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"$id": SCHEMA_ID})

    schema_version: Literal["1.0", "1.1", "1.2", "1.3"] = SCHEMA_VERSION
    tool: ToolInfo
    model: str = Field(description="the parsing models used (e.g. bundled:ar_attr, stanza:ar, or a directory)")
    input: InputInfo
    text: Optional[str] = Field(default=None, description="the text the offsets index, when it is not the input "
                                                         "file itself (e.g. text extracted from HTML or JSONL)")
    notes: list[str] = Field(default_factory=list, description="warnings about the input (empty, not Arabic ...)")
    claims: list[Claim]
    def entity_of(self, claim: Claim) -> Entity | None:
        """The entity a claim's speaker points to (None when unresolved or in a 1.0 document)."""
        eid = claim.speaker.entity_id
        return next((e for e in self.entities if e.id == eid), None) if eid else None

    entities: list[Entity] = Field(default_factory=list, description="who speaks in the claims: one record per "
                                                                     "entity, referred to by speaker.entity_id (1.1)")
