"""What an attachment is: the type its first bytes show (puremagic), the only type stored and served."""

import os

import puremagic

# Extension → the type its first bytes must show.
ALLOWED_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}


def detected_type(upload):
    """The MIME type of the upload's first bytes, or None when puremagic does not recognise them."""
    head = upload.read(2048)
    upload.seek(0)
    try:
        return puremagic.from_string(head, mime=True) or None
    except puremagic.PureError:
        return None


def accepted_type(upload):
    """The detected type if it is the one the file's extension promises among the accepted ones, else None."""
    expected = ALLOWED_TYPES.get(os.path.splitext(upload.name)[1].lower())
    detected = detected_type(upload) if expected else None
    return detected if detected == expected else None
