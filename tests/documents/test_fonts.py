"""The document faces cut to GB 2312 (documents.fonts): what they keep, that documents use them
and fall back to the full Noto faces for anything else, and the command that cuts them."""

import datetime
import io
import re

import pytest
from django.core.management import CommandError, call_command
from fontTools.ttLib import TTFont

from tests.documents.conftest import decision_context
from tests.documents.test_decision_pdf import embedded_font_names, pdf_text
from workflows.documents import fonts
from workflows.documents.rendering import LocalURLFetcher, render_pdf
from workflows.documents.services import _print_context

# 喆 is in GBK but not in GB 2312 (a character of names)
RARE = "喆"


@pytest.fixture(scope="module")
def cut_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("fonts")
    fonts.fonts_build(out_dir=out, progress=lambda line: None)
    return out


@pytest.fixture
def faces_in(settings):
    """Point DOCUMENT_FONTS_DIR somewhere; the renderer's cached @font-face sheet follows."""

    def use(directory):
        settings.DOCUMENT_FONTS_DIR = directory
        fonts.font_face_css.cache_clear()

    yield use
    fonts.font_face_css.cache_clear()


def _decision_pdf(**overrides) -> bytes:
    context = _print_context(
        decision_context(**overrides),
        title="异议处理决定书",
        issuer_name="泰州市经济和信息化委员会",
        issued_at=datetime.datetime(2026, 5, 12, 9, tzinfo=datetime.UTC),
        number="泰信异决〔2026〕7号",
        verify_code="",
        verify_url="",
        clauses=None,
    )
    return render_pdf("documents/appeal/decision.html", context)


def _cmap(path) -> set[int]:
    return set(TTFont(path)["cmap"].getBestCmap())


def test_each_face_keeps_gb2312_and_the_document_punctuation_and_nothing_beyond(cut_dir):
    for face in fonts.FACES:
        kept = _cmap(cut_dir / face.file_name)
        # the first and the last character of GB 2312, the 〔〕 of document numbers, the em dash
        # of page numbers, a full-width comma, ①
        for character in "啊齄〔〕—，①A":
            assert ord(character) in kept, (face.file_name, character)
        assert ord(RARE) not in kept, face.file_name


def test_a_decision_uses_the_cut_faces_and_the_full_face_for_a_rare_character(cut_dir, faces_in):
    faces_in(cut_dir)

    data = _decision_pdf(
        finding=f"经核对执行卷宗，申请人王{RARE}已于2025年12月10日履行全部付款义务。"
    )

    names = {re.sub(r"^[A-Z]{6}\+", "", name) for name in embedded_font_names(data)}
    # body, title (bold) and headings from the cut faces; the rare character from Noto's
    assert {"Casework-Serif-SC", "Casework-Serif-SC-Bold", "Casework-Sans-SC"} <= names
    assert "Noto-Serif-CJK-SC" in names
    assert f"申请人王{RARE}已于2025年12月10日" in pdf_text(data)


def test_without_the_cut_faces_documents_use_the_full_noto_faces(tmp_path, faces_in):
    faces_in(tmp_path)  # an empty directory: `make fonts` never ran

    data = _decision_pdf()

    names = {re.sub(r"^[A-Z]{6}\+", "", name) for name in embedded_font_names(data)}
    assert "Noto-Serif-CJK-SC-Bold" in names
    assert not any(name.startswith("Casework") for name in names)
    assert "异议处理决定书" in pdf_text(data)


def test_the_command_cuts_each_face_once_and_again_only_when_forced(tmp_path, settings):
    settings.DOCUMENT_FONTS_DIR = tmp_path
    out = io.StringIO()

    call_command("build_document_fonts", stdout=out)
    assert sorted(p.name for p in tmp_path.glob("*.otf")) == sorted(
        f.file_name for f in fonts.FACES
    )
    assert "4 face(s) written" in out.getvalue()

    again = io.StringIO()
    call_command("build_document_fonts", stdout=again)
    assert again.getvalue().count("up to date") == 4
    assert "0 face(s) written" in again.getvalue()

    forced = io.StringIO()
    call_command("build_document_fonts", "--force", stdout=forced)
    assert "4 face(s) written" in forced.getvalue()


def test_the_command_fails_with_the_package_to_install_when_hb_subset_is_missing(
    tmp_path, settings, monkeypatch
):
    settings.DOCUMENT_FONTS_DIR = tmp_path / "fonts"
    monkeypatch.setenv("PATH", str(tmp_path))  # no hb-subset (nor anything else) on it

    with pytest.raises(CommandError, match="libharfbuzz-bin"):
        call_command("build_document_fonts", stdout=io.StringIO())
    assert not list(tmp_path.glob("fonts/*.otf"))


def test_the_renderer_fetches_the_cut_faces_and_nothing_else_from_their_directory(
    cut_dir, faces_in
):
    faces_in(cut_dir)
    fetcher = LocalURLFetcher()

    face = cut_dir / fonts.FACES[0].file_name
    assert fetcher.fetch(face.resolve().as_uri()).read(4) == b"OTTO"
    for other in (cut_dir / fonts.MANIFEST, cut_dir / "charset.txt"):
        with pytest.raises(ValueError, match="refusing"):
            fetcher.fetch(other.resolve().as_uri())


def test_check_deploy_warns_while_documents_use_the_full_faces(cut_dir, tmp_path, faces_in):
    faces_in(tmp_path)
    [warning] = fonts.check_document_fonts()
    assert warning.id == "documents.W001"

    faces_in(cut_dir)
    assert fonts.check_document_fonts() == []
