"""Supervisor screens: the workspace, team day, period, corrections, form handovers.

The app opens `SupervisorWorkspace(supervisor)` after a supervisor's PIN.
"""

from shiftcheck.tui.screens.supervisor.corrections import CorrectionDialog, CorrectionsScreen
from shiftcheck.tui.screens.supervisor.day import DaySummaryScreen, EmployeeDayScreen
from shiftcheck.tui.screens.supervisor.forms import FormsScreen
from shiftcheck.tui.screens.supervisor.period import PeriodScreen
from shiftcheck.tui.screens.supervisor.workspace import SupervisorWorkspace

__all__ = [
    "CorrectionDialog",
    "CorrectionsScreen",
    "DaySummaryScreen",
    "EmployeeDayScreen",
    "FormsScreen",
    "PeriodScreen",
    "SupervisorWorkspace",
]
