"""Developer tools, not part of the assistant: benchmark and soak (`make bench`, `make soak`), the load
generator, the NLU held-out evaluator. They may import bot/; nothing in bot/, actions/ or rasa_addons/ imports
them (tests/unit/test_layers.py)."""
