//! Property tests over the import validator, the storage loader and commands fed with generated
//! input. Besides « no panic »: whatever import accepts loads back with no problem, whatever the
//! loader keeps meets the bounds, and whatever a command writes meets them too (the bounds are
//! exactly what the app can produce).

use crate::common::factures::{claire, form_complet, ligne, menuiserie, send_ok};
use crate::common::t0;
use domain::compte::connexion;
use domain::facturation::saisie;
use domain::kernel::time::{self, ClockStep};
use domain::simulation::{destinataire, horloge};
use domain::{Record, Sandbox};
use proptest::prelude::*;
use serde_json::Value;
use storage::bounds::check_record;
use storage::export::{export, validate_import, validate_import_bytes};
use storage::{storage_key, Envelope, KvStore, MemoryStore, Persistence};

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// A sandbox with a sent invoice and a draft, a shifted clock and the mails they sent.
fn sandbox() -> Sandbox {
    let mut sb = domain::simulation::base::sandbox();
    let form = form_complet(&sb);
    send_ok(&mut sb, &form, t0());
    let out = horloge::advance(&sb, ClockStep::OneHour).unwrap();
    sb.apply(&out.changes);
    sb
}

thread_local! {
    static EXPORT: String = export(&sandbox(), t0());
}

/// Values an edited file might hold where a field was: extremes, wrong types, long texts, control
/// characters, nesting.
fn json_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        prop_oneof![
            Just(i64::MAX),
            Just(i64::MIN),
            Just(8_210_266_876_799_000),
            Just(4_133_980_800_000),
            Just(946_684_799_999),
            Just(0),
            Just(-1),
            Just(99_999_999_999_999),
            Just(100_000_000_000_000),
        ]
        .prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        any::<String>().prop_map(Value::from),
        (0usize..3_000).prop_map(|n| Value::from("é".repeat(n))),
        Just(Value::from("a")),
        Just(Value::from("$argon2id$v=19$m=4194304,t=100,p=1$c2FsdHNhbHQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")),
        Just(Value::from("DEPOSEE")),
        Just(Value::from("MISE_EN_PAIEMENT")),
        Just(serde_json::json!([])),
        Just(serde_json::json!({})),
        Just(serde_json::json!([[[[1]]]])),
    ]
}

/// Replaces one value of `v` (chosen by `pick` among its leaves and containers) by `new`.
fn replace_somewhere(v: &mut Value, pick: usize, new: Value) {
    fn count(v: &Value) -> usize {
        1 + match v {
            Value::Array(a) => a.iter().map(count).sum(),
            Value::Object(o) => o.values().map(count).sum(),
            _ => 0,
        }
    }
    fn walk(v: &mut Value, mut n: usize, new: Value) -> Result<(), (usize, Value)> {
        if n == 0 {
            *v = new;
            return Ok(());
        }
        n -= 1;
        let children: Vec<&mut Value> = match v {
            Value::Array(a) => a.iter_mut().collect(),
            Value::Object(o) => o.values_mut().collect(),
            _ => Vec::new(),
        };
        for c in children {
            let size = count(c);
            if n < size {
                return walk(c, n, new);
            }
            n -= size;
        }
        Err((n, new))
    }
    let total = count(v);
    let _ = walk(v, pick % total, new);
}

/// Loads `records` through a store: the records import accepted must load with no problem.
fn load_back(records: &[Record]) -> Result<Sandbox, String> {
    let mut store = MemoryStore::new();
    let (mut p, _) = Persistence::load(&mut store).map_err(|e| format!("{e:?}"))?;
    p.replace_all(&mut store, records)
        .map_err(|e| e.to_string())?;
    let (_, report) = Persistence::load(&mut store).map_err(|e| format!("{e:?}"))?;
    if report.problems.is_empty() {
        Ok(report.sandbox)
    } else {
        Err(format!("{:?}", report.problems))
    }
}

/// What a page or the background work reads of every record: totals, dates in Paris time, the
/// clock, the simulated recipients a week later. None of it may panic.
fn exercise(sb: &Sandbox) {
    let now = sb.clock.now(t0());
    for f in sb.factures.values() {
        let _ = f.totaux();
        let _ = f.a_payer();
        let _ = f.annee_depot();
        for e in &f.historique {
            let _ = time::datetime_fr(e.at);
        }
    }
    for m in sb.courriels.values() {
        let _ = time::datetime_fr(m.sent_at);
    }
    for a in sb.comptes.values() {
        let _ = a.last_login_at.map(time::datetime_fr);
    }
    let _ = sb.clock.offset_label();
    let later = time::SandboxClock {
        offset_seconds: sb.clock.offset_seconds.saturating_add(7 * 86_400),
    };
    let _ = destinataire::simuler(sb, later.now(t0()));
    let _ = destinataire::simuler(sb, now);
}

proptest! {
    #![proptest_config(config(6_000))]

    #[test]
    fn any_bytes_are_a_precise_refusal(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let err = validate_import_bytes(&bytes).expect_err("random bytes are not an export");
        prop_assert!(!err.is_empty());
    }
}

proptest! {
    #![proptest_config(config(1_500))]

    #[test]
    fn an_edited_export_is_refused_or_loads_back_whole(pick in any::<usize>(), new in json_value()) {
        let mut v: Value = EXPORT.with(|e| serde_json::from_str(e).unwrap());
        replace_somewhere(&mut v, pick, new);
        let text = serde_json::to_string(&v).unwrap();
        match validate_import(&text) {
            Ok(records) => {
                for r in &records {
                    prop_assert_eq!(check_record(r), Ok(()));
                }
                let sb = load_back(&records);
                prop_assert!(sb.is_ok(), "imported but not loadable: {:?}", sb.err());
                exercise(&sb.unwrap());
            }
            Err(message) => {
                prop_assert!(!message.contains("invalid type") && !message.contains("expected "), "{}", message);
            }
        }
    }

    #[test]
    fn the_loader_keeps_only_records_within_bounds(
        which in any::<usize>(),
        pick in any::<usize>(),
        new in json_value(),
        raw_text in proptest::option::of(any::<String>()),
    ) {
        let sb = sandbox();
        let mut store = MemoryStore::new();
        let (mut p, _) = Persistence::load(&mut store).unwrap();
        let records = sb.records();
        p.replace_all(&mut store, &records).unwrap();
        let key = storage_key(&records[which % records.len()].key());
        let raw = store.get(&key).unwrap().unwrap();
        let tampered = match raw_text {
            Some(text) => text,
            None => {
                let env = Envelope::parse(&raw).unwrap();
                let mut data: Value = serde_json::from_str(env.data.get()).unwrap();
                replace_somewhere(&mut data, pick, new);
                Envelope::new(env.rev, data.to_string()).to_raw()
            }
        };
        store.set(&key, &tampered).unwrap();
        let (_, report) = Persistence::load(&mut store).unwrap();
        prop_assert!(report.problems.len() <= 1, "{:?}", report.problems);
        for r in report.sandbox.records() {
            prop_assert_eq!(check_record(&r), Ok(()), "{:?}", r.key());
        }
        exercise(&report.sandbox);
    }
}

/// Text a user might type into a form field: short, with digits, separators and any character.
fn saisie() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::collection::vec(
            prop_oneof![proptest::char::range('0', '9'), Just(','), Just('.'), Just('-'), Just(' ')],
            0..12,
        )
        .prop_map(|v| v.into_iter().collect()),
        1 => any::<String>(),
        1 => (0usize..300).prop_map(|n| "x".repeat(n)),
    ]
}

proptest! {
    #![proptest_config(config(3_000))]

    #[test]
    fn an_invoice_sent_with_generated_fields_meets_the_bounds(
        numero in saisie(),
        date in saisie(),
        quantite in saisie(),
        prix in saisie(),
        taux in saisie(),
        remise in saisie(),
        commentaire in saisie(),
        brouillon in any::<bool>(),
    ) {
        let sb = domain::simulation::base::sandbox();
        let mut form = form_complet(&sb);
        form.numero = numero;
        form.date = date;
        form.lignes.push(ligne("Générée", &quantite, &prix, &taux));
        form.remise_globale = remise;
        form.commentaire = commentaire;
        let result = if brouillon {
            saisie::enregistrer_brouillon(&sb, &claire(), &menuiserie(), None, &form, t0())
        } else {
            saisie::envoyer(&sb, &claire(), &menuiserie(), None, &form, t0())
        };
        if let Ok(out) = result {
            let mut after = sb.clone();
            after.apply(&out.changes);
            for r in after.records() {
                prop_assert_eq!(check_record(&r), Ok(()), "{:?}", r.key());
            }
            exercise(&after);
        }
    }

    #[test]
    fn a_login_with_generated_credentials_is_a_result(email in saisie(), password in saisie()) {
        let sb = domain::simulation::base::sandbox();
        prop_assert!(connexion::se_connecter(&sb, &email, &password, t0()).is_err());
    }
}

proptest! {
    #![proptest_config(config(500))]

    #[test]
    fn advancing_the_clock_keeps_every_record_within_bounds(
        steps in proptest::collection::vec(0usize..3, 1..40),
    ) {
        let mut sb = sandbox();
        for s in steps {
            let step = [ClockStep::OneHour, ClockStep::OneDay, ClockStep::SevenDays][s];
            let out = horloge::advance(&sb, step).unwrap();
            sb.apply(&out.changes);
            if let Ok(out) = destinataire::simuler(&sb, sb.clock.now(t0())) {
                sb.apply(&out.changes);
            }
        }
        for r in sb.records() {
            prop_assert_eq!(check_record(&r), Ok(()), "{:?}", r.key());
        }
    }
}
