"""salon.cli."""
