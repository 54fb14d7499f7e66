"""Times issuing one appeal decision (number, render, hash, store): median of N runs."""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

CONTEXT = {
    "case_number": "YY-2026-000123",
    "subject_name": "泰州市海陵区住房和城乡建设局",
    "subject_uscc": "11321202014127830D",
    "filing_department": "泰州市海陵区人民政府",
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


class _Rollback(Exception):
    pass


def run(runs: int = 10) -> dict:
    """Issue the decision `runs` times, each in a rolled-back transaction; timings in seconds."""
    from django.db import transaction

    from workflows.documents.services import document_issue

    timings = []
    size = 0
    for _ in range(runs + 1):
        started = time.perf_counter()
        try:
            with transaction.atomic():
                document = document_issue(
                    case_id=1,
                    doc_type="appeal_decision",
                    title="异议处理决定书",
                    issuer_code="泰信异决",
                    issuer_name="泰州市经济和信息化委员会（市信用办）",
                    template_name="documents/appeal/decision.html",
                    context=CONTEXT,
                    outcome="corrected",
                )
                size = document.size
                timings.append(time.perf_counter() - started)
                raise _Rollback
        except _Rollback:
            pass
    # the first run loads fonts and templates; it is reported apart
    first, rest = timings[0], timings[1:]
    return {
        "runs": runs,
        "first": first,
        "median": statistics.median(rest),
        "min": min(rest),
        "max": max(rest),
        "bytes": size,
    }


def main() -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        result = run(int(os.environ.get("BENCH_RUNS", "10")))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    print(
        f"documents: issue one appeal decision (number + render + sha256 + store), "
        f"median {result['median'] * 1000:.0f} ms over {result['runs']} runs "
        f"(min {result['min'] * 1000:.0f}, max {result['max'] * 1000:.0f}; "
        f"first run {result['first'] * 1000:.0f} ms; PDF {result['bytes'] / 1024:.0f} KiB; "
        f"{connection.vendor})"
    )


if __name__ == "__main__":
    main()
