"""Building the spaCy pipeline: ``spacy.blank("da")`` or a trained Danish model, plus our components.

The components are registered factories (``casereview_sections``,
``casereview_sentences``, ``casereview_findings``, ``casereview_lemmas``), so
each can be added to any Danish pipeline and tested alone. Nothing is
downloaded: a trained model must already be installed (or be a path).
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

# Importing the modules registers the factories.
from casereview.engine import indicators, lemmas, sections, sentences  # noqa: F401
from casereview.errors import ModelNotFoundError


def _load_model(model: str) -> Language:
    try:
        return spacy.load(model, exclude=["parser", "senter", "ner", "attribute_ruler_ner"])
    except OSError:
        hint = (
            f"Sprogmodellen '{model}' er ikke installeret. casereview henter aldrig noget fra nettet; "
            f"installer modellen på forhånd, fx med 'pip install {model}' fra en lokal wheel-fil "
            f"eller 'python -m spacy download {model}' på en maskine med netadgang, "
            "eller udelad --model for at bruge den indbyggede regelbaserede pipeline."
        )
        raise ModelNotFoundError(hint) from None


def build_pipeline(
    rules_dir: str | Path | None = None,
    lexicons_dir: str | Path | None = None,
    model: str | None = None,
    lemmatize: bool = False,
) -> Language:
    """The casereview pipeline on ``spacy.blank("da")`` (default) or on an installed model."""
    nlp = _load_model(model) if model else spacy.blank("da")
    if nlp.lang != "da":
        raise ModelNotFoundError(f"Sprogmodellen '{model}' er ikke dansk (sprog: {nlp.lang}).")
    config = {
        "rules_dir": str(rules_dir) if rules_dir else None,
        "lexicons_dir": str(lexicons_dir) if lexicons_dir else None,
    }
    first = nlp.pipe_names[0] if nlp.pipe_names else None
    nlp.add_pipe("casereview_sections", config=config, before=first) if first else nlp.add_pipe(
        "casereview_sections", config=config
    )
    nlp.add_pipe("casereview_sentences", config=config, after="casereview_sections")
    if lemmatize and not model:
        nlp.add_pipe("casereview_lemmas")
    nlp.add_pipe("casereview_findings", config=config)
    return nlp
