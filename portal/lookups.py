"""`__in` on an integer column (primary keys included) leaves out the values that column cannot hold.

Django keeps such a value out of an `exact` or a comparison (`IntegerFieldOverflow`: it matches nothing), not out
of `in`. A form's multiple choice of rows (`ModelMultipleChoiceField`, every many-to-many field of a model form)
reads the ids it is sent with `pk__in`: a 30-digit id raised OverflowError on SQLite, an error 500 (issue 24's sweep of
every form, tests/security/test_hostile_forms.py). Here, once for every `__in` on an integer column: a value past the
column's range matches nothing, as it does with `exact`; the form then says « choix invalide ».
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            try:
                low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            except KeyError:  # an integer column of a kind the backend gives no range for
                low = high = None
            self.rhs = [value for value in self.rhs if not _outside(value, low, high)]
        return super().process_rhs(compiler, connection)


def _outside(value, low, high):
    return isinstance(value, int) and ((low is not None and value < low) or (high is not None and value > high))


def register():
    IntegerField.register_lookup(IntegerIn)
