//! The seeded annuaire: a directory of fictitious public structures and their services, shipped
//! with the app (the base every sandbox starts from, see `simulation::base`). Its search is
//! `organisation::annuaire`.
//!
//! Every structure, SIRET, address, phone number and e-mail address here is invented: the SIRETs
//! are computed from a SIREN base starting with 9 so that they pass the Luhn checks, the phone
//! numbers come from the ranges ARCEP reserves for fiction, and the e-mail domain is `.invalid`.

use crate::kernel::ids::{ServiceId, StructureId};
mod catalogue;

use crate::kernel::text::search_key;
use crate::kernel::time::Timestamp;
use crate::organisation::droits::Application;
use crate::organisation::identifiants::{self, TypeIdentifiant};
use crate::organisation::structure::{
    Adresse, ParametresDestinataire, ProfilDestinataire, Service, StatutStructure, Structure,
    TypeStructure, FACTURES_PUBLIQUES,
};
use catalogue::{catalogue, Etat, Moa, Sv, FACTURES_PUBLIQUES_DESCRIPTION};
use chrono::{NaiveDate, TimeZone, Utc};

/// One structure of the seeded annuaire with its services.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntreeAnnuaire {
    pub structure: Structure,
    pub services: Vec<Service>,
}

/// The flags a profile sets (« EJ ou code service » alone, as OCA reads it first).
fn parameters_for(profile: ProfilDestinataire) -> ParametresDestinataire {
    let (code_service_obligatoire, ej_obligatoire, ej_ou_code_service) = match profile {
        ProfilDestinataire::SansParametre => (false, false, false),
        ProfilDestinataire::CodeServiceObligatoire => (true, false, false),
        ProfilDestinataire::EjObligatoire => (false, true, false),
        ProfilDestinataire::EjOuCodeService => (false, false, true),
        ProfilDestinataire::EjEtCodeService => (true, true, false),
    };
    ParametresDestinataire {
        code_service_obligatoire,
        ej_obligatoire,
        ej_ou_code_service,
        ..ParametresDestinataire::default()
    }
}

/// SIRET of the `n`-th seeded structure: a SIREN starting with 9 (spread by a prime step so the
/// numbers do not look sequential) and a NIC, each closed by its Luhn key.
fn fictitious_siret(n: usize) -> String {
    let mut siren = format!("9{:07}", 1_000_003 + n * 104_729);
    siren.push(identifiants::luhn_key(&siren));
    let mut siret = format!("{siren}{:04}", 1 + (n % 5) * 12);
    siret.push(identifiants::luhn_key(&siret));
    siret
}

/// A number from the ARCEP ranges reserved for fiction, in the zone of the postcode's département.
fn fictitious_phone(code_postal: &str, n: usize) -> String {
    let zone = match code_postal.get(..2).unwrap_or("") {
        "75" | "77" | "78" | "91" | "92" | "93" | "94" | "95" => "01 99 00",
        "14" | "18" | "22" | "27" | "28" | "29" | "35" | "36" | "37" | "41" | "44" | "45"
        | "49" | "50" | "53" | "56" | "61" | "72" | "76" | "85" => "02 61 91",
        "02" | "08" | "10" | "21" | "25" | "39" | "51" | "52" | "54" | "55" | "57" | "58"
        | "59" | "60" | "62" | "67" | "68" | "70" | "71" | "80" | "88" | "89" | "90" => "03 53 01",
        "09" | "12" | "16" | "17" | "19" | "23" | "24" | "31" | "32" | "33" | "40" | "46"
        | "47" | "64" | "65" | "79" | "81" | "82" | "86" | "87" => "05 36 49",
        _ => "04 65 71",
    };
    format!("{zone} {:02} {:02}", (n / 100) % 100, n % 100)
}

/// `Commune de Val-Fleuri` → `commune-de-val-fleuri`, cut at a word boundary to stay a short
/// e-mail local part.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for word in search_key(s).split(' ') {
        if out.len() + word.len() + 1 > 40 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    out
}

/// The seeded annuaire: always the same structures, ids and SIRETs, so saved exercises keep
/// pointing at the same recipients.
pub fn seed() -> Vec<EntreeAnnuaire> {
    let created_at: Timestamp = Utc
        .with_ymd_and_hms(2024, 1, 1, 0, 0, 0)
        .single()
        .expect("date fixe valide");
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date fixe valide");
    let debut = day(2020, 1, 1);
    let fin_2050 = day(2050, 12, 31);
    let fin_2023 = day(2023, 12, 31);

    let factures_publiques: Sv = (
        FACTURES_PUBLIQUES,
        "Service des factures publiques",
        Etat::Ouvert,
    );

    let mut entries: Vec<EntreeAnnuaire> = Vec::new();
    for (n, spec) in catalogue().into_iter().enumerate() {
        let siret = fictitious_siret(n);
        let siren = identifiants::siren_of(&siret);
        let id = StructureId(format!("annuaire-{siret}"));
        let (adresse, code_postal, ville) = spec.adresse;
        let parametres = ParametresDestinataire {
            mise_en_paiement_non_remontee: spec.mise_en_paiement_non_remontee,
            est_moa: spec.moa != Moa::Non,
            est_moa_uniquement: spec.moa == Moa::Uniquement,
            ..parameters_for(spec.profil)
        };
        let origine = if spec.succede {
            entries.last().map(|e| e.structure.id.clone())
        } else {
            None
        };
        let structure = Structure {
            id: id.clone(),
            identifier_type: TypeIdentifiant::Siret,
            identifier: siret.clone(),
            kind: TypeStructure::Publique,
            categorie: Some(spec.categorie),
            raison_sociale: spec.raison_sociale.to_string(),
            libelle: spec.libelle.map(str::to_string),
            adresse: Adresse {
                adresse: adresse.to_string(),
                complement1: None,
                complement2: None,
                code_postal: code_postal.to_string(),
                ville: ville.to_string(),
                pays: "FR".to_string(),
            },
            telephone: Some(fictitious_phone(code_postal, n + 1)),
            email: Some(format!(
                "{}@annuaire.invalid",
                slug(spec.libelle.unwrap_or(spec.raison_sociale))
            )),
            numero_tva: Some(identifiants::french_vat_number(siren)),
            rcs: None,
            parametres,
            // A maître d'ouvrage also has « Factures de travaux » open (facturation::travaux).
            applications: if spec.moa == Moa::Non {
                Application::defaults(true)
            } else {
                let mut apps = Application::defaults(true);
                apps.push(Application::FacturesTravaux);
                apps
            },
            bank_accounts: Vec::new(),
            status: if spec.desactivee {
                StatutStructure::Desactivee
            } else {
                StatutStructure::Active
            },
            en_cours_immatriculation: false,
            origine,
            simulation: None,
            valideur_simule: None,
            created_at,
        };
        // Every public structure also has the service reserved to invoices between public
        // entities (facts §2.4), listed after the structure's own services.
        let services = spec
            .services
            .iter()
            .chain(std::iter::once(&factures_publiques))
            .enumerate()
            .map(|(i, &(code, libelle, etat))| Service {
                id: ServiceId(format!("annuaire-{siret}-{}", i + 1)),
                structure: id.clone(),
                code: code.to_string(),
                libelle: libelle.to_string(),
                description: (code == FACTURES_PUBLIQUES)
                    .then(|| FACTURES_PUBLIQUES_DESCRIPTION.to_string()),
                adresse: None,
                debut_validite: debut,
                fin_validite: match etat {
                    Etat::Ouvert | Etat::Inactif => None,
                    Etat::Jusqu2050 | Etat::AvecEj => Some(fin_2050),
                    Etat::Ferme => Some(fin_2023),
                },
                ej_obligatoire: matches!(etat, Etat::AvecEj),
                actif: !matches!(etat, Etat::Inactif),
                script: None,
            })
            .collect();
        entries.push(EntreeAnnuaire {
            structure,
            services,
        });
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compte::check_email;
    use crate::kernel::ids::is_valid_id;
    use crate::organisation::annuaire::services_actifs;
    use crate::organisation::structure::CategoriePublique;
    use std::collections::{BTreeMap, HashSet};

    fn structures() -> Vec<Structure> {
        seed().into_iter().map(|e| e.structure).collect()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn seed_is_a_large_fictitious_public_directory() {
        let seeded = seed();
        assert!(seeded.len() >= 42, "{}", seeded.len());
        let created = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
        for e in &seeded {
            let s = &e.structure;
            assert!(s.is_public(), "{}", s.raison_sociale);
            assert_eq!(s.identifier_type, TypeIdentifiant::Siret);
            assert!(s.categorie.is_some());
            // A maître d'ouvrage also opens « Factures de travaux ».
            let mut apps = Application::defaults(true);
            if s.parametres.est_moa {
                apps.push(Application::FacturesTravaux);
            }
            assert_eq!(s.applications, apps);
            assert_eq!(s.created_at, created);
            assert!(s.bank_accounts.is_empty());
            let a = &s.adresse;
            assert_eq!(a.pays, "FR");
            assert!(
                a.code_postal.len() == 5 && a.code_postal.bytes().all(|b| b.is_ascii_digit()),
                "{}",
                a.code_postal
            );
            assert!(!a.adresse.is_empty() && !a.ville.is_empty());
            let email = s.email.as_deref().unwrap();
            assert_eq!(check_email(email, "Courriel").unwrap(), email);
            assert!(email.ends_with("@annuaire.invalid"), "{email}");
            let phone = s.telephone.as_deref().unwrap();
            assert_eq!(phone.len(), 14, "{phone}");
            assert!(
                ["01 99 00", "02 61 91", "03 53 01", "04 65 71", "05 36 49"]
                    .iter()
                    .any(|p| phone.starts_with(p)),
                "{phone}"
            );
        }
        // Phone zones follow the département: Paris in 01, Rivebelle (44) in 02.
        let by_name = |n: &str| {
            seeded
                .iter()
                .find(|e| e.structure.raison_sociale == n)
                .unwrap()
        };
        let paris = by_name("Ministère de la Formation fictive");
        assert!(paris
            .structure
            .telephone
            .as_deref()
            .unwrap()
            .starts_with("01 "));
        let rivebelle = by_name("Ville de Rivebelle");
        assert!(rivebelle
            .structure
            .telephone
            .as_deref()
            .unwrap()
            .starts_with("02 "));
    }

    #[test]
    fn sirets_are_valid_unique_and_computed() {
        let mut seen = HashSet::new();
        for s in structures() {
            let siret = identifiants::validate_siret(&s.identifier).unwrap();
            assert_eq!(siret, s.identifier);
            assert!(siret.starts_with('9'), "{siret}");
            let siren = identifiants::siren_of(&siret);
            identifiants::validate_siren(siren).unwrap();
            let tva = s.numero_tva.as_deref().unwrap();
            assert_eq!(tva, identifiants::french_vat_number(siren));
            assert_eq!(identifiants::validate_vat_number(tva).unwrap(), tva);
            assert!(seen.insert(siret.clone()), "SIRET en double : {siret}");
        }
        // The key helper agrees with an independently known SIRET (facts: 732 829 320 00074).
        assert_eq!(identifiants::luhn_key("73282932"), '0');
        assert_eq!(identifiants::luhn_key("7328293200007"), '4');
    }

    #[test]
    fn ids_are_valid_unique_and_linked() {
        let mut ids = HashSet::new();
        for e in seed() {
            let sid = e.structure.id.as_str();
            assert!(is_valid_id(sid), "{sid}");
            assert_eq!(sid, format!("annuaire-{}", e.structure.identifier));
            assert!(ids.insert(sid.to_string()));
            for (i, sv) in e.services.iter().enumerate() {
                assert!(is_valid_id(sv.id.as_str()), "{}", sv.id);
                assert_eq!(sv.id.0, format!("{sid}-{}", i + 1));
                assert_eq!(sv.structure, e.structure.id);
                assert!(ids.insert(sv.id.0.clone()));
            }
        }
    }

    #[test]
    fn every_recipient_profile_and_flag_is_seeded() {
        let all = structures();
        let mut per_profile: BTreeMap<ProfilDestinataire, usize> = BTreeMap::new();
        for s in &all {
            *per_profile.entry(s.parametres.profile()).or_default() += 1;
        }
        for profile in [
            ProfilDestinataire::SansParametre,
            ProfilDestinataire::CodeServiceObligatoire,
            ProfilDestinataire::EjObligatoire,
            ProfilDestinataire::EjOuCodeService,
            ProfilDestinataire::EjEtCodeService,
        ] {
            let n = per_profile.get(&profile).copied().unwrap_or(0);
            assert!(n >= 2, "{profile:?}: {n}");
        }
        let count = |f: fn(&ParametresDestinataire) -> bool| {
            all.iter().filter(|s| f(&s.parametres)).count()
        };
        assert!(count(|p| p.mise_en_paiement_non_remontee) >= 2);
        assert!(count(|p| p.est_moa) >= 3);
        assert!(count(|p| p.est_moa_uniquement) >= 1);
        // « MOA uniquement » is a kind of MOA.
        assert_eq!(count(|p| p.est_moa_uniquement && !p.est_moa), 0);
    }

    #[test]
    fn deactivated_structures_are_kept_in_the_directory() {
        let all = structures();
        assert!(all.iter().any(|s| s.status == StatutStructure::Desactivee));
        // After a SIRET change the copy points at the deactivated original.
        let copy = all.iter().find(|s| s.origine.is_some()).unwrap();
        let original = all
            .iter()
            .find(|s| Some(&s.id) == copy.origine.as_ref())
            .unwrap();
        assert_eq!(original.status, StatutStructure::Desactivee);
        assert_eq!(copy.status, StatutStructure::Active);
        assert_eq!(original.raison_sociale, copy.raison_sociale);
        assert_ne!(original.identifier, copy.identifier);
    }

    #[test]
    fn services_follow_the_portal_rules() {
        let today = day(2026, 11, 23);
        let mut per_service_ej = 0;
        let (mut until_2050, mut inactive, mut closed) = (0, 0, 0);
        for e in seed() {
            let s = &e.structure;
            assert!((1..=6).contains(&e.services.len()), "{}", s.raison_sociale);
            let fp: Vec<_> = e
                .services
                .iter()
                .filter(|sv| sv.code == FACTURES_PUBLIQUES)
                .collect();
            assert_eq!(fp.len(), 1, "{}", s.raison_sociale);
            assert_eq!(fp[0].libelle, "Service des factures publiques");
            assert!(fp[0]
                .description
                .as_deref()
                .is_some_and(|d| d.contains("entre entités publiques")));
            assert!(fp[0].is_usable_on(today));
            let mut codes = HashSet::new();
            for sv in &e.services {
                assert!(
                    sv.code
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'),
                    "{}",
                    sv.code
                );
                assert!(codes.insert(sv.code.clone()), "{}", sv.code);
                assert!(!sv.libelle.is_empty());
                assert_eq!(sv.debut_validite, day(2020, 1, 1));
                until_2050 += usize::from(sv.fin_validite == Some(day(2050, 12, 31)));
                inactive += usize::from(!sv.actif);
                closed += usize::from(sv.fin_validite.is_some_and(|f| f < today));
                if sv.ej_obligatoire && !s.parametres.ej_obligatoire {
                    per_service_ej += 1;
                }
            }
            // A structure that asks for a code service offers one a private supplier may use.
            let p = s.parametres;
            if s.is_active() && (p.code_service_obligatoire || p.ej_ou_code_service) {
                assert!(
                    services_actifs(&e.services, &s.id, today)
                        .iter()
                        .any(|sv| sv.code != FACTURES_PUBLIQUES),
                    "{}",
                    s.raison_sociale
                );
            }
        }
        assert!(until_2050 >= 10, "{until_2050}");
        assert!(inactive >= 3, "{inactive}");
        assert!(closed >= 2, "{closed}");
        assert!(per_service_ej >= 3, "{per_service_ej}");
    }

    #[test]
    fn every_category_is_represented() {
        let all = structures();
        for k in CategoriePublique::ALL {
            assert!(all.iter().any(|s| s.categorie == Some(k)), "{}", k.label());
        }
        let communes = all
            .iter()
            .filter(|s| s.categorie == Some(CategoriePublique::Commune))
            .count();
        assert!(communes >= 5);
        // Varied départements, so a postcode search narrows the list.
        let deps: HashSet<_> = all.iter().map(|s| &s.adresse.code_postal[..2]).collect();
        assert!(deps.len() >= 10, "{deps:?}");
    }

    #[test]
    fn seed_is_deterministic() {
        assert_eq!(seed(), seed());
        assert_eq!(fictitious_siret(0), seed()[0].structure.identifier);
    }

    #[test]
    fn does_not_collide_with_the_insee_base() {
        let public: HashSet<String> = seed()
            .into_iter()
            .map(|e| identifiants::siren_of(&e.structure.identifier).to_string())
            .collect();
        for e in crate::organisation::insee::base() {
            assert!(!public.contains(identifiants::siren_of(&e.siret)));
        }
    }
}
