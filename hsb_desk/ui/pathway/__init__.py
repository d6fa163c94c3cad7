"""A case's meetings and chronology, and what falls due: the pathway windows."""
