"""An attachment keeps the type its bytes show (puremagic), never the one the client sent."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from messaging.models import Attachment
from tests.messaging.factories import conversation_of, household_case

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.mark.django_db
def test_the_detected_type_is_stored_and_served(client, association, landlord, household_user):
    conversation = conversation_of(household_case(association, landlord, household_user))
    client.force_login(household_user)
    upload = SimpleUploadedFile("photo.png", PNG, content_type="text/html")
    response = client.post(
        reverse("messaging:household_messages_json", args=[conversation.pk]),
        {"body": "Ma quittance", "client_key": "k-1", "attachment": upload},
    )
    assert response.status_code == 201
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/png"
    download = client.get(reverse("messaging:household_attachment", args=[attachment.pk]))
    assert download["Content-Type"] == "image/png"
    assert download["Content-Disposition"].startswith("attachment")
