"""An ASGI answer written without Django: by the static files, the stored pages and the line."""


async def send_response(send, status: int, headers, body: bytes) -> None:
    """`headers` as (name, value) text pairs; names are sent in lower case."""
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(n.lower().encode("latin-1"), v.encode("latin-1")) for n, v in headers],
        }
    )
    await send({"type": "http.response.body", "body": body})
