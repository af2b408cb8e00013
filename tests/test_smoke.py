from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import load_interpellation
from interpellations.record.store import Store


def test_created_interpellation_reads_back(store: Store, interpellation: InterpellationId) -> None:
    read = load_interpellation(store.snapshot(), interpellation)
    assert read.title == "Logements vides à Valbrune"
    assert read.french.proposals == ["Percevoir la taxe.", "Publier l'inventaire."]
