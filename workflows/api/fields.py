"""Serializer fields every history shape shares."""

from rest_framework import serializers

# who acted when no user did: a timer, the alert sweep, an expiry, an import without a user
SYSTEM_ACTOR = "system"


def actor_name(user) -> str:
    """A history entry's `by`: the acting user's username, or "system"; never null."""
    return user.username if user is not None else SYSTEM_ACTOR


class ActorField(serializers.CharField):
    """`by` of a history entry (api.md): always a string, see actor_name."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault(
            "help_text", f'The acting user\'s username, or "{SYSTEM_ACTOR}" for a timer or sweep.'
        )
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        # the entry itself: DRF writes null for a None attribute without asking the field
        return instance

    def to_representation(self, value) -> str:
        return actor_name(getattr(value, str(self.source)))
