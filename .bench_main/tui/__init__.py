"""The interactive review session (Textual): a face over the same `Review` the CLI prints.

`tui.app.make_app(review_loader, store_factory, settings)` builds the app; `pipeline-copilot tui`
and the tests both use it.  `copilot` never imports this package.
"""
