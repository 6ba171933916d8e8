"""Budget programs (예산사업, seed 004) and department work plans (업무계획, seed 000)."""

from sijeong.budgets.models.programs import (
    AccountKind,
    BasisLine,
    BudgetProgram,
    ExpenseItem,
    ProgramHistoryEntry,
    ProgramOfficial,
    ProgramPledgeLink,
    RecentResult,
    ScheduleEntry,
)
from sijeong.budgets.models.work_plans import (
    WorkPlan,
    WorkPlanAward,
    WorkPlanContact,
    WorkPlanProject,
)

__all__ = [
    "AccountKind",
    "BasisLine",
    "BudgetProgram",
    "ExpenseItem",
    "ProgramHistoryEntry",
    "ProgramOfficial",
    "ProgramPledgeLink",
    "RecentResult",
    "ScheduleEntry",
    "WorkPlan",
    "WorkPlanAward",
    "WorkPlanContact",
    "WorkPlanProject",
]
