"""Encryption at rest: a MultiFernet over FIELD_ENCRYPTION_KEYS, an encrypted text field and file storage."""

import os
import tempfile
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.deconstruct import deconstructible

TOKEN_PREFIX = "enc1:"


@lru_cache(maxsize=8)
def _fernet_for(keys):
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty: no key to encrypt with.")
    return MultiFernet([Fernet(key.encode() if isinstance(key, str) else key) for key in keys])


def fernet():
    """The MultiFernet of the keys in force now (the first one encrypts)."""
    return _fernet_for(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt_bytes(data: bytes) -> bytes:
    return fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    return fernet().decrypt(token)


def encrypt_text(value: str) -> str:
    return TOKEN_PREFIX + fernet().encrypt(value.encode()).decode()


def decrypt_text(value: str) -> str:
    if not value.startswith(TOKEN_PREFIX):
        raise InvalidToken("value is not an encrypted token")
    return fernet().decrypt(value[len(TOKEN_PREFIX) :].encode()).decode()


def rotate_text(value: str) -> str:
    return TOKEN_PREFIX + fernet().rotate(value[len(TOKEN_PREFIX) :].encode()).decode()


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; the database never sees the plaintext.

    Every field of this class is found by the key-rotation registry (portal.crypto.encrypted_fields).
    It cannot be searched or filtered by content, by design.
    """

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt_text(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(value)


@deconstructible
class EncryptedFileStorage(FileSystemStorage):
    """Files encrypted with the field keys, kept under PRIVATE_STORAGE_ROOT, never given a public URL."""

    def __init__(self, subdir=""):
        self.subdir = subdir
        super().__init__(location=os.path.join(settings.PRIVATE_STORAGE_ROOT, subdir), base_url=None)

    def _save(self, name, content):
        content.seek(0)
        return super()._save(name, ContentFile(encrypt_bytes(content.read())))

    def _open(self, name, mode="rb"):
        with super()._open(name, "rb") as handle:
            return ContentFile(decrypt_bytes(handle.read()), name=name)

    def url(self, name):
        raise ValueError("Encrypted files have no public URL; serve them through an access-checked view.")

    def rotate(self, name):
        """Re-encrypt one stored file with the newest key, replacing it atomically."""
        path = self.path(name)
        with open(path, "rb") as handle:
            rotated = fernet().rotate(handle.read())
        directory = os.path.dirname(path)
        fd, tmp = tempfile.mkstemp(dir=directory)
        with os.fdopen(fd, "wb") as handle:
            handle.write(rotated)
        os.replace(tmp, path)


def encrypted_fields():
    """The registry of every encrypted text field: (model, field) for each installed model."""
    from django.apps import apps

    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]


def encrypted_file_fields():
    """The registry of every file field stored with EncryptedFileStorage."""
    from django.apps import apps

    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField) and isinstance(field.storage, EncryptedFileStorage)
    ]
