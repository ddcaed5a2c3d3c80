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
    #[at("/formateur")]
    EspaceFormateur,
    #[at("/aide")]
    Aide,
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
            Route::EspaceFormateur => "Espace formateur",
            Route::Aide => "Aide",
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
            _ => vec![Route::Accueil],
        }
    }

    /// Pages only a connected user may open (others show the connection form instead).
    pub fn requires_login(&self) -> bool {
        matches!(self, Route::MonCompte)
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
    }
}
