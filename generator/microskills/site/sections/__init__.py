"""site.sections room of the microskills package."""
