"""The demo town Musterstadt: its council, committees, factions and people, as plain data."""

import datetime

TOWN = "Musterstadt"
TERM = ("Wahlperiode 2025–2030", datetime.date(2025, 11, 1), datetime.date(2030, 10, 31))

# (short name, full name, seats in the council)
FACTIONS = [
    ("CDU", "CDU-Fraktion", 10),
    ("SPD", "SPD-Fraktion", 8),
    ("GRÜNE", "Fraktion Bündnis 90/Die Grünen", 6),
    ("FDP", "FDP-Fraktion", 3),
    ("FW", "Fraktion Freie Wähler", 3),
]

MAYOR = ("Dr.", "Katrin", "Albers")

# mitglied01 … mitglied30, in faction order: the first ten CDU, the next eight SPD, and so on.
MEMBERS = [
    ("", "Thomas", "Becker"),
    ("", "Sabine", "Hoffmann"),
    ("Dr.", "Markus", "Schröder"),
    ("", "Monika", "Wagner"),
    ("", "Stefan", "Krüger"),
    ("", "Andrea", "Lehmann"),
    ("", "Jürgen", "Schulte"),
    ("", "Petra", "Köhler"),
    ("", "Michael", "Richter"),
    ("", "Claudia", "Wolf"),
    ("", "Frank", "Neumann"),
    ("", "Birgit", "Schwarz"),
    ("", "Uwe", "Zimmermann"),
    ("Dr.", "Heike", "Braun"),
    ("", "Ralf", "Hartmann"),
    ("", "Susanne", "Lange"),
    ("", "Holger", "Schmitz"),
    ("", "Anja", "Krause"),
    ("", "Jan", "Meier"),
    ("", "Lena", "Vogel"),
    ("", "Tobias", "Friedrich"),
    ("", "Miriam", "Günther"),
    ("", "Felix", "Peters"),
    ("", "Elif", "Yılmaz"),
    ("", "Christian", "Möller"),
    ("", "Nadine", "Graf"),
    ("", "Daniel", "Roth"),
    ("", "Karl-Heinz", "Beck"),
    ("", "Ursula", "Jansen"),
    ("", "Werner", "Ludwig"),
]

# (name, short name, kind, legal member count, state law profile)
COUNCIL = ("Stadtrat", "Rat", "council", 31, "nrw")
COMMITTEES = [
    ("Hauptausschuss", "HA", "committee", 11, "nrw"),
    ("Bauausschuss", "BA", "committee", 9, "nrw"),
]

# Committee seats by member number (1-based). The mayor chairs the Hauptausschuss;
# the Bauausschuss is chaired by member 3 and has one advisory member without a vote.
HAUPTAUSSCHUSS = [1, 2, 3, 11, 12, 13, 19, 20, 25, 28]
BAUAUSSCHUSS_CHAIR = 3
BAUAUSSCHUSS = [5, 6, 14, 15, 21, 22, 26, 29]
BAUAUSSCHUSS_ADVISORY = 30
