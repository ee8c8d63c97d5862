"""Pure functions over account graphs."""
