"""Permission policies the admin shares: records the site writes and staff only read."""

from wagtail.permission_policies import ModelPermissionPolicy


class ReadOnlyPolicy(ModelPermissionPolicy):
    """What the site writes and staff only read (a subscriber's consent is given by the
    subscriber, an outgoing e-mail is written by the site): no adding or editing.
    `allow_delete` keeps deletion, which removes the person's data."""

    def __init__(self, model, allow_delete=False):
        super().__init__(model)
        self.denied = {"add", "change", "copy"} | (set() if allow_delete else {"delete"})

    def user_has_permission(self, user, action):
        return action not in self.denied and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)
