"""Placeholder: ranked passage search (being written)."""
