"""Calendar arithmetic of the rules: portal.calendar's, the one definition (the retention periods below casework
use it too)."""

from portal.calendar import add_months, add_months_to_instant

__all__ = ["add_months", "add_months_to_instant"]
