"""What the shells show of the services' plain results: HTML pages, CSV text, plots.

Both the CLI and the web app use it; nothing here reads the store.  It takes
the dataclasses the services return and turns them into text or files.
"""
