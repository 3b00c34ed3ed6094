"""disclose: check an outgoing safeguarding disclosure before it is sent."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("disclose")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
