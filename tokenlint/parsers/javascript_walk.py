"""Moving over a JavaScript token list: where a name path, an expression or a bracketed group
ends, with every step drawn from a work budget.

The evaluator (tokenlint.parsers.javascript_eval) skips what it does not evaluate; the budget,
proportional to the file, turns a pathological input (deep nesting, a minified bundle) into a
note instead of a hang.
"""

from __future__ import annotations

from tokenlint.parsers.javascript import Tok, is_punct


class OutOfBudget(Exception):
    """The work budget is spent: the caller stops reading and notes that the file was not read completely."""


class Walker:
    """A position-free view of one token list (`toks`), and the work budget every step draws on."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.toks: list[Tok] = []

    def at(self, i: int) -> Tok | None:
        return self.toks[i] if 0 <= i < len(self.toks) else None

    def spend(self, steps: int) -> None:
        self.budget -= steps
        if self.budget < 0:
            raise OutOfBudget

    def path(self, i: int) -> tuple[list[str], int]:
        """`a.b?.c['d']` from token i: the names, and the index after them."""
        parts, j = [self.toks[i].word], i + 1
        while (t := self.at(j)) is not None:
            after = self.at(j + 1)
            if is_punct(t, ".", "?.") and after is not None and after.kind == "id":
                parts.append(after.word)
                j += 2
            elif is_punct(t, "[") and after is not None and after.kind == "str" and is_punct(self.at(j + 2), "]"):
                parts.append(after.word)
                j += 3
            elif is_punct(t, "!"):  # TypeScript non-null assertion
                j += 1
            else:
                break
        return parts, j

    def skip(self, k: int, stop: tuple[str, ...] = ()) -> int:
        """Where the expression at k ends: a `,` `;` or closer at depth 0, or a `stop` text."""
        depth, start, toks, n = 0, k, self.toks, len(self.toks)
        while k < n:
            t = toks[k]
            if t.kind == "p":
                if depth == 0 and (t.text in stop or t.text in (",", ";")):
                    break
                if t.text in ("(", "[", "{"):
                    depth += 1
                elif t.text in (")", "]", "}"):
                    if depth == 0:
                        break
                    depth -= 1
            k += 1
        self.spend(k - start + 1)
        return k

    def close(self, k: int) -> int:
        """The closer matching the opener at k."""
        end = self.skip(k + 1)
        while is_punct(self.at(end), ",", ";"):
            end = self.skip(end + 1)
        return end

    def type_arguments(self, j: int) -> int:
        """The index after TypeScript type arguments `<…>` at j (j itself when there are none)."""
        depth, k = 0, j
        while (t := self.at(k)) is not None and k < j + 64:
            depth += 1 if is_punct(t, "<") else -len(t.word) if is_punct(t, ">", ">>", ">>>") else 0
            k += 1
            if depth <= 0:
                return k if depth == 0 else j
        return j
