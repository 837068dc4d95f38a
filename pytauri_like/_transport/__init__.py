"""The loopback transport: an aiohttp server carrying the bridge protocol
(`docs/internals/protocol.md`)."""
