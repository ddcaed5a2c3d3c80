//! « Comprendre » — short course pages, written in our own words from the reference facts (each
//! statement with its source), each ending with links into the sandbox and its exercises.
//! Static tables of `&'static str`: one plain view draws them all.

use crate::ui::components::link;
use crate::ui::components::page::Page;
use crate::ui::route::Route;
use yew::prelude::*;
use yew_router::Routable;

struct Fiche {
    sujet: &'static str,
    titre: &'static str,
    /// (statement, its source).
    points: &'static [(&'static str, &'static str)],
    /// (address in the app, label).
    liens: &'static [(&'static str, &'static str)],
}

const API_GOUV: &str = "api.gouv.fr, page « Chorus Pro » (AIFE/DINUM)";
const KB_REFORME: &str =
    "Portail de services Chorus Pro, base de connaissances, article sur la réforme";
const RACC: &str =
    "Communauté Chorus Pro, « Raccordement à Chorus Pro » et base de connaissances EDI";
const DEPOT: &str = "Communauté Chorus Pro, « Déposer une facture unitaire ou par lot »";
const CADRES: &str =
    "Spécifications externes AIFE (liste des cadres A1–A25, reprise par les clients d'API publics)";
const CYCLE: &str = "Communauté Chorus Pro, « Rappel sur le cycle de vie des factures »";
const PARAM: &str = "Swagger officiel « Structures » (PISTE) et modules Chorus Pro de l'OCA";

static FICHES: [Fiche; 5] = [
    Fiche {
        sujet: "contexte",
        titre: "Le contexte et le calendrier",
        points: &[
            ("L'ordonnance n° 2014-697 du 26 juin 2014 a rendu la facture électronique obligatoire envers la sphère publique, par étapes : 1er janvier 2017 pour les grandes entreprises (plus de 5 000 salariés) et les entités publiques, 2018 pour les ETI (250 à 5 000), 2019 pour les PME (10 à 250), 2020 pour les micro-entreprises (moins de 10).", API_GOUV),
            ("Depuis 2017, toutes les entités publiques doivent pouvoir recevoir des factures électroniques.", API_GOUV),
            ("Chorus Pro a remplacé Chorus Factures (fournisseurs de l'État depuis 2012) ; le nouveau portail a ouvert le 16 septembre 2016.", API_GOUV),
            ("Pour les contrats de l'État, des collectivités et des établissements publics, l'usage du portail exclut tout autre moyen de transmission (décret du 2 novembre 2016, article 4).", "economie.gouv.fr, Direction des affaires juridiques, 21/02/2019"),
            ("Le 15 octobre 2024, le Portail public de facturation (PPF) a été ramené à deux rôles : l'annuaire offert aux plateformes agréées (PA) et un concentrateur de données pour la DGFiP ; ce n'est plus une plateforme d'échange gratuite.", KB_REFORME),
            ("Chorus Pro reste la plateforme de référence du secteur public : il joue le « PDP public » et transmet les données de transaction et de paiement au PPF.", KB_REFORME),
            ("Un fournisseur du secteur public peut passer par une plateforme agréée ou directement par Chorus Pro (portail, EDI, API) ; les factures de travaux, les mémoires de frais de justice et les demandes de remboursement restent sur Chorus Pro.", KB_REFORME),
            ("Calendrier de la réforme entre entreprises : à partir du 1er septembre 2026, toutes les entreprises doivent pouvoir recevoir des factures électroniques, et les grandes entreprises et ETI les émettre ; les PME et micro-entreprises émettent à partir du 1er septembre 2027.", "sources secondaires (scepia.fr, accroche-press.fr), citées par la fiche des faits"),
        ],
        liens: &[
            ("/positionnement/avant", "Tester ses connaissances (test de positionnement)"),
            ("/scenarios", "Les exercices de la journée"),
        ],
    },
    Fiche {
        sujet: "modes-acces",
        titre: "Les modes d'accès : portail, EDI, API",
        points: &[
            ("Le portail : la facture est saisie dans un formulaire, ou déposée (un PDF produit ailleurs), ou envoyée par lot. Aucun développement n'est nécessaire ; le dépôt de PDF est ce que préfèrent la plupart des petites entreprises.", DEPOT),
            ("L'EDI et l'API relient le logiciel de l'entreprise à Chorus Pro. Chacun se raccorde d'abord en qualification, puis en production, avec une fiche de raccordement.", RACC),
            ("L'EDI demande un certificat valide et des paramètres de protocole et d'adresse IP ; il transporte des flux de factures (E1 à E5), de statuts et de référentiels.", RACC),
            ("L'API demande un code d'application PISTE et un compte utilisateur technique de la structure.", RACC),
            ("Les flux : E1 pour une facture structurée (UBL, CII 16B), E2 pour un format mixte (PDF et XML minimal, dont Factur-X), E3 pour les mémoires de frais de justice, E4/E5 pour les travaux (créés en février 2024).", "Base de connaissances EDI du Portail de services"),
            ("Sur le portail, un Factur-X (PDF/A-3) suit le circuit du XML ; « Le lot de facture a été importé correctement » ne garantit pas la transmission : un rejet apparaît ensuite dans le suivi des flux.", "Communauté Chorus Pro ; ticket n° 562 des modules communautaires Dolibarr (texte AIFE cité)"),
        ],
        liens: &[
            ("/factures-emises/depot", "Déposer une facture dans le bac à sable"),
            ("/factures-emises/saisie", "Saisir une facture dans le bac à sable"),
            ("/modes-d-acces", "Comparer portail, EDI et API avec les exemples du bac à sable (formats UBL, CII, Factur-X, requêtes de l'API)"),
        ],
    },
    Fiche {
        sujet: "typologies",
        titre: "Les typologies : cadres de facturation",
        points: &[
            ("Le cadre de facturation dit quel document est déposé et par qui.", DEPOT),
            ("A1 : facture d'un fournisseur (le cas courant) ; A2 : facture déjà payée en totalité ; A9 : facture d'un sous-traitant ; A12 : facture d'un cotraitant.", CADRES),
            ("A9 et A12 demandent un valideur : le titulaire a 15 jours pour accepter ou refuser, le silence vaut validation tacite.", "Communauté Chorus Pro, « Gérer les factures de sous-traitance et de cotraitance »"),
            ("A3 sert aux mémoires de frais de justice, A21 aux demandes de remboursement de TIC ; les autres codes (A4 à A8, A10, A11, A13 à A20, A22 à A25) aux documents de travaux (décomptes, états d'acompte), déposés par le fournisseur, la maîtrise d'œuvre ou la maîtrise d'ouvrage.", CADRES),
            ("Un avoir porte le numéro de la facture qu'il corrige.", "Client d'API go-choruspro (modèle des références de facture)"),
        ],
        liens: &[
            ("/scenario/typologies/1", "Exercice : choisir le type et le cadre"),
            ("/factures-emises/saisie", "Saisir une facture"),
        ],
    },
    Fiche {
        sujet: "entite-publique",
        titre: "Côté entité publique : ce qu'il faut dire aux fournisseurs",
        points: &[
            ("Un destinataire peut exiger un code service, un numéro d'engagement juridique (EJ), l'un ou l'autre, ou les deux ; un service peut exiger un EJ même si sa structure ne l'exige pas. Dites-le à vos fournisseurs, avec votre SIRET.", PARAM),
            ("Le service « FACTURES_PUBLIQUES » est réservé aux factures entre entités publiques : un fournisseur privé qui l'utilise est rejeté.", "Modules Chorus Pro de l'OCA, citant le guide AIFE de l'annuaire des structures publiques"),
            ("Pour un marché de travaux, la « fiche d'identité du marché » aide les parties à s'accorder sur les SIRET, EJ, codes service et cadres.", "Communauté Chorus Pro, « Marchés de travaux : pensez à la fiche d'identité du marché »"),
            ("Suspendre quand il manque une pièce (le fournisseur complète) ; « À recycler » quand le destinataire, le service ou l'EJ est faux (le fournisseur corrige, même numéro) ; rejeter seulement quand les données de facturation sont fausses (une nouvelle facture, un nouveau numéro). Rejet et suspension exigent un motif.", CYCLE),
            ("Un rejet injustifié coûte au fournisseur une nouvelle facture : les acheteurs qui rejettent au lieu de suspendre ou de renvoyer « à recycler » sont une difficulté fréquente.", "FAQ fournisseurs du secteur public (octopusenergy.fr), citée par les faits de formation"),
        ],
        liens: &[
            ("/scenario/entite-publique/1", "Exercice : traiter les factures reçues"),
            ("/annuaire", "L'annuaire des structures publiques"),
        ],
    },
    Fiche {
        sujet: "accompagnement",
        titre: "Accompagner le changement : un cas court",
        points: &[
            ("Le cas : une commune reçoit jusqu'ici ses factures par courrier au service financier. Avec Chorus Pro, chaque facture arrive dans l'application « Factures reçues » de la structure, adressée le cas échéant à un service (code service).", "Communauté Chorus Pro (espaces et habilitations) ; swagger « Structures »"),
            ("Première décision d'organisation : qui reçoit quoi. Les codes service se créent par la structure elle-même ; chacun peut exiger un EJ. Les donner aux fournisseurs évite les factures « à recycler ».", "Guide AIFE « Créer une fiche structure » ; swagger « Structures »"),
            ("Deuxième décision : qui fait quoi. Le gestionnaire principal valide les rattachements et donne à chacun une habilitation par application, en consultation ou en modification : un agent qui certifie le service fait n'a pas besoin d'administrer la structure.", "Communauté Chorus Pro, « Évolution des rôles d'utilisateurs »"),
            ("Troisième décision : les statuts. Service fait, Mandatée, Mise à disposition du comptable et Comptabilisée sont facultatifs ; pour les entités tenues dans Hélios, certains sont posés automatiquement, et mieux vaut poser les siens avant l'envoi au comptable.", "Communauté Chorus Pro, « Traitement des statuts des factures des entités publiques tenues dans Hélios »"),
            ("Le fournisseur voit chaque changement de statut : un circuit lisible, des motifs précis et des délais tenus deviennent visibles de l'extérieur.", "Communauté Chorus Pro, « Suivre le traitement d'une facture »"),
        ],
        liens: &[
            ("/scenario/utilisateurs/1", "Exercice : rattachements et habilitations"),
            ("/scenario/synthese/1", "Exercice de synthèse : les deux côtés"),
        ],
    },
];

/// `#/comprendre/<sujet>`: one course page (an unknown subject shows the first).
pub fn comprendre(sujet: &str) -> Html {
    let fiche = FICHES
        .iter()
        .find(|f| f.sujet == sujet)
        .unwrap_or(&FICHES[0]);
    let route = Route::Comprendre {
        sujet: fiche.sujet.to_string(),
    };
    let help = html! {
        <p>{"Des fiches courtes pour comprendre avant de pratiquer : chaque affirmation est suivie de sa source publique ; les liens en bas ouvrent l'endroit du bac à sable ou l'exercice correspondant."}</p>
    };
    let vers = |chemin: &str| Route::recognize(chemin).unwrap_or(Route::Accueil);
    html! {
        <Page {route} {help} title={AttrValue::from(format!("Comprendre : {}", fiche.titre))}>
            <nav aria-label="Fiches « Comprendre »">
                <ul class="liste-actions">
                    { for FICHES.iter().map(|f| html! {
                        <li>{ if f.sujet == fiche.sujet {
                            html! { <strong aria-current="page">{f.titre}</strong> }
                        } else {
                            link(Route::Comprendre { sujet: f.sujet.to_string() }, f.titre, "")
                        } }</li>
                    }) }
                </ul>
            </nav>
            <ul class="fiche-cours">
                { for fiche.points.iter().map(|(texte, source)| html! {
                    <li><p>{*texte}</p><p class="mention">{format!("Source : {source}.")}</p></li>
                }) }
            </ul>
            <h2>{"Pratiquer"}</h2>
            <ul>
                { for fiche.liens.iter().map(|(chemin, label)| html! { <li>{link(vers(chemin), *label, "")}</li> }) }
            </ul>
        </Page>
    }
}
