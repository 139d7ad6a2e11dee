"""`tokenlint fix`: the rewrites that answer the rules, applied only where they are safe.

A policy names the rewrites that answer it (`fix:` in its YAML, tried in order); a rewrite is a
function registered under that name (tokenlint.fixes.registry) that reads one finding's site
and returns the edits, or says why it will not touch it. So a new fix is a new rewrite and one
line in a policy, never a new command. The plan (tokenlint.fixes.plan) runs the scan, asks
the rewrites, keeps a file's edits only when the result is never worse than the original
(tokenlint.fixes.verify), and lists the tokens the new code reads (tokenlint.fixes.checklist).
"""
