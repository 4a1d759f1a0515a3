"""tools room of the microskills package."""
