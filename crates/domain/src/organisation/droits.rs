//! Who may do what on a structure: the one permission matrix of the sandbox.
//!
//! Current « Portail de services » model: on each structure a user is either the gestionnaire
//! principal (GP) or a plain utilisateur, attached by a rattachement that must be VALIDEE; a
//! utilisateur holds, per application, an habilitation in consultation or in modification. The GP has
//! every right on the structure. The former « gestionnaire secondaire » survives as a utilisateur with
//! the Structures / Utilisateurs applications in modification. An application must also be active on
//! the structure, and a deactivated structure can only be consulted.
//!
//! The UI asks `check` before showing an action; every command asks it again before acting.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Applications of the portal, grouped in domaines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Application {
    FacturesEmises,
    FacturesRecues,
    FacturesAValider,
    FacturesTravaux,
    Structures,
    Utilisateurs,
    /// « Sollicitations reçues »: the questions users address to a public structure's services.
    Sollicitations,
}

impl Application {
    pub const ALL: [Application; 7] = [
        Application::FacturesEmises,
        Application::FacturesRecues,
        Application::FacturesAValider,
        Application::FacturesTravaux,
        Application::Structures,
        Application::Utilisateurs,
        Application::Sollicitations,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Application::FacturesEmises => "Factures émises",
            Application::FacturesRecues => "Factures reçues",
            Application::FacturesAValider => "Factures à valider",
            Application::FacturesTravaux => "Factures de travaux",
            Application::Structures => "Structures",
            Application::Utilisateurs => "Utilisateurs",
            Application::Sollicitations => "Sollicitations reçues",
        }
    }

    /// The applications a new structure starts with: suppliers issue invoices, public entities also
    /// receive them (« Factures reçues » is open by default on public structures) and answer the
    /// sollicitations addressed to their services.
    pub fn defaults(public: bool) -> Vec<Application> {
        let mut apps = vec![
            Application::FacturesEmises,
            Application::Structures,
            Application::Utilisateurs,
        ];
        if public {
            apps.push(Application::FacturesRecues);
            apps.push(Application::Sollicitations);
        }
        apps
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Habilitation {
    Consultation,
    Modification,
}

impl Habilitation {
    pub fn label(self) -> &'static str {
        match self {
            Habilitation::Consultation => "Consultation",
            Habilitation::Modification => "Modification",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Role {
    GestionnairePrincipal,
    Utilisateur,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::GestionnairePrincipal => "Gestionnaire principal",
            Role::Utilisateur => "Utilisateur",
        }
    }
}

/// Statuses of a rattachement (API enum `statutRattachement`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StatutRattachement {
    EnCoursDeValidation,
    Validee,
    Refusee,
    Desactivee,
    Supprimee,
}

impl StatutRattachement {
    pub const ALL: [StatutRattachement; 5] = [
        StatutRattachement::EnCoursDeValidation,
        StatutRattachement::Validee,
        StatutRattachement::Refusee,
        StatutRattachement::Desactivee,
        StatutRattachement::Supprimee,
    ];

    pub fn label(self) -> &'static str {
        match self {
            StatutRattachement::EnCoursDeValidation => "En cours de validation",
            StatutRattachement::Validee => "Validée",
            StatutRattachement::Refusee => "Refusée",
            StatutRattachement::Desactivee => "Désactivée",
            StatutRattachement::Supprimee => "Supprimée",
        }
    }
}

/// Everything a user may try on a structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    ConsulterStructure,
    ModifierStructure,
    GererCoordonneesBancaires,
    GererApplications,
    ChangerIdentifiant,
    DesactiverStructure,
    ConsulterServices,
    GererServices,
    ConsulterUtilisateurs,
    TraiterRattachements,
    GererHabilitations,
    DetacherUtilisateur,
    ExporterUtilisateurs,
    TransfererGestionnairePrincipal,
    ConsulterFacturesEmises,
    EmettreFactures,
    ConsulterFacturesRecues,
    TraiterFacturesRecues,
    ConsulterFacturesAValider,
    ValiderFactures,
    ConsulterFacturesTravaux,
    DeposerFacturesTravaux,
    /// « Suivi des flux » and a flux's compte rendu.
    ConsulterFlux,
    /// « Déposer une facture » as a UBL, CII or Factur-X flow.
    DeposerFlux,
    CreerDossierTravaux,
    RecupererFacturesTravaux,
    RefuserFacturesTravaux,
    /// « Corriger le valideur » of an A9/A12 invoice the supplier sent.
    CorrigerValideur,
    ConsulterSollicitationsRecues,
    /// Reply, ask for more information, send back to the support, close.
    TraiterSollicitations,
}

/// What an action requires, beyond a validated rattachement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Requirement {
    /// Only the gestionnaire principal.
    GestionnairePrincipal,
    /// The GP, or a utilisateur with at least this habilitation on this application.
    Habilitation(Application, Habilitation),
}

impl Action {
    pub const ALL: [Action; 30] = [
        Action::ConsulterStructure,
        Action::ModifierStructure,
        Action::GererCoordonneesBancaires,
        Action::GererApplications,
        Action::ChangerIdentifiant,
        Action::DesactiverStructure,
        Action::ConsulterServices,
        Action::GererServices,
        Action::ConsulterUtilisateurs,
        Action::TraiterRattachements,
        Action::GererHabilitations,
        Action::DetacherUtilisateur,
        Action::ExporterUtilisateurs,
        Action::TransfererGestionnairePrincipal,
        Action::ConsulterFacturesEmises,
        Action::EmettreFactures,
        Action::ConsulterFacturesRecues,
        Action::TraiterFacturesRecues,
        Action::ConsulterFacturesAValider,
        Action::ValiderFactures,
        Action::ConsulterFacturesTravaux,
        Action::DeposerFacturesTravaux,
        Action::ConsulterFlux,
        Action::DeposerFlux,
        Action::CreerDossierTravaux,
        Action::RecupererFacturesTravaux,
        Action::RefuserFacturesTravaux,
        Action::CorrigerValideur,
        Action::ConsulterSollicitationsRecues,
        Action::TraiterSollicitations,
    ];

    pub fn requirement(self) -> Requirement {
        use Application::*;
        use Habilitation::{Consultation, Modification};
        use Requirement::{GestionnairePrincipal, Habilitation as Needs};
        match self {
            Action::ConsulterStructure | Action::ConsulterServices => {
                Needs(Structures, Consultation)
            }
            Action::ModifierStructure
            | Action::GererCoordonneesBancaires
            | Action::GererServices
            | Action::ChangerIdentifiant => Needs(Structures, Modification),
            // Opening applications, deactivating the structure and handing over its management
            // stay with the GP.
            Action::GererApplications
            | Action::DesactiverStructure
            | Action::TransfererGestionnairePrincipal => GestionnairePrincipal,
            Action::ConsulterUtilisateurs | Action::ExporterUtilisateurs => {
                Needs(Utilisateurs, Consultation)
            }
            Action::TraiterRattachements
            | Action::GererHabilitations
            | Action::DetacherUtilisateur => Needs(Utilisateurs, Modification),
            Action::ConsulterFacturesEmises => Needs(FacturesEmises, Consultation),
            Action::EmettreFactures | Action::CorrigerValideur => {
                Needs(FacturesEmises, Modification)
            }
            Action::ConsulterFacturesRecues => Needs(FacturesRecues, Consultation),
            Action::TraiterFacturesRecues => Needs(FacturesRecues, Modification),
            Action::ConsulterFacturesAValider => Needs(FacturesAValider, Consultation),
            Action::ValiderFactures => Needs(FacturesAValider, Modification),
            Action::ConsulterFacturesTravaux => Needs(FacturesTravaux, Consultation),
            Action::ConsulterFlux => Needs(FacturesEmises, Consultation),
            Action::DeposerFlux => Needs(FacturesEmises, Modification),
            Action::DeposerFacturesTravaux
            | Action::CreerDossierTravaux
            | Action::RecupererFacturesTravaux
            | Action::RefuserFacturesTravaux => Needs(FacturesTravaux, Modification),
            Action::ConsulterSollicitationsRecues => Needs(Sollicitations, Consultation),
            Action::TraiterSollicitations => Needs(Sollicitations, Modification),
        }
    }

    /// Whether the action changes something (refused on a deactivated structure).
    pub fn modifies(self) -> bool {
        !matches!(
            self,
            Action::ConsulterStructure
                | Action::ConsulterServices
                | Action::ConsulterUtilisateurs
                | Action::ExporterUtilisateurs
                | Action::ConsulterFacturesEmises
                | Action::ConsulterFacturesRecues
                | Action::ConsulterFacturesAValider
                | Action::ConsulterFacturesTravaux
                | Action::ConsulterFlux
                | Action::ConsulterSollicitationsRecues
        )
    }

    /// The application the action belongs to (it must be active on the structure).
    pub fn application(self) -> Option<Application> {
        match self.requirement() {
            Requirement::Habilitation(app, _) => Some(app),
            Requirement::GestionnairePrincipal => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Action::ConsulterStructure => "consulter la fiche structure",
            Action::ModifierStructure => "modifier la fiche structure",
            Action::GererCoordonneesBancaires => "gérer les coordonnées bancaires",
            Action::GererApplications => "activer ou retirer des applications",
            Action::ChangerIdentifiant => "changer l'identifiant de la structure",
            Action::DesactiverStructure => "désactiver la structure",
            Action::ConsulterServices => "consulter les services",
            Action::GererServices => "gérer les services",
            Action::ConsulterUtilisateurs => "consulter les utilisateurs",
            Action::TraiterRattachements => "traiter les demandes de rattachement",
            Action::GererHabilitations => "gérer les habilitations",
            Action::DetacherUtilisateur => "détacher un utilisateur",
            Action::ExporterUtilisateurs => "exporter les utilisateurs",
            Action::TransfererGestionnairePrincipal => {
                "transférer le rôle de gestionnaire principal"
            }
            Action::ConsulterFacturesEmises => "consulter les factures émises",
            Action::EmettreFactures => "saisir ou déposer des factures",
            Action::ConsulterFacturesRecues => "consulter les factures reçues",
            Action::TraiterFacturesRecues => "traiter les factures reçues",
            Action::ConsulterFacturesAValider => "consulter les factures à valider",
            Action::ValiderFactures => "valider les factures de sous-traitance",
            Action::ConsulterFacturesTravaux => "consulter les factures de travaux",
            Action::DeposerFacturesTravaux => "déposer des factures de travaux",
            Action::ConsulterFlux => "consulter le suivi des flux",
            Action::DeposerFlux => "déposer des flux de factures",
            Action::CreerDossierTravaux => "créer un dossier de facturation de travaux",
            Action::RecupererFacturesTravaux => "récupérer un document de travaux",
            Action::RefuserFacturesTravaux => "refuser un document de travaux",
            Action::CorrigerValideur => "corriger le valideur d'une facture",
            Action::ConsulterSollicitationsRecues => "consulter les sollicitations reçues",
            Action::TraiterSollicitations => "traiter les sollicitations reçues",
        }
    }
}

/// The acting user's rattachement to the structure, as the matrix needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Membership {
    pub role: Role,
    pub status: StatutRattachement,
    pub habilitations: BTreeMap<Application, Habilitation>,
}

/// The structure, as the matrix needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StructureFacts {
    pub active: bool,
    pub applications: Vec<Application>,
}

/// May a user with `membership` (None: not attached) perform `action` on this structure? A refusal
/// says why, in French.
pub fn check(
    action: Action,
    membership: Option<&Membership>,
    structure: &StructureFacts,
) -> Result<(), String> {
    let refuse = |why: &str| {
        Err(format!(
            "Accès refusé : vous ne pouvez pas {} — {why}.",
            action.label()
        ))
    };
    let Some(m) = membership else {
        return refuse("vous n'êtes pas rattaché(e) à cette structure");
    };
    match m.status {
        StatutRattachement::Validee => {}
        StatutRattachement::EnCoursDeValidation => {
            return refuse("votre demande de rattachement est en cours de validation par le gestionnaire principal")
        }
        StatutRattachement::Refusee => return refuse("votre demande de rattachement a été refusée"),
        StatutRattachement::Desactivee | StatutRattachement::Supprimee => {
            return refuse("votre rattachement à cette structure a pris fin")
        }
    }
    if !structure.active && action.modifies() {
        return refuse("la structure est désactivée, elle ne peut plus qu'être consultée");
    }
    if let Some(app) = action.application() {
        if !structure.applications.contains(&app) {
            return refuse(&format!(
                "l'application « {} » n'est pas activée sur cette structure",
                app.label()
            ));
        }
    }
    if m.role == Role::GestionnairePrincipal {
        return Ok(());
    }
    match action.requirement() {
        Requirement::GestionnairePrincipal => refuse("c'est réservé au gestionnaire principal"),
        Requirement::Habilitation(app, needed) => match m.habilitations.get(&app) {
            Some(held) if *held >= needed => Ok(()),
            Some(_) => refuse(&format!(
                "votre habilitation sur « {} » est en consultation seulement",
                app.label()
            )),
            None => refuse(&format!(
                "vous n'avez pas d'habilitation sur « {} »",
                app.label()
            )),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action as A;

    /// The specification, written independently of `requirement()`: for a VALIDEE utilisateur on an
    /// active structure with every application, the lowest habilitation (on the named application)
    /// that allows the action, or None when only the GP may.
    fn spec(action: Action) -> Option<(Application, Habilitation)> {
        use Application::*;
        use Habilitation::*;
        match action {
            A::ConsulterStructure | A::ConsulterServices => Some((Structures, Consultation)),
            A::ModifierStructure
            | A::GererCoordonneesBancaires
            | A::GererServices
            | A::ChangerIdentifiant => Some((Structures, Modification)),
            A::GererApplications | A::DesactiverStructure | A::TransfererGestionnairePrincipal => {
                None
            }
            A::ConsulterUtilisateurs | A::ExporterUtilisateurs => {
                Some((Utilisateurs, Consultation))
            }
            A::TraiterRattachements | A::GererHabilitations | A::DetacherUtilisateur => {
                Some((Utilisateurs, Modification))
            }
            A::ConsulterFacturesEmises => Some((FacturesEmises, Consultation)),
            A::EmettreFactures => Some((FacturesEmises, Modification)),
            A::ConsulterFacturesRecues => Some((FacturesRecues, Consultation)),
            A::TraiterFacturesRecues => Some((FacturesRecues, Modification)),
            A::ConsulterFacturesAValider => Some((FacturesAValider, Consultation)),
            A::ValiderFactures => Some((FacturesAValider, Modification)),
            A::ConsulterFacturesTravaux => Some((FacturesTravaux, Consultation)),
            A::ConsulterFlux => Some((FacturesEmises, Consultation)),
            A::DeposerFlux => Some((FacturesEmises, Modification)),
            A::DeposerFacturesTravaux
            | A::CreerDossierTravaux
            | A::RecupererFacturesTravaux
            | A::RefuserFacturesTravaux => Some((FacturesTravaux, Modification)),
            A::CorrigerValideur => Some((FacturesEmises, Modification)),
            A::ConsulterSollicitationsRecues => Some((Sollicitations, Consultation)),
            A::TraiterSollicitations => Some((Sollicitations, Modification)),
        }
    }

    const READS: [Action; 10] = [
        A::ConsulterStructure,
        A::ConsulterServices,
        A::ConsulterUtilisateurs,
        A::ExporterUtilisateurs,
        A::ConsulterFacturesEmises,
        A::ConsulterFacturesRecues,
        A::ConsulterFacturesAValider,
        A::ConsulterFacturesTravaux,
        A::ConsulterFlux,
        A::ConsulterSollicitationsRecues,
    ];

    /// Every habilitation set a utilisateur can hold on the application that matters: none,
    /// consultation, modification.
    const LEVELS: [Option<Habilitation>; 3] = [
        None,
        Some(Habilitation::Consultation),
        Some(Habilitation::Modification),
    ];

    fn expected(
        action: Action,
        role: Role,
        status: StatutRattachement,
        level_on_app: Option<Habilitation>,
        active: bool,
        app_enabled: bool,
    ) -> bool {
        if status != StatutRattachement::Validee {
            return false;
        }
        if !active && !READS.contains(&action) {
            return false;
        }
        match spec(action) {
            None => role == Role::GestionnairePrincipal,
            Some((_, needed)) => {
                app_enabled
                    && (role == Role::GestionnairePrincipal
                        || level_on_app.is_some_and(|l| l >= needed))
            }
        }
    }

    #[test]
    fn every_cell_of_the_matrix() {
        let mut cells = 0;
        for action in Action::ALL {
            for role in [Role::GestionnairePrincipal, Role::Utilisateur] {
                for status in StatutRattachement::ALL {
                    for level in LEVELS {
                        for active in [true, false] {
                            for app_enabled in [true, false] {
                                let app = spec(action).map(|(a, _)| a);
                                let mut habilitations = BTreeMap::new();
                                // The level is held on the action's application; every other
                                // application is held in modification, to show it does not leak.
                                for other in Application::ALL {
                                    if Some(other) != app {
                                        habilitations.insert(other, Habilitation::Modification);
                                    }
                                }
                                if let (Some(app), Some(level)) = (app, level) {
                                    habilitations.insert(app, level);
                                }
                                let applications = Application::ALL
                                    .into_iter()
                                    .filter(|a| app_enabled || Some(*a) != app)
                                    .collect();
                                let m = Membership {
                                    role,
                                    status,
                                    habilitations,
                                };
                                let s = StructureFacts {
                                    active,
                                    applications,
                                };
                                let got = check(action, Some(&m), &s);
                                let want =
                                    expected(action, role, status, level, active, app_enabled);
                                assert_eq!(
                                    got.is_ok(),
                                    want,
                                    "{action:?} {role:?} {status:?} {level:?} active={active} app={app_enabled}: {got:?}"
                                );
                                if let Err(message) = got {
                                    assert!(
                                        message.starts_with("Accès refusé : vous ne pouvez pas ")
                                    );
                                }
                                cells += 1;
                            }
                        }
                    }
                }
            }
        }
        assert_eq!(cells, 30 * 2 * 5 * 3 * 2 * 2);
    }

    #[test]
    fn not_attached_is_always_refused() {
        let s = StructureFacts {
            active: true,
            applications: Application::ALL.to_vec(),
        };
        for action in Action::ALL {
            let e = check(action, None, &s).unwrap_err();
            assert!(e.contains("pas rattaché"), "{e}");
        }
    }

    #[test]
    fn refusals_say_why() {
        let s = StructureFacts {
            active: true,
            applications: Application::defaults(false),
        };
        let user = Membership {
            role: Role::Utilisateur,
            status: StatutRattachement::Validee,
            habilitations: [(Application::Structures, Habilitation::Consultation)].into(),
        };
        assert_eq!(
            check(A::ModifierStructure, Some(&user), &s).unwrap_err(),
            "Accès refusé : vous ne pouvez pas modifier la fiche structure — votre habilitation sur « Structures » est en consultation seulement."
        );
        assert!(check(A::TraiterFacturesRecues, Some(&user), &s)
            .unwrap_err()
            .contains("« Factures reçues » n'est pas activée"));
        assert!(check(A::GererApplications, Some(&user), &s)
            .unwrap_err()
            .contains("réservé au gestionnaire principal"));
        let pending = Membership {
            status: StatutRattachement::EnCoursDeValidation,
            ..user
        };
        assert!(check(A::ConsulterStructure, Some(&pending), &s)
            .unwrap_err()
            .contains("en cours de validation"));
    }

    #[test]
    fn public_structures_receive_invoices_by_default() {
        assert!(Application::defaults(true).contains(&Application::FacturesRecues));
        assert!(!Application::defaults(false).contains(&Application::FacturesRecues));
        assert!(Application::defaults(true).contains(&Application::Sollicitations));
        assert!(!Application::defaults(false).contains(&Application::Sollicitations));
    }
}
