"""Just enough YAML to read a kubeconfig without a dependency: block mappings and sequences
(kubectl's layout, sequences at their key's indent included), flow ``{…}``/``[…]`` collections,
quoted and plain scalars, comments. PyYAML is used instead when it is installed; anything beyond
this subset (anchors, block scalars, multi-document) is a ValueError that says so."""
from __future__ import annotations

import json
import re
from typing import Any, Dict, List, Tuple

Line = Tuple[int, str, int]  # indent, content, line number


def load(text: str) -> Any:
    try:
        import yaml  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        pass
    else:
        return yaml.safe_load(text)
    return load_subset(text)


def load_subset(text: str) -> Any:
    """The dependency-free parser (what runs without PyYAML)."""
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            return json.loads(stripped)
        except ValueError:
            pass
    lines: List[Line] = []
    for n, raw in enumerate(text.splitlines(), 1):
        if raw.strip() in ("---", "..."):
            if lines:
                raise ValueError(f"line {n}: more than one YAML document")
            continue
        content = _uncomment(raw).rstrip()
        if content.strip():
            if "\t" in raw[: len(raw) - len(raw.lstrip())]:
                raise ValueError(f"line {n}: tabs are not allowed for indentation")
            lines.append((len(content) - len(content.lstrip()), content.strip(), n))
    if not lines:
        return None
    value, i = _node(lines, 0, lines[0][0])
    if i < len(lines):
        raise ValueError(f"line {lines[i][2]}: unexpected indentation")
    return value


def _uncomment(line: str) -> str:
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i]
    return line


def _is_item(content: str) -> bool:
    return content == "-" or content.startswith("- ")


def _node(lines: List[Line], i: int, indent: int) -> Tuple[Any, int]:
    content = lines[i][1]
    if _is_item(content):
        return _seq(lines, i, indent)
    if _split_key(content) is not None:
        return _map(lines, i, indent)
    return _scalar(content, lines[i][2]), i + 1


def _seq(lines: List[Line], i: int, indent: int) -> Tuple[List[Any], int]:
    out: List[Any] = []
    while i < len(lines) and lines[i][0] == indent and _is_item(lines[i][1]):
        rest = lines[i][1][1:].lstrip()
        if not rest:
            if i + 1 < len(lines) and lines[i + 1][0] > indent:
                value, i = _node(lines, i + 1, lines[i + 1][0])
            else:
                value, i = None, i + 1
        else:
            # "- key: v" opens a mapping whose further keys sit at the column of "key".
            col = indent + len(lines[i][1]) - len(rest)
            lines[i] = (col, rest, lines[i][2])
            value, i = _node(lines, i, col)
        out.append(value)
    return out, i


def _map(lines: List[Line], i: int, indent: int) -> Tuple[Dict[str, Any], int]:
    out: Dict[str, Any] = {}
    while i < len(lines) and lines[i][0] == indent and not _is_item(lines[i][1]):
        split = _split_key(lines[i][1])
        if split is None:
            raise ValueError(f"line {lines[i][2]}: expected key: value")
        key, rest = split
        n = lines[i][2]
        i += 1
        if rest:
            out[key] = _scalar(rest, n)
        elif i < len(lines) and (lines[i][0] > indent or (lines[i][0] == indent and _is_item(lines[i][1]))):
            out[key], i = _node(lines, i, lines[i][0])
        else:
            out[key] = None
    return out, i


_KEY = re.compile(r'^("(?:[^"\\]|\\.)*"|\'[^\']*\'|[^\s\'"{}\[\],#][^:#]*?)\s*:(?:\s+(.*))?$')


def _split_key(content: str) -> Any:
    if content[0] in "{[":
        return None
    m = _KEY.match(content)
    if not m:
        return None
    key = m.group(1)
    return (_scalar(key, 0) if key[0] in "\"'" else key), (m.group(2) or "").strip()


def _scalar(text: str, n: int) -> Any:
    value, pos = _flow(text, 0, n, top=True)
    if text[pos:].strip():
        raise ValueError(f"line {n}: unexpected {text[pos:].strip()!r}")
    return value


def _flow(s: str, i: int, n: int, top: bool = False) -> Tuple[Any, int]:
    while i < len(s) and s[i] == " ":
        i += 1
    if i >= len(s):
        return None, i
    ch = s[i]
    if ch in "|>&*!":
        raise ValueError(f"line {n}: YAML feature {ch!r} is not supported here; use JSON or install PyYAML")
    if ch == "{":
        out: Dict[str, Any] = {}
        i += 1
        while True:
            while i < len(s) and s[i] in " ,":
                i += 1
            if i < len(s) and s[i] == "}":
                return out, i + 1
            key, i = _flow(s, i, n)
            if i >= len(s) or s[i] != ":":
                raise ValueError(f"line {n}: expected ':' in a flow mapping")
            out[str(key)], i = _flow(s, i + 1, n)
    if ch == "[":
        items: List[Any] = []
        i += 1
        while True:
            while i < len(s) and s[i] in " ,":
                i += 1
            if i < len(s) and s[i] == "]":
                return items, i + 1
            if i >= len(s):
                raise ValueError(f"line {n}: unclosed '['")
            item, i = _flow(s, i, n)
            items.append(item)
    if ch == '"':
        m = re.compile(r'"(?:[^"\\]|\\.)*"').match(s, i)
        if not m:
            raise ValueError(f"line {n}: unclosed string")
        return json.loads(m.group(0)), m.end()
    if ch == "'":
        j = i + 1
        buf = []
        while j < len(s):
            if s[j] == "'":
                if s[j + 1: j + 2] == "'":
                    buf.append("'")
                    j += 2
                    continue
                return "".join(buf), j + 1
            buf.append(s[j])
            j += 1
        raise ValueError(f"line {n}: unclosed string")
    stop = re.compile(r"$" if top else r"[,}\]]|:(?=\s|$)|$")
    m = stop.search(s, i)
    end = m.start() if m else len(s)
    return _plain(s[i:end].strip()), end


def _plain(word: str) -> Any:
    if word in ("", "~", "null", "Null", "NULL"):
        return None
    if word in ("true", "True", "TRUE"):
        return True
    if word in ("false", "False", "FALSE"):
        return False
    if re.fullmatch(r"[-+]?\d+", word):
        return int(word)
    if re.fullmatch(r"[-+]?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?", word):
        return float(word)
    return word
