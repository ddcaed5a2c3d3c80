//! The trainee's evaluation: the session link (`#/session?…`), the positioning test before and
//! after (`#/positionnement/avant|apres`), « Mes résultats » (the results file, one click), the
//! attestation de fin de formation and the certificat de réalisation (one A4 page each). Every
//! figure comes from `formation::bilan` and `formation::qcm`; these pages show and dispatch.

use crate::ui::components::confirm::ConfirmButton;
use crate::ui::components::form::TextField;
use crate::ui::components::link;
use crate::ui::components::page::Page;
use crate::ui::context::{use_app, AppContext};
use crate::ui::dom;
use crate::ui::route::Route;
use domain::kernel::time::{date_fr, datetime_fr, day_fr};
use domain::simulation::progression::{
    Moment, Passation, Progression, Session, NE_SAIT_PAS, SANS_REPONSE,
};
use domain::{Outcome, Record};
use formation::bilan;
use formation::qcm::{self, Score};
use formation::{parcours, scenario, Scenario};
use std::rc::Rc;
use yew::prelude::*;
use yew_router::prelude::*;

/// The running scenario's progression (the evaluation pages need one).
fn en_cours(app: &AppContext) -> Option<(&'static Scenario, Rc<Progression>)> {
    parcours::en_cours(&app.sandbox())
}

fn sans_session(route: Route, help: Html) -> Html {
    page(
        route,
        help,
        None,
        html! {
        <>
                    {el("p", "alerte", "alert", "Aucune session de formation n'est en cours dans ce navigateur : ouvrez le lien de session (ou d'un scénario) donné par le formateur.")}
                    {el("p", "", "", link(Route::Scenarios, "Voir les scénarios de formation", ""))}
                </>
        },
    )
}

/// One element around a text (`p`, `li`, `h2`…), its class and role left out when empty: one
/// function instead of the same markup expanded at every call site of the evaluation pages and
/// the class report.
pub(crate) fn el(
    tag: &'static str,
    classe: &'static str,
    role: &'static str,
    contenu: impl Into<Html>,
) -> Html {
    element(tag, classe, role, contenu.into())
}

#[inline(never)]
fn element(tag: &'static str, classe: &'static str, role: &'static str, contenu: Html) -> Html {
    html! {
        <@{tag} class={(!classe.is_empty()).then_some(classe)} role={(!role.is_empty()).then_some(role)}>{contenu}</@>
    }
}

/// The page frame: one `Page` built here for every page of this file.
fn page(route: Route, help: Html, title: Option<AttrValue>, corps: Html) -> Html {
    html! { <Page {route} {help} {title}>{corps}</Page> }
}

/// Paragraphs of static text (the pages' help).
pub(crate) fn aide(textes: &'static [&'static str]) -> Html {
    html! { <>{ for textes.iter().map(|t| el("p", "", "", *t)) }</> }
}

/// Paragraphs of computed text (the documents).
fn paras(textes: Vec<String>) -> Html {
    html! { <>{ for textes.into_iter().map(|t| el("p", "", "", t)) }</> }
}

/// One table renderer for every table of the evaluation and of the class report: the first cell
/// of a row is its header; `classes` gives each column's class ("" for none); a header's title
/// (its tooltip) is left out when empty.
pub(crate) struct Tableau {
    pub id: Option<&'static str>,
    pub legende: String,
    pub entetes: Vec<(String, String)>,
    pub classes: Vec<&'static str>,
    pub lignes: Vec<Vec<String>>,
}

pub(crate) fn tableau(t: Tableau) -> Html {
    let classe = |i: usize| t.classes.get(i).filter(|c| !c.is_empty()).copied();
    html! {
        <table class="tableau" id={t.id}>
            <caption>{t.legende.clone()}</caption>
            <thead><tr>{ for t.entetes.iter().map(|(e, titre)| html! {
                <th scope="col" title={(!titre.is_empty()).then(|| titre.clone())}>{e.clone()}</th>
            }) }</tr></thead>
            <tbody>{ for t.lignes.iter().map(|l| html! {
                <tr>{ for l.iter().enumerate().map(|(i, c)| if i == 0 {
                    html! { <th scope="row">{c.clone()}</th> }
                } else {
                    html! { <td class={classe(i)}>{c.clone()}</td> }
                }) }</tr>
            }) }</tbody>
        </table>
    }
}

/// Column headers without tooltips.
pub(crate) fn entetes(noms: &[&'static str]) -> Vec<(String, String)> {
    noms.iter()
        .map(|n| (n.to_string(), String::new()))
        .collect()
}

fn jours(s: &Session) -> String {
    match (s.du, s.au) {
        (Some(d), Some(a)) if d != a => format!("du {} au {}", day_fr(d), day_fr(a)),
        (Some(d), _) => format!("le {}", day_fr(d)),
        _ => "—".to_string(),
    }
}

/// What a session is, as its link and « Mes résultats » present it.
fn presentation_session(s: &Session) -> Html {
    let lignes = [
        ("Formation", s.titre.clone()),
        ("Dates", jours(s)),
        ("Durée", format!("{} h", bilan::heures_fr(s.duree_minutes))),
        ("Organisme de formation", s.organisme.clone()),
        (
            "Scénarios",
            s.scenarios
                .iter()
                .filter_map(|id| scenario(id))
                .map(|sc| sc.titre)
                .collect::<Vec<_>>()
                .join(" ; "),
        ),
        (
            "Test de positionnement",
            format!("{} questions, avant et après", s.questions),
        ),
    ];
    html! {
        <dl class="references">
            { for lignes.into_iter().map(|(t, d)| html! { <><dt>{t}</dt><dd>{d}</dd></> }) }
        </dl>
    }
}

#[derive(Properties, PartialEq)]
pub struct EvaluationProps {
    pub route: Route,
}

/// The states of the trainee's evaluation pages: one component for the three of them (each
/// component type costs its own generated code); each page uses its own states, and the pages
/// are keyed by their address so that none inherits another's.
struct Etats {
    app: AppContext,
    navigator: Option<Navigator>,
    query: String,
    nom: UseStateHandle<String>,
    erreur_nom: UseStateHandle<Option<String>>,
    erreur: UseStateHandle<Option<String>>,
    debut: UseStateHandle<domain::Timestamp>,
    reponses: UseStateHandle<Vec<u8>>,
    fini: UseStateHandle<Option<Passation>>,
    repasser: UseStateHandle<bool>,
    exporte: UseStateHandle<Option<Result<String, String>>>,
}

/// `#/session?…`, `#/positionnement/avant|apres` and `#/mes-resultats`.
#[component]
pub fn Evaluation(props: &EvaluationProps) -> Html {
    let query = use_location()
        .map(|l| l.query_str().to_string())
        .unwrap_or_default();
    let e = Etats {
        app: use_app(),
        navigator: use_navigator(),
        nom: use_state(|| parcours::stagiaire_du_lien(&query)),
        query,
        erreur_nom: use_state(|| None),
        erreur: use_state(|| None),
        debut: use_state(dom::real_now),
        reponses: use_state(Vec::new),
        fini: use_state(|| None),
        // « Repasser le test »: the stored test « après » no longer shown instead of the form.
        repasser: use_state(|| false),
        exporte: use_state(|| None),
    };
    match &props.route {
        Route::Session => ouvrir_session(e),
        Route::Positionnement { moment } => positionnement(e, moment == "apres"),
        _ => mes_resultats(e),
    }
}

/// `#/session?…`: the trainer's link. The trainee gives a name and starts: the first scenario's
/// seed and a progression carrying the session, then the test « avant ».
fn ouvrir_session(e: Etats) -> Html {
    let Etats {
        app,
        navigator,
        query,
        nom,
        erreur_nom,
        erreur,
        ..
    } = e;
    let route = Route::Session;
    let help = aide(&["Ce lien vient du formateur : il prépare le bac à sable pour la journée. Vous commencez par un court test de positionnement (sans correction), puis les exercices ; en fin de journée, le même test montre vos progrès, et vous exportez vos résultats pour le formateur."]);
    let session = match bilan::session_du_lien(&query) {
        Ok(s) => s,
        Err(m) => {
            return page(
                route,
                help,
                None,
                html! {
                <>
                                    {el("p", "alerte", "alert", m)}
                                </>
                },
            )
        }
    };
    let sb = app.sandbox();
    let meme = sb
        .progression
        .as_ref()
        .is_some_and(|p| p.session.as_ref() == Some(&session));
    let vide = sb
        .records()
        .iter()
        .all(|r| matches!(r, Record::Formateur(_)));
    let commencer = {
        let (app, nom, erreur_nom, erreur, navigator, session) = (
            app.clone(),
            nom.clone(),
            erreur_nom.clone(),
            erreur.clone(),
            navigator.clone(),
            session.clone(),
        );
        Callback::from(move |_: ()| {
            let n = parcours::nom_stagiaire(&nom);
            if n.is_empty() {
                erreur_nom.set(Some(
                    "Indiquez vos prénom et nom : ils figureront sur votre attestation.".into(),
                ));
                dom::focus("session-stagiaire");
                return;
            }
            erreur_nom.set(None);
            let debut = app.backend.borrow().real_now();
            let r = bilan::demarrer_session(&session, &n, debut)
                .map_err(|e| e.to_string())
                .and_then(|(records, compte)| {
                    app.remplacer_par_scenario(records)
                        .map_err(|e| e.to_string())?;
                    match compte {
                        Some(c) => app.login(c),
                        None => app.logout(),
                    }
                    Ok(())
                });
            match r {
                Ok(()) => {
                    if let Some(nav) = &navigator {
                        nav.push(&Route::Positionnement {
                            moment: "avant".into(),
                        });
                    }
                }
                Err(m) => erreur.set(Some(m)),
            }
        })
    };
    let action = if meme {
        html! {
            <>
                {el("p", "", "status", "Cette session est déjà en cours dans ce navigateur : vos résultats sont conservés.")}
                <p class="actions">
                    {link(Route::Positionnement { moment: "avant".into() }, "Test de positionnement « avant »", "bouton")}
                    {link(Route::Accueil, "Continuer les exercices", "bouton bouton-secondaire")}
                    {link(Route::Resultats, "Mes résultats", "bouton bouton-secondaire")}
                </p>
            </>
        }
    } else if vide {
        html! { <p><button type="button" class="bouton" onclick={commencer.reform(|_: MouseEvent| ())}>{"Commencer la session"}</button></p> }
    } else {
        html! {
            <>
                {el("p", "alerte", "alert", "Ce bac à sable contient déjà des données : commencer la session les remplacera toutes.")}
                <ConfirmButton id="commencer-session" label="Remplacer mes données et commencer"
                    question="Remplacer toutes les données de ce bac à sable par celles de la session ?"
                    confirm_label="Remplacer et commencer" on_confirm={commencer} danger=true />
            </>
        }
    };
    page(
        route,
        help,
        Some(AttrValue::from(format!("Session : {}", session.titre))),
        html! {
        <>
                    {presentation_session(&session)}
                    if !meme {
                        <TextField id="session-stagiaire" label="Vos prénom et nom" value={(*nom).clone()} required=true
                            autocomplete={Some(AttrValue::Static("name"))}
                            oninput={ let nom = nom.clone(); Callback::from(move |v: String| nom.set(v)) }
                            error={(*erreur_nom).clone()} />
                    }
                    {action}
                    if let Some(m) = &*erreur { {el("p", "alerte", "alert", m.clone())} }
                </>
        },
    )
}

fn choix_label(q: &qcm::Question, c: u8) -> &'static str {
    match q.options.get(usize::from(c)) {
        Some((t, _)) => t,
        None if c == NE_SAIT_PAS => "Je ne sais pas",
        None => "(sans réponse)",
    }
}

/// A test's score in words: « 12 / 18 — 2 « Je ne sais pas », 1 sans réponse ».
fn score_fr(s: &Score) -> String {
    let mut t = format!("{} bonnes réponses sur {}", s.justes, s.max);
    if s.ne_sait_pas > 0 {
        t.push_str(&format!(" ; « Je ne sais pas » : {}", s.ne_sait_pas));
    }
    if s.sans_reponse > 0 {
        t.push_str(&format!(" ; sans réponse : {}", s.sans_reponse));
    }
    t
}

/// The feedback of a test « après »: each question, the answer given, the right one, why.
fn corrections(t: &Passation) -> Html {
    html! {
        <ol class="corrections">
            { for t.reponses.iter().filter_map(|(id, c)| qcm::question(id).map(|q| (q, *c))).map(|(q, c)| {
                let juste = c == q.bonne;
                html! {
                    <li class={if juste { "correction-juste" } else { "correction-fausse" }}>
                        <p><strong>{q.enonce}</strong></p>
                        {el("p", "", "", format!("Votre réponse : {} — {}", choix_label(q, c), if juste { "juste" } else { "à revoir" }))}
                        if !juste { {el("p", "", "", format!("Bonne réponse : {}", q.bonne_option()))} }
                        {el("p", "retour", "", q.retour(c))}
                        {el("p", "mention", "", format!("Objectif : {} · Source : fiche des faits Chorus Pro, {}", q.objectif.label(), q.source))}
                    </li>
                }
            }) }
        </ol>
    }
}

/// `#/positionnement/avant|apres`: the same items before and after, one `fieldset` of radio
/// buttons per question (keyboard: Tab between questions, arrows between options); the time is
/// recorded; no feedback after « avant », feedback per option after « après ».
fn positionnement(e: Etats, apres: bool) -> Html {
    let Etats {
        app,
        debut,
        reponses,
        fini,
        erreur,
        repasser,
        ..
    } = e;
    let moment = if apres { Moment::Apres } else { Moment::Avant };
    let route = Route::Positionnement {
        moment: if apres { "apres" } else { "avant" }.into(),
    };
    let help = aide(&[
        "Le test de positionnement mesure ce que vous savez avant la formation, puis après : les mêmes questions, deux fois. Répondez sans chercher ; « Je ne sais pas » vaut mieux qu'une réponse au hasard (elle compte zéro, à part).",
        "Après le test « avant », aucune correction n'est montrée ; après le test « après », chaque réponse est expliquée. Le temps passé est enregistré.",
    ]);
    let Some((_, p)) = en_cours(&app) else {
        return sans_session(route, help);
    };
    let items = bilan::questions_de(&p);
    let titre = AttrValue::from(format!("Test de positionnement « {} »", moment.label()));
    // The result of this page's submit, or (after) the stored test.
    let termine = (*fini).clone().or_else(|| {
        (moment == Moment::Apres && !*repasser)
            .then(|| qcm::passation(&p.qcm, Moment::Apres).cloned())
            .flatten()
    });
    if let Some(t) = termine {
        let s = qcm::noter(&t.reponses);
        let duree = formation::duree_fr(
            u64::try_from(
                t.fin
                    .timestamp_millis()
                    .saturating_sub(t.debut.timestamp_millis())
                    / 60_000,
            )
            .unwrap_or_default(),
        );
        let refaire = {
            let (fini, reponses, debut, repasser) = (
                fini.clone(),
                reponses.clone(),
                debut.clone(),
                repasser.clone(),
            );
            Callback::from(move |_| {
                repasser.set(true);
                fini.set(None);
                reponses.set(Vec::new());
                debut.set(dom::real_now());
            })
        };
        return page(
            route,
            help,
            Some(titre),
            html! {
            <>
                            <div class="succes" role="status">
                                {el("p", "", "", format!("Test « {} » enregistré le {} (durée : {duree}).", moment.label(), datetime_fr(t.fin)))}
                                if moment == Moment::Avant {
                                    {el("p", "", "", "Vos réponses sont gardées ; la correction vous sera montrée après le test « après », en fin de formation.")}
                                }
                            </div>
                            if moment == Moment::Apres {
                                {el("h2", "", "", "Votre résultat")}
                                <p id="score-apres">{score_fr(&s)}</p>
                                if let Some(av) = qcm::passation(&p.qcm, Moment::Avant) {
                                    {el("p", "", "", format!("Avant la formation : {}. Gain normalisé g : {}.", score_fr(&qcm::noter(&av.reponses)), bilan::gain_fr(qcm::gain(&qcm::noter(&av.reponses), &s))))}
                                }
                                {el("h2", "", "", "Corrections")}
                                {corrections(&t)}
                                <p class="actions">
                                    {link(Route::Resultats, "Mes résultats et attestation", "bouton")}
                                    <button type="button" class="bouton bouton-secondaire" onclick={refaire}>{"Repasser le test"}</button>
                                </p>
                            } else {
                                <p class="actions">
                                    {link(Route::Accueil, "Passer aux exercices", "bouton")}
                                    {link(Route::Comprendre { sujet: "contexte".into() }, "Lire les fiches « Comprendre »", "bouton bouton-secondaire")}
                                </p>
                            }
                        </>
            },
        );
    }
    let choisi = |i: usize| reponses.get(i).copied().unwrap_or(SANS_REPONSE);
    let onsubmit = {
        let (app, reponses, fini, erreur, debut) = (
            app.clone(),
            reponses.clone(),
            fini.clone(),
            erreur.clone(),
            debut.clone(),
        );
        let ids: Vec<&'static str> = items.iter().map(|q| q.id).collect();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let t = Passation {
                moment,
                debut: *debut,
                fin: dom::real_now(),
                reponses: ids
                    .iter()
                    .enumerate()
                    .map(|(i, id)| {
                        (
                            id.to_string(),
                            reponses.get(i).copied().unwrap_or(SANS_REPONSE),
                        )
                    })
                    .collect(),
            };
            let t2 = t.clone();
            let r = app.run(move |sb, _| {
                Ok(match parcours::en_cours(sb) {
                    Some((_, p)) => Outcome::new().put(bilan::enregistrer_test(&p, t2)),
                    None => Outcome::new(),
                })
            });
            match r {
                Ok(()) => {
                    erreur.set(None);
                    fini.set(Some(t));
                    dom::scroll_to_top();
                }
                Err(e) => erreur.set(Some(e.to_string())),
            }
        })
    };
    let deja = qcm::passation(&p.qcm, moment).is_some();
    page(
        route,
        help,
        Some(titre),
        html! {
        <>
                    {el("p", "", "", format!("{} questions, environ 10 minutes. Commencé le {} ; le temps passé est enregistré.", items.len(), datetime_fr(*debut)))}
                    if deja { {el("p", "alerte", "status", "Vous avez déjà passé ce test : le terminer à nouveau remplacera le résultat précédent.")} }
                    if moment == Moment::Apres && qcm::passation(&p.qcm, Moment::Avant).is_none() {
                        {el("p", "alerte", "status", "Vous n'avez pas passé le test « avant » : votre progression (gain) ne pourra pas être calculée.")}
                    }
                    <form class="qcm" {onsubmit}>
                        { for items.iter().enumerate().map(|(i, q)| {
                            let nom = format!("q{}", i + 1);
                            let option = |c: u8, texte: &'static str| {
                                let id = format!("{nom}-{c}");
                                let onchange = {
                                    let reponses = reponses.clone();
                                    let n = items.len();
                                    Callback::from(move |_: Event| {
                                        let mut v = (*reponses).clone();
                                        v.resize(n, SANS_REPONSE);
                                        if let Some(x) = v.get_mut(i) { *x = c; }
                                        reponses.set(v);
                                    })
                                };
                                html! {
                                    <div class="champ-case">
                                        <input type="radio" id={id.clone()} name={nom.clone()} checked={choisi(i) == c} {onchange} />
                                        <label for={id}>{texte}</label>
                                    </div>
                                }
                            };
                            html! {
                                <fieldset class="bloc question">
                                    <legend>{format!("{}. {}", i + 1, q.enonce)}</legend>
                                    { for q.options.iter().enumerate().map(|(c, (t, _))| option(u8::try_from(c).unwrap_or_default(), t)) }
                                    {option(NE_SAIT_PAS, "Je ne sais pas")}
                                </fieldset>
                            }
                        }) }
                        if let Some(m) = &*erreur { {el("p", "alerte", "alert", m.clone())} }
                        <p><button type="submit" class="bouton">{"Terminer le test"}</button></p>
                    </form>
                </>
        },
    )
}

/// The steps of the running scenario, as the report shows them.
fn tableau_etapes(sc: &Scenario, p: &Progression) -> Html {
    let r = bilan::rapport(&[(String::new(), bilan::fichier_resultats(p, p.debut))]);
    let Some(l) = r.lignes.first() else {
        return html! {};
    };
    tableau(Tableau {
        id: None,
        legende: format!("Exercices — {}", sc.titre),
        entetes: entetes(&["Étape", "Résultat"]),
        classes: Vec::new(),
        lignes: sc
            .etapes()
            .zip(l.etapes.iter())
            .map(|((_, e), (res, min))| vec![e.titre.to_string(), bilan::cellule_etape(*res, *min)])
            .collect(),
    })
}

/// The evaluation's results in a few lines (the attestation prints them).
fn resultats_qcm(p: &Progression) -> Html {
    let av = qcm::passation(&p.qcm, Moment::Avant).map(|t| qcm::noter(&t.reponses));
    let ap = qcm::passation(&p.qcm, Moment::Apres).map(|t| qcm::noter(&t.reponses));
    let g = match (&av, &ap) {
        (Some(a), Some(b)) => Some(bilan::gain_fr(qcm::gain(a, b))),
        _ => None,
    };
    let objectifs = qcm::passation(&p.qcm, Moment::Apres)
        .or_else(|| qcm::passation(&p.qcm, Moment::Avant))
        .map(|t| qcm::par_objectif(&t.reponses))
        .unwrap_or_default();
    html! {
        <>
            <ul class="resultats-qcm">
                {el("li", "", "", format!("Test de positionnement avant : {}", av.map(|s| score_fr(&s)).unwrap_or_else(|| "non passé".into())))}
                {el("li", "", "", format!("Test de positionnement après : {}", ap.map(|s| score_fr(&s)).unwrap_or_else(|| "non passé".into())))}
                if let Some(g) = g { {el("li", "", "", format!("Gain normalisé g = (après − avant) / (maximum − avant) : {g}"))} }
            </ul>
            if !objectifs.is_empty() {
                {tableau(Tableau {
                    id: None,
                    legende: "Résultats par objectif (dernier test passé)".into(),
                    entetes: entetes(&["Objectif", "Bonnes réponses"]),
                    classes: vec!["", "nombre"],
                    lignes: objectifs.iter().map(|(o, s)| vec![o.label().to_string(), s.texte()]).collect(),
                })}
            }
        </>
    }
}

/// `#/mes-resultats`: what the trainee did, the results file (one click), the documents.
fn mes_resultats(e: Etats) -> Html {
    let Etats { app, exporte, .. } = e;
    let route = Route::Resultats;
    let help = aide(&["Vos résultats de formation : les exercices faits et les tests de positionnement. « Exporter mes résultats » enregistre un petit fichier que vous remettez au formateur (clé USB, messagerie) : il l'ajoute au bilan de la classe. Vous pouvez l'exporter à tout moment ; le dernier fichier remis compte."]);
    let Some((sc, p)) = en_cours(&app) else {
        return sans_session(route, help);
    };
    let exporter = {
        let (app, exporte, p) = (app.clone(), exporte.clone(), p.clone());
        Callback::from(move |_| {
            let now = app.backend.borrow().real_now();
            let nom = bilan::nom_fichier_resultats(&p, now);
            let texte = bilan::fichier_resultats(&p, now);
            exporte.set(Some(
                dom::download(&nom, "application/json", &texte).map(|_| nom),
            ));
        })
    };
    page(
        route,
        help,
        None,
        html! {
        <>
                    if !p.stagiaire.is_empty() { {el("p", "", "", format!("Stagiaire : {}", p.stagiaire))} }
                    if let Some(s) = &p.session { {presentation_session(s)} }
                    <p class="actions">
                        <button type="button" class="bouton" id="exporter-resultats" onclick={exporter}>{"Exporter mes résultats"}</button>
                        {link(Route::Attestation, "Attestation de fin de formation", "bouton bouton-secondaire")}
                        {link(Route::Certificat, "Certificat de réalisation", "bouton bouton-secondaire")}
                    </p>
                    if let Some(r) = &*exporte {
                        {el("p", "", "status", match r { Ok(n) => format!("Résultats exportés dans « {n} » : remettez ce fichier au formateur."), Err(e) => e.clone() })}
                    }
                    {el("h2", "", "", "Tests de positionnement")}
                    {resultats_qcm(&p)}
                    <p class="actions">
                        {link(Route::Positionnement { moment: "avant".into() }, "Test « avant »", "")}
                        {" · "}
                        {link(Route::Positionnement { moment: "apres".into() }, "Test « après »", "")}
                    </p>
                    {el("h2", "", "", "Exercices")}
                    {tableau_etapes(sc, &p)}
                    {el("p", "mention", "", format!("Empreinte SHA-256 des résultats : {}", bilan::empreinte(&p)))}
                </>
        },
    )
}

/// A value or a line to complete by hand.
fn ou_ligne(v: &str) -> String {
    if v.trim().is_empty() {
        "………………………………".to_string()
    } else {
        v.to_string()
    }
}

/// The shared frame of the two printable documents.
fn document_a4(
    app: &AppContext,
    route: Route,
    help: Html,
    corps: fn(&'static Scenario, &Progression, &Session) -> Html,
) -> Html {
    let Some((sc, p)) = en_cours(app) else {
        return sans_session(route, help);
    };
    let s = p.session.clone().unwrap_or_default();
    let print = Callback::from(|_| dom::print());
    page(
        route,
        help,
        None,
        html! {
        <>
                    <p class="actions sans-impression">
                        <button type="button" class="bouton" onclick={print}>{"Imprimer ou enregistrer en PDF"}</button>
                        {link(Route::Resultats, "Mes résultats", "bouton bouton-secondaire")}
                    </p>
                    if p.session.is_none() {
                        {el("p", "alerte sans-impression", "status", "Aucune session n'accompagne ce scénario : les champs de l'organisme de formation sont à compléter à la main.")}
                    }
                    <article class="document-a4">
                        {corps(sc, &p, &s)}
                        {el("p", "mention", "", "Document établi et délivré par l'organisme de formation nommé ci-dessus. Il n'est délivré ni par l'État, ni par Chorus Pro (AIFE) : le bac à sable est un outil de formation, sans lien avec le portail officiel.")}
                        {el("p", "mention", "", format!("Empreinte SHA-256 des résultats : {} — elle est identique à celle du fichier de résultats exporté dans le même état.", bilan::empreinte(&p)))}
                    </article>
                </>
        },
    )
}

/// The objectives of the session's scenarios (or of the running one).
fn objectifs(sc: &'static Scenario, s: &Session) -> Vec<&'static str> {
    let mut liste: Vec<&'static Scenario> =
        s.scenarios.iter().filter_map(|id| scenario(id)).collect();
    if liste.is_empty() {
        liste.push(sc);
    }
    liste
        .iter()
        .flat_map(|sc| sc.objectifs.iter().copied())
        .collect()
}

/// `#/attestation`: the attestation de fin de formation (Code du travail, L6353-1): objectives,
/// nature, duration and the results of the evaluation.
pub fn attestation(app: &AppContext) -> Html {
    let help = aide(&["L'attestation de fin de formation (Code du travail, article L6353-1) indique les objectifs, la nature et la durée de l'action et les résultats de l'évaluation des acquis. Elle est remise par l'organisme de formation ; l'impression tient sur une page A4."]);
    document_a4(app, Route::Attestation, help, |sc, p, s| {
        html! {
            <>
                {paras(vec![
                    format!("L'organisme de formation {} atteste que {} a suivi la formation « {} », {} ({} h).", ou_ligne(&s.organisme), ou_ligne(&p.stagiaire), ou_ligne(&s.titre), jours(s), bilan::heures_fr(s.duree_minutes)),
                    "Nature de l'action : action de formation.".into(),
                ])}
                {el("h2", "", "", "Objectifs")}
                <ul class="objectifs">{ for objectifs(sc, s).into_iter().map(|o| html! { {el("li", "", "", o)} }) }</ul>
                {el("h2", "", "", "Résultats de l'évaluation des acquis")}
                {resultats_qcm(p)}
                {paras(vec![
                    format!("Exercices pratiques (scénario « {} ») : {} sur {}.", sc.titre, p.etapes.iter().filter(|e| e.faite).count(), sc.nombre_etapes()),
                    fait_a(s),
                    format!("Pour l'organisme : {}", ou_ligne(&s.representant)),
                ])}
            </>
        }
    })
}

/// « Fait à …, le … ».
fn fait_a(s: &Session) -> String {
    format!(
        "Fait à {}, le {}.",
        ou_ligne(&s.lieu),
        date_fr(dom::real_now())
    )
}

/// `#/certificat-de-realisation`: the fields of the Ministry of Labour's model, pre-filled; the
/// training body completes, stamps and signs.
pub fn certificat(app: &AppContext) -> Html {
    let help = aide(&["Le certificat de réalisation reprend les rubriques du modèle du ministère du Travail demandé par les financeurs (OPCO…). Les champs de l'organisme viennent des réglages de la session ; l'employeur et la durée réellement suivie se complètent à la main si besoin, puis l'organisme appose cachet et signature."]);
    document_a4(app, Route::Certificat, help, |_, p, s| {
        const NATURES: [(bool, &str); 4] = [
            (true, "action de formation"),
            (false, "bilan de compétences"),
            (false, "action de VAE"),
            (false, "action de formation par apprentissage"),
        ];
        html! {
            <>
                {paras(vec![
                    format!("Je soussigné(e) {}, représentant légal du dispensateur de l'action concourant au développement des compétences {},", ou_ligne(&s.representant), ou_ligne(&s.organisme)),
                    format!("atteste que {},", ou_ligne(&p.stagiaire)),
                    "salarié(e) de l'entreprise ………………………………".into(),
                    format!("a suivi l'action « {} »", ou_ligne(&s.titre)),
                    "Nature de l'action concourant au développement des compétences :".into(),
                ])}
                <ul class="cases">
                    { for NATURES.iter().map(|(x, t)| html! { {el("li", "", "", format!("{} {t}", if *x { "☒" } else { "☐" }))} }) }
                </ul>
                {paras(vec![
                    match (s.du, s.au) {
                        (Some(d), Some(a)) => format!("qui s'est déroulée du {} au {},", day_fr(d), day_fr(a)),
                        _ => "qui s'est déroulée du ……… au ………,".to_string(),
                    },
                    format!("pour une durée de {} heures.", if s.duree_minutes > 0 { bilan::heures_fr(s.duree_minutes) } else { "………".into() }),
                    "Le dispensateur de l'action conserve les pièces justificatives qui ont permis d'établir le présent certificat pendant 3 ans (plus longtemps en cas de cofinancement européen).".into(),
                    fait_a(s),
                ])}
                {el("p", "signature", "", format!("Cachet et signature du responsable du dispensateur : {}", ou_ligne(&s.representant)))}
            </>
        }
    })
}
