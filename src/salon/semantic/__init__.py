"""salon.semantic."""
