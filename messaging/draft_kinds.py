"""Messaging's kind of draft (portal.drafts registry): a message being written in a case's conversation."""

from portal import drafts


@drafts.kind("message")
def _message(case):
    for conversation_id in case.conversations.values_list("pk", flat=True):
        yield (conversation_id,)
