"""Who a document names: addressee, the recorded subject, the applicant and who gets a copy.

One function for every process, so a rectification notice or a repair decision names its parties
the way the objection decision does (domain.md §7): the subject (被记录主体) and, where another
body filed, the applicant (申请单位), never confused.
"""

from django.conf import settings

from workflows.organization.models import Department
from workflows.records.models import Subject, SubjectKind


def organ_name(department: Department) -> str:
    """The name a department signs and is addressed with: the credit office by its organ's full name."""
    if department.is_credit_office:
        return settings.ISSUING_ORGAN_NAME
    return department.name


def _subject(subject: Subject) -> dict:
    is_body = subject.kind == SubjectKind.BODY
    return {
        "kind": subject.kind,
        "is_body": is_body,
        "name": subject.name,
        "uscc": subject.uscc,
        "address": subject.address,
        "person_in_charge": subject.person_in_charge,
        # a civil servant is named with the body they work for
        "employer": "" if is_body else organ_name(subject.department),
    }


def parties_context(
    *,
    subject: Subject,
    filing_department: Department | None,
    providing_department: Department | None = None,
) -> dict:
    """Context keys `addressee`, `subject`, `applicant`, `copy_to` for documents/_base.html."""
    applicant = None
    # a body filing for itself is the subject, not a second party
    if filing_department is not None and not (
        subject.kind == SubjectKind.BODY and subject.uscc and subject.uscc == filing_department.uscc
    ):
        applicant = {"name": organ_name(filing_department), "uscc": filing_department.uscc}
    addressee = organ_name(filing_department) if filing_department is not None else subject.name
    copy_to = []
    if providing_department is not None and not providing_department.is_credit_office:
        name = organ_name(providing_department)
        if name != addressee:
            copy_to.append(name)
    copy_to.append(settings.CREDIT_PLATFORM_NAME)
    return {
        "addressee": addressee,
        "subject": _subject(subject),
        "applicant": applicant,
        "copy_to": copy_to,
    }
