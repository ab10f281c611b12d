"""The Data page's three tasks, one module each: manage datasets, import a file, the policy and a what-if."""
