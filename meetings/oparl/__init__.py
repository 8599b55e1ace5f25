"""OParl 1.1: the council's public data, read-only, for portals and open-data platforms.

It reads the council and meetings models only; what it shows is what the public pages show.
"""
