"""Channel connectors that authenticate inbound requests and can point at a local fake API in tests."""
