"""The error a refused case transition raises (casework.workflow, casework.handovers)."""


class TransitionError(Exception):
    """An impossible or incomplete transition; the message is French and shown to the user as is."""
