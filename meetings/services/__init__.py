"""State changes of meetings, agendas, papers and invitations: one function each (see STYLE.md)."""
