#!/usr/bin/env python3
"""Ask the running bot over its REST channel: scripts/ask.py "message" ["next message" ...]"""

import json
import os
import sys
import urllib.request
import uuid

URL = f"http://localhost:{os.environ.get('RASA_PORT', '5005')}/webhooks/rest/webhook"
sender = str(uuid.uuid4())
for message in sys.argv[1:]:
    body = json.dumps({"sender": sender, "message": message}).encode()
    request = urllib.request.Request(URL, body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        replies = json.load(response)
    print(f"> {message}")
    for reply in replies:
        print("  " + (reply.get("text") or "").replace("\n", "\n  "))
        for button in reply.get("buttons", []):
            print(f"    [{button['title']}] -> {button['payload']}")
