"""The clause library: seeded defaults, versions, refusals, the admin, and issued documents never change."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.documents.conftest import decision_context, issue
from tests.documents.test_decision_pdf import pdf_text
from workflows.documents.clauses import (
    CLAUSE_NOT_CURRENT,
    clause_revise,
    clause_text_check,
    clauses_for,
)
from workflows.documents.models import Clause, Document
from workflows.documents.services import document_bytes

pytestmark = pytest.mark.django_db

DOC_TYPES = ["appeal_decision", "appeal_not_accepted"]


@pytest.mark.parametrize("doc_type", DOC_TYPES)
def test_a_bodys_remedy_is_re_examination_by_the_leading_group_office(doc_type):
    clauses = clauses_for(doc_type, "body")

    assert "十五个工作日内" in clauses.remedy.text
    assert "泰州市社会信用体系建设领导小组办公室申请复核" in clauses.remedy.text
    assert "行政复议" not in clauses.remedy.text
    assert "行政诉讼" not in clauses.remedy.text


@pytest.mark.parametrize("doc_type", DOC_TYPES)
def test_a_civil_servants_remedy_follows_the_civil_servant_law_by_analogy(doc_type):
    remedy = clauses_for(doc_type, "person").remedy.text

    assert "《中华人民共和国公务员法》第九十五条" in remedy
    assert "三十日内向本机关申请复核" in remedy
    assert "十五日内" in remedy
    assert "直接提出申诉" in remedy
    assert "行政复议" not in remedy


@pytest.mark.parametrize("doc_type", [*DOC_TYPES, "rectification_notice"])
def test_the_basis_cites_the_citys_opinions_and_never_the_credit_reporting_regulation(doc_type):
    basis = clauses_for(doc_type, "body").basis.text

    assert "《泰州市关于加强政务诚信建设的实施意见》" in basis
    assert "国发〔2016〕76号" in basis
    assert "《江苏省社会信用条例》" in basis
    assert "征信业管理条例" not in basis
    # 二(六) sets up objections, 二(五) rectification (checked against the city's text)
    assert ("二（五）" if doc_type == "rectification_notice" else "二（六）") in basis


def test_no_seeded_clause_cites_the_credit_reporting_regulation():
    assert Clause.objects.count() >= 8
    assert not Clause.objects.filter(text__contains="征信业管理条例").exists()


def test_revising_a_clause_adds_a_version_and_keeps_the_old_one_unchanged():
    old = Clause.objects.get(doc_type="appeal_decision", kind="remedy", subject_kind="body")
    old_text = old.text

    new = clause_revise(clause=old, text="被记录主体对本决定有异议的，可以申请复核。")

    old.refresh_from_db()
    assert (old.version, old.is_current, old.text) == (1, False, old_text)
    assert (new.version, new.is_current) == (2, True)
    assert clauses_for("appeal_decision", "body").remedy.version == 2


def test_an_old_version_cannot_be_revised():
    old = Clause.objects.get(doc_type="appeal_decision", kind="basis")
    clause_revise(clause=old, text="《泰州市关于加强政务诚信建设的实施意见》二（六）的规定")

    with pytest.raises(ValidationError) as exc_info:
        clause_revise(clause=old, text="另一个文本")

    assert exc_info.value.messages == [str(CLAUSE_NOT_CURRENT)]


@pytest.mark.parametrize(
    ("text", "subject_kind"),
    [
        ("《征信业管理条例》第二十五条", ""),
        ("可以依法申请行政复议。", "body"),
        ("可以依法提起行政诉讼。", "body"),
        ("   ", "person"),
    ],
)
def test_a_clause_citing_what_the_law_rules_out_is_refused(text, subject_kind):
    with pytest.raises(ValidationError) as exc_info:
        clause_text_check(text=text, subject_kind=subject_kind)

    assert "text" in exc_info.value.message_dict


def test_editing_a_clause_after_issue_leaves_the_issued_pdf_byte_identical():
    clauses = clauses_for("appeal_decision", "body")
    document = issue(context=decision_context(), clauses=clauses)
    before = document_bytes(Document.objects.get(pk=document.pk))
    sha_before = hashlib.sha256(before).hexdigest()
    clause = Clause.objects.get(pk=clauses.remedy.clause_id)

    clause_revise(clause=clause, text="被记录主体对本决定有异议的，可以在十个工作日内申请复核。")

    stored = Document.objects.get(pk=document.pk)
    assert document_bytes(stored) == before
    assert stored.sha256 == sha_before == hashlib.sha256(document_bytes(stored)).hexdigest()
    assert stored.remedy_text == clauses.remedy.text
    assert stored.remedy_clause.version == 1
    assert clauses.remedy.text.replace("，", "") in pdf_text(before).replace("，", "")
    # the next document prints the new version
    later = issue(
        case_id=2, context=decision_context(), clauses=clauses_for("appeal_decision", "body")
    )
    assert "在十个工作日内申请复核" in pdf_text(document_bytes(later))
    assert later.remedy_clause.version == 2


def test_the_admin_saves_an_edit_as_a_new_version(admin_client):
    clause = Clause.objects.get(doc_type="appeal_decision", kind="remedy", subject_kind="person")
    text = "当事人对本决定不服的，可以自知道本决定之日起三十日内向本机关申请复核。"

    response = admin_client.post(
        reverse("admin:documents_clause_change", args=[clause.pk]),
        {"text": text, "note": "按上级意见修改"},
    )

    assert response.status_code == 302
    clause.refresh_from_db()
    assert not clause.is_current
    assert "第九十五条" in clause.text
    current = Clause.objects.get(
        doc_type="appeal_decision", kind="remedy", subject_kind="person", is_current=True
    )
    assert (current.version, current.text, current.note) == (2, text, "按上级意见修改")


def test_the_admin_refuses_a_forbidden_citation_and_changes_nothing(admin_client):
    clause = Clause.objects.get(doc_type="appeal_decision", kind="basis")

    response = admin_client.post(
        reverse("admin:documents_clause_change", args=[clause.pk]),
        {"text": "《征信业管理条例》第二十五条", "note": ""},
    )

    assert response.status_code == 200
    assert "征信业管理条例" in response.content.decode()
    assert Clause.objects.filter(doc_type="appeal_decision", kind="basis").count() == 1


def test_the_admin_previews_a_clause_as_a_printed_document(admin_client):
    clause = Clause.objects.get(doc_type="appeal_decision", kind="remedy", subject_kind="body")

    page = admin_client.get(reverse("admin:documents_clause_change", args=[clause.pk]))
    response = admin_client.get(reverse("admin:documents_clause_preview", args=[clause.pk]))

    assert page.status_code == 200
    assert "根据" not in clause.text
    assert reverse("admin:documents_clause_preview", args=[clause.pk]) in page.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "领导小组办公室申请复核" in text
    assert "异议处理决定书" in text
