"""salon.db."""
