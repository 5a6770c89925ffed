"""The Solara app: live map, controls, charts, classroom mode and the compare view.

``droneline ui`` (or ``solara run app.py``) serves :func:`droneline.ui.page.Page`.

Modules, from the page down:

- ``page``: the page (toolbar, sidebar, live view, compare tab, presenter mode);
- ``controls``: the toolbar (play / pause / step / reset / run to the end, model time per
  frame, clock, busy indicator), preset picker, seed (checked) and sliders;
- ``compare``: two runs, same seed, one switch different, stepping together, a verdict;
- ``classroom``: the help panel of each preset and what differs between two runs;
- ``labels``: parameter names, values and loader errors in plain words (from the schema);
- ``inspect``: the clicked unit's state and history; ``export``: CSV / Parquet / PNG /
  TOML downloads; ``paramtable``: every parameter of the run;
- ``keeper.vue``: the tab's run token in sessionStorage, so a reload keeps the run;
- ``mapview`` + ``map.vue``: the map, drawn by the browser as SVG;
- ``charts`` + ``chart.vue``: the live charts and the run summary;
- ``state``: what one browser tab shows and drives (Solara reactive variables);
- ``session``: the runs themselves, rebuilt from preset + overrides + seed (no Solara);
- ``frames``: snapshots of a run taken under its lock, which is all the views read;
- ``layers``: the map's images and marker lists (array functions);
- ``params``: the sliders, read from the scenario schema;
- ``server``, ``assets``, ``browser``: serving offline on 127.0.0.1, Solara's front-end
  files from npm, and driving the page in Chromium (tests, benchmark, screenshots).

Why not Mesa's ``SolaraViz`` for the page: its controller rebuilds a model from keyword
arguments, while a droneline run is a scenario (dotted parameter names, validated as a
whole) plus a seed, and the compare view steps two models together; its chart backends
either load Vega from a CDN at page load (Altair) or re-render a PNG per frame (Matplotlib),
and its draggable grid loads another CDN package. The map and charts here are small Vue
components drawn by the browser, so a frame costs a few kilobytes and nothing is fetched from
the internet. (The offline assets include SolaraViz's grid, so Mesa's own pages work too.)
"""
