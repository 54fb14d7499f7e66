"""HTTP API of the workdays app: due-date arithmetic and each year's official schedule."""

import datetime

from django.http import Http404
from django.urls import path, re_path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.api.schema import error_responses

from .due_dates import add_workdays, year_calendar
from .models import MAX_YEAR, MIN_YEAR, DayKind

MAX_DAYS = 365
START_OUT_OF_RANGE = _("The start must be a date in the years %(min)s to %(max)s.")


class AddWorkdaysQuerySerializer(serializers.Serializer):
    start = serializers.DateField(input_formats=["%Y-%m-%d"])
    days = serializers.IntegerField(min_value=0, max_value=MAX_DAYS)

    def validate_start(self, value: datetime.date) -> datetime.date:
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            raise serializers.ValidationError(
                START_OUT_OF_RANGE % {"min": MIN_YEAR, "max": MAX_YEAR}
            )
        return value


class CalendarDueDateSerializer(serializers.Serializer):
    due = serializers.DateField()
    provisional = serializers.BooleanField()


class CalendarDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    name = serializers.CharField()


class CalendarScheduleSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    confirmed = serializers.BooleanField()
    # a declared field, not Field.source: the serializer metaclass moves it off the class
    source = serializers.CharField()  # type: ignore[assignment]
    holidays = CalendarDaySerializer(many=True)
    workdays = CalendarDaySerializer(many=True)


class AddWorkdaysView(APIView):
    @extend_schema(
        operation_id="calendar_add_workdays",
        parameters=[AddWorkdaysQuerySerializer],
        responses={200: CalendarDueDateSerializer, **error_responses(400)},
        summary="The day a period of N working days from start ends",
    )
    def get(self, request: Request) -> Response:
        query = AddWorkdaysQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        due = add_workdays(query.validated_data["start"], query.validated_data["days"])
        return Response(CalendarDueDateSerializer(due).data)


class CalendarYearView(APIView):
    @extend_schema(
        operation_id="calendar_year",
        parameters=[OpenApiParameter("year", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses={200: CalendarScheduleSerializer, **error_responses(404)},
        summary="A year's official holidays and adjusted working days",
    )
    def get(self, request: Request, year: str) -> Response:
        if not MIN_YEAR <= int(year) <= MAX_YEAR:
            raise Http404
        calendar = year_calendar(int(year))
        days = sorted(calendar.days.items())
        data = {
            "year": calendar.year,
            "confirmed": calendar.confirmed,
            "source": calendar.source,
            "holidays": [
                {"date": d, "name": name} for d, (kind, name) in days if kind == DayKind.HOLIDAY
            ],
            "workdays": [
                {"date": d, "name": name} for d, (kind, name) in days if kind == DayKind.WORKDAY
            ],
        }
        return Response(CalendarScheduleSerializer(data).data)


urlpatterns = [
    path("calendar/add-workdays/", AddWorkdaysView.as_view(), name="calendar-add-workdays"),
    re_path(r"^calendar/(?P<year>[0-9]{4})/$", CalendarYearView.as_view(), name="calendar-year"),
]
