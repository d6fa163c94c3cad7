"""The assessment page: sections, their editors' page, guidance, the grid, autosave."""
