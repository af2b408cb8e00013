"""The record and its files: the models, the texts and journals, the git store."""
