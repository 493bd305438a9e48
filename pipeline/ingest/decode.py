"""Bytes to text: a byte-order mark, UTF-16, strict UTF-8, then a detector held to Western encodings.

A text format's reader calls `decode`; a binary format (added later) reads its bytes itself.
"""

from __future__ import annotations


class DecodeError(ValueError):
    """The bytes are not text we can read; the message is the `error` column."""


# A byte-order mark names its encoding; the name kept is the codec that decodes the whole file.
BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# Encodings a French article plausibly comes in; left free, a detector reads short French
# Windows-1252 text as Baltic cp1257, Cyrillic cp1125 or even EBCDIC.
PLAUSIBLE_ENCODINGS = ["cp1252", "latin_1", "iso8859_15", "mac_roman"]


def decode(data: bytes) -> tuple[str, str, str]:
    """Text, encoding name and a warning; BOM, UTF-16, strict UTF-8, then a restricted detector."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _lenient(data, encoding, "invalid")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _lenient(data, utf16, "invalid")
    if data.count(b"\x00") > max(8, len(data) // 100):
        raise DecodeError("binary file (NUL bytes), not text")
    if _looks_binary(data):
        raise DecodeError("binary file (control bytes), not text")
    try:
        return _clean_nuls(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return _lenient(data, "utf-8", "invalid UTF-8")
    return _clean_nuls(*_western(data))


def _lenient(data: bytes, encoding: str, what: str) -> tuple[str, str, str]:
    """Decode, replacing the few bad bytes (a truncated UTF-16 file) rather than losing the text."""
    try:
        return _clean_nuls(data.decode(encoding), encoding)
    except UnicodeDecodeError:
        text = data.decode(encoding, errors="replace")
    bad = text.count("\ufffd") - data.decode(encoding, errors="ignore").count("\ufffd")
    return _clean_nuls(text, encoding, f"{bad} {what} byte sequence(s) replaced by U+FFFD")


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a stray byte or two (a cp1252 quote pasted in) is still UTF-8, not mojibake."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for char in text if ord(char) > 127 and char != "\ufffd")
    return good >= 3 and bad * 2 <= good  # cp1252 text makes almost no valid UTF-8 pairs


def _western(data: bytes) -> tuple[str, str]:
    """A single-byte Western encoding: the detector among plausible ones, then cp1252, Latin-1."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=PLAUSIBLE_ENCODINGS).best()
    # The detector gives up on very short text ("Créé"); cp1252 is then the likeliest.
    for encoding in ([best.encoding] if best is not None else []) + ["cp1252", "latin_1"]:
        try:
            return data.decode(encoding), encoding.replace("_", "-")
        except UnicodeDecodeError:
            continue
    raise DecodeError("not UTF-8 or Windows-1252 text")  # unreachable: Latin-1 decodes any byte


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NULs at every other byte in Latin text."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


# Control bytes text holds: NUL (counted apart), tab, and the line breaks of paragraphs.BREAK
# (\x0b soft breaks of word processors, \x0c page breaks, \x1c-\x1e separators).
TEXT_CONTROLS = frozenset(b"\x00\t\n\x0b\x0c\r\x1c\x1d\x1e")


def _looks_binary(data: bytes) -> bool:
    """Text has almost no control bytes besides tab and line breaks."""
    sample = data[:8000]
    controls = sum(1 for byte in sample if byte < 32 and byte not in TEXT_CONTROLS)
    return controls > 0.02 * len(sample)


def _clean_nuls(text: str, encoding: str, warning: str = "") -> tuple[str, str, str]:
    """Stray NULs become spaces: offsets stay right and the rest of the text is kept."""
    count = text.count("\x00")
    if count:
        text = text.replace("\x00", " ")
        warning = "; ".join(filter(None, [warning, f"{count} NUL character(s) replaced by spaces"]))
    return text, encoding, warning
