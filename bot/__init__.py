"""SEND parent guide: the code behind the Rasa assistant, in layers (DESIGN.md "Layout").

bot.domain (pure rules) <- bot.store (database) <- bot.web (servers); bot.build (build steps) and bot.cli use
them. tests/unit/test_layers.py checks that no layer imports one above it.
"""
