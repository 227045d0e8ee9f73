"""The review TUI (Textual): a thin layer over :mod:`casereview.review`.

Nothing here imports spaCy: findings come from the store, and scoring, when
asked for, runs in a worker that imports the engine there.
"""
