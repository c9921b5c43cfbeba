"""SEND parent guide: domain core (no Rasa imports here)."""
