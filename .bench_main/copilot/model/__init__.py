"""The bottom floor: findings and reviews, the pipeline graph, and the scan facts.

Nothing in this package imports anything else of `copilot`; every other floor imports it.
"""
