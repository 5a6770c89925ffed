"""Parameter sweeps: a spec (``spec``, ``spec_io``, ``factors``, ``options``, ``points``,
``checks``), its designs (``designs``, ``nolh``), running and resuming (``runner``, ``worker``,
``executors``), storage (``storage``) and reading back (``results``, ``analysis``, ``plots``).

Kept free of imports: process-pool workers preload ``droneline.runs.sweep.worker`` only.
"""
