"""Size and type guard shared by every file reader of the core."""

from clearhouse.errors import InputError


def checked_bytes(data, max_bytes, reader):
    """The input as bytes, refused before any parsing when it is larger than ``max_bytes``."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"{reader}() reads bytes, as they came from the file")
    data = bytes(data)
    if len(data) > max_bytes:
        raise InputError(
            f"The file has {len(data)} bytes, more than the {max_bytes} bytes accepted.",
            code="input_too_large",
            size=len(data),
            max_bytes=max_bytes,
        )
    return data
