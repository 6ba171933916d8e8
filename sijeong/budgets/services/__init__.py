"""Every write to budget programs and work plans (`<entity>_<action>(*, actor, ...)`)."""

from sijeong.budgets.services.programs import (
    ImportOutcome,
    budget_programs_import,
    program_pledge_link,
    program_pledge_unlink,
    program_save,
    schedule_set_executed,
)
from sijeong.budgets.services.work_plans import (
    UNSET,
    work_plan_import,
    work_plan_project_link,
)

__all__ = [
    "UNSET",
    "ImportOutcome",
    "budget_programs_import",
    "program_pledge_link",
    "program_pledge_unlink",
    "program_save",
    "schedule_set_executed",
    "work_plan_import",
    "work_plan_project_link",
]
