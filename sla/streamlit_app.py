"""The dashboard's Streamlit entry script (``sla dashboard`` runs ``streamlit run`` on this file).

Thin on purpose: the router and the page list live in :mod:`dashboard.navigation`. No ``pages/``
folder sits beside this file (see that module for why).
"""

from dashboard.navigation import main

main()
