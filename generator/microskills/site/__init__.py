"""site room of the microskills package."""
