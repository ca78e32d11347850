"""`eventwire code` on hostile lines: one clear error line for that input, the rest goes on, and every
output line is valid JSON in UTF-8 (NaN, Infinity and lone surrogates never reach the output)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from eventwire.code import Coder
from eventwire.pipeline.lines import code_jsonl, read_lines

ROOT = Path(__file__).resolve().parents[2]
GOOD = json.dumps({"id": "ok", "text": "Police arrested dozens of protesters in Tbilisi on Monday.", "date": "2024-05-06"})
HOSTILE = [
    (b'{"id": NaN, "text": "Talks resumed."}', None, "E500"),
    (b'{"id": Infinity, "text": "Talks resumed."}', None, "E500"),
    (b'{"id": "\\ud800", "text": "Talks resumed."}', None, "E505"),
    (b'{"id": ["a", {"b": "\\udfff"}], "text": "Talks resumed."}', None, "E505"),
    (b'{"id": ' + b"9" * 5000 + b', "text": "Talks resumed."}', None, "E505"),
    (b'{"id": "big", "text": ' + b"9" * 5000 + b"}", "big", "E501"),
    (b'{"id": "s", "text": "Talks \\ud800 resumed."}', "s", "E505"),
    (b'{"id": "d", "text": "Talks resumed.", "date": "\\udc80"}', "d", "E505"),
    (b'{"id": "n", "text": "Talks resumed.", "date": 1e400}', "n", "E505"),
    (b'{"id": "bytes", "text": "caf\xe9 \xff"}', None, "E504"),
    (b"9" * 5000, None, "E500"),
]


@pytest.fixture(scope="module")
def coder(nlp):
    return Coder(nlp)


def test_each_hostile_line_is_one_error_and_the_rest_goes_on(coder):
    lines = [GOOD.encode()] + [line for line, _, _ in HOSTILE] + [GOOD.encode()]
    out = list(code_jsonl(lines, coder=coder))
    assert len(out) == len(lines)
    assert out[0]["id"] == out[-1]["id"] == "ok" and out[0]["events"]
    for (line, record_id, code), result in zip(HOSTILE, out[1:-1]):
        assert result["error"]["code"] == code, (line[:60], result)
        assert result["id"] == record_id and result["events"] == []
    for result in out:
        json.loads(json.dumps(result, allow_nan=False).encode("utf-8"))  # strict JSON, encodable


def test_a_line_too_long_is_skipped_without_reading_it_whole(coder):
    import io

    stream = io.BytesIO(b"x" * 5000 + b"\n" + GOOD.encode() + b"\n")
    lines = list(read_lines(stream, limit=1000))
    out = list(code_jsonl(lines, coder=coder))
    assert out[0]["error"]["code"] == "E500" and "5001 bytes" in out[0]["error"]["message"]
    assert out[1]["id"] == "ok"


def test_the_command_on_invalid_utf8_stdin_writes_valid_json_lines(tmp_path):
    data = b"\n".join([GOOD.encode(), b"\xff\xfe not utf-8 \xc3", b'{"id": NaN, "text": "x"}',
                      b'{"id": "\\ud800", "text": "x"}', GOOD.encode()]) + b"\n"
    proc = subprocess.run([sys.executable, "-m", "eventwire.cli", "code", "-"], input=data, capture_output=True,
                          cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    out = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    assert [r.get("error", {}).get("code") for r in out] == [None, "E504", "E500", "E505", None]
    assert out[0]["id"] == out[-1]["id"] == "ok"
