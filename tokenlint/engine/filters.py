"""The filter pipeline: every step a raw finding passes before anyone sees it, in this order.

1. `confidence`       while a fact is matched: a placeholder value makes the finding LOW, and
   and `gates`        so does usage in a comment (a call, remote or log exposure), and an exposure
                      of a credential not known to be a Bitbucket one (detectors.leak_scope);
                      usage in a documentation snippet is at most medium (shown by default:
                      readers copy it). An exposure that happens only with a debug switch on
                      keeps the rule's confidence (CI runs with debug on; the message says
                      when it happens). Comments and snippets never
                      fail a gate. A credential in a comment or a snippet keeps its confidence
                      and gates: it is committed all the same.
                      A pipe's credential is no surer than the pipes table row it was read from.
2. `inline_ignores`   per file (the scanner, which holds the document): valid `tokenlint:
                      ignore[rule] reason` comments drop what they cover -> bucket "inline-ignore";
                      careless ignores become findings of their own (see engine.suppress).
   (cross-file findings join here: a comment in one file cannot silence them)
3. baseline           accepted findings are dropped -> bucket "baseline" (and the entries no
                      finding matched are reported stale)
4. confidence floor   findings below `min_confidence` are dropped -> bucket "below-confidence"

Steps 3 and 4 run once per scan, in `finish`, over the per-file and cross-file findings
together, for every source alike (tree, staged, history, CI gate). A source may add a bucket of
its own before them (the staged and CI sources count "unchanged-lines").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tokenlint.document import Document
from tokenlint.engine import suppress
from tokenlint.engine.baseline import Baseline
from tokenlint.engine.rule import Policy
from tokenlint.model import Confidence, Finding
from tokenlint.results import Entry, ScanResult

IGNORE_MARKER = suppress.MARKER_BYTES  # the literal the scanner's prefilter looks for

# The buckets of ScanResult.suppressed this pipeline fills, in pipeline order.
INLINE_IGNORE = "inline-ignore"
BASELINE = "baseline"
BELOW_CONFIDENCE = "below-confidence"


def confidence(policy: Policy, fact: str, attrs: Mapping[str, object]) -> Confidence:
    """Step 1: the confidence of a match of `policy` on a fact with these attributes: LOW for a
    placeholder and for usage in a comment; at most MEDIUM for usage in a documentation snippet
    (readers copy it, so it shows at the default floor, but it is no code that runs); LOW for an
    exposure of a credential not known to be Bitbucket's."""
    if attrs.get("placeholder") or (fact != "credential" and attrs.get("commented")):
        return Confidence.LOW
    sure = policy.confidence
    table = attrs.get("pipe_confidence")
    if isinstance(table, str) and table:  # a pipe's credential read from the pipes table: no surer than it
        sure = min(sure, Confidence.parse(table))
    if fact == "log-exposure" and attrs.get("out_of_scope"):
        return Confidence.LOW  # not known to be a Bitbucket credential (tokenlint.detectors.leak_scope)
    if fact != "credential" and attrs.get("documentation"):
        sure = min(sure, DOCUMENTATION_CEILING)
    return sure


#: Usage in a documentation snippet is shown at no more than this confidence, and never lower
#: than its rule's for that reason alone. A README's code block is what readers copy into their
#: pipelines and scripts: a documented app password is a broken setup being handed out, so it
#: must show at the default floor (medium) like the code it becomes. What it is not is code of
#: this repository that runs: never high, and never a gate (`gates`).
DOCUMENTATION_CEILING = Confidence.MEDIUM


def live(fact: str, attrs: Mapping[str, object]) -> bool:
    """Whether a fact is about code that runs: usage in a comment or in a documentation snippet
    is not (a credential is judged wherever it sits: a secret in a comment is committed too)."""
    return fact == "credential" or not (attrs.get("commented") or attrs.get("documentation"))


def gates(fact: str, attrs: Mapping[str, object]) -> bool:
    """Step 1 too: whether a match may fail a gate. Usage that does not run never does, at
    whatever confidence floor it is shown."""
    return live(fact, attrs)


def inline_ignores(doc: Document, findings: list[Finding], policies: list[Policy]) -> tuple[list[Finding], int]:
    """Step 2: the findings the document's ignore comments leave (plus findings about the
    comments themselves), and how many they suppressed."""
    return suppress.apply(doc, findings, policies)


def count(out: ScanResult, bucket: str, n: int = 1) -> None:
    if n:
        out.suppressed[bucket] = out.suppressed.get(bucket, 0) + n


def finish(out: ScanResult, raw: Iterable[Finding], baseline: Baseline | None, floor: Confidence) -> None:
    """Steps 3 and 4 over a scan's raw findings; the survivors go to `out.findings`, sorted."""
    accepted: set[Entry] = set()
    for f in raw:
        entry = baseline.match(f) if baseline is not None else None
        if entry is not None:
            accepted.add(entry)
            count(out, BASELINE)
        elif f.confidence < floor:
            count(out, BELOW_CONFIDENCE)
        else:
            out.findings.append(f)
    out.findings.sort(key=Finding.sort_key)
    if baseline is not None:
        out.stale_baseline = baseline.stale(accepted)
