"""The one read model: what an interpellation is at a version, for every page, answer and print."""
