"""What is particular to each channel: tweets, call scripts, email, and ASCII for fax gateways.

The letter and the fax are pages (see :mod:`letterkit.layout`); every other
channel has rules of its own, and each module here holds one channel's rules.
"""
