"""The letters an approved interpellation becomes: one per addressee, in its language.

`content` gathers what a letter says from the record at one version (who writes,
to whom, the text, who signed); `rendering` turns it into PDF, DOCX and ODT through
one Jinja2 template per language and pandoc (and Typst for the PDF).
"""
