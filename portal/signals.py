"""Signals other apps listen to."""

from django.dispatch import Signal

# Sent with invitation=, user=, request= once a household's letter code has created an account.
household_invitation_redeemed = Signal()
# Sent with user=, confirmed_by=, request= when a worker confirms a household member's identity.
household_identity_confirmed = Signal()
