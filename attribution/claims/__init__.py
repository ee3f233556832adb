"""The claims format, used by every stage: the pydantic model (``model``), its JSON Schema (``schema``),
validation (``validate``), CSV rows (``csv_export``) and the one reader of claims files (``read``)."""
