"""salon.analytics."""
