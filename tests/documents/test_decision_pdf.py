"""The issued PDF: what it says, how its fonts are embedded, and that it never changes."""

import datetime
import hashlib
import io
import re
from urllib.parse import quote

import pytest
from pypdf import PdfReader

from tests.documents.conftest import NOT_ACCEPTED_TEMPLATE, decision_context, issue
from workflows.documents.models import Document
from workflows.documents.rendering import LocalURLFetcher, render_pdf
from workflows.documents.services import document_bytes
from workflows.documents.views import document_response

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    # line breaks and justification spaces fall anywhere in running Chinese text
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def embedded_font_names(data: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(data))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/"))
    return names


def test_decision_states_party_facts_outcome_and_remedies(decision):
    text = pdf_text(document_bytes(decision))

    assert "异议处理决定书" in text
    assert decision.number in text
    assert "泰州市海陵区住房和城乡建设局" in text
    assert "11321202014127830D" in text
    assert "泰州市海陵区人民政府" in text
    assert "（2025）苏12民终123号" in text
    assert "申请人已于2025年12月10日履行全部付款义务" in text
    assert "予以更正" in text
    assert "已于2025年12月10日全部履行" in text
    assert "根据《泰州市关于加强政务诚信建设的实施意见》二（六）的规定，本机关决定如下：" in text
    assert "十五个工作日内申请复核。" in text
    assert "泰州市经济和信息化委员会" in text
    assert "（市信用办）" not in text
    # printed beside the signature in words, not only inside the verification link
    assert f"验证码：{decision.verify_code}" in text.replace(" ", "")


def test_the_subject_named_on_the_document_comes_from_the_case_when_not_given():
    from workflows.documents.services import document_issue

    def issued(context):
        return document_issue(
            case_id=1,
            doc_type="appeal_decision",
            title="异议处理决定书",
            issuer_code="泰信异决",
            issuer_name="泰州市信用办",
            template_name="documents/appeal/decision.html",
            context=context,
        )

    assert issued(decision_context()).subject_name == "泰州市海陵区住房和城乡建设局"
    assert issued(decision_context(subject_name="")).subject_name == ""


def test_decision_prints_the_issue_date_in_shanghai_time():
    document = issue(issued_at=datetime.datetime(2026, 5, 11, 17, 30, tzinfo=datetime.UTC))

    assert "2026年5月12日" in pdf_text(document_bytes(document))


def test_revoked_decision_says_publicity_and_sharing_stop():
    context = decision_context(outcome="revoked", outcome_label="撤销", corrected_summary="")

    document = issue(context=context)

    text = pdf_text(document_bytes(document))
    assert "撤销该信用记录" in text
    assert "停止公示和共享" in text
    assert document.outcome == "revoked"


def test_not_accepted_notice_gives_the_reason_and_remedies():
    context = decision_context(
        outcome="not_accepted",
        outcome_label="不予受理",
        not_accepted_reason_label="该记录尚未公示",
        comment="请在记录公示后再行申请。",
    )

    document = issue(
        doc_type="appeal_not_accepted",
        title="不予受理通知书",
        issuer_code="泰信异通",
        template_name=NOT_ACCEPTED_TEMPLATE,
        context=context,
        issued_at=datetime.datetime(2026, 5, 12, 9, tzinfo=datetime.UTC),
    )

    text = pdf_text(document_bytes(document))
    assert "不予受理通知书" in text
    assert "泰信异通〔2026〕1号" in text
    assert "该记录尚未公示" in text
    assert "请在记录公示后再行申请" in text
    assert "本机关决定对该异议申诉申请不予受理。" in text
    # the closing words come after the remedy, never between the decision and it
    assert text.index("申请复核") < text.index("特此通知。")


def test_fonts_are_embedded_as_subsets_only(decision):
    names = embedded_font_names(document_bytes(decision))

    assert names
    assert all(re.fullmatch(r"[A-Z]{6}\+.+", name) for name in names), names
    # the title in the bold serif: the cut face when `make fonts` ran, else the full one
    assert any(re.search(r"\+(Casework-Serif-SC|Noto-Serif-CJK-SC)-Bold$", name) for name in names)


def test_stored_hash_and_size_match_the_bytes(decision):
    stored = Document.objects.get(pk=decision.pk)
    data = document_bytes(stored)

    assert data.startswith(b"%PDF-")
    assert hashlib.sha256(data).hexdigest() == stored.sha256
    assert len(data) == stored.size


def test_two_downloads_are_byte_identical(decision):
    first = document_response(Document.objects.get(pk=decision.pk))
    second = document_response(Document.objects.get(pk=decision.pk), as_attachment=True)

    assert first.content == second.content
    assert hashlib.sha256(first.content).hexdigest() == decision.sha256
    assert first["Content-Type"] == "application/pdf"
    assert first["ETag"] == f'"{decision.sha256}"'
    assert first["Content-Disposition"].startswith("inline")
    assert second["Content-Disposition"].startswith("attachment")
    assert quote(f"{decision.number}.pdf") in second["Content-Disposition"]


def test_issuing_another_document_leaves_a_stored_one_unchanged(decision):
    before = document_bytes(Document.objects.get(pk=decision.pk))
    issue(case_id=2)

    assert document_bytes(Document.objects.get(pk=decision.pk)) == before


def test_fetcher_refuses_network_and_arbitrary_files():
    fetcher = LocalURLFetcher()

    with pytest.raises(ValueError, match="refusing"):
        fetcher.fetch("http://example.com/logo.png")
    with pytest.raises(ValueError, match="refusing"):
        fetcher.fetch("file:///etc/passwd")
    with pytest.raises(ValueError, match="refusing"):
        fetcher.fetch("file:///static/../../etc/passwd")


def test_fetcher_serves_static_files_and_data_uris():
    fetcher = LocalURLFetcher()

    static = fetcher.fetch("file:///static/admin/css/base.css")
    inline = fetcher.fetch("data:text/plain;base64,5L+h55So")

    assert b"{" in static.read()
    assert static.content_type == "text/css"
    assert inline.read().decode() == "信用"


def test_render_pdf_has_a_text_layer():
    data = render_pdf(
        "documents/appeal/decision.html",
        decision_context(number="泰信异决〔2026〕7号", title="异议处理决定书"),
    )

    assert "泰信异决〔2026〕7号" in pdf_text(data)
