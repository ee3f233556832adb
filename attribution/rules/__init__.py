"""Stages 2-6: the attribution rules over a parse (cues, content, speaker, resolve, join)."""
