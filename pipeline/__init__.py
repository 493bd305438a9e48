"""veille: French tech-policy news in, clean tables of actors, quotes, claims and dates out."""

__version__ = "0.1.0"
