"""salon.recommend."""
