"""registry room of the microskills package."""
