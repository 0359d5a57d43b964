"""Numbers read from a query string: one parser, so that a hostile value is ignored and never reaches the database
or date arithmetic (a 500). Out of range, negative or not a number: the default."""

# The largest value every supported database's integer columns (and so primary keys) accept.
MAX_ID = 2**31 - 1
# A number of days a filter may look ahead: far beyond any deadline, far below date arithmetic's limits.
MAX_DAYS = 3660


def int_param(params, name, *, minimum=0, maximum=MAX_ID, default=None):
    """The integer `params[name]` (a QueryDict or a dict) if it is plain ASCII digits within [minimum, maximum]."""
    value = params.get(name, "")
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 18:
        return default
    number = int(value)
    return number if minimum <= number <= maximum else default


def id_param(params, name):
    """A primary key from the query string, or None."""
    return int_param(params, name, minimum=1)


def days_param(params, name):
    return int_param(params, name, maximum=MAX_DAYS)
