"""The Solara app: live map, controls, charts, classroom mode."""
