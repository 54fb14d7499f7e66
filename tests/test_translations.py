"""The Simplified Chinese catalogue is complete and is what users see by default."""

import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.utils.translation import gettext, override
from django.utils.translation.reloader import translation_file_changed

from workflows.api.exceptions import NON_FIELD
from workflows.organization.uscc import USCC_BAD_CHECK, USCC_WRONG_LENGTH, validate_uscc

ZH_PO = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
EN_PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdrfi]|\{[^{}]*\}")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module", autouse=True)
def _compiled_catalogues():
    """The .mo files are not committed (make builds them): compile when missing or stale."""
    stale = False
    for po in (ZH_PO, EN_PO):
        mo = po.with_suffix(".mo")
        stale = stale or not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime
    if stale:
        call_command("compilemessages", ignore_patterns=[".venv", "var"], verbosity=0)
        # catalogues loaded earlier in this process predate the new .mo files
        translation_file_changed(sender=None, file_path=ZH_PO.with_suffix(".mo"))


def _unquote(line: str) -> str:
    body = line[line.index('"') + 1 : line.rindex('"')]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


def _entries(path: Path) -> list[dict]:
    """A minimal .po reader: msgid, msgid_plural, msgstr / msgstr[n] and the flags of each entry."""
    entries, current, field = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        starts_entry = line.startswith(("#", "msgctxt", "msgid ")) and current and current["msgstr"]
        if not line.strip() or starts_entry:
            if current and "msgid" in current:
                entries.append(current)
            current, field = None, None
            if not line.strip():
                continue
        if current is None:
            current = {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            current["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if field[0] == "msgstr":
                current["msgstr"][field[1]] += _unquote(line)
            else:
                current[field[0]] += _unquote(line)
        else:
            keyword = line.split(" ", 1)[0]
            if keyword.startswith("msgstr"):
                index = int(keyword[7:-1]) if "[" in keyword else 0
                field = ("msgstr", index)
                current["msgstr"][index] = _unquote(line)
            else:
                field = (keyword, None)
                current[keyword] = _unquote(line)
    return [entry for entry in entries if entry["msgid"]]  # the header has an empty msgid


def test_every_chinese_entry_is_translated_and_not_fuzzy():
    entries = _entries(ZH_PO)
    assert len(entries) > 100
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert not untranslated, f"{len(untranslated)} untranslated: {untranslated}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy: {fuzzy}"


# what makemessages leaves out besides dot-files (--ignore=.venv --ignore=var --ignore=tests)
NOT_SOURCE = {"locale", "var", "tests"}


def test_every_string_in_the_source_is_in_the_chinese_catalogue(tmp_path, monkeypatch):
    """Extract the source's strings into a copy of the catalogue, as makemessages -l zh_Hans
    --no-obsolete would: nothing may come out new, fuzzy (a changed msgid) or gone (stale)."""
    base = Path(settings.BASE_DIR)
    for item in base.iterdir():
        if not item.name.startswith(".") and item.name not in NOT_SOURCE:
            (tmp_path / item.name).symlink_to(item)
    shutil.copytree(ZH_PO.parent, tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES")
    merged_po = tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[str(tmp_path / "locale")]):
        call_command(
            "makemessages",
            locale=["zh_Hans"],
            symlinks=True,
            no_obsolete=True,
            no_location=True,
            verbosity=0,
        )

    merged = _entries(merged_po)
    untranslated = [e["msgid"] for e in merged if not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in merged if "fuzzy" in e["flags"]]
    stale = {e["msgid"] for e in _entries(ZH_PO)} - {e["msgid"] for e in merged}
    hint = (
        "run makemessages -l zh_Hans -l en --ignore=.venv --ignore=var --ignore=tests "
        "--no-obsolete --no-location, then translate"
    )
    assert len(merged) > 100
    assert not untranslated, f"{len(untranslated)} not in the catalogue ({hint}): {untranslated}"
    assert not fuzzy, f"{len(fuzzy)} changed in the source ({hint}): {fuzzy}"
    assert not stale, f"{len(stale)} no longer in the source ({hint}): {sorted(stale)}"


def test_chinese_translations_keep_every_placeholder():
    wrong = []
    for entry in _entries(ZH_PO):
        expected = sorted(PLACEHOLDER.findall(entry["msgid"]))
        for msgstr in entry["msgstr"].values():
            if sorted(PLACEHOLDER.findall(msgstr)) != expected:
                wrong.append((entry["msgid"], msgstr))
    assert not wrong, f"placeholders changed: {wrong}"


def test_chinese_header_declares_one_plural_form_and_utf8():
    header = ZH_PO.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert '"Language: zh_Hans\\n"' in header
    assert '"Plural-Forms: nplurals=1; plural=0;\\n"' in header
    assert "charset=UTF-8" in header
    assert "#, fuzzy" not in header


def test_key_strings_render_in_chinese_by_default_and_english_on_request():
    with override("zh-hans"):
        assert gettext("Objection appeal") == "异议申诉"
        assert (
            gettext("Overdue: %(case)s, %(step)s")
            % {
                "case": "YY-2026-000001",
                "step": "受理",
            }
            == "已逾期：YY-2026-000001，受理"
        )
    with override("en"):
        assert gettext("Objection appeal") == "Objection appeal"


def test_uscc_errors_are_chinese_with_their_parameters():
    with override("zh-hans"):
        with pytest.raises(ValidationError) as short:
            validate_uscc("91320000")
        assert short.value.messages == ["统一社会信用代码应为18位，当前为8位。"]
        assert str(USCC_BAD_CHECK % {"given": "X", "expected": "Y"}) == (
            "校验码错误：当前为'X'，按前17位计算应为'Y'。"
        )
    with override("en"):
        with pytest.raises(ValidationError) as short:
            validate_uscc("91320000")
        assert short.value.messages == [str(USCC_WRONG_LENGTH % {"length": 8})]
        assert "18 characters" in short.value.messages[0]


@pytest.mark.django_db
def test_api_errors_follow_accept_language(api_client):
    default = api_client.get("/api/v1/tasks/")
    english = api_client.get("/api/v1/tasks/", HTTP_ACCEPT_LANGUAGE="en")

    assert default.status_code == english.status_code == 401
    assert CJK.search(default.json()["detail"])
    assert english.json()["detail"] == "Authentication credentials were not provided."


@pytest.mark.django_db
def test_api_validation_summary_follows_accept_language(api_client):
    body = {"username": "nobody", "password": "wrong"}
    default = api_client.post("/api/v1/auth/token/", body)
    english = api_client.post("/api/v1/auth/token/", body, HTTP_ACCEPT_LANGUAGE="en")

    assert default.status_code == english.status_code == 400
    assert default.json()["detail"] == "请求中有字段不符合要求。"
    assert CJK.search(default.json()["errors"][NON_FIELD][0])
    assert english.json()["detail"] == "The request has invalid fields."
    assert english.json()["errors"][NON_FIELD] == ["Unable to log in with provided credentials."]


# the seed's terms (issue 9): one term per concept across UI, API labels and documents
SEED_TERMS = {
    "Government body": "政府部门（单位）",
    "Civil servant": "公务人员",
    "Filing department": "申请单位",
    "Filed": "已提交",
    "Commendation": "守信信息（表彰奖励记录）",
    "Issuing authority": "作出机关",
    "Issued on": "成文日期",
    "Objection note": "异议标注",
    "Dismissed": "异议不成立，维持原记录",
    "Severity": "失信程度",
}
# 申报 is a declaration, 守信激励 an incentive, 通报 a sanction: none names what this service does
NOT_OUR_TERMS = ["申报", "守信激励", "严重程度", "出具机关", "政务机构"]


@pytest.mark.parametrize(("english", "chinese"), SEED_TERMS.items())
def test_labels_use_the_seeds_terms(english, chinese):
    with override("zh-hans"):
        assert gettext(english) == chinese


def _is_a_notification(msgid: str) -> bool:
    """通报 names a public notification (a sanction) or the half-yearly report, nothing else."""
    text = msgid.lower()
    return "notif" in text or "half-year" in text or "half year" in text


def test_no_chinese_entry_uses_a_term_the_seed_does_not():
    wrong = [
        (entry["msgid"], msgstr)
        for entry in _entries(ZH_PO)
        for msgstr in entry["msgstr"].values()
        if any(term in msgstr for term in NOT_OUR_TERMS)
        or ("通报" in msgstr and not _is_a_notification(entry["msgid"]))
    ]
    assert not wrong, wrong
