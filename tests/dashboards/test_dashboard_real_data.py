"""AppTest of every dashboard page on a real pipeline run's serving copy (the demo)."""

import pytest
from test_dashboard_pages import PAGES, assert_clean, open_page

from dashboards import data


@pytest.mark.parametrize(("page", "title", "metrics", "tables", "charts"), PAGES)
def test_every_page_on_the_demo_run(first_run, monkeypatch, page, title, metrics, tables, charts):
    monkeypatch.setenv(data.SERVING_ENV, str(first_run / "warehouse.serving.duckdb"))
    app = open_page(page)
    assert_clean(app)
    assert app.title[0].value == title
    assert "As of **2026-11-27**" in app.caption[0].value
    assert metrics <= {m.label for m in app.metric}
    assert not [i.value for i in app.info if "run" in i.value.lower() and "billops" in i.value.lower()]
    assert len(app.dataframe) >= tables and len(app.get("plotly_chart")) >= charts
