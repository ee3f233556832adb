"""Loading a pipeline without Stanza's training optimizers."""
from __future__ import annotations

import contextlib


@contextlib.contextmanager
def without_optimizers():
    """Stanza's tokenizer, tagger and lemmatizer build a training optimizer even to predict, and
    the first PyTorch optimizer made in a process imports ``torch._dynamo`` (800 more modules):
    loading took 2.6-3.1 s instead of 1.7-1.8 s, imports included, and the process held 441
    instead of 370 MB after its first parse, paid again by every worker process.  A pipeline
    never trains, so while it loads Stanza's optimizer factories make nothing (the trainers keep
    ``None`` or ``{}``; only their training methods would use it)."""
    from stanza.models.common import utils

    # get_split_optimizer returns {part: optimizer}, which the trainers iterate
    stand_ins = {"get_optimizer": lambda *args, **kwargs: None, "get_split_optimizer": lambda *args, **kwargs: {}}
    factories = {name: getattr(utils, name) for name in stand_ins if hasattr(utils, name)}
    for name in factories:
        setattr(utils, name, stand_ins[name])
    try:
        yield
    finally:
        for name, factory in factories.items():
            setattr(utils, name, factory)
