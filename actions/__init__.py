"""Rasa SDK custom actions: thin wrappers over bot/. Every action answers something useful even
when its work fails."""
