"""A small fictional coordination of the tests' own, as its three files say it.

Four seats a side, a quorum of three; on the CPAS side a member whose mandate
ended in June 2026 and the one who took the seat in July, whose mandate ends in
June 2027; a substitute on each side; a coordinator; a drafter without a seat;
an outsider; three authorities, one of which reads Dutch. Tests that need people
and authorities use these, never the demo's, so the demo can change freely.
"""

from __future__ import annotations

from io import StringIO

from ruamel.yaml import YAML

from interpellations.record.model import Authorities, Coordination, Members
from interpellations.record.registry import Record

COORDINATION_YAML = """\
name:
  fr: Coordination sociale de Valbrune
  nl: Sociale Coördinatie Valbrune
address:
  lines: [Coordination sociale de Valbrune, Rue du Marché 3, 1299 Valbrune]
  lines_nl: [Sociale Coördinatie Valbrune, Marktstraat 3, 1299 Valbrune]
email: contact@coordination-valbrune.example
phone: 02 555 01 99
enterprise_number: 0999.123.457
place:
  fr: Valbrune
  nl: Valbrune
reference_prefix: CSV
seats_per_side: 4
quorum_per_side: 3
themes:
  - id: logement
    name: {fr: Logement, nl: Huisvesting}
  - id: sante
    name: {fr: Santé, nl: Gezondheid}
working_groups:
  - id: gt-logement
    theme: logement
    name: {fr: Groupe logement, nl: Werkgroep huisvesting}
  - id: gt-sante
    theme: sante
    name: {fr: Groupe santé, nl: Werkgroep gezondheid}
"""


def _person(
    id_: str,
    name: str,
    email: str,
    side: str,
    roles: str = "[]",
    groups: str = "[]",
    since: str = "2025-01-01",
    until: str = "",
    language: str = "fr",
    dutch: bool = False,  # a function and an organisation in Dutch too, for Dutch letters
) -> str:
    ends = f"\n    mandate_to: {until}" if until else ""
    if dutch:
        ends += f"\n    function_nl: Functie van {name}"
        ends += f"\n    organisation_nl: Organisatie van {name}"
    return f"""\
  - id: {id_}
    name: {name}
    email: {email}
    side: {side}
    function: Fonction de {name}
    organisation: Organisation de {name}
    language: {language}
    roles: {roles}
    mandate_from: {since}{ends}
    groups: {groups}
"""


MEMBERS_YAML = "members:\n" + "".join(
    [
        _person("alice-martin", "Alice Martin", "alice.martin@cpas-valbrune.example", "cpas",
                "[membre, president]", dutch=True),
        _person("bruno-lefebvre", "Bruno Lefebvre", "bruno.lefebvre@cpas-valbrune.example",
                "cpas", "[membre]"),
        _person("chloe-dupont", "Chloé Dupont", "chloe.dupont@cpas-valbrune.example", "cpas",
                "[membre]", "[gt-logement]"),
        _person("franck-moreau", "Franck Moreau", "franck.moreau@cpas-valbrune.example", "cpas",
                "[membre]", until="2026-06-30"),
        _person("david-renard", "David Renard", "david.renard@cpas-valbrune.example", "cpas",
                "[membre]", since="2026-07-01", until="2027-06-30", language="nl"),
        _person("emma-claes", "Emma Claes", "emma.claes@cpas-valbrune.example", "cpas",
                "[suppleant]"),
        _person("gaelle-simon", "Gaëlle Simon", "gaelle.simon@cpas-valbrune.example", "cpas",
                "[coordinateur]", "[gt-logement, gt-sante]"),
        _person("hugo-petit", "Hugo Petit", "hugo.petit@cpas-valbrune.example", "cpas",
                groups="[gt-logement]"),
        _person("ines-janssens", "Inès Janssens", "ines.janssens@asbl-horizon.example",
                "associatif", "[membre, vice-president]"),
        _person("jules-peeters", "Jules Peeters", "jules.peeters@de-brug.example", "associatif",
                "[membre]", language="nl"),
        _person("karim-benali", "Karim Benali", "karim.benali@maison-medicale.example",
                "associatif", "[membre]", "[gt-sante]"),
        _person("lea-dubois", "Léa Dubois", "lea.dubois@droit-au-logement.example",
                "associatif", "[membre]", "[gt-logement]"),
        _person("marc-wouters", "Marc Wouters", "marc.wouters@asbl-horizon.example",
                "associatif", "[suppleant]"),
        _person("nora-lambert", "Nora Lambert", "nora.lambert@lire-ecrire.example",
                "associatif", groups="[gt-sante]"),
    ]
)  # fmt: skip


def _authority(id_: str, fr: str, nl: str, email: str, language: str) -> str:
    return f"""\
  - id: {id_}
    title: {{fr: "{fr}", nl: "{nl}"}}
    address:
      lines: ["{fr}", Place communale 1, 1299 Valbrune]
    email: {email}
    language: {language}
    salutation: {{fr: "Madame, Monsieur,", nl: "Geachte mevrouw, geachte heer,"}}
    closing: {{fr: "Veuillez agréer nos salutations distinguées.", nl: "Met vriendelijke groeten,"}}
"""


AUTHORITIES_YAML = "authorities:\n" + "".join(
    [
        _authority("college-valbrune", "Collège communal de Valbrune",
                   "College van Valbrune", "college@valbrune.example", "fr"),
        _authority("conseil-cpas", "Conseil de l'action sociale de Valbrune",
                   "Raad voor maatschappelijk welzijn van Valbrune", "conseil@valbrune.example",
                   "fr"),
        _authority("ministre-logement", "Ministre du Logement", "Minister van Huisvesting",
                   "ministre@gewest.example", "nl"),
    ]
)  # fmt: skip

# The people, by what they may do
PRESIDENT = "alice.martin@cpas-valbrune.example"
VICE_PRESIDENT = "ines.janssens@asbl-horizon.example"
COORDINATOR = "gaelle.simon@cpas-valbrune.example"
DRAFTER = "hugo.petit@cpas-valbrune.example"  # gt-logement, no seat
OUTSIDER = "nora.lambert@lire-ecrire.example"  # gt-sante, no seat
STRANGER = "personne@ailleurs.example"  # not in the record
ENDED = "franck.moreau@cpas-valbrune.example"  # mandate ended 2026-06-30
ENDS_2027 = "david.renard@cpas-valbrune.example"  # sitting from 2026-07-01 to 2027-06-30
CPAS = [
    PRESIDENT,
    "bruno.lefebvre@cpas-valbrune.example",
    "chloe.dupont@cpas-valbrune.example",
    ENDS_2027,
]
ASSOCIATIVE = [
    VICE_PRESIDENT,
    "jules.peeters@de-brug.example",
    "karim.benali@maison-medicale.example",
    "lea.dubois@droit-au-logement.example",
]
CPAS_SUBSTITUTE = "emma.claes@cpas-valbrune.example"
ASSOCIATIVE_SUBSTITUTE = "marc.wouters@asbl-horizon.example"
NAMES = {
    PRESIDENT: "Alice Martin",
    VICE_PRESIDENT: "Inès Janssens",
    COORDINATOR: "Gaëlle Simon",
    ENDS_2027: "David Renard",
    CPAS_SUBSTITUTE: "Emma Claes",
    CPAS[1]: "Bruno Lefebvre",
    CPAS[2]: "Chloé Dupont",
    ASSOCIATIVE[1]: "Jules Peeters",
    ASSOCIATIVE[2]: "Karim Benali",
    ASSOCIATIVE[3]: "Léa Dubois",
}


def _load(text: str) -> object:
    return YAML(typ="safe").load(StringIO(text))


def record_files() -> tuple[Coordination, Members, Authorities]:
    """The three files, as the record's models."""
    return (
        Coordination.model_validate(_load(COORDINATION_YAML)),
        Members.model_validate(_load(MEMBERS_YAML)),
        Authorities.model_validate(_load(AUTHORITIES_YAML)),
    )


def coordination_record() -> Record:
    coordination, members, authorities = record_files()
    return Record(coordination, tuple(members.members), tuple(authorities.authorities))
