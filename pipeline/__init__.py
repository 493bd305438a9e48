"""veille: French tech-policy news in, clean tables of actors, quotes, claims and dates out.

    import pipeline
    found = pipeline.extract("« Nous ne céderons pas », a déclaré jeudi Margrethe Vestager.",
                             published="2024-03-15")
    found.quotes            # records; found.to_pandas() gives one DataFrame per table

`Extractor` loads the model once for many texts; `read_outputs` reads a run's tables back, typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["Extraction", "Extractor", "extract", "read_outputs"]

if TYPE_CHECKING:
    from pipeline.extractor import Extraction, Extractor

_shared: dict[str, "Extractor"] = {}  # the Extractor `extract` builds on first use, for a notebook


def extract(text: str, published: str | None = None, title: str | None = None) -> "Extraction":
    """Every row of one French text. The first call loads the model (a few seconds); later ones reuse it."""
    if "default" not in _shared:
        from pipeline.extractor import Extractor

        _shared["default"] = Extractor()
    return _shared["default"].extract(text, published=published, title=title)


def __getattr__(name: str):
    """`pipeline.Extractor` and the others, imported on first use: `import pipeline` stays instant."""
    if name in ("Extractor", "Extraction"):
        from pipeline import extractor

        return getattr(extractor, name)
    if name == "read_outputs":
        from pipeline.output.tables import read_outputs

        return read_outputs
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
