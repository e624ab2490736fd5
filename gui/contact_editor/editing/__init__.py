"""Value codecs and the edit model. Pure functions, no Qt."""
