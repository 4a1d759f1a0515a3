"""The package version, in a module of its own so any room can name it without importing the
package face (which imports the site builder on demand)."""

__version__ = "0.1.0"
