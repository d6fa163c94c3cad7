"""How long the unlock dialog waits after failed attempts. Pure: the GUI owns the timer.

Failed attempts never wipe or change anything; they only slow down guessing at the keyboard.
(Guessing against a stolen file is slowed by SQLCipher's key derivation, not by this.)
"""

from __future__ import annotations

FREE_ATTEMPTS = 3
MAX_DELAY_SECONDS = 30.0


def unlock_delay(failures: int) -> float:
    """Seconds to wait before the next attempt: 0 for the first three failures, then 1, 2, 4, 8,
    16 and at most 30."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    exponent = min(failures - FREE_ATTEMPTS, 10)  # capped before the power: no overflow
    return min(MAX_DELAY_SECONDS, float(2**exponent))
