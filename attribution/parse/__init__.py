"""Stage 1: Stanza's parse of an article as the document model the rules read."""
