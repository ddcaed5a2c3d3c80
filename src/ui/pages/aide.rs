//! « Aide »: how the sandbox works, and a glossary of the portal's vocabulary.

use crate::ui::components::badge;
use crate::ui::components::page::Page;
use crate::ui::route::Route;
use domain::facturation::cycle;
use domain::facturation::facture::Statut;
use domain::organisation::insee::{self, EtatAdministratif};
use yew::prelude::*;

const GLOSSARY: [(&str, &str); 15] = [
    ("Adresse électronique de connexion", "L'identifiant du compte. Elle reçoit les liens d'activation et de réinitialisation du mot de passe."),
    ("Adresse électronique de contact", "Reçoit les notifications (statuts des factures, rattachements). Par défaut, la même que l'adresse de connexion."),
    ("Domaine / application", "Le portail actuel range ses fonctions par domaines (Facturation, Organisation…) contenant des applications (Factures émises, Structures…). L'ancien portail parlait d'« espaces »."),
    ("Structure", "Une entreprise ou une entité publique, identifiée le plus souvent par son SIRET."),
    ("Service", "Une subdivision d'une structure, avec son code service ; certaines entités publiques exigent un code service sur chaque facture."),
    ("Gestionnaire principal", "Par défaut la personne qui a créé la structure : il valide les rattachements et gère les habilitations. La notion de gestionnaire secondaire n'existe plus sur le portail actuel."),
    ("Rattachement", "Le lien entre un compte utilisateur et une structure, demandé par l'utilisateur et validé par le gestionnaire principal."),
    ("Habilitation", "Le droit d'un utilisateur sur une application, en consultation ou en modification (l'ancien « abonnement à un espace »)."),
    ("Engagement juridique (EJ)", "Le numéro du bon de commande ou de l'engagement de l'entité publique, exigé par certaines structures sur la facture."),
    ("Cadre de facturation", "Dit quel document est déposé et par qui : A1 facture de fournisseur, A2 facture déjà payée, A9 facture de sous-traitant, A12 facture de cotraitant…"),
    ("Certificat de dépôt", "Document attestant la date de dépôt d'une facture, opposable juridiquement."),
    ("Acquittement", "Le fournisseur confirme avoir lu le motif d'un rejet ou d'une suspension ; au-delà de 7 jours, il devient obligatoire."),
    ("Motif", "Ce que le destinataire écrit pour suspendre, rejeter ou renvoyer « à recycler » une facture. Le fournisseur le lit en tête des encadrés « Compléter » et « Recycler » et dans la fenêtre d'acquittement. Les motifs proposés au destinataire ne sont que des suggestions tirées de l'usage de chaque statut : aucune liste officielle de motifs n'est connue pour les factures ordinaires, et le texte reste libre comme dans l'API du portail."),
    ("Agent simulé", "Propre au bac à sable : un agent fictif d'une entité publique qui traite les factures quand l'horloge avance, pour s'exercer seul (réglage dans l'Espace formateur)."),
    ("Messagerie", "Propre au bac à sable : elle montre les e-mails que le portail enverrait, sans rien envoyer."),
];

pub fn aide() -> Html {
    html! {
        <Page route={Route::Aide} help={html!{ <p>{"Le fonctionnement du bac à sable et le vocabulaire du portail Chorus Pro."}</p> }}>
            <section aria-labelledby="titre-fonctionnement">
                <h2 id="titre-fonctionnement">{"Comment fonctionne le bac à sable ?"}</h2>
                <ul>
                    <li>{"Tout est enregistré dans ce navigateur (stockage local). Un autre navigateur ou un autre poste a son propre bac à sable ; l'Espace formateur permet d'exporter et d'importer un bac à sable complet."}</li>
                    <li>{"Plusieurs onglets partagent le même bac à sable et se mettent à jour mutuellement. Chaque onglet a sa propre session : on peut être fournisseur dans un onglet et agent public dans un autre."}</li>
                    <li>{"Les mots de passe ne sont jamais enregistrés en clair, seulement sous forme d'empreinte (Argon2id)."}</li>
                    <li>{"L'horloge du bac à sable peut être avancée par le formateur pour faire jouer les délais ; toutes les dates affichées sont en heure de Paris."}</li>
                    <li>{"Ce simulateur n'est pas le portail officiel : les libellés suivent le portail, mais les données, les écrans et les couleurs sont propres au bac à sable."}</li>
                </ul>
                <p>{"Pour comprendre avant de pratiquer : "}{crate::ui::components::link(Route::Comprendre { sujet: "contexte".into() }, "les fiches « Comprendre »", "")}{" (contexte et calendrier, modes d'accès, cadres de facturation, côté entité publique, accompagnement du changement)."}</p>
            </section>
            <section aria-labelledby="titre-insee">
                <h2 id="titre-insee">{"Base INSEE simulée"}</h2>
                <p>{"Pour créer une structure avec un SIRET, le bac à sable consulte une base INSEE fictive. Ces entreprises n'existent pas ; leurs SIRET sont inventés mais ont une clé valide."}</p>
                <table class="tableau">
                    <caption>{"Établissements de la base INSEE simulée"}</caption>
                    <thead><tr><th scope="col">{"SIRET"}</th><th scope="col">{"Raison sociale"}</th><th scope="col">{"Ville"}</th><th scope="col">{"État"}</th></tr></thead>
                    <tbody>
                        { for insee::base().into_iter().map(|e| html! {
                            <tr>
                                <td class="nombre">{e.siret.clone()}</td>
                                <td>{e.raison_sociale.clone()}{if e.siege { "" } else { " (établissement secondaire)" }}</td>
                                <td>{e.adresse.ville.clone()}</td>
                                <td>{if e.etat == EtatAdministratif::Ferme { "Fermé" } else { "Actif" }}</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                <p>{"La Menuiserie Durand et Fils existe déjà dans le bac à sable (comptes de démonstration) : demandez-y un rattachement plutôt que de la recréer."}</p>
            </section>
            <section aria-labelledby="titre-statuts">
                <h2 id="titre-statuts">{"Les statuts d'une facture"}</h2>
                <p>{"Chaque statut a un libellé et une couleur, les mêmes partout (listes, facture, historique, tableau de bord). Les statuts « Service fait », « Mandatée », « Mise à disposition du comptable » et « Comptabilisée » sont facultatifs : le destinataire peut passer directement à une étape suivante. Une facture ne peut être suspendue, rejetée ou mise à recycler qu'avant le début de son traitement (choix du bac à sable : la documentation publique du portail ne le précise pas)."}</p>
                <table class="tableau">
                    <caption>{"Statuts et qui les donne"}</caption>
                    <thead><tr><th scope="col">{"Statut"}</th><th scope="col">{"Code"}</th><th scope="col">{"Donné par"}</th></tr></thead>
                    <tbody>
                        { for Statut::ALL.into_iter().map(|s| html! {
                            <tr key={s.code()}>
                                <td>{badge(s)}</td>
                                <td><code>{s.code()}</code></td>
                                <td>{cycle::acteur(s).label()}</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                <p>{"Une facture « Rejetée » est morte : le fournisseur acquitte le rejet, le traite, puis émet une nouvelle facture avec un nouveau numéro. « Suspendue » attend un complément (pièce jointe ou commentaire) ; « À recycler » attend un nouveau destinataire, code service ou engagement juridique, avec le même numéro. Le comptable public est joué, dans le bac à sable, par l'agent de l'entité publique."}</p>
            </section>
            <section aria-labelledby="titre-formats">
                <h2 id="titre-formats">{"Formats d'échange et modes d'accès"}</h2>
                <p>{"Une facture envoyée se télécharge en PDF Factur-X, en UBL ou en CII, et « Voir comme l'API » montre ce que l'API du portail transporterait. Ces fichiers suivent la norme EN 16931 : code service en BT-10, engagement juridique en BT-13, cadre en BT-23, SIRET avec le schéma 0009. L'ancienne pratique de Chorus Pro (schéma d'identifiant « 1 », cadre porté ailleurs) n'est citée qu'à titre de note."}</p>
                <p>{crate::ui::components::link(Route::ModesAcces, "Comparer les modes d'accès : portail, EDI, API", "")}</p>
            </section>
            <section aria-labelledby="titre-clavier">
                <h2 id="titre-clavier">{"Utilisation au clavier"}</h2>
                <p>{"Toutes les actions sont accessibles au clavier : Tab et Maj+Tab pour passer d'un élément à l'autre, Entrée pour valider un formulaire ou suivre un lien, Espace pour un bouton. Le lien « Aller au contenu », en tout début de page, mène directement au titre."}</p>
            </section>
            <section aria-labelledby="titre-glossaire">
                <h2 id="titre-glossaire">{"Glossaire"}</h2>
                <dl class="glossaire">
                    { for GLOSSARY.iter().map(|(term, def)| html! { <><dt>{*term}</dt><dd>{*def}</dd></> }) }
                </dl>
            </section>
        </Page>
    }
}
