"""What an issued objection decision or notice says, for each document type and kind of subject.

Read from the PDF's extracted text (not the template): the clause versions stored with it, both
parties, the addressee, the organ's full name, the date written out, the right remedy, and
nothing the law rules out.
"""

import datetime
import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from workflows.appeal.models import Appeal
from workflows.documents.models import Clause, Document
from workflows.documents.services import document_bytes
from workflows.documents.templatetags.document_tags import cn_date
from workflows.records.models import Subject
from workflows.records.services import record_create

from .helpers import GROUNDS, appeal_at_sign, client_for, complete, only_task
from .test_api import _walk_to_sign

pytestmark = pytest.mark.django_db

ORGAN = "泰州市经济和信息化委员会"
NEVER = ["征信业管理条例", "127.0.0.1", "。。", "（市信用办）", "申报"]


def pdf_text(document: Document) -> str:
    reader = PdfReader(io.BytesIO(document_bytes(document)))
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    # page numbers (— 2 —) land in the running text where a paragraph crosses a page
    return re.sub(r"—\d+—", "", text)


def _subject(city, kind: str) -> Subject:
    if kind == "body":
        # a body of the finance department's that another body (the department) files for
        return Subject.objects.create(
            kind="body",
            name="泰州市财政国库收付中心",
            uscc="11321200466000127R",
            address="泰州市海陵区迎春东路99号",
            person_in_charge="陆文斌",
            department=city.finance,
        )
    return Subject.objects.create(kind="person", name="张伟", department=city.finance)


def _record(city, subject):
    return record_create(
        subject=subject,
        category="dishonesty",
        severity="general",
        source="other",
        summary="未按规定时限报送专项资金使用情况，经市场监管部门通报表扬。。",
        occurred_on=datetime.date(2026, 3, 2),
        provider=city.market,
        document_number="泰市监函〔2026〕8号",
    )


def _file(city, record) -> dict:
    response = client_for(city.filer_finance).post(
        "/api/v1/appeals/",
        {"record": record.pk, "grounds": GROUNDS, "requested_outcome": "revoke"},
        format="json",
    )
    assert response.status_code == 201, response.content
    return response.json()


def _decide(city, case) -> Document:
    complete(city.reviewer, only_task(city.reviewer, "accept")["id"], "accept")
    complete(
        city.verifier_market,
        only_task(city.verifier_market, "verify")["id"],
        "confirm_error",
        finding="经核实，该记录所依据的文书已被撤销。",
        proposed_outcome="revoke",
    )
    complete(
        city.reviewer,
        only_task(city.reviewer, "decide")["id"],
        "draft",
        outcome="revoked",
        reasons="经核实，记录依据的文书已被依法撤销。",
    )
    response = complete(city.approver, only_task(city.approver, "sign")["id"], "approve")
    assert response.status_code == 200, response.content
    return Document.objects.get(case_id=case["id"], doc_type="appeal_decision")


def _not_accept(city, case) -> Document:
    response = complete(
        city.reviewer,
        only_task(city.reviewer, "accept")["id"],
        "not_accept",
        reason="other",
        comment="该记录不属于政务信用信息异议申诉的受理范围。",
    )
    assert response.status_code == 200, response.content
    return Document.objects.get(case_id=case["id"], doc_type="appeal_not_accepted")


@pytest.mark.parametrize("subject_kind", ["body", "person"])
@pytest.mark.parametrize(
    ("doc_type", "work"), [("appeal_decision", _decide), ("appeal_not_accepted", _not_accept)]
)
def test_the_document_names_parties_basis_remedy_and_organ(city, subject_kind, doc_type, work):
    subject = _subject(city, subject_kind)
    case = _file(city, _record(city, subject))

    document = work(city, case)

    text = pdf_text(document)
    # the clause versions stored with the document are the ones printed, and the current ones
    basis = Clause.objects.get(pk=document.basis_clause_id)
    remedy = Clause.objects.get(pk=document.remedy_clause_id)
    assert (basis.doc_type, remedy.doc_type) == (doc_type, doc_type)
    assert remedy.subject_kind == subject_kind
    assert document.basis_text == basis.text
    assert document.remedy_text == remedy.text
    assert "".join(basis.text.split()).rstrip("。") in text
    assert "".join(remedy.text.split()) in text
    # the parties: the recorded subject and the department that filed, never confused
    assert f"被记录主体：{subject.name}" in text
    assert f"申请单位：{city.finance.name}" in text
    if subject_kind == "body":
        assert f"统一社会信用代码：{subject.uscc}" in text
        assert "住所：泰州市海陵区迎春东路99号" in text
        assert "负责人：陆文斌" in text
        assert "领导小组办公室申请复核" in text
        assert "行政复议" not in text
        assert "行政诉讼" not in text
    else:
        assert f"工作单位：{city.finance.name}" in text
        assert "第九十五条" in text
        assert "直接提出申诉" in text
    # addressee, organ's full name as mark and signature, date written out, copy to the provider
    assert f"{document.number}{document.title}{city.finance.name}：" in text
    assert text.startswith(ORGAN)
    assert text.count(ORGAN) >= 3  # mark, signature, 印发机关
    assert cn_date(timezone.localdate(document.issued_at)) in text
    assert f"抄送：{city.market.name}，信用泰州。" in text
    assert "https://xyxt.taizhou.example.cn/verify/" in text
    for never in NEVER:
        assert never not in text, never


def test_the_decision_states_the_case_as_decided(city, client):
    """Each fact of the case in its place, the verifier's and the reviewer's words as they wrote
    them, nothing of an amendment not made, and the outcome named on the verification page."""
    case = _walk_to_sign(city)  # corrected: the summary only
    response = complete(city.approver, only_task(city.approver, "sign")["id"], "approve")
    assert response.status_code == 200, response.content
    document = Document.objects.get(case_id=case["id"], doc_type="appeal_decision")

    text = pdf_text(document)
    filed_on = cn_date(timezone.localdate(Appeal.objects.get(pk=case["id"]).filed_at))
    record = city.record
    for fact in [
        f"被记录主体于{filed_on}对下列信用记录提出异议申诉，请求更正记录。"
        f"本机关依法受理，交由{city.market.name}核实，现已审查终结。",
        f"该记录由{city.market.name}提供，认定文书为{record.document_number}，"
        f"记录内容为：{record.summary}",
        f"二、异议理由{GROUNDS}",
        f"三、核实情况经{city.market.name}核实：经核实，该处罚决定已被撤销，记录有误。",
        "四、理由和依据经核实，原处罚决定已被依法撤销。",
        "更正后的记录内容为：原处罚决定已被撤销，不再构成失信。原记录自本决定作出之日起停止公示",
    ]:
        assert fact in text, fact
    assert "本机关未采纳核实意见的理由" not in text
    page = client.get(f"/verify/{document.verify_code}/").content.decode()
    assert re.search(r"<dt>处理结果</dt>\s*<dd>已更正</dd>", page)


def test_a_decision_signed_from_an_english_screen_is_a_chinese_document(city):
    """The approver works in English; the decision is a legal document in Chinese all the same:
    the outcome and requested outcome are printed, and the outcome stored for verification, in
    Chinese."""
    sign = appeal_at_sign(city, requested_outcome="revoke")
    response = client_for(city.approver).post(
        f"/api/v1/tasks/{sign['id']}/complete/",
        {"action": "approve"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200, response.content

    document = Document.objects.get(case_id=sign["case"], doc_type="appeal_decision")
    assert document.outcome_label == "已撤销"
    text = pdf_text(document)
    assert "请求撤销记录" in text
    assert "Revoke" not in text
    assert "已撤销" in client_for(None).get(f"/verify/{document.verify_code}/").content.decode()


def test_the_not_accepted_notice_is_verified_as_not_accepted(city):
    case = _file(city, _record(city, _subject(city, "body")))
    document = _not_accept(city, case)

    assert document.outcome_label == "不予受理"
    page = client_for(None).get(f"/verify/{document.verify_code}/")
    assert "不予受理" in page.content.decode()
