"""Small Rasa extensions: NLU guards, the action-server fallback and channel connectors. The only code
outside actions/ that imports Rasa."""

from rasa_addons import action_fallback, action_validation  # noqa: F401  (patch RemoteAction when Rasa loads us)
