"""Entry points: the ``sla`` command line and the Streamlit entry script, on top of everything else.

Imports run one way: ``sla`` → ``dashboard`` → ``simulation`` → ``analytics`` (checked by the import
contracts in ``pyproject.toml``).
"""

__version__ = "0.1.0"
