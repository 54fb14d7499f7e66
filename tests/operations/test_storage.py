"""The production static storage tolerates a missing file named by third-party CSS only."""

from django.core.files.storage import FileSystemStorage

from workflows.operations.storage import ProductionStaticFilesStorage


def _post_process(tmp_path, settings, name, css):
    settings.STATIC_COMPRESS = False
    source = tmp_path / "source"
    (source / name).parent.mkdir(parents=True, exist_ok=True)
    (source / name).write_text(css)
    origin = FileSystemStorage(location=source)
    storage = ProductionStaticFilesStorage(location=tmp_path / "static", base_url="/static/")
    with origin.open(name) as handle:
        storage.save(name, handle)
    # collectstatic raises the first exception post_process yields
    return list(storage.post_process({name: (origin, name)})), storage


def test_a_missing_font_in_viewflow_css_is_left_as_is(tmp_path, settings):
    name = "viewflow/fonts/roboto.css"
    css = "@font-face { src: url(Roboto-Thin.woff2) format('woff2'); }"
    results, storage = _post_process(tmp_path, settings, name, css)
    assert not [r for r in results if isinstance(r[2], Exception)]
    hashed = results[-1][1]
    assert "url(Roboto-Thin.woff2)" in storage.open(hashed).read().decode()


def test_a_missing_file_in_our_own_css_still_fails_collectstatic(tmp_path, settings):
    name = "organization/site.css"
    results, _ = _post_process(tmp_path, settings, name, "body { background: url(gone.png); }")
    errors = [processed for _, _, processed in results if isinstance(processed, Exception)]
    assert len(errors) == 1
    assert "organization/gone.png" in str(errors[0])
