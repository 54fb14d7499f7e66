"""GB/T 9704-2012 layout, checked on the issued PDF itself: type area, date, page numbers."""

import io
import re

import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTTextContainer, LTTextLine

from tests.documents.conftest import decision_context, issue
from workflows.documents.clauses import clauses_for
from workflows.documents.services import document_bytes

pytestmark = pytest.mark.django_db

MM = 72 / 25.4
A4 = (210, 297)
TOP, BOTTOM, LEFT, RIGHT = 37, 35, 28, 26
TOLERANCE = 1.0
CHARACTER = 16 / MM  # one character of 三号 (16 pt) in mm
PAGE_NUMBER = re.compile(r"— \d+ —")


def text_lines(data: bytes) -> list[tuple[int, str, float, float, float, float]]:
    """(page, text, left, top, right, bottom) of every text line, in mm from the top-left corner."""
    lines = []
    for number, page in enumerate(extract_pages(io.BytesIO(data)), 1):
        height = page.bbox[3]
        assert (round(page.bbox[2] / MM), round(height / MM)) == A4
        for element in page:
            if not isinstance(element, LTTextContainer):
                continue
            for line in element:
                if isinstance(line, LTTextLine) and line.get_text().strip():
                    x0, y0, x1, y1 = line.bbox
                    lines.append(
                        (
                            number,
                            line.get_text().strip(),
                            x0 / MM,
                            (height - y1) / MM,
                            x1 / MM,
                            (height - y0) / MM,
                        )
                    )
    return lines


@pytest.fixture
def lines():
    context = decision_context(
        grounds="该判决确定的付款义务已于2025年12月全部履行完毕，记录未反映履行情况。" * 6
    )
    document = issue(context=context, clauses=clauses_for("appeal_decision", "body"))
    return text_lines(document_bytes(document))


def test_every_text_line_lies_inside_the_type_area(lines):
    body = [line for line in lines if not PAGE_NUMBER.fullmatch(line[1])]

    assert len({line[0] for line in body}) >= 2  # a long decision: more than one page checked
    for _page, text, left, top, right, bottom in body:
        assert left >= LEFT - TOLERANCE, text
        assert right <= A4[0] - RIGHT + TOLERANCE, text
        assert top >= TOP - TOLERANCE, text
        assert bottom <= A4[1] - BOTTOM + TOLERANCE, text


def test_page_numbers_sit_under_the_type_area_on_the_outer_side(lines):
    numbers = [line for line in lines if PAGE_NUMBER.fullmatch(line[1])]
    pages = {line[0] for line in lines}

    assert [n[1] for n in numbers] == [f"— {page} —" for page in sorted(pages)]
    for page, _text, left, top, right, _bottom in numbers:
        assert top > A4[1] - BOTTOM
        if page % 2:  # odd pages: right, one character in
            assert right == pytest.approx(A4[0] - RIGHT - 14 / MM, abs=TOLERANCE)
        else:
            assert left == pytest.approx(LEFT + 14 / MM, abs=TOLERANCE)


def test_the_date_is_written_out_four_characters_from_the_right_margin(lines):
    (date,) = [line for line in lines if re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", line[1])]
    (organ,) = [line for line in lines if line[1] == "泰州市经济和信息化委员会" and line[2] > 60]

    assert date[4] == pytest.approx(A4[0] - RIGHT - 4 * CHARACTER, abs=TOLERANCE)
    # the organ's name is centred over the date, on the same page, just above it
    assert (organ[2] + organ[4]) / 2 == pytest.approx((date[2] + date[4]) / 2, abs=TOLERANCE)
    assert organ[0] == date[0]
    assert organ[5] <= date[3] + TOLERANCE


def test_the_mark_number_and_title_come_first_in_order(lines):
    first_page = [line[1] for line in lines if line[0] == 1]

    assert first_page[:4] == [
        "泰州市经济和信息化委员会",
        first_page[1],
        "异议处理决定书",
        "泰州市海陵区人民政府：",
    ]
    assert re.fullmatch(r"泰信异决〔\d{4}〕\d+号", first_page[1])
