"""Build steps run before training or by hand: Rasa responses from knowledge/, the spaCy pipeline, the
knowledge review report. Imports bot.domain and bot.store, never bot.web (tests/unit/test_layers.py)."""
