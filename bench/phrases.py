"""The French phrase bank the benchmark corpus is made of, theme by theme.

Each sentence may hold slots (`{quartier}`, `{nombre}`, `{annee}`, `{pourcent}`,
`{delai}`, `{service}`) that `corpus` fills at random, so no two texts are alike.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ThemeBank:
    """What one theme's texts are made of: its group, titles, and sentences per section."""

    theme: str
    group: str
    titles: tuple[str, ...]
    constats: tuple[str, ...]
    avis: tuple[str, ...]
    propositions: tuple[str, ...]


QUARTIERS = (
    "Centre",
    "la Gare",
    "Bas-Vallon",
    "Tilleuls",
    "Haut-Pré",
    "Saint-Roch",
    "la Sucrerie",
    "Champ-du-Moulin",
    "Clos-Fleuri",
    "Vieux-Marché",
)

SERVICES = (
    "le service social général",
    "le service logement du CPAS",
    "l'antenne sociale de quartier",
    "la maison médicale du Parc",
    "le relais social",
    "le service d'insertion socioprofessionnelle",
    "la permanence juridique",
)

AUTHORITIES = (
    "college-hautvallon",
    "conseil-cpas",
    "cocom-action-sociale",
    "ministre-integration-sociale",
    "ministre-logement-region",
    "foyer-hautvallonnais",
    "vgc-welzijn",
)

GENERIC_CONSTATS = (
    "Selon les travailleurs sociaux, {service} enregistre depuis {annee} une hausse nette "
    "des demandes, qui ont progressé d'environ {pourcent} % en deux ans.",
    "Dans le quartier {quartier}, plusieurs associations signalent que les personnes "
    "renoncent à faire valoir leurs droits faute d'information claire et d'accompagnement.",
    "Les permanences tenues par les membres de la coordination ont reçu {nombre} personnes "
    "concernées au cours du dernier semestre, souvent orientées d'un service à l'autre.",
    "Les délais de réponse atteignent fréquemment {delai} semaines, ce qui laisse les "
    "ménages sans solution au moment où ils en ont le plus besoin.",
    "Les données disponibles restent lacunaires : aucun service ne centralise aujourd'hui "
    "les demandes, si bien que l'ampleur réelle du problème est probablement sous-estimée.",
    "Les équipes de terrain relèvent que les situations rencontrées cumulent plusieurs "
    "difficultés, ce qui rend les démarches plus longues et les orientations plus complexes.",
    "Lors de la dernière réunion du groupe de travail, les participants ont partagé des "
    "situations concrètes qui montrent que les procédures actuelles excluent les plus fragiles.",
    "Plusieurs partenaires du quartier {quartier} ont dû réduire leurs heures d'ouverture "
    "faute de moyens, alors même que la demande continue d'augmenter.",
)

GENERIC_AVIS = (
    "La coordination estime que la situation appelle une réponse structurelle plutôt "
    "qu'une succession de mesures ponctuelles.",
    "Nous pensons que les pouvoirs publics locaux disposent des leviers nécessaires, à "
    "condition d'y consacrer du personnel et de fixer des objectifs mesurables.",
    "Il nous paraît indispensable d'associer les personnes concernées et les associations "
    "de terrain à l'évaluation des dispositifs existants.",
    "La coordination rappelle que l'accès aux droits fondamentaux ne peut dépendre de la "
    "capacité de chacun à se repérer dans des procédures complexes.",
    "Nous considérons qu'un suivi public et régulier des résultats renforcerait la "
    "confiance entre les services, les associations et les habitants.",
)

ANCHOR_SENTENCE = (
    "Ce texte a été relu par le groupe de travail lors de sa séance de travail n° {number}."
)
ANCHOR_PATTERN = r"séance de travail n° \d+\."

BANKS: tuple[ThemeBank, ...] = (
    ThemeBank(
        theme="logement",
        group="gt-logement",
        titles=(
            "Immeubles vides et pénurie de logements abordables à {quartier}",
            "Logements insalubres dans le quartier {quartier}",
            "Garantie locative et accès au logement à {quartier}",
            "Listes d'attente du logement social : la situation à {quartier}",
        ),
        constats=(
            "La liste d'attente du Foyer hautvallonnais compte plus de {nombre} candidatures, "
            "et il faut souvent patienter plus de huit ans pour un logement de trois chambres.",
            "Le groupe de travail logement a relevé dans le quartier {quartier} des immeubles "
            "manifestement inoccupés depuis plus d'un an : vitrines condamnées, châssis dégradés.",
            "De nombreuses familles consacrent plus de la moitié de leurs revenus au loyer et "
            "vivent dans des logements humides, mal isolés ou surpeuplés.",
            "Les agences immobilières sociales ne parviennent à capter qu'une faible part des "
            "logements disponibles, faute d'incitants suffisants pour les propriétaires.",
            "La constitution de la garantie locative reste un obstacle majeur : beaucoup de "
            "ménages ne peuvent réunir deux mois de loyer au moment de signer un bail.",
            "Les séjours en maison d'accueil se prolongent, faute de logement de sortie, et "
            "bloquent des places dont d'autres personnes auraient besoin.",
        ),
        avis=(
            "La coordination estime qu'il n'est pas acceptable que des logements restent vides "
            "pendant des années alors que tant de ménages vivent dans des conditions indignes.",
            "La lutte contre l'inoccupation est un levier rapide et peu coûteux comparé à la "
            "construction de nouveaux logements.",
            "Un fonds communal de garantie locative permettrait de lever un obstacle qui ne "
            "tient qu'à la trésorerie des ménages.",
        ),
        propositions=(
            "Établir et tenir à jour un inventaire communal des immeubles inoccupés.",
            "Appliquer systématiquement le règlement-taxe sur les immeubles inoccupés et "
            "publier chaque année le nombre de biens taxés.",
            "Recourir au droit de gestion publique pour les biens vides depuis plus de deux ans.",
            "Créer un fonds communal de garantie locative géré avec le CPAS.",
            "Renforcer les visites de salubrité et accompagner les locataires pendant les travaux.",
            "Associer le groupe de travail logement à un comité de suivi semestriel.",
        ),
    ),
    ThemeBank(
        theme="sante",
        group="gt-sante",
        titles=(
            "Accès au médecin généraliste à {quartier}",
            "Aide médicale urgente : des délais qui mettent la santé en danger",
            "Santé mentale et première ligne de soins à {quartier}",
            "Accès aux soins dentaires pour les personnes à faibles revenus",
        ),
        constats=(
            "Plusieurs cabinets de médecine générale du quartier {quartier} n'acceptent plus "
            "de nouveaux patients, et les maisons médicales ont fermé leurs inscriptions.",
            "Les demandes d'aide médicale urgente sont traitées en {delai} semaines en moyenne, "
            "un délai incompatible avec les soins que l'état des personnes exige.",
            "Les personnes sans médecin traitant se rendent aux urgences de l'hôpital pour des "
            "soins qui relèveraient de la première ligne, au prix d'attentes très longues.",
            "Les services de santé mentale ambulatoires affichent des listes d'attente de "
            "plusieurs mois, y compris pour les situations les plus préoccupantes.",
            "Le coût des soins dentaires et des lunettes conduit de nombreux ménages à reporter "
            "des soins, parfois pendant plusieurs années.",
            "Les réquisitoires délivrés par le CPAS ne sont pas toujours reconnus par les "
            "prestataires, qui demandent alors un paiement immédiat.",
        ),
        avis=(
            "La coordination estime que l'accès à un médecin généraliste est la porte d'entrée "
            "de tout parcours de soins et doit être garanti à chaque habitant.",
            "Les délais de traitement de l'aide médicale urgente doivent être ramenés à quelques "
            "jours, comme le permettent d'autres CPAS de taille comparable.",
            "Une meilleure coordination entre le CPAS et les maisons médicales éviterait des "
            "ruptures de soins coûteuses pour tous.",
        ),
        propositions=(
            "Fixer un délai maximal de quinze jours pour statuer sur l'aide médicale urgente.",
            "Délivrer une carte santé valable un an aux bénéficiaires de l'aide médicale.",
            "Soutenir l'installation de nouveaux médecins généralistes dans les quartiers "
            "les moins bien desservis.",
            "Conclure une convention entre le CPAS et les maisons médicales du territoire.",
            "Informer systématiquement les nouveaux bénéficiaires de leurs droits en matière "
            "de soins.",
            "Publier chaque année les délais moyens de traitement des demandes.",
        ),
    ),
    ThemeBank(
        theme="sans-papiers",
        group="gt-sans-papiers",
        titles=(
            "Familles sans titre de séjour à {quartier}",
            "Exploitation au travail des personnes sans papiers",
            "Scolarité des enfants de familles en séjour irrégulier",
            "Hébergement d'urgence des personnes sans titre de séjour",
        ),
        constats=(
            "Les associations accompagnent à {quartier} des familles sans titre de séjour dont "
            "les enfants sont scolarisés depuis plusieurs années à Hautvallon.",
            "Des personnes sans papiers travaillent sur des chantiers ou dans la restauration "
            "pour des salaires très inférieurs au minimum, sans aucune protection.",
            "La peur d'un contrôle dissuade de nombreuses personnes de porter plainte, même "
            "lorsqu'elles sont victimes de violences ou d'exploitation.",
            "Les places d'hébergement d'urgence sont saturées et les familles avec enfants sont "
            "régulièrement orientées vers des solutions de fortune.",
            "L'aide médicale urgente reste souvent le seul droit effectivement accessible, et "
            "ses procédures sont mal connues des personnes concernées.",
        ),
        avis=(
            "La coordination estime que la protection des enfants doit primer sur toute autre "
            "considération, quel que soit le statut administratif de leurs parents.",
            "Il est indispensable de garantir que le signalement d'une exploitation ne se "
            "retourne pas contre la personne qui la dénonce.",
            "L'hébergement d'urgence doit rester inconditionnel, en particulier pendant l'hiver.",
        ),
        propositions=(
            "Garantir un hébergement d'urgence à toute famille avec enfants, sans condition.",
            "Mettre en place un point de contact confidentiel pour signaler l'exploitation "
            "au travail.",
            "Former les agents de première ligne aux droits des personnes sans titre de séjour.",
            "Soutenir les écoles qui accueillent des enfants de familles en séjour irrégulier.",
            "Simplifier l'accès à l'aide médicale urgente pour les personnes concernées.",
        ),
    ),
    ThemeBank(
        theme="interpellation-politique",
        group="gt-interpellation",
        titles=(
            "Non-recours aux droits sociaux à {quartier}",
            "Pour une évaluation publique des politiques sociales locales",
            "Associer les personnes concernées aux décisions qui les touchent",
            "Transparence des budgets consacrés à l'action sociale",
        ),
        constats=(
            "Une part importante des personnes qui pourraient prétendre à une aide ne la "
            "demandent pas, faute d'information ou par crainte d'être stigmatisées.",
            "Les budgets consacrés à l'action sociale sont présentés de manière globale, ce qui "
            "rend difficile tout suivi des moyens réellement affectés à chaque politique.",
            "Les avis remis par la coordination au cours des dernières années n'ont pas "
            "toujours reçu de réponse écrite dans le délai convenu de {delai} semaines.",
            "Les personnes concernées sont rarement consultées lors de la conception des "
            "dispositifs qui leur sont destinés.",
            "Les indicateurs publiés ne permettent pas de mesurer l'effet des politiques menées "
            "depuis {annee} sur la pauvreté à Hautvallon.",
        ),
        avis=(
            "La coordination estime que la lutte contre le non-recours doit devenir une priorité "
            "explicite de la politique sociale locale.",
            "Une réponse écrite et motivée à chaque interpellation renforcerait la crédibilité "
            "de la concertation entre le CPAS et les associations.",
            "La transparence budgétaire est une condition d'un débat démocratique éclairé.",
        ),
        propositions=(
            "Publier chaque année un rapport sur le non-recours aux droits sociaux.",
            "Répondre par écrit à chaque interpellation dans le délai convenu.",
            "Présenter le budget de l'action sociale par politique et par quartier.",
            "Créer un panel de personnes concernées consulté avant chaque réforme.",
            "Organiser une séance publique annuelle d'évaluation des politiques sociales.",
        ),
    ),
    ThemeBank(
        theme="premiere-ligne",
        group="gt-premiere-ligne",
        titles=(
            "Temps d'attente aux guichets du CPAS",
            "Fracture numérique et accès aux services publics à {quartier}",
            "Accueil sans rendez-vous dans les antennes sociales",
            "Charge de travail des assistants sociaux de première ligne",
        ),
        constats=(
            "Les personnes qui se présentent aux guichets du CPAS attendent souvent plus de "
            "deux heures avant d'être reçues, parfois sans l'être le jour même.",
            "La généralisation des démarches en ligne laisse de côté les personnes qui n'ont ni "
            "ordinateur ni connexion, ou qui ne maîtrisent pas ces outils.",
            "Chaque assistant social de première ligne suit aujourd'hui plus de {nombre} "
            "dossiers, bien au-delà de ce que recommandent les normes du secteur.",
            "La fermeture de l'accueil sans rendez-vous à l'antenne du quartier {quartier} a "
            "reporté la demande vers des services déjà saturés.",
            "Les courriers administratifs restent difficiles à comprendre, et beaucoup de "
            "personnes viennent aux permanences simplement pour se les faire expliquer.",
        ),
        avis=(
            "La coordination estime qu'un accueil humain, sans rendez-vous, doit rester "
            "possible dans chaque quartier.",
            "Le numérique doit être une possibilité supplémentaire et jamais la seule voie "
            "d'accès à un droit.",
            "Des équipes en nombre suffisant sont la condition d'un accompagnement de qualité.",
        ),
        propositions=(
            "Rouvrir un accueil sans rendez-vous au moins deux matinées par semaine.",
            "Maintenir un guichet physique pour chaque démarche proposée en ligne.",
            "Fixer une norme maximale de dossiers par assistant social.",
            "Rédiger les courriers dans un langage clair, relu par des personnes concernées.",
            "Installer des espaces publics numériques accompagnés dans chaque antenne.",
        ),
    ),
    ThemeBank(
        theme="emploi-formation",
        group="gt-emploi",
        titles=(
            "Contrats article 60 : pour un véritable tremplin vers l'emploi",
            "Cours de français : des listes d'attente trop longues à {quartier}",
            "Formation qualifiante des bénéficiaires du revenu d'intégration",
            "Garde d'enfants et reprise d'emploi des parents seuls",
        ),
        constats=(
            "Près de {nombre} personnes sont chaque année engagées sous contrat article 60, "
            "mais une minorité seulement trouve ensuite un emploi durable.",
            "Les listes d'attente des cours de français langue étrangère dépassent souvent "
            "{delai} semaines, ce qui retarde toute démarche d'insertion.",
            "Les parents seuls renoncent fréquemment à une formation faute de place d'accueil "
            "pour leurs jeunes enfants à des horaires compatibles.",
            "Les formations qualifiantes proposées correspondent mal aux métiers qui recrutent "
            "réellement dans la région.",
            "Le suivi des travailleurs mis à l'emploi s'interrompt brutalement à la fin du "
            "contrat, au moment où un accompagnement serait le plus utile.",
        ),
        avis=(
            "La coordination estime que la mise à l'emploi doit déboucher sur une qualification "
            "reconnue et non sur un simple retour au chômage.",
            "L'apprentissage du français est une condition de l'autonomie et doit être accessible "
            "sans attente excessive.",
            "La garde d'enfants fait partie intégrante de toute politique d'insertion.",
        ),
        propositions=(
            "Associer chaque contrat article 60 à un plan de formation qualifiante.",
            "Doubler le nombre de places en cours de français dans les trois ans.",
            "Réserver des places d'accueil d'enfants aux parents en formation.",
            "Prolonger l'accompagnement six mois après la fin du contrat.",
            "Construire l'offre de formation avec les employeurs de la région.",
        ),
    ),
)
