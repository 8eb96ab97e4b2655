"""salon.io."""
