"""core room of the microskills package."""
