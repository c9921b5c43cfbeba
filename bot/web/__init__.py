"""Delivery: the web server (demo page, widget API, staff view), the action server, the runner that starts
every server, which channels are on, and the in-memory guards of the public endpoints (rate limits, replay)."""
