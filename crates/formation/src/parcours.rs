//! A trainee's way through a scenario: what a link finds, each step's state, « Vérifier »,
//! « Indice » and « Voir la solution » (recorded), « Recommencer l'exercice », and the trainer
//! doing a step in the trainee's place. Every decision is here; the page shows and dispatches.

use crate::{catalogue, scenario, Critere, Etape, Scenario};
use domain::kernel::ids::CompteId;
use domain::simulation::progression::{EtatEtape, Progression, MAX_STAGIAIRE};
use domain::{DomainError, Outcome, Record, Sandbox, Timestamp};
use std::rc::Rc;

/// What opening a scenario link finds.
pub enum Ouverture {
    /// Unknown id, or a version this app does not have: the message says which.
    Refus(String),
    /// This very scenario already runs here: carry on.
    EnCours(&'static Scenario),
    /// The sandbox holds data: ask before replacing it.
    ARemplacer(&'static Scenario),
    /// Nothing to lose: the seed may be written at once.
    Vide(&'static Scenario),
}

/// Reads a scenario link (`id`, `version` as the address gives them) against the sandbox.
pub fn ouvrir(id: &str, version: &str, sb: &Sandbox) -> Ouverture {
    let Some(sc) = scenario(id) else {
        let connus: Vec<&str> = catalogue().iter().map(|s| s.titre).collect();
        return Ouverture::Refus(format!(
            "Ce lien désigne un scénario inconnu (« {} ») : il vient peut-être d'une autre version du bac à sable. Scénarios disponibles : {}.",
            crate::comparaison::texte(id).chars().take(40).collect::<String>(),
            connus.join(", ")
        ));
    };
    let v: Option<u32> = version.trim().parse().ok();
    match v {
        Some(v) if v == sc.version => {}
        Some(v) if v > sc.version => {
            return Ouverture::Refus(format!(
                "Ce lien demande la version {v} du scénario « {} », plus récente que celle de ce bac à sable (version {}). Rechargez la page pour obtenir la dernière version de l'application, ou demandez au formateur un lien vers la version {}.",
                sc.titre, sc.version, sc.version
            ))
        }
        Some(v) => {
            return Ouverture::Refus(format!(
                "Ce lien demande la version {v} du scénario « {} », qui a changé depuis : ce bac à sable propose la version {}. Demandez au formateur le nouveau lien.",
                sc.titre, sc.version
            ))
        }
        None => {
            return Ouverture::Refus(format!(
                "Ce lien ne porte pas de numéro de version valide pour le scénario « {} ».",
                sc.titre
            ))
        }
    }
    match &sb.progression {
        Some(p) if p.scenario == sc.id && p.version == sc.version => Ouverture::EnCours(sc),
        // The trainer's code is kept by the seed: alone, it is nothing to lose.
        _ if sb
            .records()
            .iter()
            .all(|r| matches!(r, Record::Formateur(_))) =>
        {
            Ouverture::Vide(sc)
        }
        _ => Ouverture::ARemplacer(sc),
    }
}

/// The trainee's name from a link: control characters dropped, trimmed, at most
/// `MAX_STAGIAIRE` characters.
pub fn nom_stagiaire(brut: &str) -> String {
    brut.chars()
        .filter(|c| !c.is_control())
        .take(MAX_STAGIAIRE)
        .collect::<String>()
        .trim()
        .to_string()
}

/// The records to write in one all-or-nothing replacement: the seed and a fresh progression.
/// `debut` is real time (the time spent is measured from it).
pub fn demarrer(
    sc: &Scenario,
    stagiaire: &str,
    debut: Timestamp,
) -> Result<(Vec<Record>, Option<CompteId>), DomainError> {
    let graine = sc.graine()?;
    let p = Progression {
        scenario: sc.id.to_string(),
        version: sc.version,
        stagiaire: nom_stagiaire(stagiaire),
        compte: graine.compte.clone(),
        etapes: vec![EtatEtape::default(); sc.nombre_etapes()],
        debut,
        session: None,
        qcm: Vec::new(),
    };
    let mut records = graine.records;
    records.push(Record::Progression(Rc::new(p)));
    Ok((records, graine.compte))
}

/// The running scenario and its progress, if the sandbox holds one this app knows.
pub fn en_cours(sb: &Sandbox) -> Option<(&'static Scenario, Rc<Progression>)> {
    let p = sb.progression.clone()?;
    let sc = scenario(&p.scenario).filter(|s| s.version == p.version)?;
    Some((sc, p))
}

/// How a step shows in the panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Etat {
    Faite,
    FaiteParFormateur,
    Courante,
    AFaire,
}

impl Etat {
    pub fn label(self) -> &'static str {
        match self {
            Etat::Faite => "faite",
            Etat::FaiteParFormateur => "faite par le formateur",
            Etat::Courante => "en cours",
            Etat::AFaire => "à faire",
        }
    }
}

fn etat_de(p: &Progression, i: usize) -> EtatEtape {
    p.etapes.get(i).copied().unwrap_or_default()
}

/// The index (over all steps) of the current step: the first one not done; `None` once all are.
pub fn courante(sc: &Scenario, p: &Progression) -> Option<usize> {
    (0..sc.nombre_etapes()).find(|&i| !etat_de(p, i).faite)
}

/// Each step's state, in order.
pub fn etats(sc: &Scenario, p: &Progression) -> Vec<Etat> {
    let cur = courante(sc, p);
    (0..sc.nombre_etapes())
        .map(|i| {
            let e = etat_de(p, i);
            if e.faite && e.par_formateur {
                Etat::FaiteParFormateur
            } else if e.faite {
                Etat::Faite
            } else if Some(i) == cur {
                Etat::Courante
            } else {
                Etat::AFaire
            }
        })
        .collect()
}

/// The step at this index, with its exercise's index.
pub fn etape(sc: &Scenario, i: usize) -> Option<(usize, &'static Etape)> {
    let mut reste = i;
    for (x, e) in sc.exercices.iter().enumerate() {
        match e.etapes.get(reste) {
            Some(s) => return Some((x, s)),
            None => reste = reste.checked_sub(e.etapes.len())?,
        }
    }
    None
}

/// Writes the progression with step `i` changed by `f`.
fn marquer(p: &Progression, i: usize, f: impl FnOnce(&mut EtatEtape)) -> Record {
    let mut p = p.clone();
    if let Some(e) = p.etapes.get_mut(i) {
        f(e);
    }
    Record::Progression(Rc::new(p))
}

/// What « Vérifier » found on the current step.
pub struct Verification {
    pub criteres: Vec<Critere>,
    /// When every criterion passed: the step marked done (to commit).
    pub reussite: Option<Outcome>,
}

/// « Vérifier »: checks the current step against the sandbox (`now`: real time, recorded when the
/// step passes).
pub fn verifier(sc: &Scenario, p: &Progression, sb: &Sandbox, now: Timestamp) -> Verification {
    let Some(i) = courante(sc, p) else {
        return Verification {
            criteres: Vec::new(),
            reussite: None,
        };
    };
    let criteres = etape(sc, i)
        .map(|(_, e)| e.verifier(sb, p.compte.as_ref()))
        .unwrap_or_default();
    let reussite = criteres.iter().all(|c| c.ok).then(|| {
        Outcome::new().put(marquer(p, i, |e| {
            e.faite = true;
            e.le = Some(now);
        }))
    });
    Verification { criteres, reussite }
}

/// « Indice » or « Voir la solution » on the current step: recorded.
pub fn montrer(sc: &Scenario, p: &Progression, solution: bool) -> Outcome {
    match courante(sc, p) {
        Some(i) => Outcome::new().put(marquer(p, i, |e| {
            if solution {
                e.solution = true
            } else {
                e.indice = true
            }
        })),
        None => Outcome::new(),
    }
}

/// Runs commands one after the other as the trainee, gathering their changes in one outcome
/// (`now`: the sandbox clock's now when the first one runs).
pub fn executer(
    sb: &Sandbox,
    commandes: &[crate::Commande],
    compte: Option<&CompteId>,
    now: Timestamp,
) -> Result<(Sandbox, Outcome), DomainError> {
    let mut etat = sb.clone();
    let mut tout = Outcome::new();
    for c in commandes {
        // A command may advance the sandbox clock: the next ones see its new now.
        let decalage = etat
            .clock
            .offset_seconds
            .saturating_sub(sb.clock.offset_seconds);
        let now = chrono::Duration::try_seconds(decalage)
            .and_then(|d| now.checked_add_signed(d))
            .unwrap_or(now);
        let out = c(&etat, compte, now)?;
        etat.apply(&out.changes);
        tout.changes.extend(out.changes);
        tout.reads.extend(out.reads);
    }
    Ok((etat, tout))
}

/// « Faire l'étape à la place du stagiaire » (Espace formateur): the current step's solution run
/// as the trainee, and the step marked done by the trainer, in one outcome.
pub fn faire_a_la_place(sb: &Sandbox, now: Timestamp) -> Result<Outcome, DomainError> {
    let (sc, p) = en_cours(sb)
        .ok_or_else(|| DomainError::Rule("Aucun scénario de formation n'est en cours.".into()))?;
    let i = courante(sc, &p)
        .ok_or_else(|| DomainError::Rule("Toutes les étapes du scénario sont faites.".into()))?;
    let (_, e) = etape(sc, i)
        .ok_or_else(|| DomainError::Rule("Toutes les étapes du scénario sont faites.".into()))?;
    let (_, mut out) = executer(sb, e.resoudre, p.compte.as_ref(), now)?;
    out.changes.push(domain::Change::Put(marquer(&p, i, |e| {
        e.faite = true;
        e.par_formateur = true;
    })));
    Ok(out)
}

/// « Recommencer l'exercice »: the seed again, the earlier exercises solved; their steps keep
/// their state, those of this exercise and the next ones start again. `debut` is kept.
pub fn recommencer(
    sc: &Scenario,
    p: &Progression,
    now: Timestamp,
) -> Result<Vec<Record>, DomainError> {
    let exercice = courante(sc, p)
        .and_then(|i| etape(sc, i))
        .map(|(x, _)| x)
        .unwrap_or(sc.exercices.len().saturating_sub(1));
    let graine = sc.graine()?;
    let mut sb = domain::simulation::base::sandbox();
    for r in graine.records {
        sb.put(r);
    }
    let mut q = (*p).clone();
    for (i, (x, e)) in sc.etapes().enumerate() {
        if x < exercice {
            let (etat, _) = executer(&sb, e.resoudre, graine.compte.as_ref(), now)?;
            sb = etat;
        } else if let Some(s) = q.etapes.get_mut(i) {
            *s = EtatEtape::default();
        }
    }
    q.compte = graine.compte;
    sb.progression = Some(Rc::new(q));
    Ok(sb.records())
}

/// Time spent since the start, in French (« 12 min »).
pub fn temps_passe(p: &Progression, now: Timestamp) -> String {
    // Both instants are in milliseconds (real time): whole minutes of their difference.
    let ms = now
        .timestamp_millis()
        .saturating_sub(p.debut.timestamp_millis())
        .max(0);
    crate::duree_fr(ms.unsigned_abs() / 60_000)
}

/// The trainee's name in a link's query (`stagiaire=Alex%20Dupont`, `+` read as a space), cleaned
/// by [`nom_stagiaire`]; empty when absent.
pub fn stagiaire_du_lien(query: &str) -> String {
    nom_stagiaire(&parametre(query, "stagiaire").unwrap_or_default())
}

/// The decoded value of `cle` in a link's query (`%xx` and `+` decoded; invalid UTF-8 replaced).
pub fn parametre(query: &str, cle: &str) -> Option<String> {
    let brut = query
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix(cle).and_then(|r| r.strip_prefix('=')))?;
    let hex = |b: u8| (b as char).to_digit(16);
    let mut octets = Vec::with_capacity(brut.len());
    let mut it = brut.bytes();
    while let Some(b) = it.next() {
        match b {
            b'+' => octets.push(b' '),
            b'%' => {
                let (h, l) = (it.next(), it.next());
                match (h.and_then(hex), l.and_then(hex)) {
                    (Some(h), Some(l)) => octets.push((h * 16 + l) as u8),
                    _ => octets.extend([Some(b'%'), h, l].into_iter().flatten()),
                }
            }
            b => octets.push(b),
        }
    }
    Some(String::from_utf8_lossy(&octets).into_owned())
}

/// A value as a link's query carries it (everything but letters, digits and `-_.~` as `%xx`).
pub fn encoder(valeur: &str) -> String {
    let mut out = String::with_capacity(valeur.len());
    for b in valeur.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
