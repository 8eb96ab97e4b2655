"""salon.services."""
