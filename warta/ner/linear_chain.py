"""A trained linear-chain CRF read from CRFsuite's model file, and its decoding in NumPy: the best tag sequence
(Viterbi) and each tag's marginal probability (forward-backward), for many sequences at once.

CRFsuite (through python-crfsuite) trains the model; tagging here gives its answers without its per-call cost:
CRFsuite looks every feature string of every token up in the model's attribute table on every call, while
`NerModel` sums the weights of a word's features once and keeps the sum (warta/ner/crf.py). A token's score
for a label is the sum of the weights of its features for that label (every feature has value 1), and the
decoding follows CRFsuite's: ties go to the lower label number, marginals come from scaled forward and backward
sums. The file layout read here is CRFsuite's "lCRF" format, version 100, little-endian: a header of offsets,
a feature table (type, source, destination, weight), and constant hash databases ("CQDB") whose reverse
tables give each label and attribute string by its number.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from pathlib import Path

import numpy as np
import numpy.typing as npt

from warta.errors import InputError
from warta.ner.features import copies

FloatArray = npt.NDArray[np.float64]
_HEADER = struct.Struct("<4sI4sIIIIIIIII")
_CQDB = struct.Struct("<4sIIIII")
_RECORD = struct.Struct("<II")
_FEATURE = np.dtype([("type", "<u4"), ("source", "<u4"), ("target", "<u4"), ("weight", "<f8")])
_STATE, _TRANSITION = 0, 1


@dataclass(frozen=True)
class ChainWeights:
    """The model's labels (by number), its attributes (string to number), the state weights (attribute × label,
    with one extra all-zero row last, for "no attribute") and the transition weights (label × next label)."""

    labels: tuple[str, ...]
    attributes: dict[str, int]
    state: FloatArray
    transitions: FloatArray

    @property
    def nothing(self) -> int:
        """The number of the all-zero row of `state`."""
        return len(self.state) - 1

    def rows(self, features: Iterable[str]) -> list[int]:
        """The row of `state` of each feature: the all-zero row for one the model never saw."""
        return list(map(self.attributes.get, features, repeat(self.nothing)))


def read_crfsuite(path: Path, leave_out: frozenset[str] = frozenset()) -> ChainWeights:
    """The weights of a CRFsuite model file, without the attributes of the domains in `leave_out` (their copies,
    "domain|feature", which tagging with another domain never reads: half the shipped model's attributes); a
    file of another format is an `InputError`."""
    data = path.read_bytes()
    try:
        return _parse(data, leave_out)
    except (struct.error, ValueError, IndexError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a CRFsuite model file ({exc}); retrain with `warta train ner`") from None


def _parse(data: bytes, leave_out: frozenset[str]) -> ChainWeights:
    magic, _, kind, version, _, n_labels, n_attrs, features_at, labels_at, attrs_at, _, _ = _HEADER.unpack_from(data)
    if magic != b"lCRF" or kind != b"FOMC" or version != 100:
        raise ValueError("unknown header")
    labels = _strings(data, labels_at)
    attributes = _strings(data, attrs_at)
    if len(labels) != n_labels or len(attributes) != n_attrs:
        raise ValueError("table sizes differ from the header's")
    chunk, _, count = struct.unpack_from("<4sII", data, features_at)
    if chunk != b"FEAT":
        raise ValueError("no feature table")
    features = np.frombuffer(data, dtype=_FEATURE, count=count, offset=features_at + 12)
    other = tuple(copies(domain, [""])[0] for domain in leave_out)  # what a domain's copies begin with
    wanted = np.array([not name.startswith(other) for name in attributes], dtype=bool)
    number = np.cumsum(wanted) - 1  # an attribute's row among those kept
    state = np.zeros((int(wanted.sum()) + 1, n_labels))
    kept = features[features["type"] == _STATE]
    kept = kept[wanted[kept["source"]]]
    state[number[kept["source"]], kept["target"]] = kept["weight"]
    transitions = np.zeros((n_labels, n_labels))
    kept = features[features["type"] == _TRANSITION]
    transitions[kept["source"], kept["target"]] = kept["weight"]
    rows = dict(zip(compress(attributes, wanted.tolist()), range(len(state) - 1), strict=True))  # as `number`
    return ChainWeights(tuple(labels), rows, state, transitions)


def _strings(data: bytes, at: int) -> list[str]:
    """The strings of a CQDB database by number: its reverse table holds each record's offset; a record is its
    number, its key's size and the key, which ends with a NUL byte."""
    chunk, _, _, _, count, table_at = _CQDB.unpack_from(data, at)
    if chunk != b"CQDB":
        raise ValueError("no string table")
    offsets = np.frombuffer(data, dtype="<u4", count=count, offset=at + table_at).astype(np.int64) + at
    raw = np.frombuffer(data, dtype=np.uint8)
    sizes = sum(raw[offsets + 4 + k].astype(np.int64) << (8 * k) for k in range(4))  # little-endian u32
    starts = offsets + _RECORD.size
    return [data[s:e].decode("utf-8") for s, e in zip(starts.tolist(), (starts + sizes - 1).tolist(), strict=True)]


def viterbi(scores: Sequence[FloatArray], transitions: FloatArray) -> list[list[int]]:
    """The best label sequence of each sequence of state scores (tokens × labels), decoded together."""
    padded, lengths = _pad(scores)
    count, longest, n_labels = padded.shape
    alpha = padded[:, 0].copy()
    back = np.zeros((longest, count, n_labels), dtype=np.intp)
    for t in range(1, longest):
        paths = alpha[:, :, None] + transitions  # [sequence, from, to]
        back[t] = paths.argmax(axis=1)  # the first best, as CRFsuite's strict comparison keeps
        step = paths.max(axis=1) + padded[:, t]  # the value at the argmax, exactly
        alpha = np.where((t < lengths)[:, None], step, alpha)
    best = alpha.argmax(axis=1).tolist()
    out = []
    for number, length in enumerate(lengths.tolist()):
        pointers = back[1:length, number].tolist()
        path = [best[number]]
        for pointer in reversed(pointers):
            path.append(pointer[path[-1]])
        out.append(path[::-1])
    return out


def marginals(scores: Sequence[FloatArray], transitions: FloatArray) -> list[FloatArray]:
    """For each sequence, the marginal probability of every label at every token (tokens × labels), by the
    forward and backward sums in exponent space, each step scaled to sum to one (as CRFsuite computes them)."""
    padded, lengths = _pad(scores)
    longest = padded.shape[1]
    state = np.exp(padded - padded.max(axis=2, keepdims=True))
    moves = np.exp(transitions)
    forward = np.empty_like(state)
    forward[:, 0] = _scaled(state[:, 0])
    for t in range(1, longest):
        forward[:, t] = _scaled((forward[:, t - 1] @ moves) * state[:, t])
    backward = np.ones_like(state)
    for t in range(longest - 2, -1, -1):
        step = _scaled((state[:, t + 1] * backward[:, t + 1]) @ moves.T)
        inside = (t < lengths - 1)[:, None]
        backward[:, t] = np.where(inside, step, backward[:, t])
    both = forward * backward
    return [
        both[number, :length] / both[number, :length].sum(axis=1, keepdims=True)
        for number, length in enumerate(lengths.tolist())
    ]


def _scaled(rows: FloatArray) -> FloatArray:
    """Each row divided by its sum."""
    out: FloatArray = rows / rows.sum(axis=1, keepdims=True)
    return out


def _pad(scores: Sequence[FloatArray]) -> tuple[FloatArray, npt.NDArray[np.intp]]:
    """The sequences' scores in one array (sequence × token × label), zeros past each end, and their lengths."""
    lengths = np.array([len(s) for s in scores], dtype=np.intp)
    padded = np.zeros((len(scores), int(lengths.max()), scores[0].shape[1]))
    for number, rows in enumerate(scores):
        padded[number, : len(rows)] = rows
    return padded, lengths
