"""The sidebar's "As of": every page reads a close instead of the serving copy when one is chosen.

The pipeline's serving copy is closed as 2026-10, then changed as a later run would change it (the
leakage findings resolved, a later successful run recorded): the latest state and the close must
each show their own figures.
"""

import duckdb
from dashboard_warehouse import AS_OF
from test_dashboard_pages import PAGES, assert_clean, metric, open_page

from contract.closes import closes_folder
from orchestration.closes import freeze

PERIOD = "2026-10"
LATER_RUN = "a-later-run"


def _close_then_change(serving_file) -> str:
    """The closed run's id."""
    close = freeze(serving_file, closes_folder(serving_file.parent), PERIOD, closed_by="controller")
    with duckdb.connect(str(serving_file)) as con:
        con.execute("update history.exceptions set status = 'resolved' where category = 'leakage'")
        con.execute("insert into history.runs values (?, now()::timestamp, now()::timestamp, '2026-11-30', "
                    "'success', 'landing')", [LATER_RUN])
    return close.run_id


def test_as_of_a_close_shows_the_close_and_latest_shows_the_later_run(serving_file):
    before = open_page("views/leakage.py")
    assert before.sidebar.selectbox(key="as_of_choice").options == ["latest run"]  # no close yet
    shown_at_close = metric(before, "Findings")
    assert shown_at_close != "0"
    closed_run = _close_then_change(serving_file)
    app = open_page("views/leakage.py")
    assert app.sidebar.selectbox(key="as_of_choice").options == ["latest run", f"close {PERIOD}"]
    assert metric(app, "Findings") == "0" and LATER_RUN in app.caption[0].value
    app.sidebar.selectbox(key="as_of_choice").set_value(PERIOD).run()
    assert_clean(app)
    assert metric(app, "Findings") == shown_at_close
    assert f"As of **{AS_OF}**" in app.caption[0].value and closed_run in app.caption[0].value
    assert any(f"Close {PERIOD}" in i.value and "by controller" in i.value for i in app.info)
    assert not app.warning  # the close's run log ends with its own run: no "latest run failed"
    for page, title, *_ in PAGES:  # every page reads the close, with no error
        if page != "views/leakage.py":
            app.switch_page(page).run()
            assert_clean(app)
            assert app.title[0].value == title and closed_run in app.caption[0].value
    app.sidebar.selectbox(key="as_of_choice").set_value(None).run()
    assert LATER_RUN in app.caption[0].value
