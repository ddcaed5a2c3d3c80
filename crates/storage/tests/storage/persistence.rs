//! Persistence: migrations from every schema's fixture, corrupt and newer data, all-or-nothing
//! commits under a full quota, conflicts between tabs, export/import and import validation.

use chrono::{TimeZone, Utc};
use domain::compte::inscription::{self, FormulaireCreationCompte};
use domain::compte::{self, connexion, StatutCompte};
use domain::kernel::ids::CompteId;
use domain::kernel::time::ClockStep;
use domain::{Change, Collection, Record, RecordKey, Sandbox, Timestamp};
use std::path::Path;
use storage::export::{export, validate_import};
use storage::persistence::backups;
use storage::{
    storage_key, Envelope, KvStore, MemoryStore, Persistence, Problem, StorageError, SCHEMA_VERSION,
};

/// Accounts held in storage (the demo accounts ship with the app and are never stored).
fn stored_accounts(sb: &Sandbox) -> usize {
    sb.records()
        .iter()
        .filter(|r| matches!(r, Record::Compte(_)))
        .count()
}

fn now() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
}

fn fixture(version: u32) -> MemoryStore {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("tests/fixtures/storage-v{version}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing fixture {}", path.display()));
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut store = MemoryStore::new();
    for (k, v) in json["entries"].as_object().unwrap() {
        store.set(k, v.as_str().unwrap()).unwrap();
    }
    store
}

fn register(sb: &Sandbox, email: &str) -> (Vec<Change>, CompteId) {
    let f = FormulaireCreationCompte {
        login_email: email.into(),
        nom: "Nom".into(),
        prenom: "Prénom".into(),
        telephone: String::new(),
        password: "Formation#2026".into(),
        confirmation: "Formation#2026".into(),
    };
    let out = inscription::creer_compte(sb, &f, now()).unwrap();
    (out.changes, out.value)
}

#[test]
fn every_schema_version_has_a_fixture_that_loads() {
    for version in 1..=SCHEMA_VERSION {
        let mut store = fixture(version);
        let (p, report) = Persistence::load(&mut store).unwrap();
        assert!(
            report.problems.is_empty(),
            "v{version}: {:?}",
            report.problems
        );
        assert!(!p.read_only);
        let sb = report.sandbox;
        assert_eq!(stored_accounts(&sb), 2, "v{version}");
        assert_eq!(sb.courriels.len(), 1);
        assert_eq!(sb.clock.offset_seconds, 86_400);
        let claire = compte::par_adresse_de_connexion(&sb, "claire.martin@exemple.fr").unwrap();
        assert_eq!(claire.status, StatutCompte::Actif);
        assert!(
            connexion::se_connecter(&sb, "claire.martin@exemple.fr", "Formation#2026", now())
                .is_ok()
        );
    }
}

#[test]
fn v2_fixture_brings_the_trainers_code_and_v1_has_none() {
    use domain::simulation::formateur;
    let (_, v1) = Persistence::load(&mut fixture(1)).unwrap();
    assert_eq!(v1.sandbox.formateur, None);
    assert_eq!(
        formateur::etat(&v1.sandbox, None),
        formateur::Etat::SansCode
    );
    let (_, v2) = Persistence::load(&mut fixture(2)).unwrap();
    assert!(v2.problems.is_empty());
    let jeton = formateur::entrer(&v2.sandbox, "Formation#2026").unwrap();
    assert_eq!(
        formateur::etat(&v2.sandbox, Some(&jeton)),
        formateur::Etat::Ouvert
    );
}

#[test]
fn v1_fixture_keeps_revisions_for_conflict_checks() {
    let mut store = fixture(1);
    let (p, _) = Persistence::load(&mut store).unwrap();
    assert_eq!(
        p.rev(&RecordKey::new(Collection::Compte, "a1b2c3d4e5f60718")),
        3
    );
    assert_eq!(p.rev(&RecordKey::new(Collection::Clock, "main")), 2);
}

#[test]
fn commit_writes_only_the_changed_keys() {
    let mut store = fixture(1);
    let (mut p, report) = Persistence::load(&mut store).unwrap();
    let mut sb = report.sandbox;
    let before = store.entries().clone();
    let out = domain::simulation::horloge::advance(&sb, ClockStep::OneHour).unwrap();
    p.commit(&mut store, &out.changes).unwrap();
    sb.apply(&out.changes);
    let changed: Vec<&String> = store
        .entries()
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(v))
        .map(|(k, _)| k)
        .collect();
    assert_eq!(changed, vec!["cpsb:clock:main"]);
    // The envelope carries the schema version and the next revision.
    let raw = store.get("cpsb:clock:main").unwrap().unwrap();
    assert!(
        raw.starts_with(&format!("{{\"v\":{SCHEMA_VERSION},\"rev\":3,")),
        "{raw}"
    );
    // And a reload reads back exactly the state.
    let (_, again) = Persistence::load(&mut store).unwrap();
    assert_eq!(again.sandbox, sb);
}

#[test]
fn corrupt_data_is_set_aside_never_overwritten() {
    let mut store = fixture(1);
    store
        .set(
            "cpsb:account:0f1e2d3c4b5a6978",
            "{\"v\":1,\"rev\":1,\"data\":{\"id\":",
        )
        .unwrap();
    store
        .set(
            "cpsb:mail:9a8b7c6d5e4f3a2b",
            "{\"v\":1,\"rev\":1,\"data\":{\"id\":\"autre\"}}",
        )
        .unwrap();
    store.set("cpsb:inconnu:x", "42").unwrap();
    let (p, report) = Persistence::load(&mut store).unwrap();
    assert!(!p.read_only);
    assert_eq!(
        stored_accounts(&report.sandbox),
        1,
        "the readable account is kept"
    );
    assert_eq!(report.problems.len(), 3);
    for problem in &report.problems {
        let Problem::Corrupt {
            key,
            backup_key,
            reason,
        } = problem
        else {
            panic!("{problem:?}")
        };
        assert_eq!(backup_key, &format!("cpsb-backup:{key}"));
        assert!(!reason.is_empty());
        assert_eq!(store.get(key).unwrap(), None, "moved out of the way");
    }
    let kept = backups(&store).unwrap();
    assert_eq!(kept.len(), 3);
    assert!(kept
        .iter()
        .any(|(k, v)| k == "cpsb-backup:cpsb:account:0f1e2d3c4b5a6978" && v.ends_with("\"id\":")));
    // A second corruption of the same key does not overwrite the first backup.
    store
        .set("cpsb:account:0f1e2d3c4b5a6978", "encore illisible")
        .unwrap();
    let (_, report) = Persistence::load(&mut store).unwrap();
    let Problem::Corrupt { backup_key, .. } = &report.problems[0] else {
        panic!()
    };
    assert_eq!(backup_key, "cpsb-backup:cpsb:account:0f1e2d3c4b5a6978~2");
    assert_eq!(backups(&store).unwrap().len(), 4);
}

#[test]
fn newer_data_opens_read_only_and_is_never_written() {
    let mut store = fixture(1);
    let newer = format!(
        "{{\"v\":{},\"rev\":9,\"data\":{{\"nouveau\":true}}}}",
        SCHEMA_VERSION + 1
    );
    store.set("cpsb:account:ffff", &newer).unwrap();
    let (mut p, report) = Persistence::load(&mut store).unwrap();
    assert!(p.read_only);
    assert!(report.problems.contains(&Problem::Newer {
        key: "cpsb:account:ffff".into(),
        version: SCHEMA_VERSION + 1
    }));
    let out = domain::simulation::horloge::advance(&report.sandbox, ClockStep::OneDay).unwrap();
    let before = store.entries().clone();
    assert_eq!(
        p.commit(&mut store, &out.changes),
        Err(StorageError::ReadOnly)
    );
    assert_eq!(p.replace_all(&mut store, &[]), Err(StorageError::ReadOnly));
    assert_eq!(
        store.entries(),
        &before,
        "nothing written, newer data untouched"
    );
}

#[test]
fn a_full_quota_leaves_everything_unchanged() {
    let mut store = MemoryStore::new();
    let (mut p, report) = Persistence::load(&mut store).unwrap();
    let mut sb = report.sandbox;
    let (changes, _) = register(&sb, "a@exemple.fr");
    p.commit(&mut store, &changes).unwrap();
    sb.apply(&changes);
    // Leave room for the first key of the next action only: it is written, the second fails.
    let (changes, _) = register(&sb, "b@exemple.fr");
    let Change::Put(first) = &changes[0] else {
        panic!()
    };
    let first_size =
        storage_key(&first.key()).len() + Envelope::new(1, first.to_json()).to_raw().len();
    store.quota = Some(store.used() + first_size + 10);
    let before = store.entries().clone();
    let err = p.commit(&mut store, &changes).unwrap_err();
    assert_eq!(err, StorageError::Quota);
    assert_eq!(
        store.entries(),
        &before,
        "the key written first was rolled back"
    );
    assert!(err.message_fr().contains("plein"));
    // Once space is freed the same action works.
    store.quota = None;
    p.commit(&mut store, &changes).unwrap();
}

#[test]
fn a_change_made_in_another_tab_is_a_conflict_not_a_lost_update() {
    let mut store = fixture(1);
    let (mut tab_a, report_a) = Persistence::load(&mut store).unwrap();
    let (mut tab_b, report_b) = Persistence::load(&mut store).unwrap();
    let (sb_a, mut sb_b) = (report_a.sandbox, report_b.sandbox);

    // Tab B advances the clock first.
    let out_b = domain::simulation::horloge::advance(&sb_b, ClockStep::SevenDays).unwrap();
    tab_b.commit(&mut store, &out_b.changes).unwrap();
    sb_b.apply(&out_b.changes);

    // Tab A, which has not seen it, tries too: refused, and told which record.
    let out_a = domain::simulation::horloge::advance(&sb_a, ClockStep::OneHour).unwrap();
    let err = tab_a.commit(&mut store, &out_a.changes).unwrap_err();
    assert_eq!(
        err,
        StorageError::Conflict(vec![RecordKey::new(Collection::Clock, "main")])
    );

    // The storage event brings tab A up to date; then its action goes through on top of B's.
    let change = tab_a
        .refresh_key(&store, "cpsb:clock:main")
        .unwrap()
        .unwrap();
    let mut sb_a = sb_a;
    sb_a.apply(&[change]);
    assert_eq!(sb_a.clock, sb_b.clock);
    let out_a = domain::simulation::horloge::advance(&sb_a, ClockStep::OneHour).unwrap();
    tab_a.commit(&mut store, &out_a.changes).unwrap();
    let (_, fin) = Persistence::load(&mut store).unwrap();
    assert_eq!(
        fin.sandbox.clock.offset_seconds,
        86_400 + 7 * 86_400 + 3_600
    );

    // Records created in both tabs at once never collide.
    let (c1, _) = register(&sb_a, "x@exemple.fr");
    let (c2, _) = register(&sb_b, "y@exemple.fr");
    tab_a.commit(&mut store, &c1).unwrap();
    tab_b.commit(&mut store, &c2).unwrap();
    let (_, fin) = Persistence::load(&mut store).unwrap();
    assert_eq!(stored_accounts(&fin.sandbox), 4);
}

#[test]
fn refresh_follows_deletions() {
    let mut store = fixture(1);
    let (mut p, _) = Persistence::load(&mut store).unwrap();
    store.remove("cpsb:mail:9a8b7c6d5e4f3a2b").unwrap();
    let change = p.refresh_key(&store, "cpsb:mail:9a8b7c6d5e4f3a2b").unwrap();
    assert_eq!(
        change,
        Some(Change::Delete(RecordKey::new(
            Collection::Courriel,
            "9a8b7c6d5e4f3a2b"
        )))
    );
    assert_eq!(p.refresh_key(&store, "autre-cle").unwrap(), None);
}

#[test]
fn export_reset_import_gives_back_the_same_sandbox() {
    let mut store = fixture(1);
    let (mut p, report) = Persistence::load(&mut store).unwrap();
    let original = report.sandbox;
    let file = export(&original, now());
    p.replace_all(&mut store, &[]).unwrap();
    let (_, empty) = Persistence::load(&mut store).unwrap();
    assert_eq!(empty.sandbox, domain::simulation::base::sandbox());
    assert_eq!(
        store.get("cpsb-session").unwrap().as_deref(),
        Some("a1b2c3d4e5f60718"),
        "only sandbox records are replaced"
    );
    let records = validate_import(&file).unwrap();
    p.replace_all(&mut store, &records).unwrap();
    let (_, back) = Persistence::load(&mut store).unwrap();
    assert_eq!(back.sandbox, original);
}

#[test]
fn a_failed_import_restores_the_previous_sandbox() {
    let mut store = fixture(1);
    let (mut p, report) = Persistence::load(&mut store).unwrap();
    let before = store.entries().clone();
    let mut big = report.sandbox.clone();
    for i in 0..50 {
        let (changes, _) = register(&big, &format!("u{i}@exemple.fr"));
        big.apply(&changes);
    }
    store.quota = Some(store.used() + 2_000);
    let err = p.replace_all(&mut store, &big.records()).unwrap_err();
    assert_eq!(err, StorageError::Quota);
    assert_eq!(store.entries(), &before);
}

fn valid_file() -> String {
    let mut store = fixture(1);
    let (_, report) = Persistence::load(&mut store).unwrap();
    export(&report.sandbox, now())
}

fn edit(f: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut v: serde_json::Value = serde_json::from_str(&valid_file()).unwrap();
    f(&mut v);
    serde_json::to_string(&v).unwrap()
}

#[test]
fn import_refuses_bad_files_with_a_precise_message() {
    let cases: Vec<(String, &str)> = vec![
        (String::new(), "Le fichier est vide."),
        (
            "ceci n'est pas du JSON".into(),
            "n'est pas un JSON valide (ligne 1",
        ),
        (valid_file()[..200].to_string(), "tronqué"),
        (
            "{\"format\":\"autre\"}".into(),
            "n'est pas un export du bac à sable",
        ),
        (
            edit(|v| v["schema"] = 99.into()),
            "version plus récente ou inconnue du bac à sable (schéma 99)",
        ),
        (
            edit(|v| v["schema"] = "un".into()),
            "Version de schéma absente",
        ),
        (
            edit(|v| v["records"] = "rien".into()),
            "Structure du fichier invalide",
        ),
        (
            edit(|v| v["records"][0]["collection"] = "virus".into()),
            "type « virus » inconnu",
        ),
        (
            edit(|v| v["records"][0]["id"] = "../../etc".into()),
            "identifiant « ../../etc » invalide",
        ),
        (
            edit(|v| v["records"][1]["id"] = v["records"][2]["id"].clone()),
            "ne correspond pas à la clé",
        ),
        (
            edit(|v| {
                let r = v["records"][1].clone();
                v["records"].as_array_mut().unwrap().push(r);
            }),
            "en double",
        ),
        (
            edit(|v| v["records"][1]["data"]["password_hash"] = "Formation#2026".into()),
            "un mot de passe en clair n'est jamais accepté",
        ),
        (
            edit(|v| v["records"][1]["data"]["nom"] = "x".repeat(5_000).into()),
            "ne doit pas dépasser 100 caractères",
        ),
        (
            edit(|v| v["records"][1]["data"]["nom"] = "a\u{7}b".into()),
            "caractère de contrôle",
        ),
        (
            edit(|v| v["records"][1]["data"]["login_email"] = "<script>alert(1)</script>".into()),
            "n'est pas une adresse électronique valide",
        ),
        (
            edit(|v| v["records"][1]["data"]["status"] = "ROOT".into()),
            "contenu invalide",
        ),
        (
            edit(|v| {
                v["records"][2]["data"]["login_email"] =
                    v["records"][1]["data"]["login_email"].clone()
            }),
            "même adresse de connexion",
        ),
        (
            edit(|v| v["records"][3]["data"]["account"] = "0000000000000000".into()),
            "compte absent du fichier",
        ),
        (
            edit(|v| v["records"][0]["data"]["offset_seconds"] = i64::MAX.into()),
            "décalage d'horloge hors limites",
        ),
        (
            // The records part keeps its own bound, whatever the files' bound.
            format!(
                "{{\"format\":\"bac-a-sable-chorus-pro\",\"pad\":\"{}\"}}",
                "x".repeat(13 * 1024 * 1024)
            ),
            "Les enregistrements du fichier (hors fichiers joints) font 13 Mo : un export du bac à sable n'en contient pas plus de 12 Mo.",
        ),
    ];
    for (file, expected) in cases {
        let err = validate_import(&file).expect_err(expected);
        assert!(
            err.contains(expected),
            "expected « {expected} », got « {err} »"
        );
    }
}

#[test]
fn import_accepts_markup_as_plain_text() {
    let file = edit(|v| v["records"][1]["data"]["nom"] = "<img src=x onerror=alert(1)>".into());
    let records = validate_import(&file).unwrap();
    let names: Vec<String> = records
        .iter()
        .filter_map(|r| match r {
            Record::Compte(a) => Some(a.nom.clone()),
            _ => None,
        })
        .collect();
    assert!(names.contains(&"<img src=x onerror=alert(1)>".to_string()));
}

/// A store that breaks down for good after `writes` successful writes (sets and removes alike).
struct Breaking {
    inner: MemoryStore,
    writes: usize,
}

impl KvStore for Breaking {
    fn get(&self, key: &str) -> Result<Option<String>, storage::StoreError> {
        self.inner.get(key)
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), storage::StoreError> {
        if self.writes == 0 {
            return Err(storage::StoreError::Quota);
        }
        self.writes -= 1;
        self.inner.set(key, value)
    }
    fn remove(&mut self, key: &str) -> Result<(), storage::StoreError> {
        if self.writes == 0 {
            return Err(storage::StoreError::Unavailable("panne".into()));
        }
        self.writes -= 1;
        self.inner.remove(key)
    }
    fn keys(&self) -> Result<Vec<String>, storage::StoreError> {
        self.inner.keys()
    }
}

#[test]
fn a_rollback_that_fails_is_reported_not_silent() {
    let sb = domain::simulation::base::sandbox();
    let (changes, _) = register(&sb, "panne@exemple.fr");
    assert!(changes.len() >= 2, "the account and its mail");
    // The first record is written, the second is refused, and putting the first back fails too.
    let mut store = Breaking {
        inner: MemoryStore::new(),
        writes: 1,
    };
    let (mut p, _) = Persistence::load(&mut store).unwrap();
    let err = p.commit(&mut store, &changes).unwrap_err();
    let StorageError::RollbackFailed(keys) = &err else {
        panic!("expected RollbackFailed, got {err:?}")
    };
    assert_eq!(keys.len(), 1);
    assert!(
        store.inner.get(&keys[0]).unwrap().is_some(),
        "{keys:?} is still there"
    );
    assert!(err
        .message_fr()
        .contains("n'ont pas pu être remises comme avant"));
    assert!(err.offers_export());
    // When putting back works, the plain quota error is all there is.
    let mut store = MemoryStore::new();
    let (mut p, _) = Persistence::load(&mut store).unwrap();
    store.quota = Some(store.used() + 10);
    assert_eq!(
        p.commit(&mut store, &changes).unwrap_err(),
        StorageError::Quota
    );
    assert!(store.keys().unwrap().is_empty());
}
