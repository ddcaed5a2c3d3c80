//! Demo accounts shipped with the sandbox, for quick practice on both sides: a supplier company
//! (its gestionnaire principal and a user) and a public entity of the annuaire (its gestionnaire
//! and an agent who processes « Factures reçues »). They are ordinary accounts: their password is
//! shown on the login page, stored like any other as an Argon2id hash.

use crate::compte::{Compte, StatutCompte};
use crate::kernel::ids::{CompteBancaireId, CompteId, RattachementId, StructureId};
use crate::kernel::time::Timestamp;
use crate::organisation::droits::{Application, Habilitation, Role, StatutRattachement};
use crate::organisation::identifiants;
use crate::organisation::insee;
use crate::organisation::rattachement::Rattachement;
use crate::organisation::structure::{
    CompteBancaire, ParametresDestinataire, StatutStructure, Structure, TypeStructure,
};
use crate::sandbox::Record;
use crate::simulation::annuaire;
use chrono::{TimeZone, Utc};
use std::collections::BTreeMap;
use std::rc::Rc;

/// The password of every demo account (shown on the login page).
pub const DEMO_PASSWORD: &str = "Bac-a-sable-2026";

/// Argon2id hashes of `DEMO_PASSWORD`, one salt per account (computed once; a test checks them).
const HASHES: [&str; 6] = [
    "$argon2id$v=19$m=19456,t=2,p=1$84/DniGKSbYVAiWFTGRxPA$v+s8A33oZe/4pkyhvwDwcYe+lCMbN8YlQRLanJQHPTE",
    "$argon2id$v=19$m=19456,t=2,p=1$AejulSitZvdklLizO4zNCg$v4YfUP5gFGSLDOX9LiKLonLvXI3oPCuwQ7I7pVIZIoQ",
    "$argon2id$v=19$m=19456,t=2,p=1$Z7SvwuwFC57VAPf53u55wA$c0d/0264Ci8l2+mMMAkdA0V1CNKDWZ88YjgfXjLK2MM",
    "$argon2id$v=19$m=19456,t=2,p=1$WLXpjzfE+ohvCPctz3I05A$cCsQiBVZC91jTBHqiUz9jtWOlUxyyzQaVqh4i/N3F3M",
    "$argon2id$v=19$m=19456,t=2,p=1$fXDSxWoXdBwvj+lQIgp6uA$1XGyGOLfNRE+MCYUh8HUNlTO9Fafvddlu5lbg+mCIBQ",
    "$argon2id$v=19$m=19456,t=2,p=1$jnO73Nz3EQwV2PuLgj8yRg$IDaU8iz7e4FhPqiylAhynMce1On3ylTqfMFeTr2JxQw",
];

/// The supplier company (from the simulated INSEE base); titulaire of a marché whose
/// sub-contractor is `SOUS_TRAITANT` (it validates its A9 invoices in « Factures à valider »).
pub const FOURNISSEUR: &str = "demo-menuiserie-durand";
/// The maître d'œuvre of the works demo (« Factures de travaux »), from the simulated INSEE base.
pub const MAITRE_OEUVRE: &str = "demo-atelier-lemaire";
const MAITRE_OEUVRE_RAISON_SOCIALE: &str = "Atelier d'architecture Lemaire";
/// The sub-contractor of the demo supplier (from the simulated INSEE base).
pub const SOUS_TRAITANT: &str = "demo-nettoyage-atlantique";
/// Raison sociale of the public entity the demo agents belong to (from the annuaire).
pub const ENTITE_PUBLIQUE: &str = "Ville de Rivebelle";

/// A demo account as the login page presents it.
pub struct CompteDemo {
    pub id: &'static str,
    pub prenom: &'static str,
    pub nom: &'static str,
    pub email: &'static str,
    /// Who they are, for the trainee choosing one.
    pub role: &'static str,
}

pub const ACCOUNTS: [CompteDemo; 6] = [
    CompteDemo {
        id: "demo-claire-durand",
        prenom: "Claire",
        nom: "Durand",
        email: "claire.durand@menuiserie-durand.example",
        role: "Fournisseur — gestionnaire principale de la Menuiserie Durand et Fils",
    },
    CompteDemo {
        id: "demo-hugo-petit",
        prenom: "Hugo",
        nom: "Petit",
        email: "hugo.petit@menuiserie-durand.example",
        role: "Fournisseur — utilisateur (Factures émises) de la Menuiserie Durand et Fils",
    },
    CompteDemo {
        id: "demo-marc-lefevre",
        prenom: "Marc",
        nom: "Lefèvre",
        email: "marc.lefevre@rivebelle.example",
        role: "Entité publique — gestionnaire principal de la Ville de Rivebelle",
    },
    CompteDemo {
        id: "demo-nadia-benali",
        prenom: "Nadia",
        nom: "Benali",
        email: "nadia.benali@rivebelle.example",
        role: "Entité publique — agente (Factures reçues, Sollicitations reçues) de la Ville de Rivebelle",
    },
    CompteDemo {
        id: "demo-sami-roux",
        prenom: "Sami",
        nom: "Roux",
        email: "sami.roux@nettoyage-atlantique.example",
        role: "Sous-traitant — gestionnaire principal de Nettoyage Pro Atlantique (sous-traitant de la Menuiserie Durand et Fils)",
    },
    CompteDemo {
        id: "demo-julie-lemaire",
        prenom: "Julie",
        nom: "Lemaire",
        email: "julie.lemaire@architecture-lemaire.example",
        role: "Maître d'œuvre (factures de travaux) — gestionnaire principale de l'Atelier d'architecture Lemaire",
    },
];

fn created_at() -> Timestamp {
    Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0)
        .single()
        .expect("date fixe valide")
}

/// The id of the demo public entity in the annuaire.
pub fn public_structure_id() -> StructureId {
    annuaire::seed()
        .into_iter()
        .find(|e| e.structure.raison_sociale == ENTITE_PUBLIQUE)
        .map(|e| e.structure.id)
        .expect("the demo entity is in the annuaire")
}

fn supplier() -> Structure {
    company(0, FOURNISSEUR)
}

/// The sub-contractor: its own bank account, no « Factures à valider ».
fn sous_traitant() -> Structure {
    let mut s = company(3, SOUS_TRAITANT);
    s.applications = Application::defaults(false);
    s.telephone = Some("05 56 00 00 03".to_string());
    s.email = Some("contact@nettoyage-atlantique.example".to_string());
    if let Some(b) = s.bank_accounts.first_mut() {
        b.id = CompteBancaireId::from("demo-compte-sous-traitant");
        b.iban = "FR6530006000011234567890290".to_string();
    }
    s
}

/// A company of the simulated INSEE base as a structure of the demo.
fn company(n: usize, id: &str) -> Structure {
    let e = &insee::base()[n];
    let mut applications = Application::defaults(false);
    applications.push(Application::FacturesAValider);
    Structure {
        id: StructureId::from(id),
        identifier_type: identifiants::TypeIdentifiant::Siret,
        identifier: e.siret.clone(),
        kind: TypeStructure::Privee,
        categorie: None,
        raison_sociale: e.raison_sociale.clone(),
        libelle: None,
        adresse: e.adresse.clone(),
        telephone: Some("04 65 71 00 01".to_string()),
        email: Some("contact@menuiserie-durand.example".to_string()),
        numero_tva: Some(e.numero_tva()),
        rcs: Some(e.rcs()),
        parametres: ParametresDestinataire::default(),
        applications: with_travaux(applications),
        bank_accounts: vec![CompteBancaire {
            id: CompteBancaireId::from("demo-compte-principal"),
            libelle: "Compte courant".to_string(),
            iban: "FR7630006000011234567890189".to_string(),
            bic: "AGRIFRPP882".to_string(),
            affactureur: false,
            actif: true,
        }],
        status: StatutStructure::Active,
        en_cours_immatriculation: false,
        origine: None,
        simulation: None,
        valideur_simule: None,
        created_at: created_at(),
    }
}

fn with_travaux(mut apps: Vec<Application>) -> Vec<Application> {
    apps.push(Application::FacturesTravaux);
    apps
}

/// The maître d'œuvre of the works demo: an architecture firm of the INSEE base, without a bank
/// account (it is not paid through the sandbox) nor « Factures à valider ».
fn maitre_oeuvre() -> Structure {
    let n = insee::base()
        .iter()
        .position(|e| e.raison_sociale == MAITRE_OEUVRE_RAISON_SOCIALE)
        .expect("the demo MOE is in the INSEE base");
    let mut s = company(n, MAITRE_OEUVRE);
    s.telephone = None;
    s.email = Some("contact@architecture-lemaire.example".to_string());
    s.applications = with_travaux(Application::defaults(false));
    s.bank_accounts = Vec::new();
    s
}

fn account(n: usize, structure: &StructureId) -> Compte {
    let d = &ACCOUNTS[n];
    Compte {
        id: CompteId::from(d.id),
        login_email: d.email.to_string(),
        contact_email: d.email.to_string(),
        nom: d.nom.to_string(),
        prenom: d.prenom.to_string(),
        telephone: None,
        password_hash: HASHES[n].to_string(),
        status: StatutCompte::Actif,
        created_at: created_at(),
        activated_at: Some(created_at()),
        last_login_at: None,
        link: None,
        structure_courante: Some(structure.clone()),
        notifications_factures: true,
    }
}

fn rattachement(
    n: usize,
    structure: &StructureId,
    role: Role,
    habilitations: &[(Application, Habilitation)],
) -> Rattachement {
    Rattachement {
        id: RattachementId(format!("{}-rattachement", ACCOUNTS[n].id)),
        account: CompteId::from(ACCOUNTS[n].id),
        structure: structure.clone(),
        role,
        status: StatutRattachement::Validee,
        habilitations: habilitations.iter().copied().collect::<BTreeMap<_, _>>(),
        services: Vec::new(),
        commentaire: None,
        motif: None,
        requested_at: created_at(),
        decided_at: Some(created_at()),
        decided_by: None,
    }
}

/// The demo structure, accounts and rattachements, as records of the sandbox's base.
pub fn records() -> Vec<Record> {
    use Application::*;
    use Habilitation::*;
    let fournisseur = StructureId::from(FOURNISSEUR);
    let soustraitant = StructureId::from(SOUS_TRAITANT);
    let publique = public_structure_id();
    let moe = StructureId::from(MAITRE_OEUVRE);
    let rattachements = [
        rattachement(0, &fournisseur, Role::GestionnairePrincipal, &[]),
        rattachement(
            1,
            &fournisseur,
            Role::Utilisateur,
            &[(FacturesEmises, Modification), (Structures, Consultation)],
        ),
        rattachement(2, &publique, Role::GestionnairePrincipal, &[]),
        rattachement(4, &soustraitant, Role::GestionnairePrincipal, &[]),
        rattachement(5, &moe, Role::GestionnairePrincipal, &[]),
        rattachement(
            3,
            &publique,
            Role::Utilisateur,
            &[
                (FacturesRecues, Modification),
                (Structures, Consultation),
                (Sollicitations, Modification),
            ],
        ),
    ];
    let mut out = vec![
        Record::Structure(Rc::new(supplier())),
        Record::Structure(Rc::new(sous_traitant())),
        Record::Structure(Rc::new(maitre_oeuvre())),
    ];
    for n in 0..ACCOUNTS.len() {
        let structure = match n {
            0 | 1 => &fournisseur,
            4 => &soustraitant,
            5 => &moe,
            _ => &publique,
        };
        out.push(Record::Compte(Rc::new(account(n, structure))));
    }
    out.extend(
        rattachements
            .into_iter()
            .map(|r| Record::Rattachement(Rc::new(r))),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{compte::mot_de_passe, organisation::coordonnees_bancaires};

    #[test]
    #[ignore = "prints fresh hashes to paste into HASHES"]
    fn print_hashes() {
        for _ in 0..HASHES.len() {
            println!("{}", mot_de_passe::hash(DEMO_PASSWORD));
        }
    }

    #[test]
    fn the_shown_password_opens_every_demo_account() {
        mot_de_passe::check_policy(DEMO_PASSWORD).unwrap();
        for h in HASHES {
            assert!(mot_de_passe::is_phc_hash(h));
            assert!(mot_de_passe::verify(DEMO_PASSWORD, h), "{h}");
        }
        let salts: std::collections::HashSet<_> = HASHES.iter().collect();
        assert_eq!(salts.len(), HASHES.len());
    }

    #[test]
    fn demo_data_is_valid() {
        for b in supplier()
            .bank_accounts
            .iter()
            .chain(&sous_traitant().bank_accounts)
        {
            assert_eq!(
                coordonnees_bancaires::validate_iban(&b.iban).unwrap(),
                b.iban
            );
            assert_eq!(coordonnees_bancaires::validate_bic(&b.bic).unwrap(), b.bic);
        }
        for a in ACCOUNTS {
            crate::compte::check_email(a.email, "e-mail").unwrap();
        }
        assert_eq!(records().len(), 3 + 6 + 6);
    }
}
