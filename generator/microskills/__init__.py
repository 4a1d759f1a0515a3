"""Microskills Catalogue: validate a YAML catalogue of skills and credentials and render it as a site."""

from __future__ import annotations

__version__ = "0.1.0"
