"""The appointments and messaging apps reuse portal.enums.Party and ContactChannel: the strings already stored in
the database (actor kinds, message sides, reminder channels) must be exactly the ones the shared enums write."""

from appointments.enums import ACTOR_CHOICES, ACTOR_WORDING, REMINDER_CHANNELS, SYSTEM_ACTOR
from appointments.models import Appointment, AppointmentEvent, Reminder
from messaging.models import Message
from portal.enums import ContactChannel, Party


def stored(model, field):
    return [value for value, _label in model._meta.get_field(field).choices]


def test_actor_values_are_the_strings_stored_before_the_shared_enum():
    assert [value for value, _ in ACTOR_CHOICES] == ["household", "association", "system"]
    assert Party.HOUSEHOLD == "household" and Party.ASSOCIATION == "association" and SYSTEM_ACTOR == "system"
    for model, field in (
        (Appointment, "booked_by_actor"),
        (Appointment, "cancelled_by_actor"),
        (AppointmentEvent, "actor_kind"),
    ):
        assert stored(model, field) == ["household", "association", "system"]
    assert Appointment._meta.get_field("booked_by_actor").default == "association"
    # The label reads inside a sentence: « annulé par le ménage ».
    assert ACTOR_WORDING[Party.HOUSEHOLD] == "le ménage" and dict(ACTOR_CHOICES)["system"] == "automatique"


def test_message_sides_are_parties_with_unchanged_values():
    assert {"household", "association", "landlord"} <= set(stored(Message, "side"))
    assert set(stored(Message, "side")) == set(Party.values)


def test_reminder_channels_are_contact_channels_with_unchanged_values():
    assert stored(Reminder, "channel") == ["email", "sms"]
    assert all(channel in ContactChannel for channel in REMINDER_CHANNELS)
