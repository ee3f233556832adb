"""JSON Schema (2020-12) of the claims format, generated from the pydantic models.

``attribution schema --write`` regenerates ``schemas/claims.schema.json``; a test fails when the
committed file drifts from the models.
"""
from __future__ import annotations

import json
from pathlib import Path

from attribution.claims.model import SCHEMA_ID, ClaimsDocument

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "schemas" / "claims.schema.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def claims_schema() -> dict:
    schema = ClaimsDocument.model_json_schema(mode="serialization")
    ordered = {"$schema": DRAFT, "$id": SCHEMA_ID, "title": "Attribution claims document",
               "description": "Reporting events found in one Arabic text: cue, speaker and content with "
                              "character offsets (Python string indices, end exclusive) into that text."}
    ordered.update({k: v for k, v in schema.items() if k not in ("$id", "title", "description")})
    return ordered


def schema_json() -> str:
    return json.dumps(claims_schema(), ensure_ascii=False, indent=2) + "\n"
