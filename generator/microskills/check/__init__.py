"""check room of the microskills package."""
