"""Page-number pagination: ?page=N&page_size=M (at most 200); bad values answer 400."""

from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError

MAX_PAGE_SIZE = 200
PAGE_SIZE_INVALID = _("page_size must be a whole number from 1 to 200.")
PAGE_INVALID = _("page must be a whole number of an existing page.")


def is_whole_number(raw: str, *, max_digits: int = 18) -> bool:
    """ASCII digits only: str.isdigit() also accepts "²" and "٣", which int() then refuses."""
    return raw.isascii() and raw.isdigit() and len(raw) <= max_digits


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not is_whole_number(raw) or not 1 <= int(raw) <= MAX_PAGE_SIZE:
            raise ValidationError({"page_size": [PAGE_SIZE_INVALID]})
        return int(raw)

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and raw != "last" and not is_whole_number(raw):
            raise ValidationError({"page": [PAGE_INVALID]})
        try:
            return super().paginate_queryset(queryset, request, view)
        except Exception as exc:  # DRF raises NotFound for a page past the end
            if exc.__class__.__name__ == "NotFound":
                raise ValidationError({"page": [PAGE_INVALID]}) from exc
            raise
