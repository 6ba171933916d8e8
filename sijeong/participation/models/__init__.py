"""Participation models, one module per sub-domain."""

from sijeong.participation.models.committees import *  # noqa: F403
from sijeong.participation.models.mayors import *  # noqa: F403
from sijeong.participation.models.roundtables import *  # noqa: F403
from sijeong.participation.models.staff import *  # noqa: F403
from sijeong.participation.models.suggestions import *  # noqa: F403
from sijeong.participation.models.votes import *  # noqa: F403
