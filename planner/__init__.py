"""Contract review programme planner for public-sector procurement teams."""

__version__ = "0.1.0"
