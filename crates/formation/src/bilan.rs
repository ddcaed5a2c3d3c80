//! The training session and its evidence, without a server: the session's settings travel in the
//! trainees' link (`#/session?…`) and are kept in their progression; each trainee exports a
//! results file (one click); the trainer drops every file into the class report. The results'
//! SHA-256 fingerprint is printed on the attestation and the certificat de réalisation, so a
//! document can be checked against a results file.

use crate::parcours::{encoder, parametre};
use crate::qcm::{self, Objectif, Score};
use crate::{catalogue, scenario, Scenario};
use domain::kernel::text;
use domain::kernel::time::{iso_day, parse_day, Timestamp};
use domain::simulation::progression::{Moment, Progression, Session, MAX_TEXTE_SESSION};
use domain::{DomainError, Record};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::rc::Rc;

/// The session form as typed (every field a text).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormulaireSession {
    pub titre: String,
    pub du: String,
    pub au: String,
    /// Hours, « 7 » or « 3,5 ».
    pub heures: String,
    pub organisme: String,
    pub representant: String,
    pub lieu: String,
    pub scenarios: Vec<String>,
    pub questions: String,
}

/// Field ids of the session form (the error next to each).
pub mod champs {
    pub const TITRE: &str = "session-titre";
    pub const DU: &str = "session-du";
    pub const AU: &str = "session-au";
    pub const HEURES: &str = "session-heures";
    pub const ORGANISME: &str = "session-organisme";
    pub const REPRESENTANT: &str = "session-representant";
    pub const LIEU: &str = "session-lieu";
    pub const SCENARIOS: &str = "session-scenarios";
    pub const QUESTIONS: &str = "session-questions";
}

impl FormulaireSession {
    /// The text field of this id (the form is drawn from a table of its fields).
    pub fn texte_mut(&mut self, id: &str) -> Option<&mut String> {
        Some(match id {
            champs::TITRE => &mut self.titre,
            champs::DU => &mut self.du,
            champs::AU => &mut self.au,
            champs::HEURES => &mut self.heures,
            champs::ORGANISME => &mut self.organisme,
            champs::REPRESENTANT => &mut self.representant,
            champs::LIEU => &mut self.lieu,
            champs::QUESTIONS => &mut self.questions,
            _ => return None,
        })
    }

    pub fn depuis(s: &Session) -> FormulaireSession {
        FormulaireSession {
            titre: s.titre.clone(),
            du: s.du.map(iso_day).unwrap_or_default(),
            au: s.au.map(iso_day).unwrap_or_default(),
            heures: heures_fr(s.duree_minutes),
            organisme: s.organisme.clone(),
            representant: s.representant.clone(),
            lieu: s.lieu.clone(),
            scenarios: s.scenarios.clone(),
            questions: s.questions.to_string(),
        }
    }

    /// The session, or each faulty field with its French message.
    pub fn valider(&self) -> Result<Session, Vec<(&'static str, String)>> {
        let mut erreurs = Vec::new();
        let mut texte = |v: &str, champ: &'static str, label: &str, requis: bool| {
            let r = if requis {
                text::required(v, label, MAX_TEXTE_SESSION).map(Some)
            } else {
                text::optional(v, label, MAX_TEXTE_SESSION)
            };
            match r {
                Ok(t) => t.unwrap_or_default(),
                Err(e) => {
                    erreurs.push((champ, e));
                    String::new()
                }
            }
        };
        let titre = texte(&self.titre, champs::TITRE, "Intitulé de la formation", true);
        let organisme = texte(
            &self.organisme,
            champs::ORGANISME,
            "Organisme de formation",
            true,
        );
        let representant = texte(
            &self.representant,
            champs::REPRESENTANT,
            "Représentant légal",
            true,
        );
        let lieu = texte(&self.lieu, champs::LIEU, "Lieu", true);
        let du = parse_day(&self.du, "Du").unwrap_or_else(|e| {
            erreurs.push((champs::DU, e));
            None
        });
        let au = parse_day(&self.au, "Au").unwrap_or_else(|e| {
            erreurs.push((champs::AU, e));
            None
        });
        if du.is_none() && !erreurs.iter().any(|e| e.0 == champs::DU) {
            erreurs.push((champs::DU, "Le champ « Du » est obligatoire.".to_string()));
        }
        let au = au.or(du);
        if let (Some(d), Some(a)) = (du, au) {
            if a < d {
                erreurs.push((
                    champs::AU,
                    "La date « Au » ne peut pas précéder la date « Du ».".to_string(),
                ));
            }
        }
        for d in [du, au].into_iter().flatten() {
            if !domain::kernel::time::is_day_in_range(d) {
                erreurs.push((
                    champs::DU,
                    "Les dates doivent être entre 2000 et 2100.".to_string(),
                ));
                break;
            }
        }
        let duree_minutes = match minutes(&self.heures) {
            Some(m) if m > 0 && m <= 200 * 60 => m,
            _ => {
                erreurs.push((
                    champs::HEURES,
                    "La « Durée (heures) » doit être un nombre d'heures entre 0,5 et 200, par demi-heure (« 7 » ou « 3,5 »).".to_string(),
                ));
                0
            }
        };
        let mut scenarios = Vec::new();
        for sc in catalogue() {
            if self.scenarios.iter().any(|s| s == sc.id) {
                scenarios.push(sc.id.to_string());
            }
        }
        if scenarios.is_empty() {
            erreurs.push((
                champs::SCENARIOS,
                "Choisissez au moins un scénario.".to_string(),
            ));
        }
        let questions = match self.questions.trim().parse::<u8>() {
            Ok(n) if (qcm::LONGUEUR_MIN..=qcm::LONGUEUR_MAX).contains(&usize::from(n)) => n,
            _ => {
                erreurs.push((
                    champs::QUESTIONS,
                    format!(
                        "Le « Nombre de questions » doit être un entier de {} à {}.",
                        qcm::LONGUEUR_MIN,
                        qcm::LONGUEUR_MAX
                    ),
                ));
                0
            }
        };
        if !erreurs.is_empty() {
            return Err(erreurs);
        }
        Ok(Session {
            titre,
            du,
            au,
            duree_minutes,
            organisme,
            representant,
            lieu,
            scenarios,
            questions,
        })
    }
}

/// « 7 », « 3,5 » hours → minutes (half hours only).
fn minutes(heures: &str) -> Option<u32> {
    let v = heures.trim().replace('.', ",");
    let (h, d) = v.split_once(',').unwrap_or((&v, "0"));
    let h: u32 = h.parse().ok()?;
    let demi = match d {
        "0" | "00" => 0,
        "5" | "50" => 30,
        _ => return None,
    };
    h.checked_mul(60)?.checked_add(demi)
}

/// Minutes as hours in French: « 7 », « 3,5 ».
pub fn heures_fr(m: u32) -> String {
    if m % 60 == 0 {
        (m / 60).to_string()
    } else {
        format!("{},5", m / 60)
    }
}

/// The trainees' link's query for a session (`#/session?` + this).
pub fn requete_session(s: &Session) -> String {
    let jour = |d: Option<chrono::NaiveDate>| d.map(iso_day).unwrap_or_default();
    format!(
        "titre={}&du={}&au={}&heures={}&organisme={}&representant={}&lieu={}&scenarios={}&questions={}",
        encoder(&s.titre),
        jour(s.du),
        jour(s.au),
        encoder(&heures_fr(s.duree_minutes)),
        encoder(&s.organisme),
        encoder(&s.representant),
        encoder(&s.lieu),
        encoder(&s.scenarios.join(",")),
        s.questions
    )
}

/// A session from a trainees' link: the same checks as the trainer's form (a tampered link is
/// refused with the first fault).
pub fn session_du_lien(query: &str) -> Result<Session, String> {
    let p = |k: &str| parametre(query, k).unwrap_or_default();
    let f = FormulaireSession {
        titre: p("titre"),
        du: p("du"),
        au: p("au"),
        heures: p("heures"),
        organisme: p("organisme"),
        representant: p("representant"),
        lieu: p("lieu"),
        scenarios: p("scenarios").split(',').map(str::to_string).collect(),
        questions: p("questions"),
    };
    f.valider().map_err(|e| {
        let premiere = e.into_iter().next().map(|e| e.1).unwrap_or_default();
        format!("Ce lien de session est incomplet ou altéré : {premiere} Demandez le lien au formateur.")
    })
}

/// The items of the session's test (or the default for the running scenario).
pub fn questions_de(p: &Progression) -> Vec<&'static qcm::Question> {
    match &p.session {
        Some(s) => qcm::selection(&s.scenarios, usize::from(s.questions)),
        None => qcm::selection(std::slice::from_ref(&p.scenario), qcm::LONGUEUR_DEFAUT),
    }
}

/// The progression with a session attached (a session link opened after the scenario started).
pub fn avec_session(p: &Progression, s: Session) -> Record {
    let mut q = p.clone();
    q.session = Some(s);
    Record::Progression(Rc::new(q))
}

/// Starting a session: the first scenario's seed, and a progression that carries the session
/// (one all-or-nothing replacement, like a scenario link).
pub fn demarrer_session(
    session: &Session,
    stagiaire: &str,
    debut: Timestamp,
) -> Result<(Vec<Record>, Option<domain::kernel::ids::CompteId>), DomainError> {
    let sc = session
        .scenarios
        .first()
        .and_then(|id| scenario(id))
        .ok_or_else(|| {
            DomainError::Rule("Cette session ne désigne aucun scénario connu.".into())
        })?;
    let (records, compte) = crate::parcours::demarrer(sc, stagiaire, debut)?;
    Ok((reprendre(None, Some(session), records), compte))
}

/// A new scenario's records keep what the trainee's session already holds: the session, the tests
/// taken and the trainee's name (a scenario started from the catalogue in the middle of a session).
pub fn reprendre(
    ancienne: Option<&Progression>,
    session: Option<&Session>,
    records: Vec<Record>,
) -> Vec<Record> {
    records
        .into_iter()
        .map(|r| match r {
            Record::Progression(p) => {
                let mut q = (*p).clone();
                if let Some(a) = ancienne.filter(|a| a.session.is_some()) {
                    q.session = a.session.clone();
                    q.qcm = a.qcm.clone();
                    if q.stagiaire.is_empty() {
                        q.stagiaire = a.stagiaire.clone();
                    }
                }
                if let Some(s) = session {
                    q.session = Some(s.clone());
                }
                Record::Progression(Rc::new(q))
            }
            r => r,
        })
        .collect()
}

/// Records a finished test in the progression (the earlier test of the same moment replaced).
pub fn enregistrer_test(p: &Progression, t: domain::simulation::progression::Passation) -> Record {
    let mut q = p.clone();
    q.qcm = qcm::enregistrer(&p.qcm, t);
    Record::Progression(Rc::new(q))
}

pub const FORMAT_RESULTATS: &str = "cpsb-resultats";
pub const VERSION_RESULTATS: u32 = 1;
/// A results file is small (a progression): anything larger is not one.
pub const TAILLE_MAX_RESULTATS: usize = 512 * 1024;

/// The marker and version of a file, whatever else it holds.
#[derive(Deserialize)]
struct Entete {
    format: Option<String>,
    version: Option<u64>,
}

/// The rest of a results file; the progression kept as raw JSON and read by the storage's own
/// record reader (`Record::from_json`): one deserializer of a progression in the bundle, not two.
#[derive(Deserialize)]
struct Corps<'a> {
    #[serde(with = "domain::kernel::time::millis")]
    exporte: Timestamp,
    empreinte: String,
    #[serde(borrow)]
    progression: &'a serde_json::value::RawValue,
}

/// A results file: the trainee's progression (scenario, steps, tests, session) and when it was
/// exported.
#[derive(Clone, Debug, PartialEq)]
pub struct FichierResultats {
    pub format: String,
    pub version: u32,
    pub exporte: Timestamp,
    pub empreinte: String,
    pub progression: Progression,
}

/// The progression as stored (the storage's own writer: the fingerprint's input).
fn json_progression(p: &Progression) -> String {
    Record::Progression(Rc::new(p.clone())).to_json()
}

/// SHA-256 (lower-case hex) of the results: the progression as stored. The same results always
/// give the same fingerprint; a step, an answer or a name changed gives another.
pub fn empreinte(p: &Progression) -> String {
    hex_sha256(&json_progression(p))
}

fn hex_sha256(json: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(64);
    for b in Sha256::digest(json.as_bytes()) {
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 15)]));
    }
    s
}

/// The results file's text: `{"format":…,"version":…,"exporte":…,"empreinte":…,"progression":…}`.
pub fn fichier_resultats(p: &Progression, exporte: Timestamp) -> String {
    let json = json_progression(p);
    format!(
        "{{\"format\":\"{FORMAT_RESULTATS}\",\"version\":{VERSION_RESULTATS},\"exporte\":{},\"empreinte\":\"{}\",\"progression\":{json}}}",
        exporte.timestamp_millis(),
        hex_sha256(&json)
    )
}

/// « resultats-camille-martin-2026-11-23.json ».
pub fn nom_fichier_resultats(p: &Progression, exporte: Timestamp) -> String {
    let nom: String = crate::comparaison::texte(&p.stagiaire)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .take(40)
        .collect();
    let nom = nom.trim_matches('-');
    let jour = iso_day(domain::kernel::time::paris_date(exporte));
    if nom.is_empty() {
        format!("resultats-{jour}.json")
    } else {
        format!("resultats-{nom}-{jour}.json")
    }
}

/// Reads a results file: its size, JSON, marker, version, the storage's bounds of a progression,
/// a scenario this app knows, and its fingerprint. One precise French message per fault.
pub fn lire_resultats(texte: &str) -> Result<(FichierResultats, &'static Scenario), String> {
    if texte.len() > TAILLE_MAX_RESULTATS {
        return Err(format!(
            "fichier trop volumineux pour un fichier de résultats ({} Ko, au plus {} Ko).",
            texte.len() / 1024,
            TAILLE_MAX_RESULTATS / 1024
        ));
    }
    let texte = texte.trim_start_matches('\u{feff}');
    // The marker and the version first (the rest ignored), so that a foreign file is named as such.
    let entete: Entete = serde_json::from_str(texte).map_err(|e| {
        format!(
            "ce n'est pas un fichier JSON lisible (ligne {}, colonne {}).",
            e.line(),
            e.column()
        )
    })?;
    match entete.format.as_deref() {
        Some(FORMAT_RESULTATS) => {}
        Some("cpsb-export") => {
            return Err("c'est un export complet du bac à sable, pas un fichier de résultats : le stagiaire l'obtient par « Exporter mes résultats ».".to_string())
        }
        _ => return Err("ce n'est pas un fichier de résultats du bac à sable (marqueur « format » absent ou inconnu).".to_string()),
    }
    match entete.version {
        Some(n) if n == u64::from(VERSION_RESULTATS) => {}
        Some(n) if n > u64::from(VERSION_RESULTATS) => {
            return Err(format!(
                "fichier de résultats d'une version plus récente ({n}) : rechargez l'application."
            ))
        }
        _ => return Err("version du fichier de résultats absente ou inconnue.".to_string()),
    }
    let corps: Corps =
        serde_json::from_str(texte).map_err(|e| format!("contenu invalide : {e}."))?;
    let cle = domain::RecordKey::new(
        domain::Collection::Progression,
        domain::sandbox::SINGLETON_ID,
    );
    let record = Record::from_json(&cle, corps.progression.get())
        .map_err(|e| format!("contenu invalide : {e}."))?;
    storage::bounds::check_record(&record)?;
    let Record::Progression(p) = record else {
        return Err("contenu invalide : ce n'est pas une progression.".to_string());
    };
    let f = FichierResultats {
        format: FORMAT_RESULTATS.to_string(),
        version: VERSION_RESULTATS,
        exporte: corps.exporte,
        empreinte: corps.empreinte,
        progression: Rc::unwrap_or_clone(p),
    };
    if !domain::kernel::time::is_in_range(f.exporte) {
        return Err("date d'export hors de la plage admise.".to_string());
    }
    let sc = scenario(&f.progression.scenario)
        .filter(|s| s.version == f.progression.version)
        .ok_or_else(|| {
            format!(
                "scénario « {} » (version {}) inconnu de ce bac à sable.",
                storage::bounds::shorten(&f.progression.scenario),
                f.progression.version
            )
        })?;
    if f.empreinte != empreinte(&f.progression) {
        return Err("l'empreinte ne correspond pas aux résultats : le fichier a été modifié après son export.".to_string());
    }
    Ok((f, sc))
}

/// A step's outcome in the class report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resultat {
    Faite,
    AvecAide,
    ParFormateur,
    NonFaite,
}

impl Resultat {
    pub fn label(self) -> &'static str {
        match self {
            Resultat::Faite => "faite",
            Resultat::AvecAide => "faite avec aide",
            Resultat::ParFormateur => "faite par le formateur",
            Resultat::NonFaite => "non faite",
        }
    }
}

/// One trainee's row.
#[derive(Clone)]
pub struct Ligne {
    pub fichier: String,
    pub stagiaire: String,
    pub exporte: Timestamp,
    pub scenario: &'static Scenario,
    /// Each step of the scenario: its outcome and the minutes from the start to its check.
    pub etapes: Vec<(Resultat, Option<u64>)>,
    pub avant: Option<Score>,
    pub apres: Option<Score>,
    pub gain: Option<i64>,
    pub objectifs_avant: Vec<(Objectif, Score)>,
    pub objectifs_apres: Vec<(Objectif, Score)>,
    pub empreinte: String,
}

/// The class report: the rows (one per trainee, the latest file kept) and the files set aside.
#[derive(Clone, Default)]
pub struct Rapport {
    pub lignes: Vec<Ligne>,
    pub erreurs: Vec<(String, String)>,
    /// Files replaced by a later one of the same trainee.
    pub remplaces: Vec<String>,
}

fn ligne(fichier: &str, f: FichierResultats, sc: &'static Scenario) -> Ligne {
    let p = &f.progression;
    let etapes = (0..sc.nombre_etapes())
        .map(|i| {
            let e = p.etapes.get(i).copied().unwrap_or_default();
            let r = match e {
                e if !e.faite => Resultat::NonFaite,
                e if e.par_formateur => Resultat::ParFormateur,
                e if e.indice || e.solution => Resultat::AvecAide,
                _ => Resultat::Faite,
            };
            let min = e.le.and_then(|t| {
                let ms = t
                    .timestamp_millis()
                    .checked_sub(p.debut.timestamp_millis())?;
                u64::try_from(ms).ok().map(|ms| ms / 60_000)
            });
            (r, min)
        })
        .collect();
    let av = qcm::passation(&p.qcm, Moment::Avant);
    let ap = qcm::passation(&p.qcm, Moment::Apres);
    let avant = av.map(|t| qcm::noter(&t.reponses));
    let apres = ap.map(|t| qcm::noter(&t.reponses));
    let gain = match (&avant, &apres) {
        (Some(a), Some(b)) => qcm::gain(a, b),
        _ => None,
    };
    Ligne {
        fichier: fichier.to_string(),
        stagiaire: p.stagiaire.clone(),
        exporte: f.exporte,
        scenario: sc,
        etapes,
        avant,
        apres,
        gain,
        objectifs_avant: av
            .map(|t| qcm::par_objectif(&t.reponses))
            .unwrap_or_default(),
        objectifs_apres: ap
            .map(|t| qcm::par_objectif(&t.reponses))
            .unwrap_or_default(),
        empreinte: f.empreinte,
    }
}

/// Reads every dropped file (name, text): a bad one is named with its problem and the others
/// load; the same trainee twice keeps the file exported last. Rows sorted by name.
pub fn rapport(fichiers: &[(String, String)]) -> Rapport {
    let mut r = Rapport::default();
    for (nom, texte) in fichiers {
        match lire_resultats(texte) {
            Err(e) => r.erreurs.push((nom.clone(), e)),
            Ok((f, sc)) => {
                let l = ligne(nom, f, sc);
                let cle = |l: &Ligne| {
                    if l.stagiaire.trim().is_empty() {
                        format!("\u{0}{}", l.fichier)
                    } else {
                        text::fold(&l.stagiaire)
                    }
                };
                let k = cle(&l);
                match r.lignes.iter().position(|x| cle(x) == k) {
                    Some(i) => {
                        if let Some(x) = r.lignes.get_mut(i) {
                            if l.exporte >= x.exporte {
                                r.remplaces.push(std::mem::replace(x, l).fichier);
                            } else {
                                r.remplaces.push(l.fichier);
                            }
                        }
                    }
                    None => {
                        // Kept in order of name as it comes (no sort instantiated for rows).
                        let n = text::fold(&l.stagiaire);
                        let i = r.lignes.partition_point(|x| text::fold(&x.stagiaire) <= n);
                        r.lignes.insert(i, l);
                    }
                }
            }
        }
    }
    r
}

/// The group's figures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Moyennes {
    /// Mean scores in hundredths of a percent of the max… as hundredths of 1 (0–100 %).
    pub avant_pct: Option<i64>,
    pub apres_pct: Option<i64>,
    /// The mean of the trainees' g (those with both tests and a computable g), and how many.
    pub gain_moyen: Option<i64>,
    pub n_gain: usize,
    /// The g of the class means (shown beside, since the two differ).
    pub gain_des_moyennes: Option<i64>,
    pub n_avant: usize,
    pub n_apres: usize,
}

fn pct(s: &Score) -> Option<(i64, i64)> {
    (s.max > 0).then(|| (i64::from(s.justes), i64::from(s.max)))
}

/// Mean percentage (rounded) of scores.
fn moyenne_pct<'a>(scores: impl Iterator<Item = &'a Score>) -> (Option<i64>, usize) {
    let mut somme = 0i64;
    let mut n = 0i64;
    for s in scores {
        if let Some((j, m)) = pct(s) {
            // Each score in ten-thousandths, then the mean.
            somme += qcm::arrondi(j * 10_000, m);
            n += 1;
        }
    }
    let n_u = usize::try_from(n).unwrap_or_default();
    ((n > 0).then(|| qcm::arrondi(somme, n * 100)), n_u)
}

pub fn moyennes(r: &Rapport) -> Moyennes {
    let (avant_pct, n_avant) = moyenne_pct(r.lignes.iter().filter_map(|l| l.avant.as_ref()));
    let (apres_pct, n_apres) = moyenne_pct(r.lignes.iter().filter_map(|l| l.apres.as_ref()));
    let gains: Vec<i64> = r.lignes.iter().filter_map(|l| l.gain).collect();
    let n_gain = gains.len();
    let gain_moyen = (n_gain > 0).then(|| {
        qcm::arrondi(
            gains.iter().sum::<i64>(),
            i64::try_from(n_gain).unwrap_or(1),
        )
    });
    // g of the class means, over the trainees who took both tests.
    let deux: Vec<&Ligne> = r
        .lignes
        .iter()
        .filter(|l| l.avant.is_some() && l.apres.is_some())
        .collect();
    let (mav, _) = moyenne_pct(deux.iter().filter_map(|l| l.avant.as_ref()));
    let (map, _) = moyenne_pct(deux.iter().filter_map(|l| l.apres.as_ref()));
    let gain_des_moyennes = match (mav, map) {
        (Some(a), Some(b)) if a < 100 => Some(qcm::arrondi((b - a) * 100, 100 - a)),
        _ => None,
    };
    Moyennes {
        avant_pct,
        apres_pct,
        gain_moyen,
        n_gain,
        gain_des_moyennes,
        n_avant,
        n_apres,
    }
}

/// Per objective: the group's mean percentage before and after.
pub fn objectifs_classe(r: &Rapport) -> Vec<(Objectif, Option<i64>, Option<i64>)> {
    Objectif::TOUS
        .iter()
        .filter_map(|o| {
            let de = |f: fn(&Ligne) -> &Vec<(Objectif, Score)>| {
                moyenne_pct(
                    r.lignes
                        .iter()
                        .filter_map(|l| f(l).iter().find(|x| x.0 == *o).map(|x| &x.1)),
                )
                .0
            };
            let av = de(|l| &l.objectifs_avant);
            let ap = de(|l| &l.objectifs_apres);
            (av.is_some() || ap.is_some()).then_some((*o, av, ap))
        })
        .collect()
}

/// The scenarios of the report's rows, in the catalogue's order (one column per step of each).
pub fn scenarios_du_rapport(r: &Rapport) -> Vec<&'static Scenario> {
    catalogue()
        .iter()
        .filter(|s| r.lignes.iter().any(|l| l.scenario.id == s.id))
        .collect()
}

/// « 67 % ».
pub fn pct_fr(p: Option<i64>) -> String {
    p.map(|p| format!("{p} %"))
        .unwrap_or_else(|| "—".to_string())
}

/// « 0,67 » or « non calculable ».
pub fn gain_fr(g: Option<i64>) -> String {
    g.map(qcm::centiemes_fr)
        .unwrap_or_else(|| "non calculable".to_string())
}

/// A step's cell: « faite (12 min) ».
pub fn cellule_etape(r: Resultat, min: Option<u64>) -> String {
    match min {
        Some(m) if r != Resultat::NonFaite => format!("{} ({})", r.label(), crate::duree_fr(m)),
        _ => r.label().to_string(),
    }
}

/// The report as a CSV for a French spreadsheet (BOM, `;`): one row per trainee.
pub fn csv(r: &Rapport) -> Result<String, DomainError> {
    let scenarios = scenarios_du_rapport(r);
    let mut entete: Vec<String> = vec!["Stagiaire".into(), "Scénario".into()];
    for sc in &scenarios {
        for (i, (_, e)) in sc.etapes().enumerate() {
            entete.push(format!("{} — étape {} : {}", sc.titre, i + 1, e.titre));
        }
    }
    entete.extend(
        [
            "QCM avant",
            "QCM avant — « Je ne sais pas »",
            "QCM après",
            "QCM après — « Je ne sais pas »",
            "Gain normalisé g",
            "Empreinte SHA-256",
            "Fichier",
        ]
        .map(String::from),
    );
    let score = |s: &Option<Score>| s.map(|s| s.texte()).unwrap_or_else(|| "—".into());
    let nsp = |s: &Option<Score>| s.map(|s| s.ne_sait_pas.to_string()).unwrap_or_default();
    let lignes = r.lignes.iter().map(|l| {
        let mut row = vec![l.stagiaire.clone(), l.scenario.titre.to_string()];
        for sc in &scenarios {
            for i in 0..sc.nombre_etapes() {
                row.push(if sc.id == l.scenario.id {
                    l.etapes
                        .get(i)
                        .map(|(r, m)| cellule_etape(*r, *m))
                        .unwrap_or_default()
                } else {
                    String::new()
                });
            }
        }
        row.extend([
            score(&l.avant),
            nsp(&l.avant),
            score(&l.apres),
            nsp(&l.apres),
            gain_fr(l.gain),
            l.empreinte.clone(),
            l.fichier.clone(),
        ]);
        row
    });
    let h: Vec<&str> = entete.iter().map(String::as_str).collect();
    domain::kernel::spreadsheet::document(&h, lignes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use domain::simulation::progression::{EtatEtape, Passation, NE_SAIT_PAS};

    fn t(h: u32, m: u32) -> Timestamp {
        chrono::Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap()
    }

    fn session() -> Session {
        FormulaireSession {
            titre: "Chorus Pro : déposer et suivre ses factures".into(),
            du: "2026-11-23".into(),
            au: "23/11/2026".into(),
            heures: "7".into(),
            organisme: "Formations & Cie".into(),
            representant: "Dominique Martin".into(),
            lieu: "Lyon".into(),
            scenarios: vec!["suivi-fournisseur".into(), "saisie-facture".into()],
            questions: "12".into(),
        }
        .valider()
        .unwrap()
    }

    /// A trainee of the session: `avant`/`apres` right answers out of the session's 12 items.
    fn progression(nom: &str, avant: usize, apres: Option<usize>) -> Progression {
        let sc = scenario("suivi-fournisseur").unwrap();
        let s = session();
        let items = qcm::selection(&s.scenarios, usize::from(s.questions));
        let reponses = |justes: usize| -> Vec<(String, u8)> {
            items
                .iter()
                .enumerate()
                .map(|(i, q)| {
                    let c = if i < justes {
                        q.bonne
                    } else if i % 2 == 0 {
                        NE_SAIT_PAS
                    } else {
                        (q.bonne + 1) % 3
                    };
                    (q.id.to_string(), c)
                })
                .collect()
        };
        let mut qcm = vec![Passation {
            moment: Moment::Avant,
            debut: t(9, 0),
            fin: t(9, 10),
            reponses: reponses(avant),
        }];
        if let Some(a) = apres {
            qcm.push(Passation {
                moment: Moment::Apres,
                debut: t(16, 0),
                fin: t(16, 9),
                reponses: reponses(a),
            });
        }
        let mut etapes = vec![EtatEtape::default(); sc.nombre_etapes()];
        etapes[0] = EtatEtape {
            faite: true,
            le: Some(t(10, 12)),
            ..Default::default()
        };
        etapes[1] = EtatEtape {
            faite: true,
            indice: true,
            le: Some(t(10, 30)),
            ..Default::default()
        };
        Progression {
            scenario: sc.id.into(),
            version: sc.version,
            stagiaire: nom.into(),
            compte: None,
            etapes,
            debut: t(10, 0),
            session: Some(s),
            qcm,
        }
    }

    #[test]
    fn une_session_demarre_et_se_poursuit() {
        let s = session();
        let (records, _) = demarrer_session(&s, "Camille", t(9, 0)).unwrap();
        let p = records
            .iter()
            .find_map(|r| match r {
                Record::Progression(p) => Some(p.clone()),
                _ => None,
            })
            .unwrap();
        assert_eq!(p.scenario, "saisie-facture");
        assert_eq!(p.session.as_ref(), Some(&s));
        let p = match enregistrer_test(&p, progression("x", 3, None).qcm[0].clone()) {
            Record::Progression(p) => p,
            _ => unreachable!(),
        };
        assert_eq!(questions_de(&p).len(), 12);
        // The next scenario keeps the session, the tests and the name.
        let suite = scenario("suivi-fournisseur").unwrap();
        let (r2, _) = crate::parcours::demarrer(suite, "", t(11, 0)).unwrap();
        let r2 = reprendre(Some(&p), None, r2);
        let q = r2
            .iter()
            .find_map(|r| match r {
                Record::Progression(p) => Some(p.clone()),
                _ => None,
            })
            .unwrap();
        assert_eq!(
            (q.scenario.as_str(), q.stagiaire.as_str()),
            ("suivi-fournisseur", "Camille")
        );
        assert_eq!(q.qcm.len(), 1);
        assert!(q.session.is_some());
    }

    #[test]
    fn le_lien_de_session_porte_les_reglages() {
        let s = session();
        assert_eq!(s.duree_minutes, 420);
        assert_eq!(
            s.scenarios,
            vec!["saisie-facture", "suivi-fournisseur"],
            "ordre du catalogue"
        );
        let q = requete_session(&s);
        assert_eq!(session_du_lien(&q), Ok(s.clone()));
        assert_eq!(FormulaireSession::depuis(&s).valider(), Ok(s));
        let e = session_du_lien("titre=X&questions=99").unwrap_err();
        assert!(e.starts_with("Ce lien de session est incomplet ou altéré : Le champ « Organisme de formation » est obligatoire."), "{e}");
        let e = FormulaireSession {
            heures: "3,7".into(),
            ..FormulaireSession::default()
        }
        .valider()
        .unwrap_err();
        for champ in [
            champs::TITRE,
            champs::DU,
            champs::HEURES,
            champs::ORGANISME,
            champs::SCENARIOS,
            champs::QUESTIONS,
        ] {
            assert!(e.iter().any(|x| x.0 == champ), "{champ} : {e:?}");
        }
        assert_eq!(minutes("3,5"), Some(210));
        assert_eq!(heures_fr(210), "3,5");
    }

    #[test]
    fn fichier_de_resultats_aller_retour() {
        let p = progression("Camille Martin", 6, Some(10));
        let texte = fichier_resultats(&p, t(17, 0));
        let (f, sc) = lire_resultats(&texte).unwrap();
        assert_eq!(f.progression, p);
        assert_eq!(sc.id, "suivi-fournisseur");
        assert_eq!(
            nom_fichier_resultats(&p, t(17, 0)),
            "resultats-camille-martin-2026-11-23.json"
        );
        // A tampered file is named with its problem.
        let triche = texte.replace(
            "\"stagiaire\":\"Camille Martin\"",
            "\"stagiaire\":\"Camille Dupont\"",
        );
        assert_ne!(triche, texte);
        assert_eq!(
            lire_resultats(&triche).err().unwrap(),
            "l'empreinte ne correspond pas aux résultats : le fichier a été modifié après son export."
        );
    }

    #[test]
    fn l_empreinte_est_stable() {
        let p = progression("Camille Martin", 6, Some(10));
        let e = empreinte(&p);
        assert_eq!(e.len(), 64);
        assert_eq!(e, empreinte(&p.clone()));
        // Pinned: a change of the stored form or of the hash changes every printed document.
        assert_eq!(e, EMPREINTE_ATTENDUE);
        let mut q = p.clone();
        q.stagiaire.push('e');
        assert_ne!(empreinte(&q), e);
    }

    const EMPREINTE_ATTENDUE: &str =
        "6e0db84013999366779bbf70d913aef5a217fba71488795ea51655cde910b48a";

    #[test]
    fn rapport_de_classe_avec_un_fichier_errone() {
        let a = progression("Camille Martin", 6, Some(10));
        let b = progression("Alex Durand", 12, Some(11));
        let c_ancien = progression("Sacha Petit", 3, None);
        let c = progression("Sacha Petit", 3, Some(3));
        let fichiers = vec![
            ("camille.json".to_string(), fichier_resultats(&a, t(17, 0))),
            (
                "casse.json".to_string(),
                "{\"format\": \"cpsb-resultats\", \"version\": 1".to_string(),
            ),
            ("alex.json".to_string(), fichier_resultats(&b, t(17, 1))),
            ("sacha-2.json".to_string(), fichier_resultats(&c, t(17, 30))),
            (
                "sacha-1.json".to_string(),
                fichier_resultats(&c_ancien, t(17, 2)),
            ),
            (
                "export.json".to_string(),
                "{\"format\": \"cpsb-export\"}".to_string(),
            ),
        ];
        let r = rapport(&fichiers);
        assert_eq!(
            r.lignes
                .iter()
                .map(|l| l.stagiaire.as_str())
                .collect::<Vec<_>>(),
            ["Alex Durand", "Camille Martin", "Sacha Petit"]
        );
        assert_eq!(r.erreurs.len(), 2);
        assert_eq!(r.erreurs[0].0, "casse.json");
        assert!(
            r.erreurs[0]
                .1
                .starts_with("ce n'est pas un fichier JSON lisible"),
            "{}",
            r.erreurs[0].1
        );
        assert!(r.erreurs[1]
            .1
            .starts_with("c'est un export complet du bac à sable"));
        assert_eq!(
            r.remplaces,
            vec!["sacha-1.json"],
            "le plus récent est gardé"
        );
        let sacha = &r.lignes[2];
        assert_eq!(sacha.fichier, "sacha-2.json");
        assert_eq!(sacha.gain, Some(0));
        // Alex: 12/12 before → g not computable.
        assert_eq!(r.lignes[0].gain, None);
        assert_eq!(gain_fr(r.lignes[0].gain), "non calculable");
        // Camille: (10 − 6) / (12 − 6) = 0,67
        let camille = &r.lignes[1];
        assert_eq!(camille.gain, Some(67));
        assert_eq!(camille.etapes[0], (Resultat::Faite, Some(12)));
        assert_eq!(camille.etapes[1], (Resultat::AvecAide, Some(30)));
        assert_eq!(camille.etapes[2], (Resultat::NonFaite, None));
        assert!(camille.avant.unwrap().ne_sait_pas > 0);
        let m = moyennes(&r);
        assert_eq!(m.n_gain, 2);
        assert_eq!(m.gain_moyen, Some(34)); // (67 + 0) / 2 = 33,5 → 34
        assert_eq!(m.avant_pct, Some(58)); // (50 + 100 + 25) / 3
        assert_eq!(m.apres_pct, Some(67)); // (83,33 + 91,67 + 25) / 3
        assert!(m.gain_des_moyennes.is_some());
        let o = objectifs_classe(&r);
        assert!(!o.is_empty());
        let csv = csv(&r).unwrap();
        assert!(csv.starts_with("\u{feff}Stagiaire;Scénario;"), "{csv}");
        assert_eq!(csv.lines().count(), 4);
        assert!(csv.contains("Camille Martin;"));
        assert!(csv.contains(";0,67;"));
    }
}
