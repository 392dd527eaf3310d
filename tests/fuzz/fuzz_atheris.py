"""Coverage-guided fuzzing of the release parser and the annotation importers (atheris).

Runs until stopped by hand; CI runs it bounded (about 60 s over every target, seeded
with shared files) through ``tests/fuzz/test_atheris_ci.py``, beside the hypothesis fuzz
tests in ``tests/parsing/test_parsing_fuzz.py`` and ``tests/safety/test_fuzz_importers.py``.
Install with ``.venv/bin/pip install -e '.[fuzz]'`` (atheris ships manylinux wheels), then::

    .venv/bin/python tests/fuzz/fuzz_atheris.py parse -atheris_runs=200000
    .venv/bin/python tests/fuzz/fuzz_atheris.py brat -max_total_time=300
    .venv/bin/python tests/fuzz/fuzz_atheris.py labelstudio CORPUS_DIR -max_total_time=300

A ``CORPUS_DIR`` of seed inputs (e.g. a few ``pibdesk export`` files of that format, or
release files for ``parse``) gets the JSON formats past ``json.loads`` much sooner; from
random bytes alone, 48,000 Label Studio inputs reached only 37 edges. Measured here:
``parse`` ~75 inputs/s (13,921 in 180 s, no finding), ``brat`` ~140/s, ``labelstudio``
~400/s (no finding).

Targets: ``parse`` (``pibdesk.parsing.parse_bytes``) or an importable annotation format
name (``jsonl``, ``brat``, ``doccano``, ``labelstudio``, ``conll``, ``w3c``, ``xmi``): the
input becomes that format's file (for brat/XMI the annotation file of a small folder
whose other files are valid) and is read by the format's reader. Any exception other
than :class:`pibdesk.core.errors.PibdeskError` is a finding: atheris stops and writes the
input to ``crash-*``. The number of inputs tried is printed at exit.
"""

from __future__ import annotations

import atexit
import sys
import tempfile
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

with atheris.instrument_imports():
    from pibdesk.core.errors import PibdeskError
    from pibdesk.export import registry
    from pibdesk.parsing import parse_bytes

    registry.all_formats()  # imports every format module, so they are instrumented too

TRIED = [0]


def _folder_seed(fmt: str, where: Path) -> Path:
    """A valid one-document export in a folder format; returns the file to overwrite."""
    from pibdesk.core.model import NewAnnotation, ParsedRelease
    from pibdesk.services.annotations import AnnotationService
    from pibdesk.services.corpus import CorpusService
    from pibdesk.services.export import ExportService
    from pibdesk.storage.db import Database

    db = Database(where / "seed.db")
    db.migrate()
    pk = CorpusService(db).import_parsed(
        ParsedRelease(title="Seed", text="Seed release about Shri Rajnath Singh.", release_id=9)
    ).release_pk
    AnnotationService(db).create(NewAnnotation(pk, 19, 37, "Person"))  # type: ignore[arg-type]
    ExportService(db).export(fmt, where / "set")
    db.dispose()
    suffix = ".ann" if fmt == "brat" else ".xmi"
    return next((where / "set").glob(f"*{suffix}"))


def main() -> None:
    target = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else "parse"
    argv = [sys.argv[0]] + [a for a in sys.argv[1:] if a != target]
    work = Path(tempfile.mkdtemp(prefix="pibdesk-atheris-"))
    atexit.register(lambda: print(f"\natheris {target}: {TRIED[0]} inputs tried", flush=True))

    if target == "parse":
        def one(data: bytes) -> None:
            TRIED[0] += 1
            try:
                parse_bytes(data, "fuzz.html" if data[:1] == b"<" else "fuzz.txt")
            except PibdeskError:
                pass
    else:
        fmt = registry.get(target)
        if fmt.target == "folder":
            victim = _folder_seed(target, work)
            path = victim.parent
        else:
            victim = path = work / f"input{fmt.suffix or '.txt'}"

        def one(data: bytes) -> None:
            TRIED[0] += 1
            victim.write_bytes(data)
            try:
                fmt.read(path)
            except PibdeskError:
                pass

    atheris.Setup(argv, one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
