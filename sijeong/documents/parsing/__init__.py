"""Document intake without a database: read a file into one intermediate form, recognise its
kind, parse it into the interchange format (``sijeong.document/1``, see docs/interchange.md) and
report findings. Nothing here imports Django.
"""
