"""The web chat (Gradio): ``ui.app.build_app`` over ``assistant.Assistant``; formatting in ``ui.format``.

Importing ``ui`` stays cheap: gradio is imported only by ``ui.app``.
"""

__all__ = ["build_app", "launch", "serve"]


def __getattr__(name: str):
    if name in __all__:
        from ui import app

        return getattr(app, name)
    raise AttributeError(name)
