"""Shown when no serving warehouse exists yet: how to make one."""

import streamlit as st

from dashboards import data

st.title("No warehouse yet")
st.markdown(f"""
The dashboard reads the serving copy of the warehouse that each successful pipeline run publishes,
and there is none at `{data.serving_path()}` yet.

Build one with either:

```
make demo                                  # the embedded demo data
billops run --landing DIR --warehouse FILE # your own extracts
```

then start the dashboard with `billops dashboard --warehouse FILE` (it sets `{data.SERVING_ENV}`),
or reload this page once the run has finished.
""")
