"""Framework-free Korean text toolkit: normalise, features, candidates, similarity, grouping,
categorisation. Imports nothing from django or sijeong. The public API lives in `textanalysis.api`.
"""

from textanalysis.api import DEFAULT_THRESHOLD, categorize, dedup, explain, similar

__all__ = ["DEFAULT_THRESHOLD", "categorize", "dedup", "explain", "similar"]
