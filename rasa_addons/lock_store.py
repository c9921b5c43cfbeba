"""The lock store, switched by settings (bot.settings): Redis when SEND_REDIS_URL is set (needed as soon as more than
one Rasa replica serves the same conversations), otherwise Rasa's in-memory lock store.

Rasa builds a custom lock store as `cls(endpoint_config=...)`; __new__ hands back the right Rasa class.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore

from bot import settings


class EnvLockStore:
    def __new__(cls, endpoint_config: Any = None) -> LockStore:
        config = settings.current()
        url = config.redis_url
        if not url:
            return InMemoryLockStore()
        parts = urlsplit(url)
        return RedisLockStore(
            host=parts.hostname or "localhost", port=parts.port or 6379,
            db=int(parts.path.strip("/") or 1), password=parts.password,
            use_ssl=parts.scheme == "rediss", key_prefix=config.redis_key_prefix,
        )
