"""Query filters of the API's lists."""

import django_filters
from django.utils.translation import gettext_lazy as _

EMPTY_FILTER = _("Give a value, or leave the parameter out.")


class StrictFilterSet(django_filters.FilterSet):
    """A filter given with no value (`?state=`) answers 400 instead of filtering nothing: a
    client that meant a value must learn it sent none."""

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for name in self.filters:
            if name in self.data and self.data.get(name) == "":
                self.form.add_error(name, EMPTY_FILTER)
                valid = False
        return valid
