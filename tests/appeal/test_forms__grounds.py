"""The grounds of an objection: at least 20 characters, not counting surrounding spaces."""

import pytest

from workflows.appeal.forms import AppealFileForm
from workflows.appeal.models import Appeal
from workflows.records.models import CreditRecord

from .helpers import file_appeal

TWENTY = "该处罚决定已被复议机关依法撤销，请予撤销"
assert len(TWENTY) == 20


def _form(grounds):
    return AppealFileForm(data={"record": 1, "grounds": grounds, "requested_outcome": "revoke"})


def test_exactly_20_characters_are_enough():
    form = _form(TWENTY)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["grounds"] == TWENTY


@pytest.mark.parametrize(
    "grounds",
    [TWENTY[:19], TWENTY[:19] + " ", " " + TWENTY[:19] + "  ", TWENTY[:19] + "\n"],
    ids=["19", "19+space", "padded", "19+newline"],
)
def test_19_characters_however_padded_are_too_few(grounds):
    form = _form(grounds)
    assert not form.is_valid()
    assert [e.code for e in form.errors.as_data()["grounds"]] == ["min_length"]


@pytest.mark.django_db
def test_the_api_files_with_20_characters_and_stores_them_stripped(city):
    response = file_appeal(city, grounds=f"  {TWENTY}  ", requested_outcome="revoke")

    assert response.status_code == 201, response.content
    assert Appeal.objects.get().grounds == TWENTY


@pytest.mark.django_db
@pytest.mark.parametrize("grounds", [TWENTY[:19], TWENTY[:19] + "   "], ids=["19", "19+spaces"])
def test_the_api_refuses_19_characters_and_files_nothing(city, grounds):
    response = file_appeal(city, grounds=grounds, requested_outcome="revoke")

    assert response.status_code == 400
    # the message names the minimum
    assert response.json()["errors"]["grounds"] == ["申诉理由不得少于20个字。"]
    assert not Appeal.objects.exists()
    assert CreditRecord.objects.get(pk=city.record.pk).state == "active"
