//! The positioning test (QCM): the bank (`banque.rs`), the items of a session, scoring, the
//! normalised gain and the breakdown by objective. Answers are stored in the trainee's
//! progression (`domain::simulation::progression::Passation`); everything here is derived.

mod banque;

use domain::simulation::progression::{Moment, Passation, NE_SAIT_PAS};

/// What a question measures: the objectives of the training scenarios.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Objectif {
    Contexte,
    ModesAcces,
    PortailCompte,
    StructureServices,
    Utilisateurs,
    Typologies,
    Saisie,
    CycleFournisseur,
    EntitePublique,
}

impl Objectif {
    pub const TOUS: [Objectif; 9] = [
        Objectif::Contexte,
        Objectif::ModesAcces,
        Objectif::PortailCompte,
        Objectif::StructureServices,
        Objectif::Utilisateurs,
        Objectif::Typologies,
        Objectif::Saisie,
        Objectif::CycleFournisseur,
        Objectif::EntitePublique,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Objectif::Contexte => "Contexte et calendrier",
            Objectif::ModesAcces => "Modes d'accès",
            Objectif::PortailCompte => "Portail et compte",
            Objectif::StructureServices => "Structure et services",
            Objectif::Utilisateurs => "Utilisateurs",
            Objectif::Typologies => "Typologies de factures",
            Objectif::Saisie => "Saisie et dépôt",
            Objectif::CycleFournisseur => "Cycle de vie côté fournisseur",
            Objectif::EntitePublique => "Côté entité publique",
        }
    }

    /// The objectives a scenario practises (those of the session come first in its test).
    fn de_scenario(id: &str) -> &'static [Objectif] {
        use Objectif::*;
        match id {
            "premiers-pas" => &[PortailCompte, StructureServices],
            "fiche-structure" => &[StructureServices, Utilisateurs],
            "utilisateurs" => &[Utilisateurs],
            "typologies" => &[Typologies],
            "saisie-facture" => &[Saisie, StructureServices],
            "suivi-fournisseur" => &[CycleFournisseur],
            "entite-publique" => &[EntitePublique],
            "synthese" => &[CycleFournisseur, EntitePublique, Saisie],
            _ => &[],
        }
    }
}

pub struct Question {
    /// Stable id (stored in the answers).
    pub id: &'static str,
    pub objectif: Objectif,
    /// The section of `chorus-pro-facts.md` the question is written from.
    pub source: &'static str,
    pub enonce: &'static str,
    /// (option, feedback when this option is chosen).
    pub options: [(&'static str, &'static str); 3],
    /// The right option's index.
    pub bonne: u8,
}

impl Question {
    pub fn bonne_option(&self) -> &'static str {
        self.options
            .get(usize::from(self.bonne))
            .map(|o| o.0)
            .unwrap_or_default()
    }

    /// The feedback for a choice (after the test « après » only).
    pub fn retour(&self, choix: u8) -> String {
        match self.options.get(usize::from(choix)) {
            Some((_, r)) => (*r).to_string(),
            None if choix == NE_SAIT_PAS => format!(
                "Vous avez répondu « Je ne sais pas ». La bonne réponse : « {} ».",
                self.bonne_option()
            ),
            None => format!(
                "Sans réponse. La bonne réponse : « {} ».",
                self.bonne_option()
            ),
        }
    }
}

/// Every question of the bank.
pub fn banque() -> &'static [Question] {
    &banque::BANQUE
}

pub fn question(id: &str) -> Option<&'static Question> {
    banque().iter().find(|q| q.id == id)
}

/// The default length of a test (2 items per objective, about 10 minutes).
pub const LONGUEUR_DEFAUT: usize = 18;
pub const LONGUEUR_MIN: usize = 12;
pub const LONGUEUR_MAX: usize = 20;

/// The items of a session's test: `n` questions (12 to 20), taken in turn from each objective,
/// those of the session's scenarios first. The same settings always give the same items, before
/// and after.
pub fn selection(scenarios: &[String], n: usize) -> Vec<&'static Question> {
    let n = n.clamp(LONGUEUR_MIN, LONGUEUR_MAX);
    let mut ordre: Vec<Objectif> = Vec::new();
    for o in scenarios
        .iter()
        .flat_map(|s| Objectif::de_scenario(s).iter().copied())
        .chain(Objectif::TOUS)
    {
        if !ordre.contains(&o) {
            ordre.push(o);
        }
    }
    let mut choisies = Vec::with_capacity(n);
    for rang in 0.. {
        let avant = choisies.len();
        for o in &ordre {
            if let Some(q) = banque().iter().filter(|q| q.objectif == *o).nth(rang) {
                if choisies.len() < n {
                    choisies.push(q);
                }
            }
        }
        if choisies.len() >= n || choisies.len() == avant {
            break;
        }
    }
    choisies
}

/// A test's score: right answers out of `max`, the wrong ones, « Je ne sais pas » (scored 0,
/// reported apart) and those left without an answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Score {
    pub justes: u32,
    pub fausses: u32,
    pub ne_sait_pas: u32,
    pub sans_reponse: u32,
    pub max: u32,
}

impl Score {
    fn ajouter(&mut self, q: &Question, choix: u8) {
        self.max += 1;
        if choix == q.bonne {
            self.justes += 1
        } else if usize::from(choix) < q.options.len() {
            self.fausses += 1
        } else if choix == NE_SAIT_PAS {
            self.ne_sait_pas += 1
        } else {
            self.sans_reponse += 1
        }
    }

    /// « 12 / 18 ».
    pub fn texte(&self) -> String {
        format!("{} / {}", self.justes, self.max)
    }
}

/// The score of a test (answers to questions the bank no longer has are left out).
pub fn noter(reponses: &[(String, u8)]) -> Score {
    let mut s = Score::default();
    for (id, choix) in reponses {
        if let Some(q) = question(id) {
            s.ajouter(q, *choix);
        }
    }
    s
}

/// The score per objective, in the objectives' order (only those the test had).
pub fn par_objectif(reponses: &[(String, u8)]) -> Vec<(Objectif, Score)> {
    let mut out: Vec<(Objectif, Score)> = Vec::new();
    for o in Objectif::TOUS {
        let mut s = Score::default();
        for (id, choix) in reponses {
            if let Some(q) = question(id).filter(|q| q.objectif == o) {
                s.ajouter(q, *choix);
            }
        }
        if s.max > 0 {
            out.push((o, s));
        }
    }
    out
}

/// The normalised gain g = (après − avant) / (max − avant), in hundredths rounded half away from
/// zero (scores taken as fractions of their max, so tests of different lengths compare); `None`
/// (« non calculable ») when the test « avant » was already perfect or a test is empty. It may be
/// negative.
pub fn gain(avant: &Score, apres: &Score) -> Option<i64> {
    let (av, mv) = (i64::from(avant.justes), i64::from(avant.max));
    let (ap, ma) = (i64::from(apres.justes), i64::from(apres.max));
    if mv == 0 || ma == 0 || av >= mv {
        return None;
    }
    // g = (ap/ma − av/mv) / (1 − av/mv) = (ap·mv − av·ma) / (ma·(mv − av))
    let num = (ap * mv - av * ma) * 100;
    let den = ma * (mv - av);
    Some(arrondi(num, den))
}

/// num / den rounded half away from zero (den > 0).
pub fn arrondi(num: i64, den: i64) -> i64 {
    if den <= 0 {
        return 0;
    }
    let q = (num.abs() * 2 + den) / (den * 2);
    if num < 0 {
        -q
    } else {
        q
    }
}

/// Hundredths in French: « 0,67 », « −0,25 ».
pub fn centiemes_fr(c: i64) -> String {
    let signe = if c < 0 { "−" } else { "" };
    format!("{signe}{},{:02}", c.abs() / 100, c.abs() % 100)
}

/// « faible », « moyen », « élevé » (Hake's bands: g < 0,3 ; 0,3–0,7 ; > 0,7).
pub fn niveau_gain(g: i64) -> &'static str {
    if g < 30 {
        "faible"
    } else if g <= 70 {
        "moyen"
    } else {
        "élevé"
    }
}

/// The latest test of this moment.
pub fn passation(qcm: &[Passation], moment: Moment) -> Option<&Passation> {
    qcm.iter().rev().find(|p| p.moment == moment)
}

/// The tests with this one in place of the earlier test of the same moment (at most one each).
pub fn enregistrer(qcm: &[Passation], nouvelle: Passation) -> Vec<Passation> {
    let mut out: Vec<Passation> = qcm
        .iter()
        .filter(|p| p.moment != nouvelle.moment)
        .cloned()
        .collect();
    // « avant » first: the others are all of the other moment (no sort instantiated).
    if nouvelle.moment == Moment::Avant {
        out.insert(0, nouvelle);
    } else {
        out.push(nouvelle);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rep(v: &[(&str, u8)]) -> Vec<(String, u8)> {
        v.iter().map(|(i, c)| (i.to_string(), *c)).collect()
    }

    #[test]
    fn la_banque_est_complete_et_coherente() {
        let b = banque();
        assert!(b.len() >= 45, "{} questions", b.len());
        let mut ids: Vec<&str> = b.iter().map(|q| q.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), b.len(), "ids en double");
        for q in b {
            assert!(usize::from(q.bonne) < q.options.len(), "{}", q.id);
            assert!(
                q.source.starts_with('§'),
                "{} : source « {} »",
                q.id,
                q.source
            );
            assert!(!q.enonce.is_empty() && q.enonce.ends_with('?'), "{}", q.id);
            // Exactly one right option: the others are distinct from it, each with its feedback.
            for (i, (t, r)) in q.options.iter().enumerate() {
                assert!(!t.is_empty() && !r.is_empty(), "{} option {i}", q.id);
                if i != usize::from(q.bonne) {
                    assert_ne!(*t, q.bonne_option(), "{}", q.id);
                    assert!(r.starts_with("Non"), "{} option {i} : « {r} »", q.id);
                } else {
                    assert!(r.starts_with("Oui"), "{} bonne option : « {r} »", q.id);
                }
            }
            assert!(
                domain::kernel::ids::is_valid_id(q.id),
                "{} : id hors de l'alphabet des ids stockés",
                q.id
            );
        }
        for o in Objectif::TOUS {
            let n = b.iter().filter(|q| q.objectif == o).count();
            assert!(n >= 4, "{} : {n} questions", o.label());
        }
    }

    #[test]
    fn la_selection_est_stable_et_couvre_les_objectifs() {
        let sc = vec!["saisie-facture".to_string()];
        let a = selection(&sc, 18);
        assert_eq!(a.len(), 18);
        let ids: Vec<&str> = a.iter().map(|q| q.id).collect();
        assert_eq!(
            ids,
            selection(&sc, 18).iter().map(|q| q.id).collect::<Vec<_>>()
        );
        assert_eq!(
            ids.first(),
            Some(&"sai-01"),
            "les objectifs du scénario d'abord"
        );
        for o in Objectif::TOUS {
            assert_eq!(
                a.iter().filter(|q| q.objectif == o).count(),
                2,
                "{}",
                o.label()
            );
        }
        assert_eq!(selection(&[], 5).len(), LONGUEUR_MIN);
        assert_eq!(selection(&[], 99).len(), LONGUEUR_MAX);
        let mut u = ids.clone();
        u.sort_unstable();
        u.dedup();
        assert_eq!(u.len(), 18);
    }

    #[test]
    fn score_ne_sait_pas_compte_a_part() {
        // ctx-01: right 0; ctx-02: right 1; ctx-03: right 2; ctx-04: right 0.
        let s = noter(&rep(&[
            ("ctx-01", 0),
            ("ctx-02", 0),
            ("ctx-03", NE_SAIT_PAS),
            ("ctx-04", 255),
            ("inconnue", 0),
        ]));
        assert_eq!(
            s,
            Score {
                justes: 1,
                fausses: 1,
                ne_sait_pas: 1,
                sans_reponse: 1,
                max: 4
            }
        );
        assert_eq!(s.texte(), "1 / 4");
        let o = par_objectif(&rep(&[("ctx-01", 0), ("acc-01", 1)]));
        assert_eq!(o.len(), 2);
        assert_eq!(o[0].0, Objectif::Contexte);
        assert_eq!(o[0].1.justes, 1);
        assert_eq!(o[1].1.fausses, 1);
    }

    fn sc(justes: u32, max: u32) -> Score {
        Score {
            justes,
            max,
            ..Score::default()
        }
    }

    #[test]
    fn gain_normalise() {
        // (15 − 9) / (18 − 9) = 0,67
        assert_eq!(gain(&sc(9, 18), &sc(15, 18)), Some(67));
        assert_eq!(centiemes_fr(67), "0,67");
        // Negative gain: (6 − 9) / (18 − 9) = −0,33
        assert_eq!(gain(&sc(9, 18), &sc(6, 18)), Some(-33));
        assert_eq!(centiemes_fr(-33), "−0,33");
        // Perfect before: not computable.
        assert_eq!(gain(&sc(18, 18), &sc(18, 18)), None);
        assert_eq!(gain(&sc(0, 0), &sc(3, 18)), None);
        // Zero before, all right after: 1.
        assert_eq!(gain(&sc(0, 12), &sc(12, 12)), Some(100));
        // « Je ne sais pas » scores 0: it counts like a wrong answer in g.
        let avant = noter(&rep(&[("ctx-01", NE_SAIT_PAS), ("ctx-02", 1)]));
        let apres = noter(&rep(&[("ctx-01", 0), ("ctx-02", 1)]));
        assert_eq!(avant.ne_sait_pas, 1);
        assert_eq!(gain(&avant, &apres), Some(100));
        assert_eq!(niveau_gain(29), "faible");
        assert_eq!(niveau_gain(70), "moyen");
        assert_eq!(niveau_gain(71), "élevé");
        assert_eq!(arrondi(-1, 2), -1);
        assert_eq!(arrondi(1, 3), 0);
    }

    #[test]
    fn une_seule_passation_par_moment() {
        let p = |m, s: u8| Passation {
            moment: m,
            debut: chrono::DateTime::UNIX_EPOCH,
            fin: chrono::DateTime::UNIX_EPOCH,
            reponses: vec![("ctx-01".into(), s)],
        };
        let q = enregistrer(&[], p(Moment::Apres, 0));
        let q = enregistrer(&q, p(Moment::Avant, 1));
        let q = enregistrer(&q, p(Moment::Avant, 2));
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].moment, Moment::Avant);
        assert_eq!(passation(&q, Moment::Avant).unwrap().reponses[0].1, 2);
    }
}
