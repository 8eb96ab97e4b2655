"""salon.seating."""
