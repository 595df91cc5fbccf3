"""The screens of the session: the review itself and its two modals."""
