"""Go on training a Stanza tagger from an earlier model's weights.

Stanza's parser takes ``--continue_from FILE``; its tagger (``stanza.models.tagger``) has no such
option and always starts from random weights.  This runs the tagger's own ``main`` with the first
model it builds loaded from ``FILE`` instead (weights, vocabulary and settings; the optimizer
starts afresh, as the parser's ``--continue_from`` does), so a run stopped early by its time
budget can be carried on to the recipe's step budget::

    python -m attribution.training.warmstart --continue_from attribution/models/ar_attr/tagger.pt \\
        --mode train --train_file ... --max_steps 1950 ...

Every other argument is the tagger's.  Step numbers restart at 0 and ``--max_steps`` counts the
new steps only; the best-dev model is saved as usual.
"""
from __future__ import annotations

import sys


def split_continue_from(argv: list[str]) -> tuple[str, list[str]]:
    """``(FILE, the other arguments)`` from an argument list holding ``--continue_from FILE``."""
    if "--continue_from" not in argv:
        raise SystemExit("warmstart: --continue_from FILE is required")
    k = argv.index("--continue_from")
    if k + 1 >= len(argv):
        raise SystemExit("warmstart: --continue_from needs a model file")
    return argv[k + 1], argv[:k] + argv[k + 2:]


def main(argv: list[str] | None = None) -> int:
    start, rest = split_continue_from(list(sys.argv[1:] if argv is None else argv))
    from stanza.models import tagger

    scratch = tagger.Trainer

    def trainer(*args, **kwargs):
        # the tagger builds its first model without a file: that one starts from ``start``;
        # later ones (the best model reloaded, the final evaluation) name their file
        if kwargs.get("model_file") is not None:
            return scratch(*args, **kwargs)
        built = scratch(*args, **{**kwargs, "model_file": start})
        data_vocab = kwargs.get("vocab")
        # the training batches are indexed with the vocabulary built from the data: the model's must be it
        if data_vocab is not None and data_vocab.state_dict() != built.vocab.state_dict():
            raise SystemExit(f"warmstart: {start} was trained with another vocabulary than this data gives "
                             "(rebuild the data with the same prep, or train from scratch)")
        return built

    tagger.Trainer = trainer
    tagger.main(rest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
