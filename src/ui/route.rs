//! Every screen's address (hash routing: deep links survive a reload on any static host or sub-path),
//! with its title, breadcrumb and whether it needs a connected user.

use yew_router::prelude::*;

#[derive(Routable, Clone, Debug, PartialEq, Eq)]
pub enum Route {
    #[at("/")]
    Accueil,
    #[at("/connexion")]
    Connexion,
    #[at("/creer-un-compte")]
    CreerCompte,
    #[at("/activation/:token")]
    Activation { token: String },
    #[at("/renvoyer-activation")]
    RenvoyerActivation,
    #[at("/mot-de-passe-oublie")]
    MotDePasseOublie,
    #[at("/reinitialisation/:token")]
    Reinitialisation { token: String },
    #[at("/reactivation")]
    DemandeReactivation,
    #[at("/reactivation/:token")]
    Reactivation { token: String },
    #[at("/mon-compte")]
    MonCompte,
    #[at("/messagerie")]
    Messagerie,
    #[at("/messagerie/:id")]
    Message { id: String },
    #[at("/facturation")]
    Facturation,
    #[at("/organisation")]
    Organisation,
    #[at("/premiere-connexion")]
    PremiereConnexion,
    #[at("/structures")]
    Structures,
    #[at("/nouvelle-structure")]
    CreerStructure,
    #[at("/rattachement")]
    Rattachement,
    #[at("/structures/:id")]
    FicheStructure { id: String },
    #[at("/structures/:id/services")]
    Services { id: String },
    #[at("/structures/:id/utilisateurs")]
    Utilisateurs { id: String },
    #[at("/annuaire")]
    Annuaire,
    #[at("/annuaire/:id")]
    AnnuaireStructure { id: String },
    #[at("/factures-emises")]
    FacturesEmises,
    #[at("/factures-emises/brouillons")]
    Brouillons,
    #[at("/factures-emises/saisie")]
    SaisirFacture,
    #[at("/factures-emises/depot")]
    DeposerFacture,
    #[at("/factures-emises/flux")]
    SuiviFlux,
    #[at("/flux/:id")]
    Flux { id: String },
    #[at("/factures-emises/brouillons/:id")]
    ModifierBrouillon { id: String },
    #[at("/factures-recues")]
    FacturesRecues,
    #[at("/tableau-de-bord")]
    TableauDeBord,
    #[at("/factures/:id")]
    Facture { id: String },
    #[at("/factures/:id/certificat")]
    CertificatDepot { id: String },
    #[at("/factures/:id/api")]
    FactureApi { id: String },
    #[at("/modes-d-acces")]
    ModesAcces,
    #[at("/formateur")]
    EspaceFormateur,
    #[at("/aide")]
    Aide,
    #[at("/scenarios")]
    Scenarios,
    #[at("/scenario/:id/:version")]
    Scenario { id: String, version: String },
    #[at("/scenario-documents")]
    DocumentsScenario,
    #[at("/session")]
    Session,
    #[at("/positionnement/:moment")]
    Positionnement { moment: String },
    #[at("/mes-resultats")]
    Resultats,
    #[at("/attestation")]
    Attestation,
    #[at("/certificat-de-realisation")]
    Certificat,
    #[at("/formateur/classe")]
    BilanClasse,
    #[at("/comprendre/:sujet")]
    Comprendre { sujet: String },
    #[at("/recuperation")]
    Recuperation,
    #[not_found]
    #[at("/introuvable")]
    Introuvable,
}

impl Route {
    /// The page's `h1` and document title.
    pub fn title(&self) -> &'static str {
        match self {
            Route::Accueil => "Accueil",
            Route::Connexion => "Se connecter",
            Route::CreerCompte => "Créer un compte",
            Route::Activation { .. } => "Activer mon compte",
            Route::RenvoyerActivation => "Recevoir un nouveau lien d'activation",
            Route::MotDePasseOublie => "Mot de passe oublié",
            Route::Reinitialisation { .. } => "Choisir un nouveau mot de passe",
            Route::DemandeReactivation => "Réactiver mon compte",
            Route::Reactivation { .. } => "Réactiver mon compte",
            Route::MonCompte => "Mon compte",
            Route::Messagerie => "Messagerie",
            Route::Message { .. } => "Message",
            Route::Facturation => "Domaine Facturation",
            Route::Organisation => "Domaine Organisation",
            Route::PremiereConnexion => "Bienvenue : votre structure",
            Route::Structures => "Mes structures",
            Route::CreerStructure => "Créer une nouvelle structure",
            Route::Rattachement => "Se rattacher à une structure existante",
            Route::FicheStructure { .. } => "Fiche structure",
            Route::Services { .. } => "Services de la structure",
            Route::Utilisateurs { .. } => "Utilisateurs de la structure",
            Route::Annuaire => "Annuaire des structures publiques",
            Route::AnnuaireStructure { .. } => "Structure de l'annuaire",
            Route::FacturesEmises => "Factures émises — Synthèse",
            Route::Brouillons => "Factures émises — Brouillons",
            Route::SaisirFacture => "Saisir une facture",
            Route::DeposerFacture => "Déposer une facture",
            Route::SuiviFlux => "Suivi des flux",
            Route::Flux { .. } => "Flux déposé",
            Route::ModifierBrouillon { .. } => "Compléter le brouillon",
            Route::FacturesRecues => "Factures reçues — Synthèse",
            Route::TableauDeBord => "Tableau de bord",
            Route::Facture { .. } => "Consulter la facture",
            Route::CertificatDepot { .. } => "Certificat de dépôt",
            Route::FactureApi { .. } => "Voir comme l'API",
            Route::ModesAcces => "Modes d'accès : portail, EDI, API",
            Route::EspaceFormateur => "Espace formateur",
            Route::Aide => "Aide",
            Route::Scenarios => "Scénarios de formation",
            Route::Scenario { .. } => "Ouvrir un scénario de formation",
            Route::DocumentsScenario => "Documents du scénario",
            Route::Session => "Session de formation",
            Route::Positionnement { .. } => "Test de positionnement",
            Route::Resultats => "Mes résultats de formation",
            Route::Attestation => "Attestation de fin de formation",
            Route::Certificat => "Certificat de réalisation",
            Route::BilanClasse => "Session et bilan de la classe",
            Route::Comprendre { .. } => "Comprendre Chorus Pro",
            Route::Recuperation => "Récupération des données",
            Route::Introuvable => "Page introuvable",
        }
    }

    /// Ancestors shown in the breadcrumb, from the home page down (the page itself excluded).
    pub fn parents(&self) -> Vec<Route> {
        match self {
            Route::Accueil => vec![],
            Route::Message { .. } => vec![Route::Accueil, Route::Messagerie],
            Route::Activation { .. } | Route::RenvoyerActivation => {
                vec![Route::Accueil, Route::Connexion]
            }
            Route::MotDePasseOublie
            | Route::Reinitialisation { .. }
            | Route::DemandeReactivation
            | Route::Reactivation { .. } => vec![Route::Accueil, Route::Connexion],
            Route::Structures | Route::Annuaire => vec![Route::Accueil, Route::Organisation],
            Route::CreerStructure | Route::Rattachement | Route::FicheStructure { .. } => {
                vec![Route::Accueil, Route::Organisation, Route::Structures]
            }
            Route::Services { id } | Route::Utilisateurs { id } => vec![
                Route::Accueil,
                Route::Organisation,
                Route::Structures,
                Route::FicheStructure { id: id.clone() },
            ],
            Route::AnnuaireStructure { .. } => {
                vec![Route::Accueil, Route::Organisation, Route::Annuaire]
            }
            Route::FacturesEmises | Route::FacturesRecues | Route::TableauDeBord => {
                vec![Route::Accueil, Route::Facturation]
            }
            Route::Brouillons
            | Route::SaisirFacture
            | Route::DeposerFacture
            | Route::SuiviFlux
            | Route::Facture { .. } => {
                vec![Route::Accueil, Route::Facturation, Route::FacturesEmises]
            }
            Route::ModifierBrouillon { .. } => vec![
                Route::Accueil,
                Route::Facturation,
                Route::FacturesEmises,
                Route::SuiviFlux,
                Route::Flux { id: "ab12".into() },
                Route::Brouillons,
            ],
            Route::Flux { .. } => vec![
                Route::Accueil,
                Route::Facturation,
                Route::FacturesEmises,
                Route::SuiviFlux,
            ],
            Route::CertificatDepot { id } | Route::FactureApi { id } => vec![
                Route::Accueil,
                Route::Facturation,
                Route::FacturesEmises,
                Route::Facture { id: id.clone() },
            ],
            Route::Scenario { .. } | Route::DocumentsScenario => {
                vec![Route::Accueil, Route::Scenarios]
            }
            Route::Attestation | Route::Certificat | Route::Positionnement { .. } => {
                vec![Route::Accueil, Route::Resultats]
            }
            Route::BilanClasse => vec![Route::Accueil, Route::EspaceFormateur],
            _ => vec![Route::Accueil],
        }
    }

    /// Pages only a connected user may open (others show the connection form instead).
    pub fn requires_login(&self) -> bool {
        matches!(
            self,
            Route::MonCompte
                | Route::PremiereConnexion
                | Route::Structures
                | Route::CreerStructure
                | Route::Rattachement
                | Route::FicheStructure { .. }
                | Route::Services { .. }
                | Route::Utilisateurs { .. }
                | Route::FacturesEmises
                | Route::FacturesRecues
                | Route::TableauDeBord
                | Route::Brouillons
                | Route::SaisirFacture
                | Route::DeposerFacture
                | Route::SuiviFlux
                | Route::Flux { .. }
                | Route::ModifierBrouillon { .. }
                | Route::Facture { .. }
                | Route::CertificatDepot { .. }
                | Route::FactureApi { .. }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip() {
        let routes = [
            Route::Accueil,
            Route::Connexion,
            Route::CreerCompte,
            Route::Activation {
                token: "ab12".into(),
            },
            Route::RenvoyerActivation,
            Route::MotDePasseOublie,
            Route::Reinitialisation {
                token: "cd34".into(),
            },
            Route::DemandeReactivation,
            Route::Reactivation {
                token: "ef56".into(),
            },
            Route::MonCompte,
            Route::Messagerie,
            Route::Message { id: "0123".into() },
            Route::Facturation,
            Route::Organisation,
            Route::EspaceFormateur,
            Route::Aide,
            Route::Recuperation,
            Route::Scenarios,
            Route::Scenario {
                id: "fiche-structure".into(),
                version: "1".into(),
            },
            Route::DocumentsScenario,
            Route::Session,
            Route::Positionnement {
                moment: "avant".into(),
            },
            Route::Resultats,
            Route::Attestation,
            Route::Certificat,
            Route::BilanClasse,
            Route::Comprendre {
                sujet: "contexte".into(),
            },
            Route::PremiereConnexion,
            Route::Structures,
            Route::CreerStructure,
            Route::Rattachement,
            Route::FicheStructure { id: "ab12".into() },
            Route::Services { id: "ab12".into() },
            Route::Utilisateurs { id: "ab12".into() },
            Route::Annuaire,
            Route::AnnuaireStructure {
                id: "annuaire-91000037800013".into(),
            },
            Route::FacturesEmises,
            Route::FacturesRecues,
            Route::TableauDeBord,
            Route::Brouillons,
            Route::SaisirFacture,
            Route::DeposerFacture,
            Route::ModifierBrouillon { id: "ab12".into() },
            Route::Facture { id: "ab12".into() },
            Route::CertificatDepot { id: "ab12".into() },
            Route::FactureApi { id: "ab12".into() },
            Route::ModesAcces,
        ];
        for r in routes {
            let path = r.to_path();
            assert_eq!(Route::recognize(&path), Some(r.clone()), "{path}");
            assert!(!r.title().is_empty());
        }
    }

    #[test]
    fn unknown_paths_are_not_found() {
        assert_eq!(Route::recognize("/nimporte-quoi"), Some(Route::Introuvable));
        assert_eq!(
            Route::recognize("/messagerie/a/b"),
            Some(Route::Introuvable)
        );
    }

    #[test]
    fn breadcrumbs_start_at_home() {
        assert!(Route::Accueil.parents().is_empty());
        assert_eq!(
            Route::Message { id: "x".into() }.parents(),
            vec![Route::Accueil, Route::Messagerie]
        );
        assert_eq!(Route::Aide.parents(), vec![Route::Accueil]);
    }

    #[test]
    fn only_account_pages_need_a_session() {
        assert!(Route::MonCompte.requires_login());
        assert!(!Route::Messagerie.requires_login());
        assert!(!Route::EspaceFormateur.requires_login());
        assert!(Route::Utilisateurs { id: "x".into() }.requires_login());
        assert!(!Route::Annuaire.requires_login(), "the annuaire is public");
    }
}
