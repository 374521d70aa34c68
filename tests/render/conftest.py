"""Fixtures and set-up of the picture tests."""

# Import the views before pytest collects their modules' doctests: pytest's
# importlib mode, importing `journeykit/render/journey_map.py` first, would set
# the attribute `journeykit.render.journey_map` to the module, over the function.
import journeykit.render  # noqa: F401
