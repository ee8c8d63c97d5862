"""graphprofile: a B2B account graph for teams that sell large deals."""

__version__ = "0.1.0"
