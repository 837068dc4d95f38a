"""The image_filter example: raw bytes in, raw bytes out.

Run it with `python examples/image_filter/app.py`.

The page sends the RGBA pixels of a canvas (an `ArrayBuffer`, no JSON, no base64) with the
filter and the image width in headers; a plain `def` command filters them in pure Python in
a worker thread and returns `bytes`, which the page receives as an `ArrayBuffer` and draws
with `putImageData`. Bodies above 256 KiB travel over HTTP instead of the WebSocket; the
command cannot tell the difference.
"""

from __future__ import annotations

from anyio.from_thread import start_blocking_portal

from pytauri_like import Commands, InvokeException, builder_factory, context_factory
from pytauri_like.ipc import Headers

commands = Commands()

_INVERT = bytes(255 - value for value in range(256))


def invert(rgba: bytes, width: int) -> bytes:
    """255 - value for R, G and B; alpha unchanged."""
    out = bytearray(rgba.translate(_INVERT))
    out[3::4] = rgba[3::4]
    return bytes(out)


def grayscale(rgba: bytes, width: int) -> bytes:
    """Luma (ITU-R BT.601 weights, in integers) into R, G and B; alpha unchanged."""
    reds, greens, blues = rgba[0::4], rgba[1::4], rgba[2::4]
    gray = bytes(
        (77 * r + 150 * g + 29 * b) >> 8 for r, g, b in zip(reds, greens, blues, strict=True)
    )
    out = bytearray(rgba)
    out[0::4] = gray
    out[1::4] = gray
    out[2::4] = gray
    return bytes(out)


def mirror(rgba: bytes, width: int) -> bytes:
    """Flip each row left to right (needs the width: the bytes alone do not say it)."""
    stride = width * 4
    out = bytearray()
    for start in range(0, len(rgba), stride):
        row = rgba[start : start + stride]
        out += b"".join(row[x : x + 4] for x in range(stride - 4, -1, -4))
    return bytes(out)


FILTERS = {"invert": invert, "grayscale": grayscale, "mirror": mirror}


# --8<-- [start:command]
def _header(headers: Headers, name: str) -> str:
    for key, value in headers:
        if key.decode("latin-1").lower() == name:
            return value.decode("latin-1")
    raise InvokeException(f"missing header `{name}`")


@commands.command()
def apply_filter(body: bytes, headers: Headers) -> bytes:
    """Filter RGBA pixels. Headers: `filter` (invert | grayscale | mirror) and `width`."""
    name = _header(headers, "filter")
    fn = FILTERS.get(name)
    if fn is None:
        raise InvokeException(f"unknown filter {name!r}; choose one of {', '.join(FILTERS)}")
    try:
        width = int(_header(headers, "width"))
    except ValueError:
        raise InvokeException("header `width` must be an integer") from None
    if width <= 0 or len(body) % (width * 4) != 0:
        raise InvokeException(f"{len(body)} bytes are not rows of {width} RGBA pixels")
    return fn(body, width)


# --8<-- [end:command]


def main() -> int:
    with start_blocking_portal("asyncio") as portal:
        app = builder_factory().build(
            context=context_factory(
                "frontend",
                config={
                    "productName": "image_filter",
                    "app": {"windows": [{"title": "Image filter", "width": 760, "height": 560}]},
                },
            ),
            invoke_handler=commands.generate_handler(portal),
        )
        return app.run_return()


if __name__ == "__main__":
    raise SystemExit(main())
