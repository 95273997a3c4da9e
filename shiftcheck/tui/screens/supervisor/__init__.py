"""Supervisor screens: menu, team day, period, corrections, form handovers.

The kiosk opens `SupervisorHome(services, supervisor)` after a supervisor's PIN.
"""

from shiftcheck.tui.screens.supervisor.corrections import CorrectionDialog, CorrectionsScreen
from shiftcheck.tui.screens.supervisor.day import DaySummaryScreen, EmployeeDayScreen
from shiftcheck.tui.screens.supervisor.forms import FormsScreen
from shiftcheck.tui.screens.supervisor.home import SupervisorHome
from shiftcheck.tui.screens.supervisor.period import PeriodScreen

__all__ = [
    "CorrectionDialog",
    "CorrectionsScreen",
    "DaySummaryScreen",
    "EmployeeDayScreen",
    "FormsScreen",
    "PeriodScreen",
    "SupervisorHome",
]
