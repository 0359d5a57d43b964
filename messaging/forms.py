"""The message form: used by the plain (no-JavaScript) page and by the JSON endpoint the script falls back to."""

import os
import uuid

from django import forms
from django.conf import settings

from messaging import files
from portal import audit, malware

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
REFUSED_FILE = "Ce fichier n'est pas accepté : envoyez un PDF, une photo JPEG ou une image PNG."


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Votre message",
        strip=True,
        error_messages={"required": "Écrivez un message (ou joignez un document) avant d'envoyer."},
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    attachment = forms.FileField(
        label="Joindre un document",
        required=False,
        help_text="PDF, JPEG ou PNG, 10 Mo au plus.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )
    client_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, draft_url=None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("client_key", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)
        # A document may go alone; otherwise the message is required.
        self.fields["body"].required = not (self.files and self.files.get("attachment"))
        self.fields["body"].help_text = f"{settings.MESSAGE_MAX_LENGTH} caractères au plus."
        if draft_url:
            self.fields["body"].widget.attrs.update({"data-draft-url": draft_url, "data-draft-status": "draft-status"})

    def clean_body(self):
        body = self.cleaned_data["body"]
        if len(body) > settings.MESSAGE_MAX_LENGTH:
            raise forms.ValidationError(
                f"Votre message fait {len(body)} caractères : la limite est de {settings.MESSAGE_MAX_LENGTH}. "
                "Raccourcissez-le ou envoyez-le en plusieurs fois."
            )
        return body

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise forms.ValidationError(
                "Ce fichier dépasse 10 Mo. Envoyez un fichier plus léger (une photo réduite, par exemple)."
            )
        if os.path.splitext(upload.name)[1].lower() not in files.ALLOWED_TYPES:
            raise forms.ValidationError(REFUSED_FILE)
        try:
            verdict = malware.scan(upload)
        except malware.ScanUnavailable:
            raise forms.ValidationError(
                "L'analyse antivirus de ce fichier n'a pas pu se faire. Votre message est gardé : réessayez dans "
                "quelques minutes."
            ) from None
        if verdict.status == malware.INFECTED:
            audit.record(None, "messaging.attachment_infected", signature=verdict.signature[:100])
            raise forms.ValidationError(
                "Ce fichier contient un virus : il n'a pas été envoyé. Si vous devez transmettre ce document, "
                "demandez à l'association une autre façon de le faire."
            )
        upload.scan_status = verdict.status
        if files.accepted_type(upload) is None:
            raise forms.ValidationError("Le contenu de ce fichier ne correspond pas à son type. " + REFUSED_FILE)
        return upload

    @property
    def file_refused(self):
        return "attachment" in self.errors
