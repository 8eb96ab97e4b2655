"""The pages, one module per part of salon."""
