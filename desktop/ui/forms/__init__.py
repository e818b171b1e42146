"""Entry forms for observations and seizures."""
