"""Plain data types and rules with no I/O: dates and ages, passphrase rules, completeness."""
