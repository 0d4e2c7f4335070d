"""Bytes → clean text: the one place that knows about encodings, newlines and character widths.

After :func:`normalize_text` the parser may assume:

1. newlines are ``\\n`` only (CRLF and lone CR converted), and **line numbers are those of the file**:
   no line is added or removed here (the 目录 block is skipped by the parser, which reports line numbers);
2. there is no BOM and no zero-width character (U+200B–U+200D, U+2060, U+FEFF);
3. every run of horizontal white space — ASCII space, tab, NBSP, ideographic space U+3000, the U+2000 spaces —
   is one ASCII space, and lines carry no leading or trailing white space;
4. full-width digits and Latin letters are ASCII; ASCII parentheses are full-width ``（`` ``）``,
   the form official texts use around item numbers, so ``(一)`` and ``（一）`` read the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import ReadError

TRIED_ENCODINGS = ("UTF-8", "UTF-8 with BOM", "GB18030 (GBK, GB2312)")
_SAVE_AS_HINT = "save the file as UTF-8 (WPS/Word: 另存为 → 纯文本 → UTF-8) and try again."

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_WIDTH_MAP = {**{0xFF10 + i: 0x30 + i for i in range(10)},
              **{0xFF21 + i: 0x41 + i for i in range(26)},
              **{0xFF41 + i: 0x61 + i for i in range(26)},
              ord("("): "（", ord(")"): "）"}
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\f\v]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

# Signatures of files people rename to .txt by mistake.
_BINARY_SIGNATURES = {
    b"%PDF-": "a PDF document",
    b"PK\x03\x04": "a .docx/.xlsx/.zip archive",
    b"\xd0\xcf\x11\xe0": "an old Word .doc / WPS file",
    b"{\\rtf": "an RTF document",
}


@dataclass(frozen=True, slots=True)
class SourceText:
    """A source file read and normalised."""

    path: str
    text: str
    encoding: str
    """The encoding the bytes were decoded from, e.g. ``utf-8``, ``utf-8-sig``, ``gb18030``."""

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


MAX_SOURCE_BYTES = 20 * 1024 * 1024
"""Official texts are well under 2 MB (民法典: about 0.3 MB); a larger file is not a regulation's text."""


def read_capped(path: Path) -> bytes:
    """The file's bytes, refusing anything over MAX_SOURCE_BYTES before reading it (a 2 GB file or a text
    followed by gigabytes of zeros must not be loaded into memory)."""
    size = path.stat().st_size
    with open(path, "rb") as handle:
        raw = handle.read(MAX_SOURCE_BYTES + 1)
    if size > MAX_SOURCE_BYTES or len(raw) > MAX_SOURCE_BYTES:
        raise ReadError(f"the file is {max(size, len(raw)) / 1024 / 1024:.0f} MB or more; an official text is "
                        f"under {MAX_SOURCE_BYTES // 1024 // 1024} MB", path=path,
                        hint="check that this is the regulation's text and not an archive, a disk image or a "
                             "file with data appended.")
    return raw


def read_source(path: str | Path) -> SourceText:
    """Read a regulation's source file and normalise it.

    Raises:
        ReadError: the file is missing, unreadable, binary or in an encoding we do not accept.
    """
    path = Path(path)
    if path.exists() and not path.is_file() and not path.is_dir():
        raise ReadError("is not a regular file (a pipe or device?)", path=path,
                        hint="point at the text file itself.")
    try:
        raw = read_capped(path)
    except FileNotFoundError:
        raise ReadError("file not found", path=path,
                        hint="check the path and the file name.") from None
    except IsADirectoryError:
        raise ReadError("is a directory, expected a text file", path=path) from None
    except OSError as error:
        raise ReadError(f"cannot read the file ({error.strerror})", path=path,
                        hint="check the file's permissions.") from None
    text, encoding = decode(raw, path)
    return SourceText(path=str(path), text=normalize_text(text), encoding=encoding)


def decode(raw: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode ``raw`` as UTF-8 (with or without BOM) or GB18030; return the text and the encoding used.

    GB18030 accepts almost any byte string, so a GB18030 decoding is only trusted when the result reads like
    Chinese text (mostly common characters); Big5 or Shift-JIS decoded as GB18030 does not.
    """
    for signature, what in _BINARY_SIGNATURES.items():
        if raw.startswith(signature):
            raise ReadError(f"this is {what}, not a plain-text file", path=path, lineno=1,
                            hint="export or copy the text into a .txt file saved as UTF-8.")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:4096]:
        raise ReadError(f"looks like UTF-16 or binary data (NUL bytes); tried {', '.join(TRIED_ENCODINGS)}",
                        path=path, lineno=1, hint=_SAVE_AS_HINT)
    if raw.startswith(b"\xef\xbb\xbf"):
        candidates = [("utf-8-sig", raw)]
    else:
        candidates = [("utf-8", raw), ("gb18030", raw)]
    for encoding, data in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding != "gb18030" or _reads_like_chinese(text):
            _reject_control_characters(text, path)
            return text, encoding
    raise ReadError(f"not valid text in any accepted encoding (tried {', '.join(TRIED_ENCODINGS)})",
                    path=path, lineno=_first_bad_line(raw), hint=_SAVE_AS_HINT)


def _reads_like_chinese(text: str) -> bool:
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if len(wide) < 10:
        return True
    in_gb2312 = sum(1 for ch in wide if _in_gb2312(ch))
    han = [ch for ch in wide if "\u4e00" <= ch <= "\u9fff"]
    common = sum(1 for ch in han if _is_common_hanzi(ch))
    return in_gb2312 / len(wide) >= 0.9 and common >= 0.8 * len(han)


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _is_common_hanzi(ch: str) -> bool:
    """True for GB2312's first level: the 3,755 most frequent characters, which nearly all legal text uses."""
    try:
        first = ch.encode("gb2312")[0]
    except UnicodeEncodeError:
        return False
    return 0xB0 <= first <= 0xD7


def _reject_control_characters(text: str, path: str | Path) -> None:
    match = _CONTROL.search(text)
    if match:
        lineno = text.count("\n", 0, match.start()) + 1
        raise ReadError(f"contains control character U+{ord(match.group()):04X}; this looks like binary data",
                        path=path, lineno=lineno, hint="the source must be plain text; " + _SAVE_AS_HINT)


def _first_bad_line(raw: bytes) -> int:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return raw.count(b"\n", 0, error.start) + 1
    return 1


def normalize_text(text: str) -> str:
    """Apply the guarantees listed in the module docstring to already-decoded text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_ZERO_WIDTH).translate(_WIDTH_MAP)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
