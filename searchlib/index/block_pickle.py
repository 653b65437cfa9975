"""The pickle of a postings block of one posting, made without ``pickle``: the very bytes it writes.

Whoosh's W3 postings writer pickles each block's ``(ids, weights, values)`` with protocol 2
(``W3PostingsWriter._write_block``). Protocol 2 has no opcode for ``bytes``: pickle writes a value
as a call of ``_codecs.encode`` on its Latin-1 text, and looks that function's module up through
the import machinery once per ``dumps``: four times the cost of the rest of the block. Most terms
are in one document, a block of one posting, whose pickle is always the same opcodes around the
document gap, the weight and the value's text: :func:`one_posting` writes them directly
(protocol header; the gap as ``BININT1``/``BININT2``/``BININT`` in ``TUPLE1``; ``None`` or a
``BINFLOAT``; the global ``_codecs.encode``, the text as ``BINUNICODE``, ``latin1``, ``TUPLE2``,
``REDUCE``, in a ``TUPLE1`` for a field of variable-size values; ``TUPLE3``; each memoised with
``BINPUT`` in pickle's order). It answers ``None`` for anything else (a value of fewer than two
bytes, a gap beyond a 32-bit int), which the caller pickles. ``tests/test_block_pickle.py``
compares it with ``pickle.dumps``.
"""

from __future__ import annotations

import struct

__all__ = ["one_posting"]

_BININT1 = [b"K" + bytes((i,)) for i in range(256)]
_BININT2 = struct.Struct("<cH")
_BININT = struct.Struct("<ci")
_BINFLOAT = struct.Struct(">cd")
_BINUNICODE = struct.Struct("<cI")
# Memo: 0 the gaps' tuple, 1 the global, 2 the text, 3 "latin1", 4 (text, "latin1"), 5 the value.
_ENCODE = b"c_codecs\nencode\nq\x01"
_REDUCED = b"q\x02X\x06\x00\x00\x00latin1q\x03\x86q\x04Rq\x05"
_END_IN_TUPLE = _REDUCED + b"\x85q\x06\x87q\x07."  # the value in its tuple, then the block
_END_ALONE = _REDUCED + b"\x87q\x06."


def one_posting(gap: int, weight: float | None, value: bytes, in_tuple: bool) -> bytes | None:
    """``pickle.dumps(((gap,), weight, (value,) if in_tuple else value), 2, fix_imports=False)``,
    or ``None`` when not sure to give its bytes."""
    if type(value) is not bytes or len(value) < 2:
        return None  # empty: another reduction; one byte: a one-letter string pickle shares
    if type(gap) is not int or gap < 0:
        return None
    if gap < 256:
        ids = _BININT1[gap]
    elif gap < 65536:
        ids = _BININT2.pack(b"M", gap)
    elif gap < 2**31:
        ids = _BININT.pack(b"J", gap)
    else:
        return None
    if weight is None:
        weighs = b"N"
    elif type(weight) is float:
        weighs = _BINFLOAT.pack(b"G", weight)
    else:
        return None
    text = value.decode("latin-1").encode("utf-8")
    return b"".join((b"\x80\x02", ids, b"\x85q\x00", weighs, _ENCODE,
                     _BINUNICODE.pack(b"X", len(text)), text,
                     _END_IN_TUPLE if in_tuple else _END_ALONE))
