"""Fixtures for the documents tests: a realistic appeal-decision context and an issuing helper."""

import datetime

import pytest

from workflows.documents.services import document_issue

DECISION_TEMPLATE = "documents/appeal/decision.html"
NOT_ACCEPTED_TEMPLATE = "documents/appeal/not_accepted.html"
ISSUER_NAME = "泰州市经济和信息化委员会"
BASIS = "《泰州市关于加强政务诚信建设的实施意见》二（六）的规定"
REMEDY = "被记录主体或申请单位对本决定有异议的，可以自收到本决定之日起十五个工作日内申请复核。"


def decision_context(**overrides) -> dict:
    context = {
        "case_number": "YY-2026-000123",
        "subject_name": "泰州市海陵区住房和城乡建设局",
        "subject": {
            "is_body": True,
            "name": "泰州市海陵区住房和城乡建设局",
            "uscc": "11321202014127830D",
            "address": "泰州市海陵区东进东路18号",
            "person_in_charge": "王建军",
        },
        "applicant": {"name": "泰州市海陵区人民政府", "uscc": "113212020140000920"},
        "addressee": "泰州市海陵区人民政府",
        "copy_to": ["泰州市财政局", "信用泰州"],
        "legal_basis": BASIS,
        "remedy": REMEDY,
        "filed_on": datetime.date(2026, 4, 20),
        "record_summary": "未按合同约定期限支付工程款，被人民法院判决承担违约责任",
        "record_document_number": "（2025）苏12民终123号",
        "providing_department": "泰州市中级人民法院",
        "grounds": "该判决确定的付款义务已于2025年12月全部履行完毕，记录未反映履行情况。",
        "requested_outcome_label": "更正该信用记录",
        "finding": "经核对执行卷宗，申请人已于2025年12月10日履行全部付款义务。",
        "reasons": "信息提供单位确认记录内容未反映履行情况，应予更正。",
        "outcome": "corrected",
        "outcome_label": "予以更正",
        "corrected_summary": "未按合同约定期限支付工程款，被判决承担违约责任；已于2025年12月10日全部履行。",
    }
    context.update(overrides)
    return context


def issue(**overrides):
    """Issue an appeal decision with sensible defaults; keyword arguments override them."""
    context = overrides.pop("context", None) or decision_context()
    arguments = {
        "case_id": 1,
        "doc_type": "appeal_decision",
        "title": "异议处理决定书",
        "issuer_code": "泰信异决",
        "issuer_name": ISSUER_NAME,
        "template_name": DECISION_TEMPLATE,
        "context": context,
        "outcome": context.get("outcome", ""),
        "subject_name": context.get("subject_name", ""),
    }
    arguments.update(overrides)
    return document_issue(**arguments)


@pytest.fixture
def decision():
    return issue()
