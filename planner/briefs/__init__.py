"""Briefs: a plain context built from the store, rendered through Markdown templates."""
