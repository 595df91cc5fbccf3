"""Proposed actions and the human approval around them.

Nothing the copilot proposes (a patch, a schema registration, a deploy step) is applied until a
person approves that exact action, bound to its content digest, and every decision is written to a
hash-chained, append-only audit log.

Modules (one job each):

- ``model``      the Proposal and its canonical content digest
- ``propose``    the API the review engine calls to build proposals (safety checks included)
- ``pathsafety`` which paths a patch may touch
- ``diffing``    git-apply compatible unified diffs
- ``store``      the SQLite store (``<git common dir>/pipeline-copilot/actions.db``)
- ``db``         connection, migrations, ``BEGIN IMMEDIATE`` transactions
- ``audit``      the hash-chained audit log
- ``state``      is the repository still in the state a proposal expects?
- ``runner``     apply an approved action (patch, schema registration, deploy)
- ``patching``, ``writer``, ``journal``, ``locks``, ``deploy``, ``registry``: what ``runner`` uses
- ``render``, ``confirm``, ``cliutil``: what the commands use
"""
